"""Notebooks for the pandas-rule tests: built from cells, or read from golden files.

A golden file is Python with `# %%` lines between cells (the percent format); a line that must
get a finding ends with `# [PD001]` (several: `# [PD001, PD007]`; with a severity:
`# [PD004:info]`). Every other line must stay silent: that is where the look-alikes live.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jupyter_prod import api
from jupyter_prod.findings.finding import Finding

GOLDEN = Path(__file__).resolve().parent / "golden"
MARKER = re.compile(r"#\s*\[((?:PD|HS)\d{3}(?::\w+)?(?:\s*,\s*(?:PD|HS)\d{3}(?::\w+)?)*)\]\s*$")
Expected = tuple[str, int, int, str | None]  # rule, 0-based cell, line, severity (None: any)


def notebook(*cells: str, executed: bool = True) -> dict[str, Any]:
    """Code cells run in document order (In[1], In[2], ...), or never run."""
    built = [
        {
            "cell_type": "code",
            "execution_count": index + 1 if executed else None,
            "id": f"c{index}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(cells)
    ]
    return {
        "cells": built,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },  # fmt: skip
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def findings(nb: dict[str, Any], select: tuple[str, ...] = ("pandas",)) -> list[Finding]:
    report = api.check_document(nb, "test.ipynb", api.CheckOptions(select=select))
    assert report.error is None, report.error
    return list(report.findings)


def located(
    nb: dict[str, Any], select: tuple[str, ...] = ("pandas",)
) -> list[tuple[str, int, int]]:
    return [(f.rule, f.cell, f.line) for f in findings(nb, select) if f.cell is not None and f.line]


def golden_cells(name: str) -> list[str]:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    cells, current = [], []
    for line in text.splitlines():
        if line.startswith("# %%"):
            if current:
                cells.append("\n".join(current).strip("\n"))
            current = []
        else:
            current.append(line)
    if current:
        cells.append("\n".join(current).strip("\n"))
    return [c for c in cells if c.strip()]


def expected_in(cells: list[str]) -> list[Expected]:
    found: list[Expected] = []
    for index, cell in enumerate(cells):
        for number, line in enumerate(cell.splitlines(), start=1):
            match = MARKER.search(line)
            if not match:
                continue
            for item in match.group(1).split(","):
                rule, _, severity = item.strip().partition(":")
                found.append((rule, index, number, severity or None))
    return sorted(found)
