"""A cell was re-run after a cell below it redefined a name it reads.

## What it does
For each executed cell and each name it reads, finds the definition that was live when the
cell last ran (by execution counts) and the one it gets top to bottom. When the live one
comes from a cell *below*, the cell's stored output reflects a value a top-to-bottom run
never produces.

## Why is this bad?
The saved results cannot be reproduced by running the notebook: cell 5's output used the
`vat_rate` of cell 6, but a job gives it the `vat_rate` of cell 4.

## Example
```python
vat_rate = 0.20                     # cell 4, In[3]
sales["net"] = sales.gross / (1 + vat_rate)   # cell 5, In[7]
vat_rate = 0.05                     # cell 6, In[6]
```

## Use instead
Give each value its own name, or move the redefinition below every use; then restart and
run all.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code, run_label


@rule("HS006", "rerun-after-redefinition", HIDDEN_STATE, "warning")
def rerun_after_redefinition(facts: NotebookFacts) -> Iterator[Finding]:
    if not facts.was_executed:
        return
    flow = facts.dataflow
    for cell in facts.python_cells():
        ran_with = flow.exec_sources.get(cell.index)
        if ran_with is None:
            continue
        for name, read in flow.reads[cell.index].items():
            live = ran_with[name].cell
            top_down = flow.doc_sources[cell.index][name].cell
            if live is None or live <= cell.index or top_down is None or live == top_down:
                continue
            if same_definition(facts, name, live, top_down):
                continue
            via = f" (inside {code(read.via + '()')})" if read.via else ""
            yield rerun_after_redefinition.at(
                cell,
                read.site,
                f"ran ({run_label(cell.execution_count)}) after {cell_label(live)} below it "
                f"({run_label(facts.cells[live].execution_count)}) redefined {code(name)}{via}: "
                f"its saved output used that value; top to bottom it gets {cell_label(top_down)}'s",
            )


def same_definition(facts: NotebookFacts, name: str, first: int, second: int) -> bool:
    """Whether two cells bind `name` to the same thing (the same import, or a function
    pasted again unchanged): re-running then changes nothing."""
    scans = [facts.cells[i].scan for i in (first, second)]
    if any(scan is None for scan in scans):
        return False
    imports = [scan.imports.get(name) for scan in scans if scan is not None]
    if imports[0] is not None and imports[0] == imports[1]:
        return True
    functions = [scan.functions.get(name) for scan in scans if scan is not None]
    if all(f is not None and f.node is not None for f in functions):
        return ast.dump(functions[0].node) == ast.dump(functions[1].node)  # type: ignore[union-attr,arg-type]
    return False
