"""The compatibility table, grounded in a real local Spark: what it calls missing really fails,
what it calls supported really runs, the parameters it calls missing are really refused.

Run: `pytest -m spark tests/spark` (Java 17 and the `spark` extra installed).
"""

from __future__ import annotations

import inspect
import json
import random
import warnings
from pathlib import Path
from typing import Any

import pytest
from spark_objects import materialise, objects_by_kind, required_positionals

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
TABLE = json.loads((ROOT / "jupyter_prod" / "data" / "spark_compat.json").read_text("utf-8"))
SEED = 20240601
# Supported members sampled per kind and run for real (each runs a Spark job).
SAMPLE = {"DataFrame": 6, "Series": 6, "DataFrameGroupBy": 3, "SeriesGroupBy": 3,
          "Rolling": 2, "Expanding": 1, "StringMethods": 2, "DatetimeProperties": 2}  # fmt: skip
# Supported, but a bare call is not a meaningful use: they need an argument in practice
# (`fillna()`: "Must specify a fillna 'value'"), a display, a clipboard or an optional package.
NEEDS_MORE = {"fillna", "drop", "filter", "rename", "sample", "select_dtypes", "pivot",
              "pivot_table", "bool", "item", "swaplevel", "unstack", "agg", "aggregate",
              "to_clipboard", "to_markdown", "to_latex", "to_excel", "hist", "boxplot", "plot",
              "info", "apply", "transform", "pipe", "kde", "spark", "pandas_on_spark"}  # fmt: skip


def members(kind: str, spark: str) -> list[tuple[str, dict[str, Any]]]:
    return [(n, e) for n, e in TABLE["kinds"][kind]["members"].items() if e["spark"] == spark]


def probe_missing(obj: Any, name: str, entry: dict[str, Any]) -> str | None:
    """None when using `obj.name` fails as the table says; else what happened instead."""
    from pyspark.pandas.exceptions import PandasNotImplementedError

    try:
        if name == "__iter__":
            next(iter(obj))
            return "iterating worked"
        value = getattr(obj, name)
        if entry["type"] == "property":
            # Resamplers answer None for members they do not have, instead of raising.
            return None if value is None else f"property gave {type(value).__name__}"
        value(*[None] * max(required_positionals(value), 0))  # arguments never get used
        return "the call worked"
    except (PandasNotImplementedError, NotImplementedError, AttributeError):
        return None
    except KeyError:  # GroupBy looks unknown attributes up as columns
        return None
    except TypeError as error:  # a resampler's None is not callable
        return None if "'NoneType' object is not callable" in str(error) else repr(error)
    except Exception as error:  # noqa: BLE001 - reported below, with the member
        return repr(error)


def test_every_missing_api_really_fails(ps: Any) -> None:
    objects = objects_by_kind(ps)
    wrong = []
    count = 0
    for kind in TABLE["kinds"]:
        for name, entry in members(kind, "missing"):
            count += 1
            problem = probe_missing(objects[kind], name, entry)
            if problem:
                wrong.append(f"{kind}.{name} ({entry['via']}): {problem}")
    assert count == TABLE["summary"]["missing"]
    assert not wrong, "\n".join(wrong)


def test_every_missing_parameter_is_really_refused(ps: Any) -> None:
    objects = objects_by_kind(ps)
    wrong = []
    for kind in TABLE["kinds"]:
        for name, entry in members(kind, "supported"):
            if entry.get("params_forwarded"):
                continue  # pyspark takes **kwargs there: the keyword is passed on, not refused
            for parameter in entry.get("params", ()):
                try:
                    getattr(objects[kind], name)(**{parameter: None})
                    wrong.append(f"{kind}.{name}({parameter}=...) was accepted")
                except TypeError as error:
                    if "unexpected keyword argument" not in str(error):
                        wrong.append(f"{kind}.{name}({parameter}=...): {error}")
    assert not wrong, "\n".join(wrong)


def test_a_sample_of_supported_apis_really_runs(ps: Any) -> None:
    objects = objects_by_kind(ps, numeric=True)
    chosen = []
    for kind, size in SAMPLE.items():
        candidates = []
        for name, _entry in members(kind, "supported"):
            if name in NEEDS_MORE:
                continue
            attribute = inspect.getattr_static(type(objects[kind]), name, None)
            if isinstance(attribute, property) or required_positionals(attribute) == 0:
                candidates.append(name)
        chosen += [(kind, n) for n in random.Random(f"{SEED}:{kind}").sample(candidates, size)]
    failed = []
    for kind, name in chosen:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = getattr(objects[kind], name)
                if not isinstance(inspect.getattr_static(type(objects[kind]), name), property):
                    value = value()
                materialise(value, ps)
        except Exception as error:  # noqa: BLE001 - every failure is listed
            failed.append(f"{kind}.{name}: {type(error).__name__}: {str(error)[:200]}")
    assert len(chosen) == sum(SAMPLE.values())
    assert not failed, "\n".join(failed)


def test_what_the_rules_say_about_spark_holds(ps: Any) -> None:
    """The claims in the rule messages, on a real session."""
    frame = ps.DataFrame({"k": [1, 1, 2, 2], "v": [1.0, 2.0, 3.0, 5.0]})
    # row-iteration: iterating the groups fails; the grouped window runs and stays per group
    with pytest.raises(Exception):  # noqa: B017 - a KeyError today; any failure proves it
        [key for key, _ in frame.groupby("k")]
    assert frame.groupby("k")["v"].shift(1).to_pandas().isna().sum() == 2
    # positional-row-access: a negative position does not work at all
    with pytest.raises(KeyError):
        frame.iloc[-1]
    # row-wise-apply: an untyped row-wise lambda runs (as a pandas UDF) and gives pandas' result
    applied = frame.apply(lambda row: row["v"] * 2, axis=1).to_pandas().sort_index().tolist()
    assert applied == [2.0, 4.0, 6.0, 10.0]
    # a Series.map through a dict is fine
    assert frame["k"].map({1: 10, 2: 20}).to_pandas().sort_index().tolist() == [10, 10, 20, 20]


def test_the_table_matches_the_installed_pyspark() -> None:
    """Regenerating the table with the installed pyspark and pandas gives the shipped file."""
    import sys

    import pandas
    import pyspark

    stamped = TABLE["versions"]
    if (pyspark.__version__, pandas.__version__) != (stamped["pyspark"], stamped["pandas"]):
        pytest.skip(f"table made with pyspark {stamped['pyspark']} / pandas {stamped['pandas']}")
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_spark_compat

    fresh = json.loads(gen_spark_compat.render(gen_spark_compat.generate()))
    fresh["versions"].pop("python")
    shipped = dict(TABLE, versions={k: v for k, v in TABLE["versions"].items() if k != "python"})
    assert fresh == shipped, "run scripts/gen_spark_compat.py"
