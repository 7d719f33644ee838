"""`JobLauncher` when the job's process is stopped (SIGTERM) or killed (SIGKILL) mid-run: the
widget says `interrupted`, not `failed` or "ended without a result", and the job's last run
reads `interrupted` (never `running`) from then on. Real processes and a real kernel."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import socket
import time
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.widgets import JobLauncher

pytestmark = pytest.mark.slow

SLEEPY = notebook("import time\nPAUSE = 120", "time.sleep(PAUSE)\nprint('woke up')")


@pytest.fixture
def job(tmp_path: Path) -> Path:
    path = write_notebook(tmp_path, "sleepy.ipynb", SLEEPY)
    return Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)


def sleeping_run(job: Path) -> tuple[JobLauncher, int]:
    """A launcher whose run is in the job's sleeping step, and the pid of its job process."""
    launcher = JobLauncher(job)
    launcher.run()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and launcher.progress.value < 2:  # 2 of 3 cells done
        time.sleep(0.2)
    assert launcher.running, launcher.status.value
    [child] = multiprocessing.active_children()
    time.sleep(1.0)
    return launcher, int(child.pid)


@pytest.mark.parametrize(
    ("stop", "says"),
    [(signal.SIGTERM, "stopped by SIGTERM after"), (signal.SIGKILL, "is gone without recording")],
)
def test_a_stopped_or_killed_run_is_shown_interrupted(
    job: Path, stop: signal.Signals, says: str
) -> None:
    launcher, pid = sleeping_run(job)
    os.kill(pid, stop)
    launcher.wait(60)
    assert not launcher.running
    record = launcher.result
    assert record is not None and record.status == "interrupted", launcher.status.value
    assert launcher.status.value.startswith("<span style='color:#ef6c00'>interrupted</span>: ")
    assert says in launcher.status.value and launcher.progress.bar_style == "warning"
    assert "ended without a result" not in launcher.status.value
    assert f"last run {record.id}: interrupted after" in launcher.text()
    assert (
        "last run" in JobLauncher(job).text() and ": interrupted after" in JobLauncher(job).text()
    )


def test_a_run_left_running_by_a_dead_process_opens_as_interrupted(job: Path) -> None:
    folder = job / "runs" / "20260101T000000Z"
    folder.mkdir(parents=True)
    record = {"id": "20260101T000000Z", "status": "running", "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "pid": 999_999_999, "host": socket.gethostname(), "process_started": 1}  # fmt: skip
    (folder / "run.json").write_text(json.dumps(record))
    text = JobLauncher(job).text()
    assert re.search(
        r"last run 20260101T000000Z: interrupted after \d\.\d s: its process \(pid 999999999 ", text
    )
    assert ": running" not in text
