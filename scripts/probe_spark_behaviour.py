"""Generate `jupyter_prod/data/spark_behaviour.json`: what common pandas code does on Spark.

    pip install "pyspark[pandas-on-spark]>=4.0,<5" "pandas>=2.2,<3"   (and Java 17)
    python scripts/probe_spark_behaviour.py [--output PATH]

`gen_spark_compat.py` knows signatures; this script runs code. Each probe below is one
expression of ordinary pandas code, evaluated on small frames twice: with pandas and with
pandas API on Spark (a local session, about 40 s in all). The outcome on Spark is recorded:

- `works`: the same result as pandas (frames compared after sorting the index; floats close);
- `differs`: it runs, and gives another result;
- `error`: it raises (the exception's type and first line are kept).

Probes come in two families, which `check` matches against code (rule PD009):
- `value_forms`: a parameter of a member given a value of one form (`str`, `list`, `int`,
  `negative_int`, `dict`, `callable`...): `pivot_table(index="region")` vs `index=["region"]`;
- `subscripts`: a kind of object indexed with one form: `s.iloc[-1]`, `s.str[1]`, `df.index[0]`.
Each failing probe may list rewrites, tried in order: the first that works on Spark and gives
pandas' result becomes the fix `check` proposes (`{obj}` is the receiver, `{value}` the
argument, `{n}`/`{start}`/`{stop}` the subscript's numbers).
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import platform
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "jupyter_prod" / "data" / "spark_behaviour.json"
SCHEMA = 1

DATA = {
    "sales": {
        "region": ["north", "south", "north", "east", "south", "north"],
        "product": ["a", "b", "a", "c", "a", "b"],
        "units": [3, 5, 2, 7, 1, 4],
        "price": [2.5, 4.0, 2.5, 1.0, 2.5, 4.0],
        "day": ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-05", "2024-01-04", "2024-01-06"],
        "name": [" Ann ", "bob", "CARL", "dee", None, "bob"],
    },
}

# (member key, parameter, form, code, rewrites of the argument: `{value}` its source, `{name}`
# a string's text, `{first}` a list's first item); form `absent`: the call leaves it out.
VALUE_FORMS: list[tuple[str, str, str, str, list[str]]] = [
    ("DataFrame.pivot_table", "columns", "absent", "df.pivot_table(index=['region'], values='units', aggfunc='sum')", []),
    ("DataFrame.pivot_table", "index", "str", "df.pivot_table(index='region', columns='product', values='units', aggfunc='sum')", ["[{value}]"]),
    ("DataFrame.pivot_table", "index", "list", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc='sum')", []),
    ("DataFrame.pivot_table", "columns", "str", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc='sum')", []),
    ("DataFrame.pivot_table", "columns", "list", "df.pivot_table(index=['region'], columns=['product'], values='units', aggfunc='sum')", ["{first}"]),
    ("DataFrame.pivot_table", "values", "str", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc='sum')", []),
    ("DataFrame.pivot_table", "values", "list", "df.pivot_table(index=['region'], columns='product', values=['units', 'price'], aggfunc='sum')", []),
    ("DataFrame.pivot_table", "aggfunc", "str", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc='mean')", []),
    ("DataFrame.pivot_table", "aggfunc", "dict", "df.pivot_table(index=['region'], columns='product', values=['units', 'price'], aggfunc={'units': 'sum', 'price': 'mean'})", []),
    ("DataFrame.pivot_table", "aggfunc", "list", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc=['sum', 'mean'])", []),
    ("DataFrame.pivot_table", "aggfunc", "callable", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc=lambda v: v.max())", []),
    ("DataFrame.pivot_table", "fill_value", "int", "df.pivot_table(index=['region'], columns='product', values='units', aggfunc='sum', fill_value=0)", []),
    ("DataFrame.groupby", "by", "str", "df.groupby('region')['units'].sum()", []),
    ("DataFrame.groupby", "by", "list", "df.groupby(['region', 'product'])['units'].sum()", []),
    ("DataFrame.groupby", "as_index", "bool", "df.groupby('region', as_index=False)['units'].sum()", []),
    ("DataFrame.groupby", "dropna", "bool", "df.groupby('name', dropna=False)['units'].sum()", []),
    ("DataFrameGroupBy.agg", "func", "dict", "df.groupby('region').agg({'units': 'sum', 'price': 'mean'})", []),
    ("DataFrameGroupBy.agg", "func", "list", "df.groupby('region')[['units']].agg(['sum', 'max'])", []),
    ("DataFrameGroupBy.agg", "func", "str", "df.groupby('region')[['units']].agg('sum')", []),
    ("SeriesGroupBy.agg", "func", "list", "df.groupby('region')['units'].agg(['sum', 'max'])", []),
    ("SeriesGroupBy.agg", "func", "str", "df.groupby('region')['units'].agg('sum')", []),
    ("SeriesGroupBy.transform", "func", "str", "df.groupby('region')['units'].transform('mean')", ["lambda values: values.{name}()"]),
    ("SeriesGroupBy.transform", "func", "callable", "df.groupby('region')['units'].transform(lambda v: v - v.mean())", []),
    ("SeriesGroupBy.shift", "periods", "int", "df.sort_values('day').groupby('region')['units'].shift(1)", []),
    ("SeriesGroupBy.rolling", "window", "int", "df.sort_values('day').groupby('region')['units'].rolling(2).mean()", []),
    ("SeriesGroupBy.cumsum", "", "none", "df.sort_values('day').groupby('region')['units'].cumsum()", []),
    ("DataFrame.merge", "on", "str", "df.merge(df2, on='region', how='left')", []),
    ("DataFrame.merge", "on", "list", "df.merge(df2, on=['region'], how='left')", []),
    ("DataFrame.merge", "how", "str", "df.merge(df2, on='region', how='outer')", []),
    ("DataFrame.merge", "suffixes", "tuple", "df.merge(df, on='region', suffixes=('_l', '_r'))", []),
    ("DataFrame.merge", "indicator", "bool", "df.merge(df2, on='region', how='left', indicator=True)", []),
    ("DataFrame.sort_values", "by", "str", "df.sort_values('units')", []),
    ("DataFrame.sort_values", "by", "list", "df.sort_values(['region', 'units'])", []),
    ("DataFrame.sort_values", "ascending", "list", "df.sort_values(['region', 'units'], ascending=[True, False])", []),
    ("DataFrame.drop_duplicates", "subset", "str", "df.drop_duplicates(subset='region')", ["[{value}]"]),
    ("DataFrame.drop_duplicates", "subset", "list", "df.drop_duplicates(subset=['region', 'product'])", []),
    ("DataFrame.drop_duplicates", "keep", "str", "df.drop_duplicates(subset=['region'], keep='last')", []),
    ("DataFrame.fillna", "value", "dict", "df.fillna({'name': 'unknown'})", []),
    ("DataFrame.fillna", "value", "int", "df[['units', 'price']].fillna(0)", []),
    ("Series.fillna", "value", "float", "df['price'].fillna(0.0)", []),
    ("DataFrame.set_index", "keys", "str", "df.set_index('day')", []),
    ("DataFrame.set_index", "keys", "list", "df.set_index(['region', 'day'])", []),
    ("DataFrame.rename", "columns", "dict", "df.rename(columns={'units': 'qty'})", []),
    ("DataFrame.rename", "columns", "callable", "df.rename(columns=str.upper)", []),
    ("DataFrame.drop", "columns", "str", "df.drop(columns='price')", []),
    ("DataFrame.drop", "columns", "list", "df.drop(columns=['price', 'name'])", []),
    ("Series.map", "arg", "dict", "df['region'].map({'north': 1, 'south': 2, 'east': 3})", []),
    ("Series.map", "arg", "callable", "df['units'].map(lambda v: v * 2)", []),
    ("Series.astype", "dtype", "str", "df['units'].astype('float64')", []),
    ("Series.astype", "dtype", "class", "df['units'].astype(str)", []),
    ("Series.apply", "func", "callable", "df['units'].apply(lambda v: v + 1)", []),
    ("DataFrame.apply", "axis", "int", "df.apply(lambda r: r['units'] * r['price'], axis=1)", []),
    ("DataFrame.agg", "func", "list", "df[['units', 'price']].agg(['sum', 'max'])", []),
    ("DataFrame.agg", "func", "dict", "df.agg({'units': 'sum', 'price': 'max'})", []),
    ("Series.quantile", "q", "float", "df['units'].quantile(0.5)", []),
    ("Series.quantile", "q", "list", "df['units'].quantile([0.25, 0.75])", []),
    ("Series.isin", "values", "list", "df['region'].isin(['north', 'east'])", []),
    ("Series.isin", "values", "set", "df['region'].isin({'north', 'east'})", ["sorted({value})"]),
    ("Series.replace", "to_replace", "dict", "df['region'].replace({'north': 'n'})", []),
    ("Series.between", "left", "int", "df['units'].between(2, 4)", []),
    ("Series.clip", "lower", "int", "df['units'].clip(lower=2)", []),
    ("Series.round", "decimals", "int", "df['price'].round(1)", []),
    ("DataFrame.round", "decimals", "int", "df.round(1)", []),
    ("Series.shift", "periods", "negative_int", "df['units'].shift(-1)", []),
    ("Series.rolling", "window", "int", "df['units'].rolling(2).mean()", []),
    ("Series.value_counts", "normalize", "bool", "df['region'].value_counts(normalize=True)", []),
    ("Series.str.split", "expand", "bool", "df['day'].str.split('-', expand=True)", []),
    ("Series.str.replace", "regex", "bool", "df['day'].str.replace('-', '/', regex=False)", []),
    ("Series.str.contains", "case", "bool", "df['region'].str.contains('NOR', case=False)", []),
    ("Series.dt.strftime", "date_format", "str", "pd.to_datetime(df['day']).dt.strftime('%d/%m')", []),
    ("pd.to_datetime", "format", "str", "pd.to_datetime(df['day'], format='%Y-%m-%d')", []),
    ("pd.to_datetime", "errors", "str", "pd.to_datetime(df['name'], errors='coerce')", []),
    ("pd.concat", "objs", "list", "pd.concat([df, df], ignore_index=True)", []),
    ("pd.concat", "axis", "int", "pd.concat([df['units'], df['price']], axis=1)", []),
    ("pd.merge", "on", "str", "pd.merge(df, df2, on='region')", []),
    ("pd.get_dummies", "columns", "list", "pd.get_dummies(df, columns=['region'])", []),
    ("DataFrame.nlargest", "columns", "str", "df.nlargest(2, 'units')", []),
    ("DataFrame.assign", "**kwargs", "callable", "df.assign(total=lambda d: d['units'] * d['price'])", []),
    ("DataFrame.query", "expr", "str", "df.query('units > 2')", []),
    ("Series.where", "other", "int", "df['units'].where(df['units'] > 2, 0)", []),
]  # fmt: skip

# (object kind, index form, code, rewrites)
SUBSCRIPTS: list[tuple[str, str, str, list[str]]] = [
    ("Series.iloc", "int", "df['units'].iloc[0]", []),
    ("Series.iloc", "negative_int", "df['units'].iloc[-1]", ["{obj}.iloc[len({obj}) - {n}]", "{obj}.tail({n}).iloc[0]", "{obj}.to_numpy()[-{n}]"]),
    ("Series.iloc", "slice", "df['units'].iloc[1:3]", []),
    ("Series.iloc", "negative_slice", "df['units'].iloc[-2:]", ["{obj}.tail({n})"]),
    ("DataFrame.iloc", "int", "df.iloc[0]", []),
    ("DataFrame.iloc", "negative_int", "df.iloc[-1]", ["{obj}.tail({n}).iloc[0]"]),
    ("DataFrame.iloc", "slice", "df.iloc[:3]", []),
    ("DataFrame.iloc", "negative_slice", "df.iloc[-2:]", ["{obj}.tail({n})"]),
    ("StringMethods", "int", "df['region'].str[0]", ["{obj}.str.get({n})"]),
    ("StringMethods", "negative_int", "df['region'].str[-1]", ["{obj}.str.get({value})"]),
    ("StringMethods", "slice", "df['region'].str[1:3]", ["{obj}.str.slice({start}, {stop})"]),
    ("Index", "int", "df.set_index('day').index[0]", ["{obj}.to_numpy()[{n}]"]),
    ("Index", "negative_int", "df.set_index('day').index[-1]", ["{obj}.to_numpy()[{value}]"]),
    ("Index", "slice", "df.set_index('day').index[:2]", []),
    ("MultiIndex", "int", "df.groupby(['region', 'product'])['units'].sum().sort_index().index[0]", ["{obj}.to_numpy()[{n}]"]),
    ("Series", "int", "df['units'][0]", []),
    ("Series.loc", "int", "df['units'].loc[0]", []),
]  # fmt: skip


def frames(pd: Any) -> dict[str, Any]:
    df = pd.DataFrame(DATA["sales"])
    df2 = pd.DataFrame({"region": ["north", "south", "west"], "manager": ["Ada", "Bo", "Cy"]})
    return {"pd": pd, "df": df, "df2": df2}


def evaluate(code: str, namespace: dict[str, Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = eval(code, dict(namespace))  # noqa: S307 - the probes are this file's own code
        return value.to_pandas() if hasattr(value, "to_pandas") else value


def same(spark: Any, pandas_value: Any) -> bool:
    import numpy as np
    import pandas as pd

    if isinstance(pandas_value, (pd.DataFrame, pd.Series)):
        if type(spark) is not type(pandas_value):
            return False
        try:
            left, right = spark.sort_index(), pandas_value.sort_index()
            if isinstance(right, pd.DataFrame):
                pd.testing.assert_frame_equal(left, right, check_dtype=False, check_index_type=False,
                                              check_column_type=False, check_names=False)  # fmt: skip
            else:
                pd.testing.assert_series_equal(left, right, check_dtype=False, check_index_type=False,
                                               check_names=False)  # fmt: skip
            return True
        except (AssertionError, TypeError, ValueError):
            return same_rows(spark, pandas_value)
    if isinstance(pandas_value, pd.Index):
        return list(spark) == list(pandas_value)
    if isinstance(pandas_value, (float, np.floating)):
        return isinstance(spark, (int, float, np.number)) and math.isclose(spark, pandas_value)
    return bool(spark == pandas_value) if not isinstance(spark, np.ndarray) else False


def same_rows(spark: Any, pandas_value: Any) -> bool:
    """The same rows in another order, under a fresh default index (`as_index=False`, merges):
    row order is PD006's business, not a failure."""
    import pandas as pd

    def rows(frame: Any) -> Any:
        frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
        frame = frame.reset_index(drop=True).astype(str)
        return frame.sort_values(list(frame.columns)).reset_index(drop=True)

    try:
        pd.testing.assert_frame_equal(rows(spark), rows(pandas_value), check_names=False,
                                      check_column_type=False)  # fmt: skip
        return True
    except (AssertionError, TypeError, ValueError):
        return False


