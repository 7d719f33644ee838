"""Stop a running job from outside its process (the panel's runs view, a script).

- the run must be `running` by its record's effective status (its process alive, on this host,
  with the start time the record saved: a reused pid is never signalled);
- the stop request (`runs/<id>/cancel`) is written first, then the process gets SIGTERM; the
  runner turns SIGTERM into an exception, sees the request, kills the kernel, and records the
  run as `cancelled` with its duration. Without a request, SIGTERM stays `interrupted`.
"""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

from .errors import RunError
from .job import load_job
from .records import CANCEL_REQUEST, RunRecord, list_runs


def cancel_run(folder: str | os.PathLike[str], run_id: str) -> RunRecord:
    """Ask the run `run_id` of the job in `folder` to stop; its record as it was. `RunError`
    when there is no such run, or it is not running (any more)."""
    job = load_job(folder)
    record = next((r for r in list_runs(job.runs) if r.id == run_id), None)
    if record is None:
        raise RunError(f"{job.runs}: no run {run_id}")
    if record.status != "running" or record.pid is None:
        raise RunError(f"run {run_id} is not running (it is {record.status})")
    if record.host != socket.gethostname():  # its pid means nothing here
        raise RunError(f"run {run_id} runs on {record.host}: stop it there")
    (Path(record.folder) / CANCEL_REQUEST).write_text("stop requested\n", encoding="utf-8")
    try:
        os.kill(record.pid, signal.SIGTERM)
    except ProcessLookupError:
        raise RunError(f"run {run_id} ended before it could be stopped") from None
    return record
