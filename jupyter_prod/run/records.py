"""Run records: one folder per run under the job's `runs/`, with `run.json` and (by default)
the output notebook.

`run.json`: id, status (`running`, `succeeded`, `failed`, `interrupted`, `cancelled`), start
time (UTC), seconds, parameters, engine, kernel, working folder, the output notebook's path, on failure the
failing cell (number, first line of its source, the error, where in the package it was raised),
the process that runs it (pid, host, the process's start time), and the HTML report's path
(`report.html`, see `report.py`) or why it could not be written; for a job with a data
contract, `contract` (mode, frames checked, violations) and `drift` (see
`contract/run_findings.py` and docs/users/run.md). Older records, without these, load as they are.

A run stopped on purpose (Stop in the panel's runs view, `cancel_run`) is `cancelled`: the stop
request is a file `runs/<id>/cancel` written before its process is sent SIGTERM, so the runner
can tell a requested stop from any other signal.

A run killed outright (SIGKILL, a crash, the machine going down) cannot write its end: its record
stays `running`. `effective_status` is what every face shows instead: a `running` record whose
process is gone is `interrupted`.
"""

from __future__ import annotations

import calendar
import contextlib
import json
import os
import socket
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD_FILE = "run.json"


RUN_WARNINGS = "warnings.txt"  # written by the job (export/spark_job_engine.py), one a line


@dataclass
class FailedCell:
    number: int  # 1-based, in the output notebook (papermill's injected cell counts)
    source: str  # its first line
    error: str  # `Name: message`
    location: str | None = None  # `package/steps.py, line 14`: where the error was raised


@dataclass
class RunRecord:
    id: str
    status: str
    started: str
    parameters: dict[str, Any] = field(default_factory=dict)
    engine: str = "local"
    kernel: str = "python3"
    cwd: str = ""
    output: str = ""
    seconds: float = 0.0
    failed_cell: FailedCell | None = None
    message: str | None = None  # a failure that is not a cell's (the kernel died, ...)
    pid: int | None = None  # the process that runs the job, and where it runs:
    host: str = ""  # a `running` record whose process is gone was killed
    process_started: int | None = None  # the pid's start (clock ticks after boot): a reused pid
    folder: str = ""
    report: str | None = None  # `report.html` beside the output notebook (older records: none)
    report_error: str | None = None  # why the report could not be written
    # The data contract's checks (`contract/run_findings.py` has the shape); None: no contract.
    contract: dict[str, Any] | None = None
    drift: list[dict[str, Any]] = field(default_factory=list)  # every comparison, drifted or not
    # What the job warned it did another way: an operation Spark lacks run with pandas (the
    # job writes them to `runs/<id>/warnings.txt`, as Modin warns when it falls back).
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("folder")
        return data

    def describe_failure(self) -> str:
        if self.failed_cell is None:
            return self.message or "the job failed"
        cell = self.failed_cell
        where = f" (raised in {cell.location})" if cell.location else ""
        return f"cell {cell.number} (`{cell.source}`) failed: {cell.error}{where}"


INTERRUPTED = "interrupted"
CANCELLED = "cancelled"
CANCEL_REQUEST = "cancel"  # in the run's folder: someone asked the run to stop


def cancel_requested(record: RunRecord) -> bool:
    """Whether a stop was asked for this run (the file `cancel` in its folder)."""
    return bool(record.folder) and (Path(record.folder) / CANCEL_REQUEST).is_file()


def this_process() -> dict[str, Any]:
    """`pid`, `host` and `process_started` of the calling process, for its run record."""
    stat = _process_stat(os.getpid())
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "process_started": stat[1] if stat else None}  # fmt: skip


def effective_status(record: RunRecord) -> str:
    """The status to show: the recorded one, except that a `running` record whose process no
    longer exists (same host; the pid is gone, a zombie, or another process's) is `interrupted`.
    A record from another host, or without a pid (older versions), is taken as written."""
    if record.status != "running" or record.pid is None or record.host != socket.gethostname():
        return record.status
    return "running" if _still_running(record.pid, record.process_started) else INTERRUPTED


def _still_running(pid: int, started: int | None) -> bool:
    if os.name != "posix":
        return True  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows: do not judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # another user's process holds the pid: its start time tells whose it is
    stat = _process_stat(pid)
    if stat is None:
        return True  # no /proc (macOS): the pid is in use, take it as the run's
    state, start = stat
    return state not in ("Z", "X") and (started is None or start == started)


def _process_stat(pid: int) -> tuple[str, int] | None:
    """(state, start time in clock ticks after boot) from `/proc/<pid>/stat`, or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
    fields = text[text.rfind(")") + 2 :].split()
    try:
        return fields[0], int(fields[19])  # fields 3 (state) and 22 (starttime) of proc(5)
    except (IndexError, ValueError):
        return None


def _as_shown(record: RunRecord) -> RunRecord:
    """The record with its effective status; a killed run's duration is up to the last file
    it wrote (papermill saves the output notebook after every cell)."""
    status = effective_status(record)
    if status == record.status:
        return record
    record.status = status
    record.message = (
        f"its process (pid {record.pid} on {record.host}) is gone without recording how the "
        "run ended: it was killed, or the machine stopped"
    )
    record.seconds = max(record.seconds, _last_sign_of_life(record))
    return record


def _last_sign_of_life(record: RunRecord) -> float:
    try:
        started = calendar.timegm(time.strptime(record.started, "%Y-%m-%dT%H:%M:%SZ"))
        latest = max(p.stat().st_mtime for p in Path(record.folder).iterdir())
    except (OSError, ValueError):
        return 0.0
    return round(max(0.0, latest - started), 3)


def new_run(runs: Path) -> tuple[str, Path]:
    """A fresh run id (UTC time, made unique) and its folder, created."""
    runs.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for number in range(1, 1000):
        run_id = stamp if number == 1 else f"{stamp}-{number}"
        try:
            (runs / run_id).mkdir()
            return run_id, runs / run_id
        except FileExistsError:
            continue
    raise RuntimeError("could not find a free run id")


def save(record: RunRecord) -> None:
    """Write `run.json` atomically (a reader never sees half of it). An `OSError` names
    `run.json` (a full disk's ENOSPC from a write names no file by itself)."""
    path = Path(record.folder) / RECORD_FILE
    temporary = path.with_name(f".{RECORD_FILE}.{os.getpid()}.tmp")
    try:
        temporary.write_text(
            json.dumps(record.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(path)) from None


def list_runs(runs: Path) -> list[RunRecord]:
    """Every readable run record, oldest first, with its effective status."""
    found: list[RunRecord] = []
    for path in sorted(runs.glob(f"*/{RECORD_FILE}")) if runs.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            failed = data.pop("failed_cell", None)
            record = RunRecord(**data, folder=str(path.parent))
            record.failed_cell = FailedCell(**failed) if failed else None
        except (OSError, ValueError, TypeError):
            continue  # a record written by another version, or damaged: skip it
        found.append(_as_shown(record))
    return found
