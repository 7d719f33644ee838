"""The Spark engine, end to end on a real local Spark: the same exported job on pandas and on
pandas API on Spark gives the same results on a sample dataset, and the notebook's.

Starting Spark in the job's kernel costs 20-40 s: one Spark run only. Needs Java (17) and
pyspark (the `test` extra); without Java the test says so and is skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jupyter_prod import api

pytestmark = pytest.mark.slow

REALISTIC = Path(__file__).resolve().parents[1] / "fixtures" / "export" / "realistic"


def printed(output: str, step: str) -> str:
    cells = json.loads(Path(output).read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if f"steps.{step}(" in "".join(c["source"]))
    return "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("name") == "stdout")


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (apt-get install openjdk-17-jre-headless)")
def test_the_same_job_gives_the_same_results_on_pandas_and_on_spark(tmp_path: Path, cli, monkeypatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(REALISTIC, project)
    exported = cli("export", project / "spark_sales.ipynb", "--engine", "spark", "--no-run")
    assert exported.status == 0, exported.err
    job = project / "jobs" / "spark_sales"
    assert "from .engine import pandas as pd" in (job / "spark_sales" / "steps.py").read_text()
    monkeypatch.chdir(project)
    on_pandas = cli("run", job, "--engine", "local", "--no-progress")
    on_spark = cli("run", job, "--no-progress")  # the job's own engine: spark, local[*]
    assert on_pandas.status == 0, on_pandas.err
    assert on_spark.status == 0, on_spark.err
    saved = json.loads((project / "spark_sales.ipynb").read_text())["cells"][-1]["outputs"]
    expected = "".join("".join(o["text"]) for o in saved if o.get("name") == "stdout")
    assert printed(on_pandas.out.strip(), "totals") == expected
    assert printed(on_spark.out.strip(), "totals") == expected
    records = api.list_runs(job)
    assert [r.engine for r in records] == ["local", "spark"]


def test_spark_is_refused_with_each_blocker_and_its_cell(tmp_path: Path, cli) -> None:
    from helpers import notebook, write_notebook

    path = write_notebook(tmp_path, "counts.ipynb", notebook(
        "import pandas as pd",
        "df = pd.DataFrame({'a': [1, 1, 2], 'b': ['x', 'x', 'y'], 'c': [1.0, 2.0, 3.0]})",
        "by_a = df.groupby('a', sort=False)['c'].sum()\n"
        "wide = df.pivot_table(index='a', columns='b', values='c')",
    ))  # fmt: skip
    refused = cli("export", path, "--engine", "spark", "--no-run")
    assert refused.status == 1
    assert "the Spark engine cannot run this notebook" in refused.err
    assert "PD002 cell 3, line 1" in refused.err and "sort" in refused.err
    assert "PD009 cell 3, line 2" in refused.err and "fails on Spark" in refused.err
    assert "fix: write `['a']`" in refused.err
    assert not (tmp_path / "jobs").exists()


def test_what_spark_lacks_is_exported_through_pandas_with_a_warning(tmp_path: Path, cli) -> None:
    """The escape hatch (run on Spark in tests/spark/test_spark_notebooks.py)."""
    from helpers import notebook, write_notebook

    path = write_notebook(tmp_path, "counts.ipynb", notebook(
        "import pandas as pd",
        "df = pd.DataFrame({'a': [1, 1, 2], 'b': ['x', 'x', 'y']})",
        "counts = df[['a', 'b']].value_counts()\nbins = pd.cut(df['a'], [0, 1, 2])",
    ))  # fmt: skip
    exported = cli("export", path, "--engine", "spark", "--no-run")
    assert exported.status == 0, exported.err
    job = tmp_path / "jobs" / "counts"
    report = (job / "export-report.md").read_text()
    assert "cell 3, line 1: `DataFrame.value_counts` is not in pandas API on Spark: the job runs it on a collected pandas frame" in report
    assert "cell 3, line 2: `pd.cut` is not in pandas API on Spark: the job runs it with pandas on each batch" in report
    engine = (job / "counts" / "engine.py").read_text()
    assert '"DataFrame.value_counts": "collect"' in engine and '"pd.cut": "batch"' in engine
    assert "# pyspark==" in (job / "requirements.txt").read_text()  # the cluster's runtime has it
    assert "driver_memory: 2g" in (job / "job.yaml").read_text()
    readme = (job / "README.md").read_text()
    assert "spark-submit --master spark://head:7077 counts/__main__.py" in readme
    assert "managed runtime" in readme


def test_spark_is_refused_for_a_notebook_without_pandas(tmp_path: Path, cli) -> None:
    from helpers import notebook, write_notebook

    path = write_notebook(tmp_path, "plain.ipynb", notebook("total = sum(range(10))\nprint(total)"))
    refused = cli("export", path, "--engine", "spark")
    assert refused.status == 1 and "does not use pandas" in refused.err
