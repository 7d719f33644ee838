"""The export, run and requirements routes write only inside the server root and only what is
theirs, against a real Jupyter server with a token: `force` keeps the user's files, a folder
that is not a job is refused with the list of its files, a `jobs/` or `runs/` symlinked out of
the root is refused before anything is written, a job naming a notebook outside is refused
without quoting it, and `requirements/apply` edits dependency files only, each as its format."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from helpers import notebook
from server_requests import call, finished, refused

from jupyter_prod import api
from jupyter_prod.export.manifest import MANIFEST_FILE

THESIS = b"PK\x03\x04 my thesis \x00\xff"
SECRET_LINE = "root:x:0:0:root:/root:/bin/bash"
DIVIDE = notebook("DIVISOR = 4", "numbers = list(range(1, 9))", "print(sum(n / DIVISOR for n in numbers))")


@pytest.fixture
def work(jp_root_dir: Path) -> Path:
    (jp_root_dir / "work").mkdir()
    (jp_root_dir / "work" / "divide.ipynb").write_text(json.dumps(DIVIDE))
    return jp_root_dir / "work"


@pytest.fixture
def outside(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("outside")
    (folder / "passwd").write_text(SECRET_LINE + "\n")
    return folder


def exported(work: Path) -> Path:
    """A job exported the quick way (no recording run), as an earlier export left it."""
    return Path(api.export_notebook(work / "divide.ipynb", api.ExportOptions(run=False)).job_dir)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------- export with force
@pytest.mark.slow
async def test_export_with_force_keeps_the_users_files(jp_fetch, work) -> None:  # type: ignore[no-untyped-def]
    job = exported(work)
    (job / "thesis_draft.docx").write_bytes(THESIS)
    (job / "tests").mkdir(exist_ok=True)
    (job / "tests" / "test_mine.py").write_text("def test_mine():\n    pass\n")
    code, started = await call(jp_fetch, "POST", "export", {"path": "work/divide.ipynb", "force": True})
    assert code == 202
    state = await finished(jp_fetch, started["task"])
    assert state["status"] == "succeeded", state["error"]
    assert state["result"]["tests"] > 0  # type: ignore[index]  # the new job is in place
    assert (job / "thesis_draft.docx").read_bytes() == THESIS
    assert (job / "tests" / "test_mine.py").read_text() == "def test_mine():\n    pass\n"
    assert "thesis_draft.docx" not in json.loads((job / MANIFEST_FILE).read_text())["files"]


async def test_export_with_force_over_a_folder_that_is_not_a_job_is_refused(jp_fetch, work) -> None:  # type: ignore[no-untyped-def]
    target = work / "Documents"
    (target / "drafts").mkdir(parents=True)
    (target / "thesis_draft.docx").write_bytes(THESIS)
    (target / "drafts" / "v1.md").write_text("draft")
    body = {"path": "work/divide.ipynb", "output": "work/Documents", "force": True}
    code, reply = await refused(jp_fetch, "POST", "export", body)
    assert code == 422
    assert reply["message"].startswith("work/Documents holds files jupyter-prod did not write")
    assert reply["reasons"] == ["drafts/v1.md", "thesis_draft.docx"]
    assert tree(target) == {"drafts/v1.md": b"draft", "thesis_draft.docx": THESIS}
    assert sorted(p.name for p in work.iterdir()) == ["Documents", "divide.ipynb"]


# ---------------------------------------------------------------------- symlinks out of the root
@pytest.mark.parametrize("route", ["export", "export/preview"])
async def test_a_jobs_folder_symlinked_out_of_the_root_is_refused(jp_fetch, work, outside, route) -> None:  # type: ignore[no-untyped-def]
    os.symlink(outside, work / "jobs")
    code, reply = await refused(jp_fetch, "POST", route, {"path": "work/divide.ipynb"})
    assert code == 403 and "outside the server root" in reply["message"]
    assert str(outside) not in reply["message"]
    assert sorted(p.name for p in outside.iterdir()) == ["passwd"]  # nothing written there


@pytest.mark.parametrize("method, route, body", [
    ("POST", "runs", {"job": "work/jobs/divide", "parameters": {}}),
    ("GET", "runs", None),
    ("GET", "job", None),
])  # fmt: skip
async def test_a_runs_folder_symlinked_out_of_the_root_is_refused(jp_fetch, work, outside, method, route, body) -> None:  # type: ignore[no-untyped-def]
    job = exported(work)
    os.symlink(outside, job / "runs")
    if method == "GET":
        key = "job" if route == "runs" else "path"
        code, reply = await refused(jp_fetch, method, route, **{key: "work/jobs/divide"})
    else:
        code, reply = await refused(jp_fetch, method, route, body)
    assert code == 403 and "runs/ leads outside the server root" in reply["message"]
    await asyncio.sleep(0.5)  # a run started by mistake would have made its folder by now
    assert sorted(p.name for p in outside.iterdir()) == ["passwd"]


async def test_a_job_naming_a_notebook_outside_is_refused_without_quoting_it(jp_fetch, work, outside) -> None:  # type: ignore[no-untyped-def]
    job = exported(work)
    relative = os.path.relpath(outside / "passwd", job)
    for named in (relative, str(outside / "passwd"), "/etc/passwd"):
        text = (job / "job.yaml").read_text()
        (job / "job.yaml").write_text(text.replace(f"notebook: {_notebook_of(text)}", f"notebook: {named}"))
        code, reply = await refused(jp_fetch, "POST", "runs", {"job": "work/jobs/divide", "parameters": {}})
        assert code == 422 and "leads outside the job folder" in reply["message"]
        assert "x:0:0" not in json.dumps(reply)
    (job / "inside.ipynb").write_text(SECRET_LINE)  # inside the folder, but not a notebook
    text = (job / "job.yaml").read_text()
    (job / "job.yaml").write_text(text.replace(f"notebook: {_notebook_of(text)}", "notebook: inside.ipynb"))
    code, reply = await refused(jp_fetch, "POST", "runs", {"job": "work/jobs/divide", "parameters": {}})
    assert code == 422 and "cannot be run: not valid JSON" in reply["message"]
    assert "x:0:0" not in json.dumps(reply)
    assert not (job / "runs").exists()


async def test_a_job_whose_workdir_leads_out_of_the_root_is_refused(jp_fetch, work, outside) -> None:  # type: ignore[no-untyped-def]
    job = exported(work)
    for workdir in ("../../../..", str(outside)):  # the job is at work/jobs/divide
        text = (job / "job.yaml").read_text()
        current = next(line for line in text.splitlines() if line.startswith("workdir: "))
        (job / "job.yaml").write_text(text.replace(current, f"workdir: {workdir}"))
        code, reply = await refused(jp_fetch, "POST", "runs", {"job": "work/jobs/divide", "parameters": {}})
        assert code == 422 and "outside the server root" in reply["message"]
    assert not (job / "runs").exists()


def _notebook_of(job_yaml: str) -> str:
    return next(line.split(": ", 1)[1] for line in job_yaml.splitlines() if line.startswith("notebook: "))


# ---------------------------------------------------------------------- requirements/apply
async def test_requirements_apply_refuses_a_file_that_is_not_a_dependency_file(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "data.csv").write_text("a,b\n1,2\n")
    (jp_root_dir / "notes.txt").write_text("notes\n")
    os.symlink(jp_root_dir / "data.csv", jp_root_dir / "requirements-dev.txt")
    for target in ("data.csv", "notes.txt", "requirements-dev.txt"):
        code, reply = await refused(jp_fetch, "POST", "requirements/apply",
                                    {"requirements": target, "packages": ["evilpkg"]})  # fmt: skip
        assert code == 400 and "not a dependency file" in reply["message"], target
    assert (jp_root_dir / "data.csv").read_text() == "a,b\n1,2\n"
    assert (jp_root_dir / "notes.txt").read_text() == "notes\n"


async def test_requirements_apply_refuses_a_line_that_is_not_a_requirement(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "requirements.txt").write_text("pandas\n")
    for package in ("--index-url https://evil.example/simple", "-r /etc/passwd", "../../x"):
        code, reply = await refused(jp_fetch, "POST", "requirements/apply",
                                    {"requirements": "requirements.txt", "packages": [package]})  # fmt: skip
        assert code == 400 and "is not a package requirement" in reply["message"]
    assert (jp_root_dir / "requirements.txt").read_text() == "pandas\n"


PYPROJECT = """[project]
name = "orders-job"
dependencies = [
    "pandas>=2",  # frames
    "numpy",
]

