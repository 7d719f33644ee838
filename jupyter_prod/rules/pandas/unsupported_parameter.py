"""A pandas parameter that the pandas-API-on-Spark version of the call does not take.

## What it does
For calls of supported pandas APIs on known pandas objects (and of top-level pandas
functions), reports each keyword argument that pandas accepts but pyspark's signature lacks,
from the generated compatibility table: `df.groupby(k, sort=False)`, `df.describe(include="all")`,
`s.to_numpy(dtype=float)`, `pd.read_csv(path, storage_options={...})`. `inplace=` is left to
`inplace-mutation`. Not reported, as they change nothing on Spark: `index=False` (or `None`) on
the writers (`to_csv`, `to_parquet`, `to_json`: Spark does not write the index anyway) and the
tuning keywords `low_memory`, `memory_map`, `engine` where pyspark takes any keyword; the styling
keywords of the plotting methods (`hist`, `boxplot`: pandas API on Spark plots with plotly, and
plots are not part of the job); the converters given a literal (`pd.to_datetime("1/7/2015",
dayfirst=True)` parses one constant on the driver: no data goes through Spark).

## Why is this bad?
The call raises `TypeError: unexpected keyword argument` on Spark. Where pyspark's version
takes `**kwargs` (the readers and writers, `apply`), it does not raise but passes the keyword
on, to Spark as a data source option (where an unknown option is silently ignored:
`read_csv(path, skiprows=1)` reads the header line as data) or to your function: the result
differs. Severity `warning`.

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

WRITERS = {"to_csv", "to_json", "to_parquet", "to_orc", "to_excel"}
PLOTTING = {"plot", "hist", "boxplot"}  # display, not the job: their styling keywords differ
TUNING = {"low_memory", "memory_map", "engine"}
CONVERTERS = {"to_datetime", "to_timedelta", "to_numeric"}


@rule("PD002", "unsupported-parameter", CATEGORY, "warning")
def unsupported_parameter(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, node, types in pandas_nodes(facts, ast.Call):
        if not isinstance(node, ast.Call):
            continue
        member = _called_member(node, types)
        if member is None or not member.missing_params or _on_a_constant(member, node):
            continue
        for keyword in node.keywords:
            if keyword.arg not in member.missing_params or _same_on_spark(member, keyword):
                continue
            effect = (
                "it does not raise, but is passed on (to Spark as an ignored option, or to your "
                "function) instead of doing what it does in pandas"
                if member.params_forwarded
                else "the call raises TypeError"
            )
            yield unsupported_parameter.at(
                cell,
                site(cell, keyword),
                f"`{member.qualified}` in pandas API on Spark (pyspark {spark_compat().pyspark}) "
                f"has no `{keyword.arg}` parameter, so {effect}: {parameter_advice(keyword.arg)}",
            )


def _same_on_spark(member: Member, keyword: ast.keyword) -> bool:
    """Keywords whose pandas meaning Spark has anyway, or that only tune pandas itself."""
    if keyword.arg == "inplace" or member.name in PLOTTING:  # inplace: PD008's business
        return True
    if keyword.arg == "index" and member.name in WRITERS:
        value = keyword.value
        return isinstance(value, ast.Constant) and (value.value is False or value.value is None)
    return keyword.arg in TUNING and member.params_forwarded


def _on_a_constant(member: Member, call: ast.Call) -> bool:
    """`pd.to_datetime("2015-07-01", dayfirst=True)`: a converter parsing a literal (a reader's
    literal is a path: its data still goes through Spark)."""
    if member.kind != MODULE or member.name not in CONVERTERS or not call.args:
        return False
    first = call.args[0]
    items = first.elts if isinstance(first, (ast.List, ast.Tuple)) else [first]
    return all(isinstance(item, ast.Constant) for item in items)


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
