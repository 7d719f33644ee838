"""A Spark job submitted with `spark-submit`: the master spark-submit gives wins over
`SPARK_MASTER`, the job's own settings apply, and it runs through its kernel-free entry point.

Run: `pytest -m spark tests/spark` (Java 17 and the `spark` extra installed). About 40 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spark_notebooks import write_data, write_notebook

pytestmark = pytest.mark.spark


def test_spark_submit_runs_the_job_on_its_master_without_the_job_overriding_it(
    tmp_path: Path, cli, monkeypatch
) -> None:
    write_data(tmp_path, rows=200)
    write_notebook(tmp_path, "sales")
    monkeypatch.chdir(tmp_path)
    assert cli("export", "sales.ipynb", "--engine", "spark", "--no-run").status == 0
    job = tmp_path / "jobs" / "sales"
    submit = Path(sys.executable).with_name("spark-submit")
    command = [str(submit if submit.exists() else shutil.which("spark-submit")), "--master", "local[1]",
               str(job / "sales" / "__main__.py"), "--engine", "spark", "--contract", "off"]  # fmt: skip
    environment = {**os.environ, "SPARK_MASTER": "local[2]", "PYSPARK_PYTHON": sys.executable,
                   "PYSPARK_DRIVER_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}  # fmt: skip
    done = subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    record = json.loads(sorted((job / "runs").glob("*/run.json"))[-1].read_text(encoding="utf-8"))
    assert record["status"] == "succeeded"
    output = sorted((job / "runs").glob("*/output.ipynb"))[-1].read_text(encoding="utf-8")
    assert "master local[1]" in output  # spark-submit's, not SPARK_MASTER's local[2]
    assert "UI http://" in output  # the Spark UI is kept
    assert "north" in output and "store_id" in output  # the steps printed their tables
