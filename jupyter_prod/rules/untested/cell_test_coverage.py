"""How many lines of a logic cell's functions the tests ran (measured; `--execute` only).

## What it does
With `check --execute`, the notebook runs in a fresh kernel with line coverage recorded while
its tests run (its test cells, and the testbook tests that reference it). Each logic cell
whose functions a test ran gets this note: how many of their lines ran, and which did not.
Cells whose functions no test ran are reported by `untested-cell` instead.

## Why is this bad?
It is not: it is information for the panel, which shows it beside the cell. A branch that no
test runs is where the next bug hides.

## Example
```text
tests ran 7 of 9 lines of this cell's functions (not run: lines 6, 8)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import UNTESTED, rule


@rule("UT003", "cell-test-coverage", UNTESTED, "info")
def cell_test_coverage(facts: NotebookFacts) -> Iterator[Finding]:
    measured = facts.test_map.execution
    if measured is None or not measured.completed:
        return
    for index, functions in sorted(measured.coverage.items()):
        if any(f.lines and not f.run for f in functions):
            continue  # untested-cell reports it
        lines = sum(len(f.lines) for f in functions)
        run = sum(len(f.run) for f in functions)
        missed = sorted(line for f in functions for line in f.missed)
        message = f"tests ran {run} of {lines} lines of this cell's functions"
        if missed:
            shown = ", ".join(str(line) for line in missed[:8]) + (", …" if len(missed) > 8 else "")
            message += f" (not run: line{'s' if len(missed) > 1 else ''} {shown})"
        line = missed[0] if missed else functions[0].line
        yield cell_test_coverage.on_cell(facts.cells[index], message, line=line)
