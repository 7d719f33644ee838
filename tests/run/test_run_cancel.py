"""A run stopped on request (`cancel_run`: the panel's Stop) ends as `cancelled`: the CLI run
stops cleanly (exit 143, a one-line message, no traceback, its kernel gone), the record says
`cancelled` with its duration. A run that is not running cannot be stopped.

Real processes: `python -m jupyter_prod.cli.main run` on a job whose notebook sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_run_signals import gone, job, kernels_of, saved_record, start_run  # noqa: F401

from jupyter_prod.run import RunError
from jupyter_prod.run.cancel import cancel_run

pytestmark = pytest.mark.slow


def test_a_cancelled_cli_run_stops_cleanly_and_is_recorded_cancelled(job: Path) -> None:  # noqa: F811
    process = start_run(job)
    kernels = kernels_of(process.pid)
    run_id = str(saved_record(job)["id"])

    cancel_run(job, run_id)
    _, err = process.communicate(timeout=60)

    assert process.returncode == 143
    assert "jupyter prod run: cancelled: stopped on request" in err
    assert "Traceback" not in err
    record = saved_record(job)
    assert record["status"] == "cancelled"
    assert float(record["seconds"]) > 0  # type: ignore[arg-type]
    assert kernels and all(gone(pid) for pid in kernels)
    with pytest.raises(RunError, match=f"run {run_id} is not running \\(it is cancelled\\)"):
        cancel_run(job, run_id)


def test_an_unknown_run_cannot_be_stopped(job: Path) -> None:  # noqa: F811
    with pytest.raises(RunError, match="no run 20990101T000000Z"):
        cancel_run(job, "20990101T000000Z")


def test_a_run_on_another_host_is_not_signalled_here(job: Path) -> None:  # noqa: F811
    import json
    import os

    folder = job / "runs" / "20990101T000000Z"
    folder.mkdir(parents=True)
    record = {"id": folder.name, "status": "running", "started": "2099-01-01T00:00:00Z",
              "pid": os.getpid(), "host": "elsewhere.example", "process_started": None}  # fmt: skip
    (folder / "run.json").write_text(json.dumps(record))
    with pytest.raises(RunError, match="runs on elsewhere.example: stop it there"):
        cancel_run(job, folder.name)
    assert not (folder / "cancel").exists()
