"""An executed cell depends on a cell that never ran in this session.

## What it does
In a notebook that was executed, reports an executed cell that reads a name (directly or in
a function it calls) whose only definition above it is in a code cell without an execution
count.

## Why is this bad?
The cell's stored output used a value from somewhere else: an older version of the cell, a
deleted cell, or a cell run in another session. Run top to bottom, the unexecuted cell will
now run and may give a different value.

A name read from a cell tagged `parameters` that only assigns literals is not reported: that
cell declares the defaults a job overrides (see `unexecuted-cell`).

## Example
```python
STOPWORDS = {"the", "a"}     # cell 3, never run
tickets["body"].map(clean)   # cell 5, In[4]: clean() reads STOPWORDS
```

## Use instead
Restart the kernel and run all cells, then check the outputs again.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.parameters_cell import declares_defaults
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code, run_label


@rule("HS005", "depends-on-unexecuted-cell", HIDDEN_STATE, "warning")
def depends_on_unexecuted_cell(facts: NotebookFacts) -> Iterator[Finding]:
    if not facts.was_executed:
        return
    flow = facts.dataflow
    for cell in facts.python_cells():
        if cell.execution_count is None:
            continue
        for name, read in flow.reads[cell.index].items():
            source = flow.doc_sources[cell.index][name].cell
            if source is None:
                continue
            defining = facts.cells[source]
            if defining.execution_count is not None or declares_defaults(defining):
                continue
            via = f" (inside {code(read.via + '()')})" if read.via else ""
            yield depends_on_unexecuted_cell.at(
                cell,
                read.site,
                f"ran ({run_label(cell.execution_count)}) reading {code(name)}{via} from "
                f"{cell_label(source)}, which never ran: the value it used came from elsewhere",
            )
