"""A Spark action inside a Python loop: one Spark job per iteration.

## What it does
Reports, inside the body of a `for`/`while` loop or a comprehension, expressions that make a
pandas-API-on-Spark object compute a value for the driver: reductions (`daily.mean()`,
`s.sum()`, `s.nunique()`, `quantile`), collecting (`to_numpy()`, `tolist()`, `to_pandas()`,
`.values`), `len(df)`, `.shape`, `.empty`. When the expression reads nothing the loop
changes, the message says to compute it once before the loop. Only known pandas objects are
matched (a numpy array's `.mean()` in a loop is not reported), and the loop's own iterable is
`row-iteration`'s business, not this rule's.

## Why is this bad?
In pandas each of these is a cheap in-memory call. On Spark each one is an action: a job is
planned, scheduled and run over the whole data, about a second at best on a cluster and far more
on large inputs, once per iteration. A loop over 1,000 keys becomes 1,000 jobs. Severity
`warning` in a notebook that imports `pyspark.pandas` (the notebook runs, at a cost that grows
with the loop) and in `export --engine spark`'s report; `info` in a pandas notebook, where each
call is cheap today.

## Example
```python
for day, value in daily.items():
    if value > daily.mean():
        busy.append(day)
```

## Use instead
```python
busy = daily[daily > daily.mean()].index.to_list()
```
or at least `threshold = daily.mean()` once, before the loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.values import FRAME_KINDS, INDEX_KINDS, Bound, Obj
from ...analysis.scopes import walk_tree
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import site, snippet

ACTIONS = {"sum", "mean", "median", "min", "max", "std", "var", "count", "nunique", "quantile",
           "idxmax", "idxmin", "all", "any", "prod", "item", "to_numpy", "tolist", "to_list",
           "to_pandas", "to_dict", "unique", "value_counts", "describe"}  # fmt: skip
ACTION_ATTRIBUTES = {"shape", "empty", "values", "size"}
LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


@rule("PD010", "action-in-loop", PANDAS, "warning")
def action_in_loop(facts: NotebookFacts) -> Iterator[Finding]:
    types = facts.pandas_types
    if types is None:
        return
    on_spark = facts.imports_module("pyspark.pandas")
    for cell in facts.python_cells():
        if cell.tree is None:
            continue
        # The cell's node list is walked once for every rule: walking the tree again here
        # cost a tenth of a whole check.
        loops = [n for n in cell.nodes if isinstance(n, LOOPS)]
        reported: set[int] = set()
        for loop in loops:
            for node, varying in _actions(loop, types):
                if id(node) in reported:
                    continue
                reported.add(id(node))
                yield _finding(cell, node, varying, on_spark)


def _actions(loop: ast.AST, types: PandasTypes) -> Iterator[tuple[ast.AST, bool]]:
    """(action node, whether it reads a name the loop binds) in the loop's repeated part."""
    changed: set[str] | None = None  # what the loop binds: walked only once an action is found
    for part in _repeated(loop):
        for node in walk_tree(part):
            receiver = _action_receiver(node, types)
            if receiver is not None:
                if changed is None:
                    changed = _bound_in(loop)
                reads = {n.id for n in ast.walk(receiver) if isinstance(n, ast.Name)}
                yield node, bool(reads & changed)


def _repeated(loop: ast.AST) -> list[ast.AST]:
    """What runs once per iteration (not the iterable a `for` evaluates once)."""
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        return [*loop.body]
    if isinstance(loop, ast.While):
        return [loop.test, *loop.body]
    assert isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
    heads: list[ast.AST] = [loop.key, loop.value] if isinstance(loop, ast.DictComp) else [loop.elt]
    return heads + [cond for gen in loop.generators for cond in gen.ifs]


def _bound_in(loop: ast.AST) -> set[str]:
    return {
        n.id for n in ast.walk(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _action_receiver(node: ast.AST, types: PandasTypes) -> ast.AST | None:
    """The Spark object an action node computes from, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ACTIONS:  # fmt: skip - the name first: typing a call costs
        bound = types.value_of(node.func)
        if isinstance(bound, Bound) and _spark_object(bound.owner) and bound.name in ACTIONS:
            return node.func.value
    if isinstance(node, ast.Attribute) and node.attr in ACTION_ATTRIBUTES:
        if _spark_object(types.value_of(node.value)):
            return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        if len(node.args) == 1 and _spark_object(types.value_of(node.args[0])):
            return node.args[0]
    return None


def _spark_object(value: object) -> bool:
    """A DataFrame, Series or Index: distributed on Spark, even when small (an aggregate)."""
    return isinstance(value, Obj) and (value.kind in FRAME_KINDS or value.kind in INDEX_KINDS)


def _finding(cell: CellFacts, node: ast.AST, varying: bool, on_spark: bool) -> Finding:
    text = snippet(node)
    advice = (
        "vectorise the loop (a boolean mask, a groupby, a column expression) so that Spark "
        "computes all the values in one job"
        if varying
        else f"it reads nothing the loop changes: compute `{text}` once, before the loop"
    )
    return action_in_loop.at(
        cell,
        site(cell, node),
        f"`{text}` inside a loop runs a Spark job on every iteration: {advice}",
        severity=None if on_spark else "info",
    )
