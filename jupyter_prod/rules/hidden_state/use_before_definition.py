"""A cell reads a name that only a cell further down defines.

## What it does
Follows the notebook top to bottom and reports a read (directly, or inside a function the
cell calls) of a name that no cell above defines but a cell below does.

## Why is this bad?
It only worked because the cells ran in another order. A job runs top to bottom and stops
here with `NameError`. This holds for a notebook that was never executed, too.

## Example
```python
# cell 2
orders = load_orders("orders.csv")
# cell 4
def load_orders(path): ...
```

## Use instead
Move the defining cell above its first use.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code


@rule("HS003", "use-before-definition", HIDDEN_STATE, "error")
def use_before_definition(facts: NotebookFacts) -> Iterator[Finding]:
    flow = facts.dataflow
    for cell in facts.python_cells():
        for name, read in flow.reads[cell.index].items():
            source = flow.doc_sources[cell.index][name]
            if source.cell is not None or source.deleted_by is not None:
                continue
            later = [i for i in flow.definers.get(name, []) if i > cell.index]
            if not later or facts.is_known_without_cells(name):
                continue
            via = f" (read inside {code(read.via + '()')})" if read.via else ""
            yield use_before_definition.at(
                cell,
                read.site,
                f"{code(name)}{via} is first defined in {cell_label(later[0])}, below: "
                "run top to bottom, this cell raises NameError",
            )
