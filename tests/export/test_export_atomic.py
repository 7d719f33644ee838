"""How an export writes: the notebook only read, the same input giving the same bytes, the
job built beside the target and renamed into place, nothing left behind by an interruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO_ROOT, notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.export import exporter

DETERMINISTIC = notebook(
    ("md", "# Totals"),
    "import pandas as pd\nimport numpy as np",
    "LIMIT = 3",
    ("md", "## Data"),
    "frame = pd.DataFrame({'k': list('abcab'), 'v': np.arange(5.0)})\nseen = {'a', 'b', 'c'}",
    ("md", "## Sums"),
    "def big(v):\n    return v > LIMIT\n\nframe['big'] = frame.v.map(big)\nsums = frame.groupby('k').v.sum()\nsums",
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.slow
def test_the_same_notebook_gives_byte_identical_jobs_and_is_never_touched(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "totals.ipynb", DETERMINISTIC)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    first = api.export_notebook(path, api.ExportOptions(verify=True))
    assert first.report.tests >= 3 and "same as the notebook" in str(first.report.verified)
    files = snapshot(Path(first.job_dir))
    assert any(name.startswith("tests/data/") for name in files)
    api.export_notebook(path, api.ExportOptions(verify=True, force=True))
    second = snapshot(Path(first.job_dir))
    assert sorted(second) == sorted(files)
    assert [n for n in files if files[n] != second[n]] == []
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert leftovers(tmp_path / "jobs") == []


def test_an_export_interrupted_while_writing_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    path = write_notebook(tmp_path, "totals.ipynb", DETERMINISTIC)

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(exporter, "readme", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.export_notebook(path, api.ExportOptions(run=False))
    monkeypatch.setattr("jupyter_prod.export.staging.Staging.commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.export_notebook(path, api.ExportOptions(run=False, output=str(tmp_path / "deep" / "er" / "job")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["totals.ipynb"]


def test_an_interrupted_export_leaves_an_existing_job_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = write_notebook(tmp_path, "totals.ipynb", DETERMINISTIC)
    job = Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)
    before = snapshot(job)

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(exporter, "requirements_txt", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.export_notebook(path, api.ExportOptions(run=False, force=True))
    assert snapshot(job) == before and leftovers(job.parent) == []


@pytest.mark.slow
def test_ctrl_c_during_the_recording_run_leaves_nothing_behind(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "slow.ipynb", notebook("import time", "time.sleep(300)\nx = 1", "print(x)"))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    # As in a terminal, Ctrl-C must reach Python: a test run started in the background
    # (`make test &`, some CI runners) ignores SIGINT, and children inherit that.
    process = subprocess.Popen([sys.executable, "-m", "jupyter_prod.cli.main", "export", str(path)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    # Generous waits: on a loaded CI machine the export's imports and the kernel's start
    # alone have taken over a minute.
    deadline = time.monotonic() + 200
    try:
        while not list((tmp_path / "jobs").glob(".slow.export-*/tests/data")):
            assert time.monotonic() < deadline and process.poll() is None, "no recording run"
            time.sleep(0.2)
        time.sleep(5)  # the kernel is up and sleeping in cell 2
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=80)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert not (tmp_path / "jobs").exists()


def test_a_staging_folder_of_a_killed_export_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "totals.ipynb", DETERMINISTIC)
    abandoned = tmp_path / "jobs" / ".totals.export-999999999-abc"
    (abandoned / "totals").mkdir(parents=True)
    alive = tmp_path / "jobs" / f".totals.export-{os.getppid()}-xyz"
    alive.mkdir()
    api.export_notebook(path, api.ExportOptions(run=False))
    assert not abandoned.exists()
    assert alive.exists()  # another export still running there: not ours to delete


@pytest.mark.slow
def test_a_notebook_given_by_a_relative_path_from_elsewhere_gets_its_tests(tmp_path: Path, monkeypatch) -> None:
    write_notebook(tmp_path / "project", "totals.ipynb", DETERMINISTIC)
    monkeypatch.chdir(tmp_path)  # the kernel runs in project/, the export from here
    result = api.export_notebook("project/totals.ipynb")
    assert result.report.tests >= 3 and result.report.tests_note is None
