"""Realistic notebooks: every Spark blocker named on the right cell, a clean one left alone."""

from __future__ import annotations

import pytest
from pandas_notebooks import findings, notebook
from realistic_notebooks import HOUSE_PRICES, RETAIL_TRANSACTIONS, SPARK_FRIENDLY, Cell

CASES = {"house_prices": HOUSE_PRICES, "retail_transactions": RETAIL_TRANSACTIONS}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_blocker_on_its_cell(name: str) -> None:
    cells: list[Cell] = CASES[name]
    got = findings(notebook(*(source for source, _ in cells)))
    per_cell: dict[int, set[str]] = {}
    for finding in got:
        assert finding.category == "pandas" and finding.cell is not None
        per_cell.setdefault(finding.cell, set()).add(finding.rule)
    expected = {index: rules for index, (_, rules) in enumerate(cells) if rules}
    assert per_cell == expected, "\n".join(f"{f.rule} cell {f.cell}: {f.message}" for f in got)


def test_every_message_names_a_spark_alternative() -> None:
    for cells in CASES.values():
        for finding in findings(notebook(*(source for source, _ in cells))):
            assert ": " in finding.message and len(finding.message) > 60, finding.message


def test_a_spark_friendly_notebook_gets_nothing() -> None:
    got = findings(notebook(*(source for source, _ in SPARK_FRIENDLY)))
    assert got == [], "\n".join(f"{f.rule} cell {f.cell}: {f.message}" for f in got)


def test_the_same_notebook_never_run_is_judged_the_same() -> None:
    sources = [source for source, _ in HOUSE_PRICES]
    ran = sorted((f.rule, f.cell) for f in findings(notebook(*sources)))
    never = sorted((f.rule, f.cell) for f in findings(notebook(*sources, executed=False)))
    assert ran == never