def outcome(code: str, pandas_ns: dict[str, Any], spark_ns: dict[str, Any]) -> dict[str, Any]:
    expected = evaluate(code, pandas_ns)
    try:
        found = evaluate(code, spark_ns)
    except Exception as error:  # noqa: BLE001 - recorded: that is what the probe is for
        first = (str(error).strip().splitlines() or [""])[0][:160]
        return {"spark": "error", "error": f"{type(error).__name__}: {first}".rstrip(": ")}
    if same(found, expected):
        return {"spark": "works"}
    return {"spark": "differs", "pandas_gives": short(expected), "spark_gives": short(found)}


def short(value: Any) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= 120 else text[:117] + "..."


def rewrite_for(code: str, rewrites: list[str], subscript: tuple[str, str] | None,
                pandas_ns: dict[str, Any], spark_ns: dict[str, Any],
                parameter: str = "") -> str | None:  # fmt: skip
    """The first rewrite that runs on Spark and gives pandas' result (a template)."""
    for template in rewrites:
        if subscript is not None:
            text = template.format(**subscript_fields(*subscript))
        else:
            text = rewrite_argument(code, parameter, template)
        try:
            if outcome(text, pandas_ns, spark_ns)["spark"] == "works":
                return template
        except Exception:  # noqa: BLE001, S112 - a rewrite pandas itself refuses is no rewrite
            continue
    return None


