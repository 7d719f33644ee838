"""A Python function called once per row or per value: `apply(f, axis=1)`, `map(f)`, `applymap(f)`.

## What it does
Reports `df.apply(func, axis=1)`, `series.apply(func)`, `series.map(func)`, `df.applymap(func)`
and `df.map(func)` when `func` is a Python callable: a lambda, a function defined in the
notebook, a builtin such as `str` or `str.lower`, or a function imported from a Python module
(`json.loads`, `unidecode`). Mapping through a dict or a Series
(`s.map({"a": 1})`) and numpy functions (`s.apply(np.log)`) are vectorised and not reported;
neither is `groupby(...).apply(func)`, the distributed way to run pandas code per group.

## Why is this bad?
On Spark each such call runs as a pandas UDF: rows are shipped to Python workers in Arrow
batches and the function is called row by row there. It works, but costs several times a
vectorised expression (measured: 200k rows, vectorised 0.5 s, typed apply 2.8 s, untyped 4.2 s).
Without a return type hint, pandas API on Spark first runs the function on a sample to guess
the result type: an extra Spark job, and a later row of another type fails the job. Severity
`warning` for untyped callables (lambdas, functions without a return annotation): they can
break; `info` for functions with a return type hint: they only slow.

## Example
```python
df["margin"] = df.apply(lambda r: (r["price"] - r["cost"]) / r["price"], axis=1)
```

## Use instead
```python
df["margin"] = (df["price"] - df["cost"]) / df["price"]
```
When the logic needs pandas, type it and run it per batch: `def f(pdf) -> ps.DataFrame[...]`
with `df.pandas_on_spark.apply_batch(f)` / `transform_batch(f)`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.values import DATAFRAME, SERIES, Bound, Function, Module
from ...findings.finding import Finding
from ..base import PANDAS, rule
from .uses import MethodCall, method_calls, site, snippet

# Modules whose functions work on whole arrays: `s.apply(np.log)` is not per value.
VECTORISED_MODULES = {"numpy", "pandas", "scipy", "pyspark", "sklearn"}
PYTHON_BUILTINS = {"str", "int", "float", "bool", "len", "round", "abs", "repr", "type", "list",
                   "tuple", "ord", "chr", "hash"}  # fmt: skip


@rule("PD004", "row-wise-apply", PANDAS, "warning")
def rowwise_apply(facts: NotebookFacts) -> Iterator[Finding]:
    for cell, call, types in method_calls(facts):
        func = _row_function(call)
        if func is None:
            continue
        typed = _is_typed(func, types, facts)
        if typed is None:
            continue
        batch = "`df.pandas_on_spark.apply_batch`/`transform_batch`"
        why = (
            "runs as a pandas UDF (several times slower than a vectorised expression)"
            if typed
            else "runs as a pandas UDF, and without a return type hint pandas API on Spark first "
            "runs it on a sample to guess the result type (an extra job; a later row of another "
            "type fails it)"
        )
        yield rowwise_apply.at(
            cell,
            site(cell, call.call),
            f"`{snippet(call.call)}` calls a Python function for every "
            f"{'row' if call.owner.kind == DATAFRAME and call.name == 'apply' else 'value'}: "
            f"on Spark it {why}. Vectorise it with column expressions, or type the function and "
            f"run it per batch with {batch}",
            severity="info" if typed else None,
        )


def _row_function(call: MethodCall) -> ast.AST | None:
    """The per-row function argument, when this call applies one row- or element-wise."""
    kind, name = call.owner.kind, call.name
    func = call.call.args[0] if call.call.args else call.keyword("func") or call.keyword("arg")
    if func is None or call.owner.reduced:
        return None
    if kind == DATAFRAME and name == "apply":
        axis = call.call.args[1] if len(call.call.args) > 1 else call.keyword("axis")
        rowwise = isinstance(axis, ast.Constant) and axis.value in (1, "columns")
        return func if rowwise else None
    if (kind == SERIES and name in ("apply", "map")) or (
        kind == DATAFRAME and name in ("applymap", "map")
    ):
        return func
    return None


def _is_typed(func: ast.AST, types: PandasTypes, facts: NotebookFacts) -> bool | None:
    """True: a Python function with a return type hint; False: untyped; None: not a Python
    callable we can see (a dict, a Series, a numpy function, something unknown)."""
    if isinstance(func, ast.Lambda):
        return False
    value = types.value_of(func)
    if isinstance(value, Bound) and isinstance(value.owner, Module):
        return None  # np.log, pd.to_numeric: vectorised
    if isinstance(value, Function) and isinstance(func, ast.Name):
        return _annotated(func.id, facts)
    root = _root(func)
    if root is None or value is not None:
        return None
    if root in PYTHON_BUILTINS and root not in facts.imports:
        return False  # str, len, str.lower
    module = facts.imports.get(root, "").split(".")[0]
    if module and module not in VECTORISED_MODULES:
        return False  # json.loads, unidecode, math.sqrt: Python called per value
    return None


def _root(func: ast.AST) -> str | None:
    """`str` for `str.lower`, `json` for `json.loads`, `f` for `f`."""
    while isinstance(func, ast.Attribute):
        func = func.value
    return func.id if isinstance(func, ast.Name) else None


def _annotated(name: str, facts: NotebookFacts) -> bool:
    definitions = facts.functions.get(name, [])
    node = definitions[-1].node if definitions else None
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None
