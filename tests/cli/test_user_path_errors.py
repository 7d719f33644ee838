"""A folder that cannot be written (a read-only target, a full disk) is the user's to fix, not
our bug: `check -o`, `export` and `run` say so in one line naming the path, exit 1, and never
print "internal error ... please report it" or a traceback.

Tests run as root, for whom permissions do not stop a write: the targets here are paths whose
parent is a regular file (ENOTDIR from the real system call), and a full disk is ENOSPC raised
at the very write the command makes."""

from __future__ import annotations

import errno
import json
import pathlib
from pathlib import Path
from typing import Any

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api

NOTEBOOK = notebook("import time\nPAUSE = 0", "time.sleep(PAUSE)\nprint('slept')")
FULL = "No space left on device"


@pytest.fixture
def notebook_path(tmp_path: Path) -> Path:
    return write_notebook(tmp_path, "nap.ipynb", NOTEBOOK)


@pytest.fixture
def regular_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder\n")
    return path


def assert_users_error(ran: Any, command: str, message: str) -> None:
    assert ran.status == 1, ran.err
    assert ran.err == f"jupyter prod {command}: error: {message}\n"
    assert "internal error" not in ran.err and "Traceback" not in ran.err


class FullDisk:
    """`open` on a full disk: the file is created, and writing to it fails."""

    def __init__(self, path: str, mode: str = "r", **kwargs: object) -> None:
        self.file = open(path, mode, **kwargs)  # noqa: SIM115 - closed by __exit__

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, FULL)


# ---------------------------------------------------------------------- check -o
def test_check_report_into_a_folder_that_is_a_file(
    cli, notebook_path: Path, regular_file: Path
) -> None:
    target = regular_file / "report.json"
    ran = cli("check", notebook_path, "--format", "json", "-o", target)
    assert_users_error(ran, "check", f"cannot write the report to {target}: Not a directory")


def test_check_report_on_a_full_disk(cli, notebook_path: Path, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("the last report\n")
    monkeypatch.setattr("jupyter_prod.cli.check.open", FullDisk, raising=False)
    ran = cli("check", notebook_path, "-o", target)
    assert_users_error(ran, "check", f"cannot write the report to {target}: {FULL}")
    assert target.read_text() == "the last report\n"  # left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nap.ipynb", "report.json"]  # no .tmp


# ---------------------------------------------------------------------- export
def test_export_into_a_folder_that_is_a_file(cli, notebook_path: Path, regular_file: Path) -> None:
    target = regular_file / "job"
    ran = cli("export", notebook_path, "-o", target, "--no-run")
    message = f"cannot write the job folder {target}: {regular_file} is a file, not a folder"
    assert_users_error(ran, "export", message)


def test_export_on_a_full_disk(cli, notebook_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("jupyter_prod.export.staging.open", FullDisk, raising=False)
    ran = cli("export", notebook_path, "--no-run")
    job = tmp_path / "jobs" / "nap"
    assert_users_error(ran, "export", f"cannot write the job folder {job}: {FULL}")
    assert not (tmp_path / "jobs").exists()  # nothing half-written left behind


# ---------------------------------------------------------------------- run
@pytest.fixture
def job(notebook_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(notebook_path.parent)
    return Path(api.export_notebook(notebook_path, api.ExportOptions(run=False)).job_dir)


def test_run_when_the_jobs_runs_folder_is_a_file(cli, job: Path) -> None:
    (job / "runs").write_text("not a folder\n")
    ran = cli("run", job, "--no-progress")
    assert_users_error(ran, "run", f"{job / 'runs'} is a file, not a folder")


def test_run_on_a_full_disk(cli, job: Path, monkeypatch) -> None:
    write_text = pathlib.Path.write_text

    def full(self: Path, *args: Any, **kwargs: Any) -> int:
        if self.name.startswith(".run.json"):  # the run record's temporary file
            raise OSError(errno.ENOSPC, FULL)
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", full)
    ran = cli("run", job, "--no-progress")
    [folder] = (job / "runs").iterdir()
    assert_users_error(ran, "run", f"{folder / 'run.json'}: {FULL}")
    assert [p.name for p in folder.iterdir()] == []  # no temporary record left


def test_check_still_reports_findings_with_status_1_and_writes_the_report(
    cli, notebook_path: Path, tmp_path: Path
) -> None:
    ran = cli("check", notebook_path, "--format", "json", "-o", tmp_path / "ok.json")
    assert ran.status in (0, 1) and json.loads((tmp_path / "ok.json").read_text())["notebooks"]
