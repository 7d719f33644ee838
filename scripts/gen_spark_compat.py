"""Generate `jupyter_prod/data/spark_compat.json`: which pandas APIs pandas API on Spark has.

    pip install "pyspark[pandas-on-spark]>=4.0,<5" "pandas>=2.2,<3"
    python scripts/gen_spark_compat.py [--output PATH] [--check]

Introspection only (no JVM, about 3 s). For every kind of pandas object the check tracks
(DataFrame, Series, the Index kinds, GroupBy, window and resample objects, the `.str`/`.dt`/`.cat`
accessors) and for the top-level functions, each public pandas member gets:

- `spark`: `supported`, or `missing` with `via` = `stub` (a `MissingPandasLike*` member built
  with `unsupported_function`/`unsupported_property`, whose `deprecated` flag and `reason`
  are read back from the stub), `absent` (pyspark does not have it at all) or `raises` (pyspark
  defines it with a body that only raises `NotImplementedError`);
- `params`: for supported methods, the named pandas parameters missing from pyspark's signature
  (`params_forwarded`: pyspark takes `**kwargs`, so they do not raise but are passed on);
- `returns`: the kind of object the pandas member returns, from pandas' own annotations
  (`Self`, `NDFrameT` and `X | None` resolved), with the overrides below where pandas leaves the
  annotation out or too wide; `null` when it is not one of the tracked kinds.

The file is stamped with the pyspark and pandas versions. `--check` exits 1 when the committed
file differs from what this environment generates.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import platform
import re
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "jupyter_prod" / "data" / "spark_compat.json"
SCHEMA = 1

# kind -> (pandas class, pyspark class, pyspark stub class or None); "" is the top-level namespace.
KINDS: dict[str, tuple[str, str, str | None]] = {
    "pandas": ("pandas", "pyspark.pandas", "pyspark.pandas.missing.general_functions:MissingPandasLikeGeneralFunctions"),
    "DataFrame": ("pandas:DataFrame", "pyspark.pandas:DataFrame", "pyspark.pandas.missing.frame:MissingPandasLikeDataFrame"),
    "Series": ("pandas:Series", "pyspark.pandas:Series", "pyspark.pandas.missing.series:MissingPandasLikeSeries"),
    "Index": ("pandas:Index", "pyspark.pandas:Index", "pyspark.pandas.missing.indexes:MissingPandasLikeIndex"),
    "DatetimeIndex": ("pandas:DatetimeIndex", "pyspark.pandas:DatetimeIndex", "pyspark.pandas.missing.indexes:MissingPandasLikeDatetimeIndex"),
    "TimedeltaIndex": ("pandas:TimedeltaIndex", "pyspark.pandas:TimedeltaIndex", "pyspark.pandas.missing.indexes:MissingPandasLikeTimedeltaIndex"),
    "MultiIndex": ("pandas:MultiIndex", "pyspark.pandas:MultiIndex", "pyspark.pandas.missing.indexes:MissingPandasLikeMultiIndex"),
    "DataFrameGroupBy": ("pandas.core.groupby:DataFrameGroupBy", "pyspark.pandas.groupby:DataFrameGroupBy", "pyspark.pandas.missing.groupby:MissingPandasLikeDataFrameGroupBy"),
    "SeriesGroupBy": ("pandas.core.groupby:SeriesGroupBy", "pyspark.pandas.groupby:SeriesGroupBy", "pyspark.pandas.missing.groupby:MissingPandasLikeSeriesGroupBy"),
    "Rolling": ("pandas.core.window:Rolling", "pyspark.pandas.window:Rolling", "pyspark.pandas.missing.window:MissingPandasLikeRolling"),
    "Expanding": ("pandas.core.window:Expanding", "pyspark.pandas.window:Expanding", "pyspark.pandas.missing.window:MissingPandasLikeExpanding"),
    "ExponentialMovingWindow": ("pandas.core.window:ExponentialMovingWindow", "pyspark.pandas.window:ExponentialMoving", "pyspark.pandas.missing.window:MissingPandasLikeExponentialMoving"),
    "RollingGroupby": ("pandas.core.window:RollingGroupby", "pyspark.pandas.window:RollingGroupby", "pyspark.pandas.missing.window:MissingPandasLikeRollingGroupby"),
    "ExpandingGroupby": ("pandas.core.window:ExpandingGroupby", "pyspark.pandas.window:ExpandingGroupby", "pyspark.pandas.missing.window:MissingPandasLikeExpandingGroupby"),
    "ExponentialMovingWindowGroupby": ("pandas.core.window:ExponentialMovingWindowGroupby", "pyspark.pandas.window:ExponentialMovingGroupby", "pyspark.pandas.missing.window:MissingPandasLikeExponentialMovingGroupby"),
    "DataFrameResampler": ("pandas.core.resample:Resampler", "pyspark.pandas.resample:DataFrameResampler", "pyspark.pandas.missing.resample:MissingPandasLikeDataFrameResampler"),
    "SeriesResampler": ("pandas.core.resample:Resampler", "pyspark.pandas.resample:SeriesResampler", "pyspark.pandas.missing.resample:MissingPandasLikeSeriesResampler"),
    "StringMethods": ("pandas.core.strings.accessor:StringMethods", "pyspark.pandas.strings:StringMethods", None),
    "DatetimeProperties": ("pandas.core.indexes.accessors:DatetimeProperties", "pyspark.pandas.datetimes:DatetimeMethods", None),
    "CategoricalAccessor": ("pandas.core.arrays.categorical:CategoricalAccessor", "pyspark.pandas.categorical:CategoricalAccessor", None),
}  # fmt: skip

# What a GroupBy, window or resampler aggregates back into (pandas' `NDFrameT`).
BASE_FRAME = {
    "DataFrameGroupBy": "DataFrame", "SeriesGroupBy": "Series",
    "Rolling": None, "Expanding": None, "ExponentialMovingWindow": None,  # from either
    "RollingGroupby": None, "ExpandingGroupby": None, "ExponentialMovingWindowGroupby": None,
    "DataFrameResampler": "DataFrame", "SeriesResampler": "Series",
}  # fmt: skip
# pandas annotation names -> tracked kinds (`Self` and `NDFrameT` are resolved per kind).
ANNOTATION_KINDS = {
    "DataFrame": "DataFrame", "Series": "Series", "Index": "Index", "MultiIndex": "MultiIndex",
    "DatetimeIndex": "DatetimeIndex", "TimedeltaIndex": "TimedeltaIndex",
    "DataFrameGroupBy": "DataFrameGroupBy", "SeriesGroupBy": "SeriesGroupBy",
    "Rolling": "Rolling", "Window | Rolling": "Rolling", "Expanding": "Expanding",
    "ExponentialMovingWindow": "ExponentialMovingWindow", "RollingGroupby": "RollingGroupby",
    "ExpandingGroupby": "ExpandingGroupby",
    "ExponentialMovingWindowGroupby": "ExponentialMovingWindowGroupby",
    "np.ndarray": "ndarray", "npt.NDArray[np.intp]": "ndarray", "ArrayLike": None,
}  # fmt: skip
# Where pandas' annotation is missing or too wide ("Self" = the receiver's kind; None = unknown).
REDUCTIONS = ("sum", "mean", "median", "min", "max", "std", "var", "sem", "skew", "kurt",
              "kurtosis", "prod", "product", "count", "nunique", "all", "any", "idxmax", "idxmin",
              "quantile")  # fmt: skip
CUMULATIVE = ("cumsum", "cumprod", "cummax", "cummin")
RETURN_OVERRIDES: dict[str, dict[str, str | None]] = {
    "DataFrame": {
        **{m: "Series" for m in REDUCTIONS}, **{m: "Self" for m in CUMULATIVE},
        "dtypes": "Series", "columns": "Index", "index": "Index", "T": "DataFrame",
        "values": "ndarray", "agg": None, "aggregate": None, "apply": None, "stack": None,
        "unstack": None, "squeeze": None, "mode": "DataFrame", "resample": "DataFrameResampler",
        "str": None, "plot": None, "sparse": None, "style": None,
    },
    "Series": {
        **{m: None for m in REDUCTIONS}, **{m: "Self" for m in CUMULATIVE},
        "index": "Index", "values": "ndarray", "str": "StringMethods", "dt": "DatetimeProperties",
        "cat": "CategoricalAccessor", "apply": None, "agg": None, "aggregate": None,
        "resample": "SeriesResampler", "T": "Series", "mode": "Series", "unstack": "DataFrame",
        "to_frame": "DataFrame", "reset_index": None, "value_counts": "Series", "shift": "Self",
        "transform": "Series", "unique": "ndarray", "to_numpy": "ndarray",
    },
    "DataFrameGroupBy": {
        **{m: "DataFrame" for m in REDUCTIONS}, **{m: "DataFrame" for m in CUMULATIVE},
        "size": "Series", "agg": "DataFrame", "aggregate": "DataFrame", "transform": "DataFrame",
        "shift": "DataFrame", "diff": "DataFrame", "rank": "DataFrame", "ffill": "DataFrame",
        "bfill": "DataFrame", "pct_change": "DataFrame", "fillna": "DataFrame",
        "filter": "DataFrame", "head": "DataFrame", "tail": "DataFrame", "first": "DataFrame",
        "last": "DataFrame", "describe": "DataFrame", "nth": "DataFrame", "value_counts": "Series",
        "cumcount": "Series", "ngroup": "Series", "apply": None, "resample": "DataFrameResampler",
        "sample": "DataFrame",
    },
    "SeriesGroupBy": {
        **{m: "Series" for m in REDUCTIONS}, **{m: "Series" for m in CUMULATIVE},
        "size": "Series", "agg": None, "aggregate": None, "transform": "Series",
        "shift": "Series", "diff": "Series", "rank": "Series", "ffill": "Series", "bfill": "Series",
        "pct_change": "Series", "fillna": "Series", "filter": "Series", "head": "Series",
        "tail": "Series", "first": "Series", "last": "Series", "nth": "Series",
        "value_counts": "Series", "cumcount": "Series", "ngroup": "Series", "unique": "Series",
        "apply": None, "resample": "SeriesResampler", "sample": "Series",
    },
    # "*": the default when pandas' annotation gives no tracked kind; "base": what was rolled,
    # expanded or resampled (a DataFrame or a Series), which the tracker knows.
    "StringMethods": {"*": "Series", "cat": None, "extract": None, "extractall": "DataFrame",
                      "split": None, "rsplit": None, "partition": None, "rpartition": None,
                      "get_dummies": "DataFrame"},
    "DatetimeProperties": {"*": "Series", "to_pydatetime": "ndarray", "isocalendar": "DataFrame",
                           "freq": None, "unit": None, "tz": None, "to_pytimedelta": "ndarray"},
    "CategoricalAccessor": {"*": "Series", "categories": "Index", "ordered": None},
    **{kind: {"*": "base", "agg": None, "aggregate": None, "exclusions": None, "ndim": None,
              "is_datetimelike": None, "is_freq_type": None, "validate": None}
       for kind in ("Rolling", "Expanding", "ExponentialMovingWindow", "RollingGroupby",
                    "ExpandingGroupby", "ExponentialMovingWindowGroupby")},
    **{kind: {**{m: "base" for m in REDUCTIONS}, "first": "base", "last": "base", "ohlc": None,
              "ffill": "base", "bfill": "base", "asfreq": "base", "interpolate": "base",
              "groups": None, "indices": None, "ndim": None, "pipe": None, "get_group": None,
              "apply": None, "aggregate": None, "agg": None, "transform": "base", "size": "Series"}
       for kind in ("DataFrameResampler", "SeriesResampler")},
}  # fmt: skip
INDEX_KINDS = ("Index", "DatetimeIndex", "TimedeltaIndex", "MultiIndex")
# Top-level pandas names that are not tracked: modules, scalars, dtypes, options, constants.
TOP_LEVEL_CLASSES = ("DataFrame", "Series", "Index", "DatetimeIndex", "TimedeltaIndex",
                     "MultiIndex", "CategoricalIndex", "RangeIndex")  # fmt: skip
TOP_LEVEL_RETURNS = {
    "DataFrame": "DataFrame", "Series": "Series", "Index": "Index", "MultiIndex": "MultiIndex",
    "DatetimeIndex": "DatetimeIndex", "TimedeltaIndex": "TimedeltaIndex", "RangeIndex": "Index",
    "CategoricalIndex": "Index", "concat": None, "merge": "DataFrame", "merge_asof": "DataFrame",
    "merge_ordered": "DataFrame", "pivot": "DataFrame", "pivot_table": "DataFrame",
    "crosstab": "DataFrame", "get_dummies": "DataFrame", "melt": "DataFrame",
    "wide_to_long": "DataFrame", "json_normalize": "DataFrame", "from_dummies": "DataFrame",
    "date_range": "DatetimeIndex", "bdate_range": "DatetimeIndex",
    "timedelta_range": "TimedeltaIndex", "to_datetime": None, "to_numeric": None,
    "cut": None, "qcut": None, "unique": "ndarray",
}  # fmt: skip


def load(path: str) -> Any:
    module, _, name = path.partition(":")
    found = importlib.import_module(module)
    return getattr(found, name) if name else found


def stub_facts(stub: Any) -> dict[str, Any]:
    """`deprecated` and `reason` read back from an `unsupported_function/property` closure."""
    function = stub.fget if isinstance(stub, property) else stub
    cells = dict(zip(function.__code__.co_freevars, function.__closure__ or (), strict=False))
    facts: dict[str, Any] = {"via": "stub"}
    if function.__name__.startswith("deprecated_"):
        facts["deprecated"] = True
    reason = cells["reason"].cell_contents if "reason" in cells else ""
    if reason:
        facts["reason"] = " ".join(str(reason).split())
    return facts


def stub_members(stub_class: Any) -> dict[str, Any]:
    """Members a stub class defines itself or inherits from another stub class."""
    found: dict[str, Any] = {}
    for klass in reversed(stub_class.__mro__[:-1]):
        found.update(
            {k: v for k, v in vars(klass).items() if not k.startswith("__") or k == "__iter__"}
        )
    return {k: v for k, v in found.items() if isinstance(v, property) or inspect.isfunction(v)}


def public_members(owner: Any, is_module: bool) -> dict[str, Any]:
    if is_module:
        names = [n for n in dir(owner) if not n.startswith("_")]
        members = {}
        for name in names:
            value = getattr(owner, name)
            if inspect.isfunction(value) or name in TOP_LEVEL_CLASSES:
                members[name] = value
        return members
    found = {n: inspect.getattr_static(owner, n) for n in dir(owner) if not n.startswith("_")}
    return {n: v for n, v in found.items() if not _foreign_accessor(v)}


def _foreign_accessor(value: Any) -> bool:
    """An accessor another package registered on pandas (`df.pandera` once pandera has
    validated a frame in this process): not a pandas API."""
    accessor = getattr(value, "_accessor", None)
    module = getattr(accessor, "__module__", "") or ""
    return accessor is not None and not module.startswith("pandas")


def member_type(value: Any) -> str:
    if isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
        return "method"
    if inspect.isclass(value):
        return "class"
    if isinstance(value, property) or type(value).__name__ in ("cache_readonly", "CachedAccessor",
                                                               "Accessor", "AxisProperty"):  # fmt: skip
        return "property"
    return "method" if callable(value) else "property"


def signature_of(value: Any) -> inspect.Signature | None:
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return inspect.signature(value)
    except (TypeError, ValueError):
        return None


def named_parameters(value: Any) -> list[str] | None:
    sig = signature_of(value)
    if sig is None:
        return None
    skip = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [
        p.name
        for p in sig.parameters.values()
        if p.kind not in skip and p.name not in ("self", "cls")
    ]


def takes_any_keyword(value: Any) -> bool:
    """pyspark's signature ends in `**options`/`**kwargs`: an unknown keyword does not raise
    (readers and writers hand it to Spark as a data source option, where it is ignored)."""
    sig = signature_of(value)
    return sig is not None and any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()
    )


def returns_of(kind: str, name: str, value: Any) -> str | None:
    if kind == "pandas":
        return TOP_LEVEL_RETURNS.get(name)
    overrides = RETURN_OVERRIDES.get(kind, {})
    if name in overrides:
        return _finish(kind, overrides[name])
    if kind in INDEX_KINDS and name in REDUCTIONS:
        return None
    annotation: Any = None
    if isinstance(value, property):
        annotation = (value.fget.__annotations__ if value.fget else {}).get("return")
    elif member_type(value) == "method":
        sig = signature_of(value)
        annotation = sig.return_annotation if sig is not None else None
        if annotation is inspect.Signature.empty:
            annotation = None
    if not isinstance(annotation, str):
        annotation = getattr(annotation, "__name__", None)
    return _finish(kind, resolve_annotation(kind, annotation) or overrides.get("*"))


def _finish(kind: str, found: str | None) -> str | None:
    """`Self` is the receiver's kind; `base` is what a GroupBy/resampler aggregates back into,
    left as `base` for windows (the tracker knows whether a DataFrame or a Series was rolled)."""
    if found == "Self":
        return kind
    if found == "base":
        return BASE_FRAME.get(kind) or "base"
    return found


def resolve_annotation(kind: str, annotation: str | None) -> str | None:
    if not annotation:
        return None
    parts = [p.strip() for p in re.split(r"\|(?![^\[]*\])", annotation) if p.strip() != "None"]
    text = " | ".join(parts)
    if text in ANNOTATION_KINDS:
        return ANNOTATION_KINDS[text]
    if text == "Self":
        return kind
    if text == "NDFrameT":
        return "base" if kind in BASE_FRAME else kind
    if text == "Resampler":
        return "SeriesResampler" if kind.startswith("Series") else "DataFrameResampler"
    return None


def kind_table(kind: str, spec: tuple[str, str, str | None]) -> dict[str, Any]:
    pandas_path, spark_path, stub_path = spec
    pd_owner, ps_owner = load(pandas_path), load(spark_path)
    stubs = stub_members(load(stub_path)) if stub_path else {}
    is_module = kind == "pandas"
    members: dict[str, dict[str, Any]] = {}
    pandas_members = public_members(pd_owner, is_module)
    if "__iter__" in stubs:  # iterating is an API too: `for x in series`
        pandas_members["__iter__"] = pd_owner.__iter__
    for name, value in sorted(pandas_members.items()):
        entry: dict[str, Any] = {"type": member_type(value)}
        returns = returns_of(kind, name, value)
        if returns:
            entry["returns"] = returns
        # Not getattr on the module: pyspark.pandas' module __getattr__ hands out the stubs.
        spark_value = vars(ps_owner).get(name) if is_module else _static(ps_owner, name)
        if spark_value is not None and raises_not_implemented(spark_value):
            entry["spark"] = "missing"
            entry["via"] = "raises"
        elif spark_value is not None and name not in _stub_only(ps_owner, name, stubs, is_module):
            entry["spark"] = "supported"
            if entry["type"] in ("method", "class"):
                pandas_params = named_parameters(getattr(pd_owner, name))
                spark_params = named_parameters(getattr(ps_owner, name))
                if pandas_params is not None and spark_params is not None:
                    missing = [p for p in pandas_params if p not in spark_params]
                    if missing:
                        entry["params"] = missing
                        if takes_any_keyword(getattr(ps_owner, name)):
                            entry["params_forwarded"] = True
        elif name in stubs:
            entry["spark"] = "missing"
            entry.update(stub_facts(stubs[name]))
        else:
            entry["spark"] = "missing"
            entry["via"] = "absent"
        members[name] = entry
    return {
        "pandas": pandas_path.replace(":", "."),
        "spark": spark_path.replace(":", "."),
        "members": members,
    }


def raises_not_implemented(value: Any) -> bool:
    """pyspark defines the member, but its whole body is `raise NotImplementedError()`
    (`Series.str.cat`, `Series.dt.nanosecond`): missing in practice."""
    function = value.fget if isinstance(value, property) else value
    function = getattr(function, "__func__", function)
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return False
    definition = tree.body[0] if tree.body else None
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def _static(owner: Any, name: str) -> Any:
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return None


def _stub_only(ps_owner: Any, name: str, stubs: dict[str, Any], is_module: bool) -> set[str]:
    """Names pyspark defines only to forward to its stub (`Series.__iter__`, `SeriesGroupBy.agg`)."""
    if name not in stubs or is_module:
        return set()
    value = inspect.getattr_static(ps_owner, name)
    code = getattr(value, "__code__", None)
    forwards = code is not None and any(n.startswith("MissingPandasLike") for n in code.co_names)
    return {name} if forwards else set()


def summarise(kinds: dict[str, Any]) -> dict[str, Any]:
    per_kind = {}
    totals = {"apis": 0, "supported": 0, "missing": 0, "missing_stub": 0, "missing_absent": 0, "missing_raises": 0,
              "deprecated": 0, "supported_with_missing_params": 0}  # fmt: skip
    for kind, table in kinds.items():
        counts = dict.fromkeys(totals, 0)
        for entry in table["members"].values():
            counts["apis"] += 1
            counts[entry["spark"]] += 1
            if entry["spark"] == "missing":
                counts["missing_" + entry["via"]] += 1
                counts["deprecated"] += bool(entry.get("deprecated"))
            elif entry.get("params"):
                counts["supported_with_missing_params"] += 1
        per_kind[kind] = counts
        for key in totals:
            totals[key] += counts[key]
    return {**totals, "per_kind": per_kind}


def generate() -> dict[str, Any]:
    import pandas
    import pyspark

    kinds = {kind: kind_table(kind, spec) for kind, spec in KINDS.items()}
    return {
        "schema": SCHEMA,
        "generated_by": "scripts/gen_spark_compat.py",
        "versions": {
            "pyspark": pyspark.__version__,
            "pandas": pandas.__version__,
            "python": platform.python_version(),
        },  # fmt: skip
        "summary": summarise(kinds),
        "kinds": kinds,
    }


def render(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render(generate())
    path = Path(args.output)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date: run scripts/gen_spark_compat.py", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    summary = json.loads(text)["summary"]
    print(f"wrote {path}: {summary['apis']} pandas APIs, {summary['supported']} supported "
          f"({summary['supported_with_missing_params']} lack a parameter), {summary['missing']} missing")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
