"""Build small notebooks in one line, write them to disk, and read back what a user sees.

    nb = notebook("import os", ("md", "# Title"), "print(missing)")
    assert findings_of(nb) == [("HS004", 2, 1)]

A bare string is a code cell; when `executed`, non-blank ones get execution counts 1, 2, 3...
in document order (as "Run all" gives them). `code(src, count, tags)` sets a count (None:
never ran) and tags explicitly; `("md", text)` and `("raw", text)` are other cells; a dict is
taken as a raw nbformat cell (for schema quirks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jupyter_prod import api
from jupyter_prod.findings.finding import Finding
from jupyter_prod.findings.report import NotebookReport

REPO_ROOT = Path(__file__).resolve().parents[1]
# The rule families these tests cover; the hand-off family has its own tests, and its
# notebook-wide findings must not leak into the exact expectations here.
FOUNDATION = ("hidden-state", "notebook")
FOUNDATION_ARGS = ("--select", ",".join(FOUNDATION))

CellSpec = str | tuple[str, str] | dict[str, Any]
Located = tuple[str, int | None, int | None]  # (rule, 0-based cell, line)


def code(
    source: str | list[str], count: int | None = None, tags: Sequence[str] = ()
) -> dict[str, Any]:
    """A code cell with an explicit execution count (None: never ran) and cell tags."""
    metadata: dict[str, Any] = {"tags": list(tags)} if tags else {}
    return {"cell_type": "code", "execution_count": count, "metadata": metadata,
            "outputs": [], "source": source}  # fmt: skip


def notebook(
    *cells: CellSpec,
    kernel: str = "python3",
    language: str = "python",
    executed: bool = True,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An nbformat 4.5 notebook (schema-valid unless a raw dict cell says otherwise)."""
    built: list[dict[str, Any]] = []
    count = 0
    for index, spec in enumerate(cells):
        if isinstance(spec, str):
            ran = executed and bool(spec.strip())
            count += 1 if ran else 0
            cell = code(spec, count if ran else None)
        elif isinstance(spec, tuple):
            kind, text = spec
            cell = {
                "cell_type": "markdown" if kind == "md" else kind,
                "metadata": {},
                "source": text,
            }
        else:
            cell = dict(spec)
        cell.setdefault("id", f"cell-{index}")
        built.append(cell)
    meta: dict[str, Any] = {
        "kernelspec": {"name": kernel, "display_name": kernel, "language": language},
        "language_info": {"name": language},
    }
    meta.update(metadata or {})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": built}


def foundation_options(**options: Any) -> api.CheckOptions:
    return api.CheckOptions(select=FOUNDATION, **options)


def report_of(
    nb: dict[str, Any], select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> NotebookReport:
    """The report of `api.check_document` (hidden-state and notebook rules unless `select`);
    fails the test if the notebook was not analysed."""
    options = api.CheckOptions(select=select or FOUNDATION, ignore=ignore)
    report = api.check_document(nb, "test.ipynb", options)
    assert report.error is None, f"not analysed: {report.error}"
    return report


def findings_of(nb: dict[str, Any], select: Sequence[str] | None = None) -> list[Located]:
    """(rule, 0-based cell, line) of every finding, in report order."""
    return [(f.rule, f.cell, f.line) for f in report_of(nb, select).findings]


def only(nb: dict[str, Any], rule: str) -> list[Finding]:
    """The findings of one rule, with everything (message, severity, column) to assert on."""
    return [f for f in report_of(nb, [rule]).findings if f.rule == rule]


def write_notebook(folder: Path, name: str, nb: dict[str, Any] | bytes | str) -> Path:
    """Write `nb` (a notebook dict, or raw bytes/text for broken files) under `folder`."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, bytes):
        path.write_bytes(nb)
    elif isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_cli_process(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m jupyter_prod.cli.main ARGS` in a fresh interpreter, from the source tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.pop("JUPYTER_PROD_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "jupyter_prod.cli.main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
