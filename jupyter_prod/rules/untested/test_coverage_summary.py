"""How many of the notebook's logic cells a test reaches (a notebook-level summary).

## What it does
Counts the logic cells (code cells that define a function or a class and hold no test) and
those whose every function a test reaches, and reports "N of M logic cells reached by a test"
on the notebook as a whole. With `check --execute` it adds the lines the tests actually ran,
and says what could not be measured (testbook not installed, tests that did not finish).

## Why is this bad?
It is not: it is the number to watch, in the panel and in CI, as tests are added before the
notebook is handed over. It is `info` and never fails a check on its own.

## Example
```text
2 of 5 logic cells reached by a test (tests: 4 asserts in cell 9)
```
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import UNTESTED, rule


@rule("UT002", "test-coverage-summary", UNTESTED, "info")
def test_coverage_summary(facts: NotebookFacts) -> Iterator[Finding]:
    tests = facts.test_map
    total = len(tests.logic_cells)
    if not total:
        return
    message = f"{len(tests.reached_cells)} of {total} logic cells reached by a test"
    kinds = Counter(t.kind for t in tests.tests)
    if kinds:
        described = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(kinds.items()))
        message += f" (tests: {described})"
    else:
        message += " (the notebook has no tests)"
    measured = tests.execution
    if measured is not None and measured.completed and measured.coverage:
        functions = [f for cell in measured.coverage.values() for f in cell]
        run = sum(len(f.run) for f in functions)
        lines = sum(len(f.lines) for f in functions)
        message += f"; measured: {run} of {lines} lines of their functions run by a test"
    if measured is not None and measured.notes:
        message += "; " + "; ".join(measured.notes)
    yield test_coverage_summary.on_notebook(message)


def _plural(kind: str, n: int) -> str:
    words = {"assert": "assert", "testing-call": "testing call", "pytest-raises": "pytest.raises",
             "test-function": "test function", "fixture": "fixture", "testbook": "testbook test",
             "exported-module": "test of the exported module", "doctest": "doctest run"}  # fmt: skip
    word = words.get(kind, kind)
    if n == 1 or word.endswith("raises"):
        return word
    return word.replace("test of", "tests of") if word.startswith("test of") else word + "s"
