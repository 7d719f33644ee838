"""Rows iterated one at a time in Python: `iterrows`, `itertuples`, `items`, `for x in series`.

## What it does
Reports loops and conversions that walk a DataFrame, a Series or a GroupBy row by row (or
group by group) in Python: `df.iterrows()`, `df.itertuples()`, `s.items()`, `for x in s`,
`for i in df.index`, comprehensions over a Series, `list(s)`, `zip(s1, s2)`, `sum(s)`,
`for key, group in df.groupby(k)`. Aggregates (`s.value_counts().items()`) are small and not
reported; iterating a DataFrame itself (`for col in df`, `df.items()`, `df.columns`) walks the
columns and is fine; dict `.items()` is not pandas.

## Why is this bad?
On Spark the data lives in partitions on the executors. Iterating pulls every row through the
driver, one Python object at a time: at the sizes that need Spark this runs for hours or exhausts
the driver. Some forms do not run at all: iterating a pandas-on-Spark Series or Index raises
(`__iter__` is not supported), and so does iterating a GroupBy. Severity `warning`: it breaks at scale even where it runs.

## Example
```python
for idx, row in df.iterrows():
    if row["qty"] < 2 and row["margin"] < 0.1:
        slow_movers.append(row["sku"])
```

## Use instead
```python
slow_movers = df.loc[(df["qty"] < 2) & (df["margin"] < 0.1), "sku"]
```
For logic that needs pandas per row, process whole batches on the executors with
`df.pandas_on_spark.apply_batch(func)` or `transform_batch(func)`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.values import GROUPBY_KINDS, INDEX_KINDS, SERIES, Obj
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import method_calls, pandas_nodes, site, snippet

# `DataFrame.items()` walks the columns, not the rows: not reported.
ROW_METHODS = {"DataFrame": {"iterrows", "itertuples"}, "Series": {"items", "iteritems"}}
ITERATING_BUILTINS = {"list", "tuple", "set", "frozenset", "sorted", "zip", "enumerate", "dict",
                      "sum", "max", "min", "any", "all", "map", "filter", "iter"}  # fmt: skip
VECTORISE = (
    "vectorise it with column expressions (boolean masks with `loc`, `np.where`, arithmetic on "
    "columns), or run pandas code per batch on the executors with "
    "`df.pandas_on_spark.apply_batch(func)`"
)


@rule("PD003", "row-iteration", PANDAS, "warning")
def row_iteration(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, call, _types in method_calls(facts):
        if call.name in ROW_METHODS.get(call.owner.kind, ()) and not call.owner.reduced:
            yield row_iteration.at(
                cell,
                site(cell, call.call),
                f"`{snippet(call.call)}` pulls every row through the driver one at a time: "
                f"{VECTORISE}",
            )
    for cell, node, types in pandas_nodes(
        facts, ast.For, ast.AsyncFor, ast.comprehension, ast.Call
    ):
        yield from _loops(cell, node, types)


def _loops(cell: CellFacts, node: ast.AST, types: PandasTypes) -> Iterator[Finding]:
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        found = _iterated(types.obj_of(node.iter))
        if found:
            yield row_iteration.at(
                cell, site(cell, node.iter), f"`for ... in {snippet(node.iter)}` {found}"
            )
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in ITERATING_BUILTINS:
            for argument in node.args:
                found = _iterated(types.obj_of(argument))
                if found:
                    yield row_iteration.at(cell, site(cell, node), f"`{snippet(node)}` {found}")
                    break


def _iterated(value: Obj | None) -> str | None:
    """Why iterating `value` is a finding, or None."""
    if value is None or value.reduced:
        return None
    if value.kind == SERIES:
        return (
            "iterates a Series row by row: pandas API on Spark does not support it "
            f"(`Series.__iter__` raises), and it would pull every row through the driver; {VECTORISE}"
        )
    if value.kind in INDEX_KINDS:
        return (
            "iterates the index row by row: pandas API on Spark does not support it "
            f"(`Index.__iter__` raises); {VECTORISE}"
        )
    if value.kind in GROUPBY_KINDS:
        return (
            "iterates the groups in Python on the driver: run the per-group code on the "
            "executors with `groupby(...).apply(func)` (a typed `func` avoids a sampling job)"
        )
    return None
