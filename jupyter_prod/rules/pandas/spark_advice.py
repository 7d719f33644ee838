"""What to write instead, in pandas API on Spark, of the pandas APIs it does not have.

Written by hand for the APIs notebooks use most; every other missing API gets pyspark's own
reason (read from its stub by the table generator) or the general advice at the bottom.
"""

from __future__ import annotations

from ...analysis.pandas import Member

TO_SPARK = "do this step on a Spark DataFrame (`df.to_spark()`, then back with `.pandas_api()`)"

# (kind, name) or ("*", name) for every kind.
ALTERNATIVES: dict[tuple[str, str], str] = {
    ("DataFrame", "value_counts"): "count rows per combination with `df.groupby(cols).size()` "
    "(then `.sort_values(ascending=False)`); `Series.value_counts` is supported",
    ("DataFrameGroupBy", "value_counts"): "`df.groupby(keys + [col]).size()`",
    ("SeriesGroupBy", "agg"): "aggregate on the DataFrameGroupBy "
    "(`df.groupby(k).agg({col: ['min', 'max']})`) or call the reductions (`.min()`, `.max()`)",
    ("SeriesGroupBy", "aggregate"): "aggregate on the DataFrameGroupBy "
    "(`df.groupby(k).agg({col: ['min', 'max']})`) or call the reductions (`.min()`, `.max()`)",
    ("*", "pct_change"): "`x / x.shift(1) - 1` on the grouped column",
    ("pandas", "cut"): "bucket with `pyspark.ml.feature.Bucketizer` on `df.to_spark()`, or with "
    "vectorised conditions (`Series.where`/`mask` chains over the bin edges)",
    ("pandas", "qcut"): "`pyspark.ml.feature.QuantileDiscretizer` on `df.to_spark()` "
    "(approximate quantiles, computed in parallel)",
    ("pandas", "crosstab"): "`df.groupby([row, col]).size().unstack()` or "
    "`df.pivot_table(index=row, columns=col, values=..., aggfunc='count')`",
    ("pandas", "pivot_table"): "call the method: `df.pivot_table(...)` is supported",
    ("pandas", "pivot"): "call the method: `df.pivot(...)` is supported",
    ("pandas", "unique"): "call the method: `series.unique()` (or `drop_duplicates()`)",
    ("pandas", "factorize"): "call the method: `series.factorize()`",
    ("pandas", "eval"): "write the expression with columns (`df['a'] + df['b']`)",
    ("pandas", "wide_to_long"): "`df.melt(...)`",
    ("pandas", "merge_ordered"): "`ps.merge(...)` then `sort_values`",
    ("pandas", "json_normalize"): "read nested JSON with `ps.read_json` or `spark.read.json` "
    "(nested fields become struct columns)",
    ("*", "convert_dtypes"): "set the dtypes explicitly with `astype({...})`",
    ("*", "infer_objects"): "set the dtypes explicitly with `astype({...})`",
    ("*", "set_axis"): "assign the labels: `df.columns = [...]`, or `rename(columns=...)`",
    ("*", "to_sql"): "write with Spark: `df.to_spark().write.jdbc(url, table, mode=..., "
    "properties=...)`, or `df.to_table(name)` for a catalog table",
    ("*", "tz_localize"): "keep timestamps in UTC (Spark stores them so) and convert with "
    "`pyspark.sql.functions.from_utc_timestamp` / `to_utc_timestamp`, or set "
    "`spark.sql.session.timeZone`",
    ("*", "tz_convert"): "keep timestamps in UTC and convert with "
    "`pyspark.sql.functions.from_utc_timestamp`, or set `spark.sql.session.timeZone`",
    ("*", "to_period"): "truncate with `dt.floor(...)` or `pyspark.sql.functions.date_trunc`",
    ("*", "to_timestamp"): "truncate with `dt.floor(...)` or `pyspark.sql.functions.date_trunc`",
    ("*", "asfreq"): "`resample(...)` with an aggregation",
    ("*", "combine"): "vectorised column expressions (`Series.where`, arithmetic)",
    ("*", "compare"): "a boolean mask (`a.ne(b)`) and `loc` on it",
    ("*", "reorder_levels"): "`swaplevel`, or reset and set the index again",
    ("*", "sample"): "`df.sample(frac=...)` on the DataFrame, then group",
    ("*", "case_when"): "chained `Series.where`/`mask`",
}
GENERAL = f"rewrite it with supported operations, or {TO_SPARK}"

# Advice for a pandas parameter that pandas API on Spark lacks.
PARAMETERS: dict[str, str] = {
    "storage_options": "Spark reads credentials from its Hadoop configuration "
    "(`spark.hadoop.fs.s3a.*` and similar)",
    "dtype": "convert after the call (`.astype(...)`)",
    "chunksize": "Spark reads in parallel: load the whole file",
    "iterator": "Spark reads in parallel: load the whole file",
    "sort": "sort the result explicitly (`sort_values`/`sort_index`)",
    "observed": "drop it (Spark groups only the categories present)",
    "axis": "work along the default axis, or transpose a small frame first",
    "inplace": "assign the result instead",
    "engine": "drop it (Spark chooses the engine)",
    "low_memory": "drop it",
    "key": "sort on a computed column (`assign(k=...)`, then `sort_values('k')`)",
    "include": "select the columns first (`select_dtypes`), then `describe()`",
}


def alternative(member: Member) -> str:
    """What to write instead of a missing API."""
    for key in ((member.kind, member.name), ("*", member.name)):
        if key in ALTERNATIVES:
            return ALTERNATIVES[key]
    if member.reason:
        return member.reason[:1].lower() + member.reason[1:].rstrip(".")
    if member.name.startswith("read_"):
        return "convert the file to Parquet or CSV once and read it with `ps.read_parquet`"
    if member.name.startswith("to_"):
        return "write Parquet (`df.to_parquet(path)`) or Delta, or collect a small result first"
    return GENERAL


def parameter_advice(name: str) -> str:
    return PARAMETERS.get(name, "drop it or do that step another way")
