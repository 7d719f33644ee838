"""Cells were executed in an order other than top to bottom.

## What it does
Reads the execution counts of the non-empty, executed code cells from top to bottom and
reports each cell whose count is lower than the count of a cell above it (Pimentel et al.'s
definition: the counts are not sorted; one inversion is enough).

## Why is this bad?
The stored outputs were produced by an order nobody can see. Running the notebook top to
bottom, as a job does, may give different results or fail. About a third of public notebooks
are executed out of order.

## Example
```python
# cell 1, In[2]
threshold = 0.5
# cell 2, In[1]
flagged = scores > threshold
```

## Use instead
Restart the kernel and run all cells top to bottom, then save.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, run_label


@rule("HS001", "out-of-order-execution", HIDDEN_STATE, "warning")
def out_of_order_execution(facts: NotebookFacts) -> Iterator[Finding]:
    highest: tuple[int, int] | None = None  # (count, cell index) of the latest-run cell above
    for cell in facts.code_cells():
        count = cell.execution_count
        if count is None or cell.cell.is_empty:
            continue
        if highest is not None and count < highest[0]:
            yield out_of_order_execution.at(
                cell,
                None,
                f"ran as {run_label(count)}, before {cell_label(highest[1])} above it "
                f"({run_label(highest[0])}): the notebook was executed out of order",
            )
        if highest is None or count > highest[0]:
            highest = (count, cell.index)
