"""A cell defines a function or a class that no test reaches.

## What it does
Maps the notebook's tests to the functions they exercise and reports each cell that defines a
function or a class no test reaches. Tests are `assert` statements, `pd.testing`/`np.testing`
assertions, `with pytest.raises(...)`, `def test_*` functions (ipytest style, `%%ipytest`
cells included), docstring examples once `doctest.testmod()` or `--doctest-modules` runs them,
testbook tests in the project's `tests/` folders that reference the notebook (`tb.ref("f")`,
`tb.inject(...)`) and tests that import the module the notebook is exported to with nbdev
(`#| default_exp`).
Reach follows calls: a helper called by a tested function is exercised too. A cell that holds
tests is never reported. With `check --execute` the guess becomes a measurement: the finding
says how many lines of the function a test actually ran (`0 of 12 lines run by a test`).

## Why is this bad?
Code that is about to run in production unattended should have at least one check that it
does what the notebook's author believes. In a notebook whose tests exercise none of its
functions this is reported as `info`.

## Example
```python
def despike(signal, k=5.0):      # no assert, no test_* function calls despike
    ...
```

## Use instead
```python
def test_despike_replaces_outliers():
    assert despike([1, 1, 100, 1]).tolist() == [1, 1, 1, 1]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.cell_scan import FunctionInfo
from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.measured import FunctionCoverage, Measured
from ...analysis.test_map import NotebookTest
from ...findings.finding import Finding
from ..base import UNTESTED, rule
from ..words import code


@rule("UT001", "untested-cell", UNTESTED, "warning")
def untested_cell(facts: NotebookFacts) -> Iterator[Finding]:
    tests = facts.test_map
    severity = None if tests.tests_functions else "info"
    measured: Measured | None = tests.execution
    for index, functions in tests.logic_cells.items():
        cell = facts.cells[index]
        coverage = measured.coverage.get(index) if measured and measured.completed else None
        if coverage is not None:
            finding = _measured(cell, coverage, severity)
        else:
            finding = _static(cell, tests.unreached(index), functions, tests.tests, severity)
        if finding is not None:
            yield finding


def _static(cell: CellFacts, unreached: list[FunctionInfo], functions: list[FunctionInfo],
            tests: list[NotebookTest], severity: str | None) -> Finding | None:  # fmt: skip
    if not unreached:
        return None
    names = ", ".join(code(f.name) for f in unreached)
    tested = [f for f in functions if f not in unreached]
    also = ""
    if tested:
        verb = "is" if len(tested) == 1 else "are"
        also = f" ({', '.join(code(f.name) for f in tested)}, also defined here, {verb} tested)"
    why = "" if tests else "; the notebook has no tests"
    message = f"no test reaches {names}{also}{why}"
    return untested_cell.on_cell(cell, message, line=unreached[0].site.line, severity=severity)


def _measured(cell: CellFacts, coverage: list[FunctionCoverage],
              severity: str | None) -> Finding | None:  # fmt: skip
    untested = [f for f in coverage if f.lines and not f.run]
    if not untested:
        return None
    parts = [
        f"{code(f.name)}: {len(f.run)} of {len(f.lines)} lines run by a test" for f in untested
    ]
    return untested_cell.on_cell(cell, "; ".join(parts), line=untested[0].line, severity=severity)
