"""A compact profile of a frame: per column its dtype, count, nulls, and either deciles and
bin shares (numbers, dates) or its most frequent values (everything else).

- counts, nulls, minimum and maximum are exact; the distribution (deciles, bin shares, top
  values) is read from a seeded sample of `sample_rows` rows when the frame is larger (a run's
  profile: 100,000 rows estimate a decile's share to within half a point; the export's
  reference profile reads every row, since the contract's value sets and uniqueness come from
  it);
- given the reference profile, each number column also gets its shares in the reference's
  bins (`reference_shares`), which drift compares, so the data is read once.
Self-contained (numpy and pandas, imported when used): this file is copied into every job with
a contract, and its source is also run in the kernel that records the notebook at export.
On pandas API on Spark every figure comes from Spark aggregations (`count`, `quantile`,
`value_counts().head(...)`, one sum of bin indicators): the frame is never collected.
"""

from __future__ import annotations

from typing import Any

DECILES = [i / 10 for i in range(11)]
TOP_VALUES = 20  # most frequent values kept per column


def profile(frame: Any, reference: dict[str, Any] | None = None,
            sample_rows: int | None = None) -> dict[str, Any]:  # fmt: skip
    """`{"rows": N, "order": [names], "columns": {name: column profile}}` of a pandas (or
    pandas-on-Spark) frame; `order` keeps the frame's column order through JSON sorted by key;
    `sampled`: the rows the distribution was read from, when not all."""
    rows = int(len(frame))
    part = _sample(frame, rows, sample_rows)
    known = (reference or {}).get("columns", {})
    columns = {str(name): _guarded(frame[name], part[name], known.get(str(name)))
               for name in frame.columns}  # fmt: skip
    found = {"rows": rows, "order": list(columns), "columns": columns}
    if part is not frame:
        found["sampled"] = int(len(part))
    return found


def _sample(frame: Any, rows: int, sample_rows: int | None) -> Any:
    if sample_rows is None or rows <= sample_rows:
        return frame
    if type(frame).__module__.startswith("pandas"):
        return frame.sample(n=sample_rows, random_state=0)
    return frame.sample(frac=sample_rows / rows, random_state=0)  # pandas API on Spark


def kind_of(dtype: Any) -> str:
    """`number`, `datetime`, `bool` or `category` (strings, categoricals, objects)."""
    text = str(dtype)
    if text.startswith(("datetime64", "timedelta64")):
        return "datetime"
    if text in ("bool", "boolean"):
        return "bool"
    if text.startswith(("int", "uint", "float", "Int", "UInt", "Float")):
        return "number"
    return "category"


def _guarded(series: Any, sampled: Any, reference: dict[str, Any] | None) -> dict[str, Any]:
    """The column's profile; a column that cannot be profiled (lists in its cells, mixed types
    that do not sort) says why instead of stopping the job."""
    try:
        return _column(series, sampled, reference)
    except Exception as error:  # noqa: BLE001 - a profile must never fail the job
        return {"dtype": str(series.dtype), "kind": kind_of(series.dtype),
                "error": f"{type(error).__name__}: {error}"[:200]}  # fmt: skip


def _column(series: Any, sampled: Any, reference: dict[str, Any] | None) -> dict[str, Any]:
    nulls = int(series.isna().sum())
    count = int(len(series)) - nulls
    kind = kind_of(series.dtype)
    found: dict[str, Any] = {"dtype": str(series.dtype), "kind": kind, "count": count,
                             "nulls": nulls}  # fmt: skip
    if count == 0:
        return found
    if kind in ("number", "datetime"):
        found.update(min=_plain(series.min(), kind), max=_plain(series.max(), kind))
        values = as_numbers(sampled)
        found.update(_numbers(values))
        if reference and reference.get("kind") == kind and "edges" in reference:
            found["reference_shares"] = bin_shares(values, reference["edges"])
    if kind in ("category", "bool") or (kind == "number" and _is_integer(series)):
        found.update(_values(sampled))
    return found


def _is_integer(series: Any) -> bool:
    return str(series.dtype).lower().startswith(("int", "uint"))


def as_numbers(series: Any) -> Any:
    """Numbers to compare: datetimes as nanoseconds since the epoch, nulls dropped."""
    values = series.dropna()
    if kind_of(series.dtype) == "datetime":
        values = values.astype("int64")
    return values


def _numbers(values: Any) -> dict[str, Any]:
    if len(values) == 0:
        return {}
    quantiles = [float(q) for q in values.quantile(DECILES).tolist()]
    edges = sorted(set(quantiles[1:-1]))
    return {"deciles": quantiles, "edges": edges, "shares": bin_shares(values, edges)}


def bin_shares(values: Any, edges: list[float]) -> list[float]:
    """The share of `values` (numbers, no nulls) in each bin the `edges` cut: (-inf, e1],
    (e1, e2], ..., (ek, inf). One pass over the data, on pandas and on Spark alike."""
    total = int(len(values))
    if total == 0:
        return [0.0] * (len(edges) + 1)
    if hasattr(values, "to_numpy") and type(values).__module__.startswith("pandas"):
        import numpy

        counts = numpy.bincount(
            numpy.searchsorted(numpy.asarray(edges, dtype="float64"), values.to_numpy(), "left"),
            minlength=len(edges) + 1,
        )
        return [float(c) / total for c in counts.tolist()]
    at_most = _counts_at_most(values, edges)  # pandas API on Spark: one aggregation
    cumulative = [*at_most, total]
    return [
        (cumulative[i] - (cumulative[i - 1] if i else 0)) / total for i in range(len(cumulative))
    ]


def _counts_at_most(values: Any, edges: list[float]) -> list[int]:
    """How many values are at most each edge: one Spark aggregation, on the executors."""
    from pyspark.sql import functions  # type: ignore[import-not-found,unused-ignore]

    if not edges:
        return []
    column = functions.col("v")
    sums = [functions.sum((column <= edge).cast("long")) for edge in edges]
    row = values.rename("v").to_frame().to_spark().agg(*sums).first()
    return [int(count or 0) for count in row]


def _values(sampled: Any) -> dict[str, Any]:
    counts = sampled.value_counts(dropna=True)
    total = int(counts.sum())
    if total == 0:
        return {}
    top = counts.head(TOP_VALUES)
    pairs = list(zip(top.index.tolist(), top.tolist(), strict=True))
    return {"distinct": int(len(counts)),  # of the sample, when sampled
            "top": [[_plain(value, "category"), int(n) / total] for value, n in pairs]}  # fmt: skip


def _plain(value: Any, kind: str) -> Any:
    """A JSON value: numbers as numbers, datetimes as ISO text, the rest as text."""
    if value is None:
        return None
    if kind == "datetime" or hasattr(value, "isoformat"):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)
