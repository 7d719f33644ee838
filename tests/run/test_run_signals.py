"""A run stopped by a signal says so: SIGINT and SIGTERM end it as `interrupted` (with its
duration, exit status 130 / 143, no traceback, no kernel left behind); after SIGKILL the record
still says `running`, and every reader shows it as `interrupted` because its process is gone.

Real processes: `python -m jupyter_prod.cli.main run` on a job whose notebook sleeps."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api

pytestmark = pytest.mark.slow

SLEEPY = notebook("import time\nPAUSE = 120", "time.sleep(PAUSE)\nprint('woke up')")


@pytest.fixture
def job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_notebook(tmp_path, "sleepy.ipynb", SLEEPY)
    monkeypatch.chdir(tmp_path)
    return Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)


def start_run(job: Path) -> subprocess.Popen[str]:
    """`jupyter prod run JOB` in a process of its own, once its kernel is in the sleeping cell.
    SIGINT is reset to its default first: a shell without job control starts background
    commands with it ignored, and so would this test's children be."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_prod.cli.main", "run", str(job), "--no-progress"],
        cwd=job.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the run ended early: {process.communicate()}")
        if _sleeping(job):
            return process
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the job never reached its sleeping cell")


def _sleeping(job: Path) -> bool:
    for output in job.glob("runs/*/output.ipynb"):
        try:
            cells = json.loads(output.read_text())["cells"]
        except (OSError, ValueError, KeyError):
            continue  # being written
        for cell in cells:
            status = cell.get("metadata", {}).get("papermill", {}).get("status")
            # the job notebook calls the package's step that sleeps: `steps.cell_2(PAUSE=PAUSE)`
            if status == "running" and "PAUSE=PAUSE" in "".join(cell["source"]):
                return True
    return False


def kernels_of(pid: int) -> list[int]:
    """The pids of the kernel processes `pid` started (its children running ipykernel)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        if parent == pid and b"ipykernel" in command:
            found.append(int(entry.name))
    return found


def gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return True
        if stat[stat.rfind(")") + 2] == "Z":
            return True
        time.sleep(0.2)
    return False


def saved_record(job: Path) -> dict[str, object]:
    [path] = job.glob("runs/*/run.json")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def listed(job: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jupyter_prod.cli.main", "run", str(job), "--list"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_sigint_and_sigterm_record_an_interrupted_run(
    job: Path, stop: signal.Signals, status: int
) -> None:
    run = start_run(job)
    [kernel] = kernels_of(run.pid)
    record = saved_record(job)
    assert record["status"] == "running" and record["pid"] == run.pid
    assert record["host"] and isinstance(record["process_started"], int)
    time.sleep(1.0)
    run.send_signal(stop)
    out, err = run.communicate(timeout=60)
    assert run.returncode == status, err
    assert f"jupyter prod run: interrupted: stopped by {stop.name} after" in err
    assert "run record: " in err and "Traceback" not in err + out
    record = saved_record(job)
    assert record["status"] == "interrupted" and record["message"] == f"stopped by {stop.name}"
    assert 1.0 <= float(record["seconds"]) < 60  # type: ignore[arg-type]
    assert gone(kernel), "the job's kernel outlived the run"
    shown = listed(job)
    assert shown.returncode == 0 and f"interrupted: stopped by {stop.name}" in shown.stdout


def test_a_killed_run_is_shown_interrupted_by_every_reader(job: Path) -> None:
    run = start_run(job)
    [kernel] = kernels_of(run.pid)
    time.sleep(1.0)
    run.kill()
    run.wait(timeout=30)
    assert gone(kernel), "the kernel outlived its run (ipykernel ends when its parent does)"
    assert saved_record(job)["status"] == "running"  # nobody could write its end
    shown = listed(job)
    assert shown.returncode == 0 and " interrupted: its process (pid " in shown.stdout, shown.stdout
    assert "running" not in shown.stdout.replace("run ended", "")
    [record] = api.list_runs(job)
    assert record.status == "interrupted" and record.seconds >= 1.0
    assert [r["status"] for r in api.describe_job(job)["runs"]] == ["interrupted"]


def _running_record(runs: Path, run_id: str, **process: object) -> None:
    folder = runs / run_id
    folder.mkdir(parents=True)
    data = {"id": run_id, "status": "running", "started": "2026-01-01T00:00:00Z", **process}
    (folder / "run.json").write_text(json.dumps(data))


def test_a_pid_reused_by_another_process_is_not_the_run(tmp_path: Path) -> None:
    from jupyter_prod.run.records import list_runs, this_process

    me = this_process()  # a live process: the one running this test
    runs = tmp_path / "runs"
    _running_record(runs, "1-alive", **me)
    _running_record(runs, "2-reused", **{**me, "process_started": me["process_started"] - 1})
    _running_record(runs, "3-elsewhere", **{**me, "host": "another-machine", "pid": 999_999_999})
    _running_record(runs, "4-gone", **{**me, "pid": 999_999_999})
    _running_record(runs, "5-no-pid")  # written before runs kept their process: taken as written
    shown = {record.id: record.status for record in list_runs(runs)}
    assert shown == {"1-alive": "running", "2-reused": "interrupted", "3-elsewhere": "running",
                     "4-gone": "interrupted", "5-no-pid": "running"}  # fmt: skip
    assert os.getpid() == me["pid"]