def argument_fields(source: str, node: ast.expr) -> dict[str, str]:
    """{value}, {name}, {first} of an argument (what the rule fills in from the notebook)."""
    fields = {"value": source, "name": "", "first": source}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        fields["name"] = node.value
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        fields["first"] = ast.unparse(node.elts[0])
    return fields


def rewrite_argument(code: str, parameter: str, template: str) -> str:
    """`code` with its `parameter=` keyword's value rewritten by `template`."""
    tree = ast.parse(code, mode="eval")
    keywords = [k.value for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == parameter]
    # else the outermost call's first argument (`transform('mean')`)
    value = keywords[0] if keywords else tree.body.args[0]  # type: ignore[attr-defined]
    source = ast.get_source_segment(code, value) or ""
    new = template.format(**argument_fields(source, value))
    start = code.index(f"{parameter}={source}") + len(parameter) + 1 if keywords else code.rindex(source)
    return code[:start] + new + code[start + len(source):]


def subscript_fields(code: str, form: str) -> dict[str, str]:
    """{obj}, {value}, {n}, {start}, {stop} of a probe's `obj[...]` (the last subscript; `obj`
    without its `.iloc`/`.loc`/`.str`)."""
    obj, _, inside = code.rpartition("[")
    inside = inside.rstrip("]")
    for accessor in (".iloc", ".loc", ".str"):  # the templates name the object itself
        obj = obj.removesuffix(accessor)
    start, _, stop = inside.partition(":")
    number = start or stop
    return {"obj": obj, "value": inside, "n": str(abs(int(number))) if number else "0",
            "start": start or "None", "stop": stop or "None"}  # fmt: skip


