"""`jupyter_prod.widgets.JobLauncher`: the form built from `job.yaml`, and real runs of a job
exported from the demo's fixed notebook (papermill, a real kernel), driven by `.click()`."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from jupyter_prod import api
from jupyter_prod.widgets import JobLauncher

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "binder" / "demo"
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"  # a fake GitHub token


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed demo notebook exported (without its recording run) to a temporary folder."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(DEMO / "data", folder / "data")
    shutil.copy(DEMO / "sales_report_fixed.ipynb", folder)
    result = api.export_notebook(folder / "sales_report_fixed.ipynb", api.ExportOptions(run=False))
    return Path(result.job_dir)


def _typed_job(folder: Path) -> Path:
    """A job of every parameter type, its notebook holding a secret in its parameters cell."""
    folder.mkdir()
    parameters = {
        "n": {"type": "int", "default": 3}, "rate": {"type": "float", "default": 0.5},
        "flag": {"type": "bool", "default": True}, "name": {"type": "str", "default": "north"},
        "items": {"type": "list", "default": ["a", "b"]}, "options": {"type": "dict", "default": {"k": 1}},
        "anything": {"default": None}, "token": {"type": "str", "default": TOKEN},
    }  # fmt: skip
    (folder / "job.yaml").write_text(yaml.safe_dump({"name": "typed", "notebook": "typed.ipynb",
                                                     "parameters": parameters}), encoding="utf-8")  # fmt: skip
    cell = {"cell_type": "code", "execution_count": None, "metadata": {"tags": ["parameters"]},
            "outputs": [], "source": f'token = "{TOKEN}"\nn = 3'}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    (folder / "typed.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return folder


def test_the_form_has_one_typed_input_per_parameter_with_its_default(tmp_path: Path) -> None:
    launcher = JobLauncher(_typed_job(tmp_path / "typed"))
    kinds = {name: type(i.widget).__name__ for name, i in launcher.inputs.items()}
    assert kinds == {"n": "IntText", "rate": "FloatText", "flag": "Checkbox", "name": "Text",
                     "items": "Textarea", "options": "Textarea", "anything": "Text",
                     "token": "Password"}  # fmt: skip
    values = {name: i.widget.value for name, i in launcher.inputs.items()}
    assert values == {"n": 3, "rate": 0.5, "flag": True, "name": "north", "items": '["a", "b"]',
                      "options": '{"k": 1}', "anything": "", "token": ""}  # fmt: skip
    assert launcher.parameters() == {}  # nothing changed: the job keeps its defaults


def test_changed_inputs_are_what_the_run_gets(tmp_path: Path) -> None:
    launcher = JobLauncher(_typed_job(tmp_path / "typed"))
    launcher.inputs["n"].widget.value = 5
    launcher.inputs["flag"].widget.value = False
    launcher.inputs["items"].widget.value = '["c"]'
    assert launcher.parameters() == {"n": 5, "flag": False, "items": '["c"]'}
    assert "n: int = 3  (this run: 5)" in launcher.text()


def test_a_secret_default_is_never_shown(tmp_path: Path) -> None:
    launcher = JobLauncher(_typed_job(tmp_path / "typed"))
    bundle = launcher._repr_mimebundle_()
    assert "token: str = [REDACTED]" in bundle["text/plain"]
    assert TOKEN not in bundle["text/plain"] and TOKEN not in bundle["text/html"]
    assert TOKEN not in launcher.title.value and launcher.inputs["token"].widget.value == ""


def test_a_folder_that_is_not_a_job_is_a_message(tmp_path: Path) -> None:
    launcher = JobLauncher(tmp_path)
    assert (
        "Cannot open the job" in launcher.title.value and "has no job.yaml" in launcher.title.value
    )
    launcher.run(wait=True)  # nothing to run, nothing raised
    assert launcher.result is None and "is not a job folder" in launcher.text()


def test_run_runs_the_job_and_shows_the_output_notebook(job: Path) -> None:
    launcher = JobLauncher(job)
    assert "IntText" == type(launcher.inputs["bulk_threshold"].widget).__name__
    seen: list[int] = []
    launcher.progress.observe(lambda change: seen.append(change["new"]), names="value")
    launcher.inputs["bulk_threshold"].widget.value = 5
    launcher.inputs["regions"].widget.value = '["North"]'
    launcher.run_button.click()
    assert launcher.running and launcher.run_button.disabled
    launcher.wait(300)
    record = launcher.result
    assert record is not None and record.status == "succeeded", launcher.status.value
    assert record.parameters == {"bulk_threshold": 5, "regions": ["North"]}
    assert Path(record.output).is_file() and record.output in launcher.status.value
    assert "succeeded" in launcher.status.value and launcher.progress.bar_style == "success"
    assert seen == sorted(seen) and seen[-1] == launcher.progress.max > 5  # cell by cell
    assert len(set(seen)) >= launcher.progress.max - 1
    assert not launcher.run_button.disabled
    output = json.loads(Path(record.output).read_text(encoding="utf-8"))
    printed = "".join(
        "".join(o.get("text", "")) for c in output["cells"] for o in c.get("outputs", [])
    )
    assert (
        f"net revenue: {_net_revenue(job.parent.parent / 'data' / 'sales.csv', 'North'):,.0f}"
        in printed
    )


def _net_revenue(csv_path: Path, region: str) -> float:
    with csv_path.open(encoding="utf-8") as rows:
        return sum(float(r["gross"]) for r in csv.DictReader(rows) if r["region"] == region) / 1.05


def test_a_failing_run_shows_the_failing_cell_and_its_error(job: Path) -> None:
    launcher = JobLauncher(job)
    launcher.inputs["sales_path"].widget.value = "data/missing.csv"
    launcher.run_button.click()
    launcher.wait(300)
    assert launcher.result is not None and launcher.result.status == "failed"
    assert launcher.error is not None and "FileNotFoundError" in launcher.error
    assert launcher.error.startswith("cell ") and "net_revenue" in launcher.error
    assert "failed" in launcher.status.value and launcher.progress.bar_style == "danger"
    assert Path(launcher.result.output).is_file()


def test_a_value_of_the_wrong_type_is_refused_before_anything_runs(job: Path) -> None:
    launcher = JobLauncher(job)
    runs_before = len(api.list_runs(job))
    launcher.inputs["regions"].widget.value = "North"
    launcher.run(wait=True)
    assert launcher.error == "regions takes a list, not 'North'"
    assert "regions takes a list" in launcher.status.value
    assert len(api.list_runs(job)) == runs_before


def test_run_job_tells_each_cell(job: Path) -> None:
    calls: list[tuple[int, int]] = []
    record = api.run_job(job, api.RunOptions(cwd=str(job.parent.parent),
                                             on_cell=lambda done, total: calls.append((done, total))))  # fmt: skip
    total = calls[0][1]
    assert record.status == "succeeded"
    assert [done for done, _ in calls] == list(range(total + 1)) and {t for _, t in calls} == {
        total
    }


def test_the_launcher_runs_inside_a_kernel(job: Path) -> None:
    """In a notebook: the launcher displays as a widget, and a click runs the job in a process
    of its own, followed from a thread of the kernel that updates the bar and the result."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        f"from jupyter_prod.widgets import JobLauncher\nlauncher = JobLauncher({str(job)!r})\nlauncher",
        'launcher.inputs["bulk_threshold"].widget.value = 4\nlauncher.run_button.click()\n'
        "launcher.wait(300)\n"
        "print(launcher.result.status, launcher.progress.value == launcher.progress.max)\n"
        "print(launcher.status.value)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(job.parent.parent)}}).execute()  # fmt: skip
    [shown] = notebook.cells[0].outputs
    assert "application/vnd.jupyter.widget-view+json" in shown["data"]
    assert "bulk_threshold: int = 8" in shown["data"]["text/plain"]
    printed = "".join(o.get("text", "") for o in notebook.cells[1].outputs)
    assert printed.startswith("succeeded True\n") and "output.ipynb" in printed


def test_the_run_leaves_this_process_where_it_was(
    job: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """papermill moves its process to the job's folder: that process is not the user's kernel."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    launcher = JobLauncher(job)
    assert launcher.workdir != elsewhere
    folders: list[str] = []
    launcher.progress.observe(lambda _change: folders.append(os.getcwd()), names="value")
    launcher.run(wait=True)
    assert launcher.result is not None and launcher.result.status == "succeeded"
    assert folders and set(folders) == {str(elsewhere)}  # while it ran, cell by cell
    assert os.getcwd() == str(elsewhere)
    assert launcher.result.cwd == str(launcher.workdir)
