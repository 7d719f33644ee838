"""The saved outputs come from more than one kernel session: an execution count repeats.

## What it does
A kernel counts executions from 1; a count that appears on two cells means the kernel was
restarted (or changed) and some cells were run again while others kept outputs from before.
Each cell whose count repeats an earlier cell's and that reads values from other cells is
reported, with those values (by name, with the cell and the run that set them), since which
session set them cannot be told from the file. A cell that reads nothing from other cells
gives the same output in any session and is not reported.

## Why is this bad?
The other hidden-state rules order cells by their counts, and counts from two sessions cannot
be compared: `In[2]` of the second session may have run long after `In[7]` of the first. A
cell's saved output may have used a value its session never computed (left over, or typed in a
cell since deleted), and a top-to-bottom run can give something else. It is the trace most
often left by "restart the kernel, re-run the cell I was working on, save".

## Example
```text
cell 1  In[1]  rate = 0.2
cell 2  In[2]  df = load()
cell 4  In[1]  rate = 0.5          <- a second session starts here
cell 5  In[2]  print(df.y * rate)  <- reads `df` from cell 2 (In[2]): which session?
```

## Use instead
Restart the kernel and run all cells, then save.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code, run_label

MAX_NAMES = 4


@rule("HS009", "several-kernel-sessions", HIDDEN_STATE, "warning")
def several_kernel_sessions(facts: NotebookFacts) -> Iterator[Finding]:
    by_count: dict[int, list[CellFacts]] = {}
    for cell in facts.code_cells():
        if cell.execution_count is not None and not cell.cell.is_empty:
            by_count.setdefault(cell.execution_count, []).append(cell)
    repeated = {count: cells for count, cells in by_count.items() if len(cells) > 1}
    if not repeated:
        return
    sessions = max(len(cells) for cells in repeated.values())
    for count, (first, *later) in sorted(repeated.items()):
        for cell in later:
            message = (
                f"{run_label(count)} is also the count of {cell_label(first.index)}: the saved "
                f"outputs come from at least {sessions} kernel sessions (the kernel restarted and "
                "only some cells ran again)"
            )
            passing = _values_read(facts, cell)
            if not passing:
                continue  # it reads nothing from other cells: any session gives its output
            message += (
                f"; this cell reads {', '.join(passing)}: which session set "
                f"{'them' if len(passing) > 1 else 'it'} cannot be told from the file, so "
                "its saved output may differ from a top-to-bottom run"
            )
            yield several_kernel_sessions.on_cell(cell, message)


def _values_read(facts: NotebookFacts, cell: CellFacts) -> list[str]:
    """`name` from cell N (In[k]) for each value the cell reads from another cell."""
    sources = facts.dataflow.doc_sources.get(cell.index, {})
    found = []
    for name, source in sorted(sources.items()):
        if source.cell is None or source.cell == cell.index:
            continue
        setter = facts.cells[source.cell] if 0 <= source.cell < len(facts.cells) else None
        count = setter.execution_count if setter is not None else None
        found.append(f"{code(name)} from {cell_label(source.cell)} ({run_label(count)})")
    if len(found) > MAX_NAMES:
        found = found[:MAX_NAMES] + [f"{len(found) - MAX_NAMES} more"]
    return found
