"""Every row collected to the driver: `.values`, `to_numpy()`, `tolist()`, `to_dict()`, `to_pandas()`.

## What it does
Reports `.values`, `.to_numpy()`, `.tolist()`/`.to_list()`, `.to_dict()`, `.to_records()`,
`.to_pandas()` and `np.array(...)`/`np.asarray(...)` on a whole DataFrame, Series or Index.
Collecting an aggregate (`df.groupby(k)["x"].sum().to_dict()`, `df.columns.tolist()`,
`s.value_counts().to_dict()`) is fine and not reported.

## Why is this bad?
On Spark the rows are spread over the executors; these calls bring all of them into the
driver's memory as one numpy array or Python object. Where a later cell goes on computing with
the same data (the name the collect started from: `reviews` in `reviews["rating"].values`),
the collect sits in the middle of the pipeline: the data leaves Spark and whatever follows runs
on one machine. Severity `warning` there. When it is the last step of that data, it is usually
the hand-over to a model (`X = features.to_numpy()`, even if a submission DataFrame is built
from the predictions afterwards): reported as `info`, as it only works while the data fits in
the driver.

## Example
```python
labels = reviews["rating"].values
lookup = reviews.set_index("review_id")["rating"].to_dict()
reviews.to_sql(...)  # the pipeline goes on
```

## Use instead
Keep the data distributed: join on `reviews[["review_id", "rating"]]` instead of a dict
lookup, compute with column expressions, collect only aggregates or a `sample(frac=...)`, and
train at scale with `pyspark.ml` on `df.to_spark()` when the model needs all rows.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.types import root_name
from ...analysis.pandas.values import INDEX_KINDS, NUMPY, Bound, Obj
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import is_frame, pandas_nodes, site, snippet

COLLECTING_METHODS = {"to_numpy", "tolist", "to_list", "to_dict", "to_records", "to_pandas",
                      "_to_pandas"}  # fmt: skip


@rule("PD007", "collect-to-driver", PANDAS, "warning")
def collect_to_driver(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, node, types in pandas_nodes(facts, ast.Attribute, ast.Call):
        collected = _collected(node, types)
        if collected is None:
            continue
        # The pipeline goes on when a later cell computes with the same name's data again.
        source = node.args[0] if isinstance(node, ast.Call) and _numpy_call(node, types) else node
        middle = types.pandas_work_after(cell.index, root_name(source))
        yield _finding(cell, node, collected, middle)


def _collected(node: ast.AST, types: PandasTypes) -> Obj | None:
    """The whole pandas object `node` collects, if it does."""
    if isinstance(node, ast.Attribute) and node.attr == "values":
        owner = types.obj_of(node.value)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        bound = types.value_of(node.func)
        if not isinstance(bound, Bound):
            return None
        if isinstance(bound.owner, Obj) and bound.name in COLLECTING_METHODS:
            owner = bound.owner
        elif bound.owner == NUMPY and bound.name in ("array", "asarray") and node.args:
            owner = types.obj_of(node.args[0])
        else:
            return None
    else:
        return None
    if owner is None or owner.reduced:
        return None
    return owner if is_frame(owner) or owner.kind in INDEX_KINDS else None


def _numpy_call(node: ast.Call, types: PandasTypes) -> bool:
    """`np.array(frame)`: the data comes from the argument."""
    if not node.args:
        return False
    bound = types.value_of(node.func)
    return isinstance(bound, Bound) and bound.owner == NUMPY


def _finding(cell: CellFacts, node: ast.AST, owner: Obj, middle: bool) -> Finding:
    what = f"`{snippet(node)}` collects every row of the {owner.kind.split('|')[0]} to the driver"
    if middle:
        message = (
            f"{what}, in the middle of the pipeline (a later cell goes on with the same data): "
            "keep the data distributed (a join instead of a dict lookup, column expressions), "
            "or collect only an aggregate or a `sample(frac=...)`"
        )
        return collect_to_driver.at(cell, site(cell, node), message)
    message = (
        f"{what}: fine as the final hand-over to a model while the data fits in the driver's "
        "memory; at scale, train with `pyspark.ml` on `df.to_spark()` or on a `sample(frac=...)`"
    )
    return collect_to_driver.at(cell, site(cell, node), message, severity="info")
