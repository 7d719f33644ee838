"""`jupyter prod run`: papermill runs the job in the caller's folder, every run is recorded
under `runs/`, parameters are checked against `job.yaml` before anything runs, and a failure
names the cell, the error and where in the package it was raised, with exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api

pytestmark = pytest.mark.slow

DIVIDE = notebook(
    ("md", "# Divide"),
    "DIVISOR = 4\nLABEL = 'share'",
    ("md", "## Read"),
    "with open('numbers.txt') as handle:\n    numbers = [int(line) for line in handle]",
    ("md", "## Divide"),
    "def part(n):\n    return n / DIVISOR",
    "shares = [part(n) for n in numbers]\nprint(LABEL, shares)",
)


@pytest.fixture
def job(tmp_path: Path, monkeypatch) -> Path:
    path = write_notebook(tmp_path, "divide.ipynb", DIVIDE)
    (tmp_path / "numbers.txt").write_text("8\n12\n")
    monkeypatch.chdir(tmp_path)
    return Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)


def record(job: Path) -> dict[str, object]:
    [path] = (job / "runs").glob("*/run.json")
    return json.loads(path.read_text())


def stdout_of(output: Path) -> str:
    cells = json.loads(output.read_text())["cells"]
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []) if o.get("name") == "stdout")


def test_a_run_prints_its_output_notebook_and_is_recorded(job: Path, cli) -> None:
    ran = cli("run", job, "-p", "DIVISOR", "2", "-p", "LABEL", "half", "--no-progress")
    assert ran.status == 0, ran.err
    output = Path(ran.out.strip())
    assert output.parent.parent == job / "runs" and output.name == "output.ipynb"
    assert stdout_of(output) == "half [4.0, 6.0]\n"
    saved = record(job)
    assert saved["status"] == "succeeded" and saved["parameters"] == {"DIVISOR": 2, "LABEL": "half"}
    assert saved["output"] == str(output) and saved["seconds"] > 0 and saved["failed_cell"] is None
    listed = cli("run", job, "--list")
    assert listed.status == 0 and "succeeded" in listed.out and str(output) in listed.out


def test_a_failing_run_names_the_cell_the_error_and_the_package_line(job: Path, cli, tmp_path: Path) -> None:
    ran = cli("run", job, "-p", "DIVISOR", "0", "--output", tmp_path / "out" / "failed.ipynb", "--no-progress")
    assert ran.status == 1
    assert "the job failed: cell" in ran.err and "ZeroDivisionError: division by zero" in ran.err
    assert "divide/functions.py, line 5" in ran.err and "steps.divide(" in ran.err
    assert (tmp_path / "out" / "failed.ipynb").exists()
    saved = record(job)
    assert saved["status"] == "failed" and saved["failed_cell"]["error"] == "ZeroDivisionError: division by zero"
    assert saved["failed_cell"]["location"] == "divide/functions.py, line 5"
    assert "Traceback" not in ran.err


def test_parameters_are_checked_before_anything_runs(job: Path, cli) -> None:
    unknown = cli("run", job, "-p", "DIVISER", "2")
    assert unknown.status == 2 and "the job has no parameter DIVISER (it takes: DIVISOR, LABEL" in unknown.err
    wrong = cli("run", job, "-p", "DIVISOR", "two")
    assert wrong.status == 2 and "DIVISOR takes an int, not 'two'" in wrong.err
    assert not (job / "runs").exists()


def test_cwd_decides_where_relative_paths_resolve(job: Path, cli, tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "numbers.txt").write_text("4\n")
    monkeypatch.chdir(elsewhere)
    ran = cli("run", job, "--no-progress")
    assert ran.status == 0, ran.err
    assert stdout_of(Path(ran.out.strip())) == "share [1.0]\n"
    again = cli("run", job, "--cwd", tmp_path, "--no-progress")
    assert again.status == 0 and stdout_of(Path(again.out.strip())) == "share [2.0, 3.0]\n"


def test_what_is_not_a_job_or_not_its_engine_is_a_usage_error(job: Path, cli, tmp_path: Path) -> None:
    not_a_job = cli("run", tmp_path)
    assert not_a_job.status == 2 and "is not a job folder: it has no job.yaml" in not_a_job.err
    spark = cli("run", job, "--engine", "spark")
    assert spark.status == 2 and "exported for the local engine" in spark.err
    missing_cwd = cli("run", job, "--cwd", tmp_path / "nowhere")
    assert missing_cwd.status == 2 and "is not a folder" in missing_cwd.err
