"""Running the cell again changes the state again.

## What it does
Reports a cell that rebinds or mutates a name it reads but did not create itself, in a way
that a second run changes again: `x = x * 1.1`, `x += 1`, `w -= lr * grad`,
`d["k"] += 1`, `df["p"] = df["p"] * k`, `df = df.merge(...)`, `log.append(v)`.
Repeat-safe updates (`df = df.dropna()`, `df.rename(..., inplace=True)`, adding a column
computed from other columns) are not reported.

`inplace=True` calls are judged by the definition the pandas family shares
(`jupyter_prod/analysis/pandas/inplace.py`): those that settle (`dropna`, `fillna`, `rename`,
`sort_values`) are not reported here; those whose second run differs are:
`reset_index(inplace=True)` without `drop=True` (moves the index into a column again),
`set_index(col, inplace=True)` and `drop(..., inplace=True)` (the second run fails with a
KeyError). The pandas rule `inplace-mutation` (PD008) reports every `inplace=True` on a pandas
object, with the Spark alternative, and names the same re-run effect.

## Why is this bad?
In a notebook people re-run cells all the time: each run applies the markup again, trains
from the previous weights, appends again. The saved output depends on how many times the
cell ran, which nobody can tell. Reported as `info` in a notebook that never ran.

## Example
```python
prices["price"] = prices["price"] * markup   # prices comes from another cell
```

## Use instead
Derive a new name (`prices["price_marked_up"] = ...`) or create the state in the same cell
that updates it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas.inplace import rerun_effect
from ...analysis.scopes import Site
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import code


@rule("HS007", "non-idempotent-cell", HIDDEN_STATE, "warning")
def non_idempotent_cell(facts: NotebookFacts) -> Iterator[Finding]:
    severity = None if facts.was_executed else "info"
    modules = set(facts.imports)
    for cell in facts.python_cells():
        assert cell.scan is not None
        reported: set[str] = set()
        calls: dict[Site, ast.Call] | None = None  # built once a cell has an inplace call
        for mutation in cell.scan.mutations:
            effect = None
            if mutation.kind == "inplace":
                calls = calls if calls is not None else _calls_by_site(cell)
                call = calls.get(mutation.site)
                effect = rerun_effect(call) if call is not None else None
            if not (mutation.changes_on_rerun or effect) or mutation.name in modules:
                continue
            if mutation.name in reported:
                continue
            reported.add(mutation.name)
            what = effect or f"changes {code(mutation.name)} again"
            yield non_idempotent_cell.at(
                cell,
                mutation.site,
                f"re-running this cell {what} ({code(mutation.detail)}), "
                f"state that another cell created",
                severity=severity,
            )


def _calls_by_site(cell: CellFacts) -> dict[Site, ast.Call]:
    """The cell's call statements by where they stand (an inplace mutation's site), so that
    each mutation finds its call at once: searching the cell for each one was quadratic
    (a cell of 5,000 `df.dropna(inplace=True)` took 14 s)."""
    calls: dict[Site, ast.Call] = {}
    for node in cell.nodes:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            calls.setdefault(Site.of(node, cell.line_offset), node.value)
    return calls
