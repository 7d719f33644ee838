"""A code cell never ran while cells below it did.

## What it does
In an executed notebook, reports each non-empty code cell without an execution count that
has an executed cell below it.

## Why is this bad?
The saved results were produced without this cell; a top-to-bottom run will execute it.
About one executed notebook in five has such cells. Reported as `info`: the cell may be a
deliberate scratch cell. When a later cell depends on it, `depends-on-unexecuted-cell` says so.
A cell tagged `parameters` that only assigns literals is not reported: it declares the defaults
a job overrides (papermill injects the run's values after it), so it need not have run; the
panel's Parameters action inserts such a cell with the values the executed cells used.

## Use instead
Run it in order, or delete it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.parameters_cell import declares_defaults
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule


@rule("HS008", "unexecuted-cell", HIDDEN_STATE, "info")
def unexecuted_cell(facts: NotebookFacts) -> Iterator[Finding]:
    code_cells = [c for c in facts.code_cells() if not c.cell.is_empty]
    last_run = max(
        (i for i, c in enumerate(code_cells) if c.execution_count is not None), default=-1
    )
    for cell in code_cells[: max(last_run, 0)]:
        if cell.execution_count is None and not declares_defaults(cell):
            yield unexecuted_cell.at(
                cell,
                None,
                "never ran, though cells below it did: the saved outputs do not include it",
            )
