"""How many lines of a logic cell's functions the tests ran (measured; `--execute` only).

## What it does
With `check --execute`, the notebook runs in a fresh kernel with coverage.py recording lines
and branches while its tests run (its test cells, and the testbook tests that reference it).
Each logic cell whose functions a test ran gets this note: how many of their lines ran, and
which did not; how many of their branches (each way out of an `if`, a loop, a `match`) the
tests took, and the first one they never took, in coverage.py's words. Cells whose functions
no test ran are reported by `untested-cell` instead. coverage.py must be installed where the
kernel runs (it is a dependency of jupyter-prod, so the default kernel has it).

## Why is this bad?
It is not: it is information for the panel, which shows it beside the cell. A branch that no
test runs is where the next bug hides.

## Example
```text
tests ran 7 of 9 lines of this cell's functions (not run: lines 6, 8); 3 of 4 branches taken
(line 2 didn't jump to line 5 because the condition on line 2 was always true)
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
        branches = sum(f.branches for f in functions)
        not_taken = sorted(b for f in functions for b in f.branches_missed)
        if branches:
            message += f"; {branches - len(not_taken)} of {branches} branches taken"
            if not_taken:
                message += f" ({not_taken[0][1]}" + (
                    f"; {len(not_taken) - 1} more)" if len(not_taken) > 1 else ")"
                )
        line = missed[0] if missed else not_taken[0][0] if not_taken else functions[0].line
        yield cell_test_coverage.on_cell(facts.cells[index], message, line=line)
