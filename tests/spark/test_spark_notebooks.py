"""Four ordinary pandas notebooks (`spark_notebooks.py`), exported with `--engine spark`, run on
a local Spark as exported and on pandas: each step prints the same (floats aside).

One export runs the sample run (the escape-hatch notebook: its fallbacks are reported); the
others export with `--no-run` to keep CI short, and each job then runs on Spark with `jupyter prod
run`. A fifth notebook, whose CSV column Spark reads as a timestamp where pandas reads text,
passes `check` but is refused by the export's sample run, naming its cell and line.

Run: `pytest -m spark tests/spark` (Java 17 and the `spark` extra installed). About 3-4 min.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spark_notebooks import NOTEBOOKS, write_data, write_notebook

pytestmark = pytest.mark.spark

NUMBER = re.compile(r"-?\d+\.\d+")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spark-notebooks")
    write_data(folder)
    for name in NOTEBOOKS:
        write_notebook(folder, name)
    return folder


def printed(output: str) -> dict[str, str]:
    """stdout per step cell of a run's output notebook, whitespace and float digits evened."""
    cells = json.loads(Path(output).read_text(encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        step = cell.get("metadata", {}).get("jupyter_prod", {}).get("step")
        if step:
            text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", [])
                           if o.get("name") == "stdout")  # fmt: skip
            text = NUMBER.sub(lambda m: f"{float(m.group()):.1f}", text)
            found[step] = " ".join(text.split())
    return found


def run_both(cli, job: Path) -> tuple[dict[str, str], dict[str, str]]:
    on_pandas = cli("run", job, "--engine", "local", "--no-progress", "--contract", "off")
    on_spark = cli("run", job, "--engine", "spark", "--no-progress", "--contract", "off")
    assert on_pandas.status == 0, on_pandas.err
    assert on_spark.status == 0, on_spark.err
    return printed(_output(on_pandas.out)), printed(_output(on_spark.out))


def _output(out: str) -> str:
    return next(line for line in out.splitlines() if line.endswith("output.ipynb")).strip()


@pytest.mark.parametrize("name", ["sales", "features", "strings"])
def test_the_notebook_runs_on_spark_as_exported_with_pandas_results(
    project: Path, cli, monkeypatch, name: str
) -> None:
    monkeypatch.chdir(project)
    exported = cli("export", f"{name}.ipynb", "--engine", "spark", "--no-run")
    assert exported.status == 0, exported.err
    pandas_result, spark_result = run_both(cli, project / "jobs" / name)
    assert any(pandas_result.values())  # the steps that print
    assert spark_result == pandas_result


def test_what_spark_lacks_runs_through_pandas_with_a_warning(
    project: Path, cli, monkeypatch
) -> None:
    monkeypatch.chdir(project)
    exported = cli("export", "lacking.ipynb", "--engine", "spark")  # with its sample run
    assert exported.status == 0, exported.err
    job = project / "jobs" / "lacking"
    report = (job / "export-report.md").read_text(encoding="utf-8")
    assert "ran on a local Spark on a sample of 2000 rows per input" in report
    assert (
        "`DataFrame.value_counts` is not in pandas API on Spark: the job runs it on a collected pandas frame"
        in report
    )
    assert (
        "`pd.cut` is not in pandas API on Spark: the job runs it with pandas on each batch"
        in report
    )
    assert "`SeriesGroupBy.agg` is not in pandas API on Spark: the job runs it per group" in report
    engine = (job / "lacking" / "engine.py").read_text(encoding="utf-8")
    assert '"pd.cut": "batch"' in engine and '"SeriesGroupBy.agg": "group"' in engine
    pandas_result, spark_result = run_both(cli, job)
    assert spark_result == pandas_result
    outputs = json.loads(Path(_latest_output(job)).read_text(encoding="utf-8"))["cells"]
    stderr = "".join("".join(o.get("text", "")) for c in outputs for o in c.get("outputs", [])
                     if o.get("name") == "stderr")  # fmt: skip
    assert "`pd.cut` is not in pandas API on Spark: it ran with pandas on each batch" in stderr
    # ... and the run record keeps them, once each, as `jupyter prod run` printed them.
    record = json.loads((Path(_latest_output(job)).parent / "run.json").read_text(encoding="utf-8"))
    assert (
        "`pd.cut` is not in pandas API on Spark: it ran with pandas on each batch of rows "
        "(transform_batch)" in record["warnings"]
    )
    assert len(record["warnings"]) == len(set(record["warnings"]))
    on_pandas_record = json.loads(
        (sorted((job / "runs").glob("*/run.json"))[-2]).read_text(encoding="utf-8")
    )
    assert on_pandas_record["warnings"] == []


def _latest_output(job: Path) -> str:
    return str(sorted((job / "runs").glob("*/output.ipynb"))[-1])


def test_the_sample_run_refuses_what_only_spark_fails_naming_cell_and_line(
    project: Path, cli, monkeypatch
) -> None:
    monkeypatch.chdir(project)
    (project / "visits.csv").write_text("day,visits\n2024-01-03,5\n2024-01-04,7\n2024-02-01,2\n")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "import pandas as pd",
        'visits = pd.read_csv("visits.csv")',
        '# pandas reads `day` as text; Spark infers a date\nvisits["month"] = visits["day"].str.slice(0, 7)\n'
        'print(visits.groupby("month")["visits"].sum().sort_index())',
    )]  # fmt: skip
    NotebookClient(
        nb, kernel_name="python3", resources={"metadata": {"path": str(project)}}
    ).execute()
    nbformat.write(nb, project / "visits.ipynb")
    checked = cli("check", "visits.ipynb", "--select", "pandas")
    assert checked.status == 0, checked.out
    refused = cli("export", "visits.ipynb", "--engine", "spark")
    assert refused.status == 1
    assert "the job failed on a local Spark, on a sample of 2000 rows per input" in refused.err
    assert "cell 3, line 2: ValueError: Cannot call StringMethods on type DateType()" in refused.err
    assert not (project / "jobs" / "visits").exists()
