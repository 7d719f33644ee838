"""Run top to bottom in a fresh kernel, a cell does not give its saved outputs.

## What it does
Only with `check --execute`: runs the notebook in a fresh kernel and compares each cell's
outputs with the saved ones, after normalising what legitimately varies (execution counts,
timings, memory addresses, progress bars, dates and times). The first cell whose outputs
differ, or that raises where the saved notebook did not, is reported, with what differed.

## Why is this bad?
This is the proof that the hidden-state warnings only suspect: the saved outputs came from
state that a top-to-bottom run does not rebuild (cells run out of order, a variable from a
deleted cell, a cell run twice). A scheduled job runs top to bottom and gets the fresh result.

## Example
```python
total = 0            # cell 1
total += 5           # cell 2, run twice by hand: the saved output says 10
print(total)
```

## Use instead
Restart the kernel, run all, check the outputs, then save.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.test_map import measured_run
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import code


@rule("HS101", "outputs-differ-on-rerun", HIDDEN_STATE, "error")
def outputs_differ_on_rerun(facts: NotebookFacts) -> Iterator[Finding]:
    measured = measured_run(facts)
    difference = measured.difference if measured is not None else None
    if difference is None:
        return
    cell = facts.cells[difference.cell]
    if difference.raised is not None:
        message = (f"run top to bottom in a fresh kernel, this cell raises {code(difference.raised)}; "
                   "the saved notebook ran it without error, so its outputs cannot be reproduced top to bottom")  # fmt: skip
    else:
        message = (f"run top to bottom in a fresh kernel, this cell's output differs from the "
                   f"saved one: saved {code(difference.saved)}, fresh {code(difference.fresh)}")  # fmt: skip
    yield outputs_differ_on_rerun.on_cell(cell, message)
