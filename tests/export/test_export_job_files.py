"""The files of a job besides the package: the job notebook keeps the notebook's visible
outputs, job.yaml and requirements.txt pin what is installed, the README says how to run it,
and a notebook that cannot run gets no empty tests but a report that says why."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from helpers import notebook, write_notebook

from jupyter_prod import api

REALISTIC = Path(__file__).resolve().parents[1] / "fixtures" / "export" / "realistic"


@pytest.fixture
def retail(tmp_path: Path) -> Path:
    shutil.copytree(REALISTIC, tmp_path / "project")
    result = api.export_notebook(tmp_path / "project" / "retail_orders.ipynb", api.ExportOptions(run=False))
    return Path(result.job_dir)


def test_thin_cells_keep_the_visible_outputs_of_the_cells_they_replace(retail: Path) -> None:
    cells = json.loads((retail / "retail_orders.ipynb").read_text())["cells"]
    calls = [c for c in cells if c["cell_type"] == "code" and " steps." in " " + "".join(c["source"])]
    by_step = {"".join(c["source"]).split("steps.")[1].split("(")[0]: c for c in calls}
    assert by_step["load"]["outputs"][0] == {"name": "stdout", "output_type": "stream", "text": ["(12, 6) (5, 4)\n"]}
    kinds = [sorted(o["data"]) for o in by_step["summary"]["outputs"]]
    assert kinds == [["text/html", "text/plain"], ["image/png", "text/plain"]]  # the frame, then the plot
    assert all(o["output_type"] != "error" for c in cells for o in c.get("outputs", []))
    assert [c["cell_type"] for c in cells[:4]] == ["markdown", "code", "code", "markdown"]
    assert cells[1]["metadata"]["tags"] == ["parameters"]


def test_job_yaml_requirements_and_readme(retail: Path) -> None:
    job = yaml.safe_load((retail / "job.yaml").read_text())
    assert {k: job[k] for k in ("name", "notebook", "package", "kernel", "engine", "workdir")} == {
        "name": "retail_orders", "notebook": "retail_orders.ipynb", "package": "retail_orders",
        "kernel": "python3", "engine": "local", "workdir": "../..",
    }  # fmt: skip
    assert job["parameters"]["MIN_QTY"] == {"type": "int", "default": 1, "origin": "cell 3, line 1"}
    assert job["parameters"]["orders_path"]["default"] == "data/orders.csv"
    pandas = f"pandas=={metadata.version('pandas')}"
    assert pandas in job["dependencies"] and f"matplotlib=={metadata.version('matplotlib')}" in job["dependencies"]
    assert pandas in (retail / "requirements.txt").read_text().splitlines()
    readme = (retail / "README.md").read_text()
    assert "jupyter prod run jobs/retail_orders -p MIN_QTY 1" in readme
    assert "PYTHONPATH=jobs/retail_orders papermill jobs/retail_orders/retail_orders.ipynb output.ipynb" in readme


def test_the_report_says_what_went_where(retail: Path) -> None:
    report = (retail / "export-report.md").read_text()
    assert "- `clean` (cell(s) 7): takes `orders`, `MIN_QTY`; gives `orders`" in report
    assert "`gross` (cell 8): the notebook variable(s) `VAT` it read are now keyword-only parameters" in report
    assert "`%matplotlib inline` (cell 2, line 3): dropped" in report
    assert "no tests: the notebook was not run (--no-run)" in report


def test_pip_install_lines_become_dependencies(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "nb.ipynb", notebook("!pip install pyyaml==5.1 -q\n%pip install -r extra.txt black", "print(1)"))
    job = Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)
    requirements = (job / "requirements.txt").read_text().splitlines()
    assert f"PyYAML=={metadata.version('pyyaml')}" in requirements or f"pyyaml=={metadata.version('pyyaml')}" in requirements
    assert f"black=={metadata.version('black')}" in requirements and "extra.txt" not in " ".join(requirements)


@pytest.mark.slow
def test_a_notebook_that_fails_part_way_gets_no_empty_tests(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "nb.ipynb", notebook(
        ("md", "## One"), "a = 2\nb = a * 3", ("md", "## Two"), "c = b / 0", ("md", "## Three"), "print(c)",
    ))  # fmt: skip
    result = api.export_notebook(path)
    job = Path(result.job_dir)
    assert result.report.tests == 1
    assert "the notebook did not run to the end (cell 4 raised ZeroDivisionError: division by zero)" in str(result.report.tests_note)
    assert not (job / "tests" / "test_job.py").exists()
    tests = (job / "tests" / "test_steps.py").read_text()
    assert "def test_one(" in tests and "def test_two(" not in tests
    report = (job / "export-report.md").read_text()
    assert "no test for step `two`: its cells did not run to the end in the recorded run" in report
