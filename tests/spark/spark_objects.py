"""Tiny pandas-on-Spark objects of every kind in the compatibility table, for the spark test."""

from __future__ import annotations

import inspect
from typing import Any

import pandas as pd


def objects_by_kind(ps: Any, numeric: bool = False) -> dict[str, Any]:
    """One small object per table kind ("pandas" is the `pyspark.pandas` module itself);
    `numeric`: the DataFrame and its GroupBy hold numbers only (for calls that compute)."""
    columns: dict[str, list[Any]] = {"a": [1, 2, 2, 3], "b": [1.0, 2.0, 3.0, 4.0]}
    words = ["x", "y", "y", "z"]
    strings = ps.Series(words)
    frame = ps.DataFrame(columns if numeric else {**columns, "s": words})
    dated = ps.DataFrame(
        {"v": [1.0, 2.0, 3.0, 4.0]}, index=pd.date_range("2024-01-01", periods=4, freq="D")
    )
    grouped = frame.groupby("a")["b"]
    return {
        "pandas": ps,
        "DataFrame": frame,
        "Series": frame["b"],
        "Index": ps.Index(["x", "y", "z"]),
        "DatetimeIndex": dated.index,
        "TimedeltaIndex": ps.TimedeltaIndex(pd.to_timedelta([1, 2], unit="D")),
        "MultiIndex": ps.MultiIndex.from_tuples([(1, "a"), (2, "b")]),
        "DataFrameGroupBy": frame.groupby("a"),
        "SeriesGroupBy": grouped,
        "Rolling": frame["b"].rolling(2),
        "Expanding": frame["b"].expanding(),
        "ExponentialMovingWindow": frame["b"].ewm(com=0.5),
        "RollingGroupby": grouped.rolling(2),
        "ExpandingGroupby": grouped.expanding(),
        "ExponentialMovingWindowGroupby": grouped.ewm(com=0.5),
        "DataFrameResampler": dated.resample("2D"),
        "SeriesResampler": dated["v"].resample("2D"),
        "StringMethods": strings.str,
        "DatetimeProperties": ps.Series(pd.date_range("2024-01-01", periods=3)).dt,
        "CategoricalAccessor": strings.astype("category").cat,
    }


def required_positionals(function: Any) -> int:
    """How many arguments a call needs (0: `obj.method()` is a complete call)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return -1
    return sum(
        1
        for p in signature.parameters.values()
        if p.name not in ("self", "cls")
        and p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    )


def materialise(value: Any, ps: Any) -> Any:
    """Run the Spark job behind a lazy pandas-on-Spark result."""
    if isinstance(value, (ps.DataFrame, ps.Series, ps.Index)):
        return value.to_pandas()
    return value
