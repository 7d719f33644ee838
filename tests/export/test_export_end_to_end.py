"""Exported jobs run in a real kernel (ipykernel `python3`) on realistic notebooks with their
data, and compute what the notebooks computed.

For each notebook: `export --verify` runs the notebook and the job and compares every step's
outputs with the notebook's; the job's own recorded tests then pass in a fresh pytest; and
`jupyter prod run` gives, cell by cell, the outputs the data scientist saved."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_prod import api
from jupyter_prod.execution.outputs import normalise

pytestmark = pytest.mark.slow

REALISTIC = Path(__file__).resolve().parents[1] / "fixtures" / "export" / "realistic"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the realistic notebooks and their data: exports never write into the repo."""
    folder = tmp_path / "project"
    shutil.copytree(REALISTIC, folder)
    return folder


def run_job_tests(job: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(job / "tests")]
    return subprocess.run(command, cwd=job, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", ["retail_orders", "sensor_model", "survey_report"])
def test_the_exported_job_computes_what_the_notebook_computed(project: Path, name: str, cli) -> None:
    notebook = project / f"{name}.ipynb"
    before = notebook.read_bytes()
    exported = cli("export", notebook, "--verify")
    assert exported.status == 0, exported.err
    assert "verified: the outputs of" in exported.out
    assert notebook.read_bytes() == before
    job = project / "jobs" / name
    recorded = int(re.search(r"(\d+) test\(s\)", exported.out).group(1))
    assert recorded >= 4
    tests = run_job_tests(job)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert f"{recorded} passed" in tests.stdout


def test_a_run_of_the_job_shows_the_outputs_the_notebook_saved(project: Path, cli, monkeypatch) -> None:
    notebook = project / "retail_orders.ipynb"
    result = api.export_notebook(notebook, api.ExportOptions(run=False))
    monkeypatch.chdir(project)  # relative data paths resolve from the notebook's folder
    ran = cli("run", result.job_dir, "--no-progress")
    assert ran.status == 0, ran.err
    output = json.loads(Path(ran.out.strip()).read_text(encoding="utf-8"))
    saved = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    thin = {step["name"]: step["cells"] for step in result.report.steps}
    compared = 0
    for cell in output["cells"]:
        step = next((n for n in thin if f"steps.{n}(" in "".join(cell["source"])), None)
        if step is None:
            continue
        expected = [o for i in thin[step] for o in saved[i]["outputs"]]
        want, got = normalise(expected), normalise(cell["outputs"])
        assert (want.stdout, want.shown, want.error) == (got.stdout, got.shown, got.error), step
        compared += 1
    assert compared == len(thin) == 4


def test_a_parameter_changes_what_the_job_computes(project: Path, cli, monkeypatch) -> None:
    notebook = project / "retail_orders.ipynb"
    result = api.export_notebook(notebook, api.ExportOptions(run=False))
    monkeypatch.chdir(project)
    ran = cli("run", result.job_dir, "-p", "MIN_QTY", "5", "--no-progress")
    assert ran.status == 0, ran.err
    summary = (project / "summary.csv").read_text(encoding="utf-8")
    # with at least 5 per order, only the bulk buyers of two segments are left
    assert summary.splitlines()[0] == "segment,orders,gross,share"
    assert len(summary.splitlines()) == 3
    record = json.loads(next((Path(result.job_dir) / "runs").glob("*/run.json")).read_text())
    assert record["parameters"] == {"MIN_QTY": 5} and record["status"] == "succeeded"


def test_verify_fails_the_export_when_the_job_gives_other_outputs(tmp_path: Path, cli) -> None:
    from helpers import notebook, write_notebook

    path = write_notebook(tmp_path, "dice.ipynb", notebook(
        "import random", ("md", "## Roll"), "roll = random.random()\nprint(round(roll, 6))",
    ))  # fmt: skip
    result = cli("export", path, "--verify")
    assert result.status == 1
    assert "the job's cell for `roll` differs from notebook cell(s) 3" in result.err
    assert not (tmp_path / "jobs").exists()


def test_a_notebook_with_its_own_show_keeps_it_and_still_displays(tmp_path: Path) -> None:
    from helpers import notebook, write_notebook

    path = write_notebook(tmp_path, "own.ipynb", notebook(
        "def show(x):\n    print('value:', x)", ("md", "## One"), "total = 2 + 3\nshow(total)\ntotal * 2",
    ))  # fmt: skip
    result = api.export_notebook(path, api.ExportOptions(verify=True))
    steps = (Path(result.job_dir) / "own" / "steps.py").read_text()
    assert "from .notebook_display import show as show_value" in steps
    assert "show(total)\n    show_value(total * 2)" in steps
    assert "same as the notebook" in str(result.report.verified)  # `value: 5` printed, 10 shown
    tests = (Path(result.job_dir) / "tests" / "test_steps.py").read_text()
    assert 'monkeypatch.setattr(steps, "show_value", shown)' in tests