def probe_all(pandas_ns: dict[str, Any], spark_ns: dict[str, Any]) -> dict[str, Any]:
    value_forms: dict[str, Any] = {}
    for member, parameter, form, code, rewrites in VALUE_FORMS:
        entry = {"code": code, **outcome(code, pandas_ns, spark_ns)}
        if entry["spark"] != "works":
            entry["rewrite"] = rewrite_for(code, rewrites, None, pandas_ns, spark_ns, parameter)
        value_forms.setdefault(member, {}).setdefault(parameter, {})[form] = entry
    subscripts: dict[str, Any] = {}
    for kind, form, code, rewrites in SUBSCRIPTS:
        entry = {"code": code, **outcome(code, pandas_ns, spark_ns)}
        if entry["spark"] != "works":
            entry["rewrite"] = rewrite_for(code, rewrites, (code, form), pandas_ns, spark_ns)
        subscripts.setdefault(kind, {})[form] = entry
    return {"value_forms": value_forms, "subscripts": subscripts}


def positions(members: list[str]) -> dict[str, list[str]]:
    """The pandas parameter order of each probed member: `groupby('a')` is `by='a'`."""
    import inspect

    import pandas as pd

    owners = {"DataFrame": pd.DataFrame, "Series": pd.Series, "pd": pd,
              "DataFrameGroupBy": pd.core.groupby.DataFrameGroupBy,
              "SeriesGroupBy": pd.core.groupby.SeriesGroupBy,
              "Series.str": pd.core.strings.accessor.StringMethods,
              "Series.dt": pd.core.indexes.accessors.DatetimeProperties}  # fmt: skip
    found = {}
    for member in members:
        owner_name, _, name = member.rpartition(".")
        function = getattr(owners[owner_name], name)
        skip = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        found[member] = [p.name for p in inspect.signature(function).parameters.values()
                         if p.kind not in skip and p.name != "self"]  # fmt: skip
    return found


def session() -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("probe-spark-behaviour")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.sql.ansi.enabled", "false").getOrCreate())  # fmt: skip
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def generate() -> dict[str, Any]:
    import pandas
    import pyspark

    spark = session()
    import pyspark.pandas as ps

    try:
        results = probe_all(frames(pandas), frames(ps))
    finally:
        spark.stop()
    failing = [e for m in results["value_forms"].values() for p in m.values() for e in p.values()]
    failing += [e for k in results["subscripts"].values() for e in k.values()]
    return {
        "schema": SCHEMA,
        "generated_by": "scripts/probe_spark_behaviour.py",
        "versions": {"pyspark": pyspark.__version__, "pandas": pandas.__version__,
                     "python": platform.python_version()},  # fmt: skip
        "summary": {"probes": len(failing),
                    **{k: sum(e["spark"] == k for e in failing) for k in ("works", "differs", "error")}},  # fmt: skip
        "positions": positions(sorted(results["value_forms"])),
        **results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    table = generate()
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    summary = table["summary"]
    print(f"wrote {path}: {summary['probes']} probes on pyspark {table['versions']['pyspark']}: "
          f"{summary['works']} work, {summary['differs']} differ, {summary['error']} fail")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
