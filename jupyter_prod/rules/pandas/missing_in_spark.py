"""A pandas API that pandas API on Spark does not have, for this kind of object.

## What it does
Looks up every method, property and top-level function used on a known pandas object in the
compatibility table generated from pyspark (`jupyter_prod/data/spark_compat.json`), and reports
those that pandas API on Spark lacks, by object kind: `DataFrame.value_counts` is missing while
`Series.value_counts` is supported; `pd.pivot_table` is missing while `DataFrame.pivot_table` is
supported; `SeriesGroupBy.agg`, `DataFrame.convert_dtypes`, `pd.cut` are missing. Names whose
type is unknown (dicts, numpy arrays, your own classes, parameters without annotations) are
never reported.

## Why is this bad?
The notebook will not run on Spark: the call raises `PandasNotImplementedError` (or
`AttributeError`) as soon as pandas is swapped for `pyspark.pandas`. Severity `warning`.

## Example
```python
counts = df[["category", "channel"]].value_counts()
```

## Use instead
```python
counts = df.groupby(["category", "channel"]).size().sort_values(ascending=False)
```
Each message names the Spark alternative for that API.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas import Member, PandasTypes, spark_compat
from ...analysis.pandas.compat import MODULE
from ...analysis.pandas.values import FRAME, PANDAS, Bound, Obj, Value
from ...findings.finding import Finding
from ..base import PANDAS as CATEGORY
from ..base import rule
from .spark_advice import alternative
from .uses import pandas_nodes, site


@rule("PD001", "missing-in-spark", CATEGORY, "warning")
def missing_in_spark(facts: NotebookFacts) -> Iterator[Finding]:
    reported: set[tuple[int, str]] = set()
    for cell, node, member in missing_members(facts):
        if (cell.index, member.qualified) in reported:
            continue
        reported.add((cell.index, member.qualified))
        deprecated = " (deprecated in pandas too)" if member.deprecated else ""
        yield missing_in_spark.at(
            cell,
            site(cell, node),
            f"`{member.qualified}` is not in pandas API on Spark "
            f"(pyspark {spark_compat().pyspark}){deprecated}: {alternative(member)}",
        )


def missing_members(facts: NotebookFacts) -> Iterator[tuple[CellFacts, ast.AST, Member]]:
    """Every use of a pandas API that pandas API on Spark lacks (the export's escape hatch
    reads them too)."""
    for cell, node, types in pandas_nodes(facts, ast.Attribute, ast.Call):
        member = _missing_member(node, types)
        if member is not None:
            yield cell, node, member


def _missing_member(node: ast.AST, types: PandasTypes) -> Member | None:
    if isinstance(node, ast.Attribute):
        return _missing(types.value_of(node.value), node.attr)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # from pandas import cut
        bound = types.value_of(node.func)
        if isinstance(bound, Bound) and bound.owner == PANDAS:
            return _missing(PANDAS, bound.name)
    return None


def _missing(owner: Value | None, name: str) -> Member | None:
    compat = spark_compat()
    if owner == PANDAS:
        kinds = [MODULE]
    elif isinstance(owner, Obj):
        kinds = ["DataFrame", "Series"] if owner.kind == FRAME else [owner.kind]
    else:
        return None
    members = [compat.member(kind, name) for kind in kinds]
    if name == "__iter__" or not members or any(m is None or m.supported for m in members):
        return None
    return members[0]
