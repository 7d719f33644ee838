"""What a job's `job.yaml` names stays inside the job folder: `jupyter prod run` refuses a
notebook (or a `job.yaml`) that resolves outside it, symlinks followed, before anything runs,
with one line naming the path and never a word of the file it points at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import notebook

from jupyter_prod import api

SECRET_LINE = "root:x:0:0:root:/root:/bin/bash"
EVIL = notebook("open('pwned', 'w').write('ran')")


@pytest.fixture
def layout(tmp_path: Path, monkeypatch) -> Path:
    """`project/jobs/job/` (the job) and `outside/` beside the project, holding a notebook
    that would write a file if it ever ran, and a file that is not a notebook."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "evil.ipynb").write_text(json.dumps(EVIL))
    (tmp_path / "outside" / "passwd").write_text(SECRET_LINE + "\nbin:x:1:1::/:\n")
    job = tmp_path / "project" / "jobs" / "job"
    job.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return job


def named(job: Path, notebook_path: str) -> None:
    (job / "job.yaml").write_text(f"name: job\nnotebook: {notebook_path}\nworkdir: ../..\n")


def refused(cli, job: Path) -> str:
    result = cli("run", job, "--no-progress")
    assert result.status == 2, result.out + result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert not (job / "runs").exists() and not Path("pwned").exists()
    return result.err


@pytest.mark.parametrize("escape", ["../../../outside/evil.ipynb", "{tmp}/outside/evil.ipynb"])
def test_a_notebook_outside_the_job_folder_is_refused(layout: Path, cli, escape: str) -> None:
    named(layout, escape.format(tmp=layout.parents[2]))
    err = refused(cli, layout)
    assert "leads outside the job folder" in err and "evil.ipynb" in err


def test_a_notebook_symlinked_out_of_the_job_folder_is_refused(layout: Path, cli) -> None:
    os.symlink(layout.parents[2] / "outside" / "evil.ipynb", layout / "job.ipynb")
    named(layout, "job.ipynb")
    assert "leads outside the job folder" in refused(cli, layout)


def test_a_job_yaml_symlinked_out_of_the_job_folder_is_refused(layout: Path, cli) -> None:
    (layout.parents[2] / "outside" / "job.yaml").write_text("name: x\nnotebook: evil.ipynb\n")
    os.symlink(layout.parents[2] / "outside" / "job.yaml", layout / "job.yaml")
    assert "its job.yaml leads outside the job folder" in refused(cli, layout)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../outside/passwd"])
def test_a_file_that_is_not_a_notebook_is_never_quoted(layout: Path, cli, target: str) -> None:
    named(layout, target)
    err = refused(cli, layout)
    assert "x:0:0" not in err and "bin:x" not in err


def test_a_non_notebook_inside_the_job_folder_is_never_quoted(layout: Path, cli) -> None:
    (layout / "job.ipynb").write_text(SECRET_LINE + "\n")
    named(layout, "job.ipynb")
    err = refused(cli, layout)
    assert "cannot be run: not valid JSON" in err and "x:0:0" not in err
    named(layout, "passwd")
    (layout / "passwd").write_text(SECRET_LINE + "\n")
    err = refused(cli, layout)
    assert "is not a .ipynb file" in err and "x:0:0" not in err


def test_a_job_yaml_that_is_not_yaml_is_never_quoted(layout: Path, cli) -> None:
    (layout / "job.yaml").write_text(f"name: [job\n  {SECRET_LINE}: {{\n")
    err = refused(cli, layout)
    assert "is not valid YAML (line" in err and "x:0:0" not in err
    (layout / "job.yaml").write_bytes(b"name: \xff\xfe" + SECRET_LINE.encode())
    err = refused(cli, layout)
    assert "not UTF-8 text" in err and "x:0:0" not in err


def test_every_face_refuses_the_same_way(layout: Path) -> None:
    named(layout, "../../../outside/evil.ipynb")
    from jupyter_prod.run import JobRefused

    for call in (api.check_run, api.run_job, api.list_runs, api.describe_job):
        with pytest.raises(JobRefused, match="leads outside the job folder"):
            call(layout)
    assert not (layout / "runs").exists()
