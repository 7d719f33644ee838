"""A pandas parameter that the pandas-API-on-Spark version of the call does not take.

## What it does
For calls of supported pandas APIs on known pandas objects (and of top-level pandas
functions), reports each keyword argument that pandas accepts but pyspark's signature lacks,
from the generated compatibility table: `df.groupby(k, sort=False)`, `df.describe(include="all")`,
`s.to_numpy(dtype=float)`, `pd.read_csv(path, storage_options={...})`. `inplace=` is left to
`inplace-mutation`.

## Why is this bad?
The call raises `TypeError: unexpected keyword argument` on Spark; where pyspark forwards
unknown keywords to Spark's reader options (`read_csv`), the argument is silently ignored and
the result differs. Severity `warning`.

## Example
```python
by_store = sales.groupby("store_id", sort=False)["net"].sum()
```

## Use instead
```python
by_store = sales.groupby("store_id")["net"].sum().sort_index()
```
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.pandas import Member, PandasTypes, spark_compat
from ...analysis.pandas.compat import MODULE
from ...analysis.pandas.values import FRAME, PANDAS, Bound, Obj
from ...findings.finding import Finding
from ..base import PANDAS as CATEGORY
from ..base import rule
from .spark_advice import parameter_advice
from .uses import pandas_nodes, site


@rule("PD002", "unsupported-parameter", CATEGORY, "warning")
def unsupported_parameter(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, node, types in pandas_nodes(facts):
        if not isinstance(node, ast.Call):
            continue
        member = _called_member(node, types)
        if member is None or not member.missing_params:
            continue
        for keyword in node.keywords:
            if keyword.arg in member.missing_params and keyword.arg != "inplace":
                yield unsupported_parameter.at(
                    cell,
                    site(cell, keyword),
                    f"`{member.qualified}` in pandas API on Spark (pyspark "
                    f"{spark_compat().pyspark}) has no `{keyword.arg}` parameter: "
                    f"{parameter_advice(keyword.arg)}",
                )


def _called_member(call: ast.Call, types: PandasTypes) -> Member | None:
    bound = types.value_of(call.func)
    if not isinstance(bound, Bound):
        return None
    if bound.owner == PANDAS:
        kind = MODULE
    elif isinstance(bound.owner, Obj) and bound.owner.kind != FRAME:
        kind = bound.owner.kind
    else:
        return None
    member = spark_compat().member(kind, bound.name)
    return member if member is not None and member.supported else None
