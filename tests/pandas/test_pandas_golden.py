"""Golden files, one per pandas rule: each marked line gets its finding, no other line does."""

from __future__ import annotations

import pytest
from pandas_notebooks import GOLDEN, expected_in, findings, golden_cells, notebook

FILES = sorted(p.name for p in GOLDEN.glob("*.py"))


def test_there_is_a_golden_file_per_rule() -> None:
    from jupyter_prod.rules.registry import ALL_RULES

    codes = {r.code for r in ALL_RULES if r.category == "pandas"}
    marked = {e[0] for name in FILES for e in expected_in(golden_cells(name))}
    assert codes <= marked, f"rules without a golden case: {sorted(codes - marked)}"


@pytest.mark.parametrize("name", FILES)
def test_golden(name: str) -> None:
    cells = golden_cells(name)
    rules = {e[0] for e in expected_in(cells)}
    select = tuple(sorted(rules | {"pandas"}))
    got = findings(notebook(*cells), select)
    expected = expected_in(cells)
    actual = sorted(
        (f.rule, f.cell, f.line) for f in got if f.rule in rules or f.category == "pandas"
    )
    assert actual == sorted(e[:3] for e in expected), _explain(got)
    by_place = {(f.rule, f.cell, f.line): f.severity for f in got}
    for rule, cell, line, severity in expected:
        if severity is not None:
            assert by_place[(rule, cell, line)] == severity, (rule, cell, line)


def _explain(got: list) -> str:
    return "\n".join(f"{f.rule} cell {f.cell} line {f.line}: {f.message}" for f in got)
