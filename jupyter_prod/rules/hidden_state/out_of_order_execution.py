"""Cells were executed in an order other than top to bottom.

## What it does
Reads the execution counts of the non-empty, executed code cells from top to bottom and
reports each cell whose count is lower than the count of a cell above it (Pimentel et al.'s
definition: the counts are not sorted; one inversion is enough).

Severity `warning` when a value passes between the inverted cells (either way), or may pass
through a cell that is not Python (`%%bash`, `%%sql`...); `info` when none does (a re-run import
or display cell, a `%%html`/`%%javascript` cell that runs in the browser): out of order all the
same, harmless to results.

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
from typing import Any

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.ipython_calls import restored_names
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code, run_label

# Cell magics whose body runs in the browser, not in the kernel: they pass no value.
DISPLAY_CELL_MAGICS = frozenset({"html", "javascript", "js", "latex", "markdown", "svg"})
UNKNOWN = "(unknown)"
DYNAMIC = "(dynamic)"


@rule("HS001", "out-of-order-execution", HIDDEN_STATE, "warning")
def out_of_order_execution(facts: NotebookFacts) -> Iterator[Finding]:
    above = _CellsAbove(facts)  # the executed, non-empty code cells seen so far
    highest: CellFacts | None = None  # the latest-run cell above
    for cell in facts.code_cells():
        count = cell.execution_count
        if count is None or cell.cell.is_empty:
            continue
        if (
            highest is not None
            and highest.execution_count is not None
            and count < highest.execution_count
        ):
            shared = above.shared_with(cell, count)
            message = (
                f"ran as {run_label(count)}, before {cell_label(highest.index)} above it "
                f"({run_label(highest.execution_count)}): the notebook was executed out of order"
            )
            if shared == [UNKNOWN]:
                message += (
                    "; a cell in between is not Python, so what passes between them cannot be "
                    "checked and the result may differ top to bottom"
                )
            elif shared == [DYNAMIC]:
                message += (
                    "; one of these cells defines names the analysis cannot see (`%run`, "
                    "`%store -r`, `exec`), so its values may pass between them and the result "
                    "may differ top to bottom"
                )
            elif shared:
                message += f"; {code(shared[0])} passes between them, so its result may differ top to bottom"
            else:
                message += "; no value passes between these cells, so results should not change"
            yield out_of_order_execution.at(
                cell, None, message, severity=None if shared else "info"
            )
        above.add(cell, count)
        if highest is None or count > (highest.execution_count or 0):
            highest = cell


class _CellsAbove:
    """For each name, the latest run of a cell above that changes it and of one that reads
    it: what passes between a cell and the cells above it that ran after it is then found
    without going through those cells again (a notebook run over several kernel sessions
    has an inversion on most cells). Cells are folded in at the first inversion, so a notebook
    run in order pays nothing."""

    def __init__(self, facts: NotebookFacts) -> None:
        self.facts = facts
        self.pending: list[tuple[CellFacts, int]] = []
        self.changed: dict[str, int] = {}  # name -> the highest count of a cell changing it
        self.read: dict[str, int] = {}  # name -> the highest count of a cell reading it
        self.opaque = 0  # the highest count of a cell that is not Python (and not display-only)
        self.dynamic = 0  # the highest count of a cell that may define any name (`%run`)

    def add(self, cell: CellFacts, count: int) -> None:
        self.pending.append((cell, count))

    def shared_with(self, cell: CellFacts, count: int) -> list[str]:
        """Names that pass between `cell` (run as `count`) and the cells above it that ran
        after it, either way; [UNKNOWN] when one of those is not Python we could parse.
        Re-imports are not counted: importing a module again gives the same module."""
        reads = self.facts.dataflow.reads
        self._fold(reads)
        if cell.index not in reads:
            return []  # not Python we could parse: assume the worst
        if self.opaque > count:
            return [UNKNOWN]
        shared = {name for name in reads[cell.index] if self.changed.get(name, 0) > count}
        own = restored_names(cell)
        changed = _changed_names(cell) | (own or set())
        shared |= {name for name in changed if self.read.get(name, 0) > count}
        may_define = own is None and any(seen > count for seen in self.read.values())
        if not shared and (self.dynamic > count or may_define):
            return [DYNAMIC]
        return sorted(shared)

    def _fold(self, reads: dict[int, Any]) -> None:
        for cell, count in self.pending:
            if cell.index not in reads:
                if not _display_only(cell):
                    self.opaque = max(self.opaque, count)
                continue
            restored = restored_names(cell)
            if restored is None:
                self.dynamic = max(self.dynamic, count)
            for name in _changed_names(cell) | (restored or set()):
                self.changed[name] = max(self.changed.get(name, 0), count)
            for name in reads[cell.index]:
                self.read[name] = max(self.read.get(name, 0), count)
        self.pending.clear()


def _changed_names(cell: CellFacts) -> set[str]:
    """Names the cell binds (other than by import) or changes in place."""
    scan = cell.scan
    if scan is None:
        return set()
    bound = {name for name in scan.defines if name not in scan.imports}
    return bound | {m.name for m in scan.mutations} | set(scan.deletes)


def _display_only(cell: CellFacts) -> bool:
    source = cell.source
    return source is not None and source.cell_magic in DISPLAY_CELL_MAGICS
