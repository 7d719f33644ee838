"""The data contract on pandas API on Spark: the same schema (pandera validates pyspark.pandas
frames) finds the same violations as on pandas, and the profile, computed with Spark
aggregations, finds the same drift."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contract"))
from demo_data import changed, sales  # noqa: E402

pytestmark = pytest.mark.spark


def test_the_contract_finds_the_same_violations_and_drift_on_spark(ps: Any) -> None:
    import pandera.pandas as pa

    from jupyter_prod.contract.in_job.drift import compare
    from jupyter_prod.contract.in_job.profiles import profile
    from jupyter_prod.contract.in_job.validation import violations
    from jupyter_prod.contract.inference import infer_schema, schema_yaml

    reference = profile(sales())
    schema = pa.DataFrameSchema.from_yaml(schema_yaml(infer_schema("sales", reference)))
    on_pandas = changed(sales())
    on_spark = ps.from_pandas(on_pandas)
    assert violations(schema, ps.from_pandas(sales()), "sales") == []
    assert violations(schema, on_spark, "sales") == violations(schema, on_pandas, "sales")
    spark_profile = profile(on_spark)
    assert spark_profile["rows"] == 400 and spark_profile["columns"]["amount"]["nulls"] == 3
    assert spark_profile["columns"]["city"]["top"][-1] == ["Lille", 2 / 400]
    drifted = {
        d["column"]
        for d in compare("sales", reference, spark_profile, on_spark, {})
        if d["drifted"]
    }
    assert drifted == {"score"}


def test_a_spark_job_s_contract_coerces_numbers_spark_reads_narrower(ps: Any, tmp_path: Path) -> None:
    """Spark reads the ids as 32-bit integers where pandas read 64-bit ones: a Spark job's
    contract coerces numbers (on a copy), a local job's names the column's dtype."""
    import pandera.pandas as pa

    from jupyter_prod.contract.in_job.profiles import profile
    from jupyter_prod.contract.in_job.validation import violations
    from jupyter_prod.contract.inference import infer_schema, schema_yaml

    sales().to_csv(tmp_path / "sales.csv", index=False)
    frame = ps.read_csv(str(tmp_path / "sales.csv"))
    assert str(frame.dtypes["order_id"]) == "int32"
    reference = profile(sales())
    for engine, expected in (("spark", []), ("local", [("order_id", "dtype('int64')", ["int32"])])):
        schema = pa.DataFrameSchema.from_yaml(schema_yaml(infer_schema("sales", reference, engine)))
        found = violations(schema, frame, "sales")
        assert [(v["column"], v["check"], v["failing_values"]) for v in found] == expected
    assert str(frame.dtypes["order_id"]) == "int32"  # the job's frame is left as it was
