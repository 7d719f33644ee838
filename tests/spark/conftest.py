"""The `spark` tests: one local Spark session for all of them, and only when asked for.

    pytest -m spark tests/spark        (needs Java 17 and `pip install -e ".[spark]"`)

Without `-m spark` (or JUPYTER_PROD_SPARK=1) they are skipped: starting Spark costs 20-40 s.
When asked for, a missing pyspark or Java is an error, not a skip.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest


def _asked_for(config: pytest.Config) -> bool:
    expression = str(config.getoption("markexpr", "") or "")
    return ("spark" in expression and "not spark" not in expression) or bool(
        os.environ.get("JUPYTER_PROD_SPARK")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    skip = pytest.mark.skip(reason="starts Spark: run with `pytest -m spark tests/spark`")
    for item in items:
        if "spark" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local SparkSession on 2 cores, started once (TOOLCHAIN.md: the interpreter for the
    Python workers, the loopback address, no UI)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("jupyter-prod-spark-compat")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def ps(spark: Any) -> Any:
    """`pyspark.pandas`, bound to the session."""
    import pyspark.pandas

    return pyspark.pandas