[project.optional-dependencies]
test = ["pytest"]
"""


async def test_requirements_apply_edits_pyproject_and_job_yaml_as_their_format(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "pyproject.toml").write_text(PYPROJECT)
    code, reply = await call(jp_fetch, "POST", "requirements/apply",
                             {"requirements": "pyproject.toml", "packages": ["xgboost>=2", "Pandas"]})  # fmt: skip
    assert code == 200 and reply["added"] == ["xgboost>=2"]
    assert (jp_root_dir / "pyproject.toml").read_text() == PYPROJECT.replace(
        '    "numpy",\n', '    "numpy",\n    "xgboost>=2",\n'
    )
    job_yaml = "# A job\nname: orders\nnotebook: orders.ipynb\ndependencies:\n- pandas==2.1\nparameters: {}\n"
    (jp_root_dir / "job.yaml").write_text(job_yaml)
    code, reply = await call(jp_fetch, "POST", "requirements/apply",
                             {"requirements": "job.yaml", "packages": ["xgboost"]})  # fmt: skip
    assert code == 200 and reply["added"] == ["xgboost"]
    assert (jp_root_dir / "job.yaml").read_text() == job_yaml.replace(
        "- pandas==2.1\n", "- pandas==2.1\n- xgboost\n"
    )
    (jp_root_dir / "requirements-dev.txt").write_text("pytest\n")
    code, reply = await call(jp_fetch, "POST", "requirements/apply",
                             {"requirements": "requirements-dev.txt", "packages": ["xgboost"]})  # fmt: skip
    assert code == 200 and (jp_root_dir / "requirements-dev.txt").read_text() == "pytest\nxgboost\n"


async def test_requirements_apply_refuses_a_pyproject_without_a_project_table(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    text = "[tool.black]\nline-length = 100\n"
    (jp_root_dir / "pyproject.toml").write_text(text)
    code, reply = await refused(jp_fetch, "POST", "requirements/apply",
                                {"requirements": "pyproject.toml", "packages": ["xgboost"]})  # fmt: skip
    assert code == 422 and "no [project] table" in reply["message"]
    assert (jp_root_dir / "pyproject.toml").read_text() == text
