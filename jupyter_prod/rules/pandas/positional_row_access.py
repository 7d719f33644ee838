"""Rows picked by position (`iloc`, `iat`): the result depends on row order and the default index.

## What it does
Reports `df.iloc[...]` and `df.iat[...]` on a known DataFrame or Series whenever the row part
selects by position (`iloc[0]`, `iloc[-1]`, `iloc[10:20]`, `iloc[[0, 5]]`, `iat[0, 1]`).
Column-only selections (`df.iloc[:, 0]`) and positions in aggregates (`value_counts().iloc[0]`)
are not reported.

## Why is this bad?
A Spark DataFrame has no row order: after a read, a join or a shuffle, "row 0" is whichever
row a partition yields first, not the earliest reading. To give rows positions, pandas API on
Spark attaches a default index, computed for the whole frame (the `sequence` default index
runs on one node). The code either runs slowly or returns a different row than in pandas.
Severity `warning`: the result can silently differ.

## Example
```python
first_reading = meter.iloc[0]
last_reading = meter.iloc[-1]
```

## Use instead
```python
first_reading = meter.loc[meter["ts"] == meter["ts"].min()]
last_reading = meter.nlargest(1, "ts")
```
Select rows by a key or an order you state (`sort_values(...).head(n)`, `nsmallest`, `idxmin`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.pandas.values import Indexer
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import pandas_nodes, site, snippet


@rule("PD006", "positional-row-access", PANDAS, "warning")
def positional_row_access(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, node, types in pandas_nodes(facts, ast.Subscript):
        if not isinstance(node, ast.Subscript):
            continue
        indexer = types.value_of(node.value)
        if not isinstance(indexer, Indexer) or indexer.name not in ("iloc", "iat"):
            continue
        if indexer.owner.reduced or not indexer.owner.is_frame or _all_rows(node.slice):
            continue
        yield positional_row_access.at(
            cell,
            site(cell, node),
            f"`{snippet(node)}` selects rows by position: Spark rows have no order, so this "
            "depends on how partitions come back and needs a default index computed over the "
            "whole frame. Select by a key or an explicit order (`sort_values(...).head(n)`, "
            "`nsmallest`, `idxmin`, a `loc` mask)",
        )


def _all_rows(index: ast.AST) -> bool:
    """`[:, cols]`: every row, columns by position."""
    rows = index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index
    return (
        isinstance(rows, ast.Slice)
        and rows.lower is None
        and rows.upper is None
        and rows.step is None
    )
