"""Run a job's notebook with papermill and record the run.

- parameters are checked against `job.yaml` and converted to their declared types;
- the kernel runs in the caller's folder (or `cwd`), so relative data paths resolve as they
  did in the notebook; the job folder is put on `PYTHONPATH` so its package imports;
- the engine (`engines.py`) reaches the kernel through its environment;
- every run gets a record under `runs/` (`records.py`), written before the run starts
  (`running`, with the pid and host of the process running it) and again when it ends; a
  failure names the cell, the error and where in the package it was raised;
- SIGINT and SIGTERM end the run as `interrupted` (with its duration) and raise
  `RunInterrupted`; SIGTERM is turned into an exception here, or it would end the process
  before the record could say so; a run whose stop was requested (`cancel.py`) is `cancelled`;
- the kernel process's own output goes to `runs/<id>/kernel.log`, not the user's terminal;
- a job with a data contract checks its frames itself (its `data_contract` package); the run
  tells it the mode and the run folder through the environment, then takes what it found
  (`contract.json`) into the record (`contract`, `drift`; see `contract/run_findings.py`);
- when the run ends, its output notebook is rendered to `runs/<id>/report.html` (`report.py`),
  redacted as the record is; a report that cannot be rendered is noted in the record, the run's
  outcome stays what it was.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..contract.in_job import MODES
from ..contract.run_findings import (
    chosen_mode,
    contract_environment,
    contract_settings,
    read_findings,
)
from ..export.recording import patched_environment
from .engines import engine_environment
from .errors import RunError, RunFailed, RunInterrupted
from .job import Job, load_job
from .records import (
    CANCELLED,
    INTERRUPTED,
    RUN_WARNINGS,
    FailedCell,
    RunRecord,
    cancel_requested,
    new_run,
    save,
    this_process,
)
from .values import typed_parameters

KERNEL_LOG = "kernel.log"  # what the kernel process itself printed: warnings, a crash
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_FRAME = re.compile(r'File "?([^",\n]+?)"?(?::|, line )(\d+)')


@dataclass(frozen=True)
class RunOptions:
    parameters: dict[str, Any] = field(default_factory=dict)
    output: str | None = None  # the output notebook; None: runs/<id>/output.ipynb
    cwd: str | None = None  # None: the caller's current folder
    engine: str | None = None  # None: the job's
    spark_master: str | None = None
    progress: bool = False
    timeout: float | None = None  # seconds per cell; None: no limit
    # Called as on_cell(done, total) when the run starts (0) and after each cell (widgets).
    on_cell: Callable[[int, int], None] | None = None
    # Masks the record's secrets before each time it is saved (`api.run_job` gives it).
    redact: Callable[[RunRecord], None] | None = None
    # Masks a text of the report (the output notebook's) as `redact` masks the record's.
    redact_text: Callable[[str], str] | None = None
    report_input: bool = False  # keep the input cells in report.html
    contract: str | None = None  # strict, warn or off; None: the job's `contract.mode`


def run_job(folder: str | os.PathLike[str], options: RunOptions | None = None) -> RunRecord:
    """Run the job; its record. A failed run raises `RunFailed` (carrying the record)."""
    options = options or RunOptions()
    job = load_job(folder)
    parameters = typed_parameters(options.parameters, job.parameters)
    cwd = Path(options.cwd) if options.cwd else Path.cwd()
    if not cwd.is_dir():
        raise RunError(f"--cwd {cwd} is not a folder")
    if options.contract is not None and options.contract not in MODES:
        raise RunError(f"--contract {options.contract}: choose from {', '.join(MODES)}")
    environment = engine_environment(job, options.engine, options.spark_master)
    run_id, run_folder = new_run(job.runs)
    contract_mode = chosen_mode(contract_settings(job.folder), options.contract)
    environment.update(contract_environment(job.folder, run_folder, contract_mode))
    # Where the job leaves what the record should say (its warnings, its contract's findings).
    environment.setdefault("JUPYTER_PROD_RUN_FOLDER", str(run_folder.resolve()))
    output = Path(options.output) if options.output else run_folder / "output.ipynb"
    record = RunRecord(run_id, "running", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                       parameters, environment["JUPYTER_PROD_ENGINE"], job.kernel,
                       str(cwd.resolve()), str(output.resolve()), folder=str(run_folder),
                       **this_process())  # fmt: skip
    _save(record, options)
    started = time.perf_counter()
    stopped_by: int | None = None
    try:
        with _terminate_raises():
            _execute(job, parameters, output, cwd, environment, options,
                     (run_folder / KERNEL_LOG).resolve())  # fmt: skip
    except KeyboardInterrupt as interrupt:
        stopped_by = getattr(interrupt, "signal_number", signal.SIGINT)
        record.status = INTERRUPTED
        record.message = f"stopped by {signal.Signals(stopped_by).name}"
        if cancel_requested(record):
            record.status = CANCELLED
            record.message = "stopped on request (Stop in the runs view)"
    except Exception as error:  # noqa: BLE001 - any failure is recorded, then reported
        record.status = "failed"
        _describe(record, error, job)
    else:
        record.status = "succeeded"
    finally:
        record.seconds = round(time.perf_counter() - started, 3)
        if contract_mode is not None:  # what the job's own contract checks wrote
            record.contract, record.drift = read_findings(
                run_folder, contract_mode, options.redact_text or (lambda text: text)
            )
        record.warnings = _job_warnings(run_folder, options)
        with _signals_held():  # a second Ctrl-C must not stop the record being written
            _save(record, options)
            _write_report(record, output, options, parameters)
    if stopped_by is not None:
        message = f"{record.status}: {record.message} after {record.seconds:.1f} s"
        raise RunInterrupted(message, record, stopped_by)
    if record.status == "failed":
        raise RunFailed(record.describe_failure(), record)
    return record


def _job_warnings(run_folder: Path, options: RunOptions) -> list[str]:
    """What the job wrote to `warnings.txt` (once each, masked like the record)."""
    try:
        text = (run_folder / RUN_WARNINGS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    redact = options.redact_text or (lambda line: line)
    return [redact(line) for line in dict.fromkeys(text.splitlines()) if line.strip()]


def _save(record: RunRecord, options: RunOptions) -> None:
    if options.redact is not None:
        options.redact(record)
    save(record)


def _write_report(record: RunRecord, output: Path, options: RunOptions,
                  parameters: dict[str, Any]) -> None:  # fmt: skip
    """`report.html` from the output notebook, then the record again with its path (or why
    there is none); a run that wrote no output notebook gets no report. The values the
    record masked (secret-named parameters) are masked in the report too: papermill wrote
    them into the injected-parameters cell."""
    from ..findings.redact import MASK, Redactor
    from .report import write_report

    if not output.is_file():
        return
    given = Redactor(str(parameters[n]) for n, v in record.parameters.items()
                     if v == MASK and n in parameters)  # fmt: skip
    known = options.redact_text or (lambda value: value)

    def redact(value: str) -> str:
        return known(given(value))

    try:
        record.report = str(write_report(record, redact, options.report_input).resolve())
    except Exception as error:  # noqa: BLE001 - nbconvert may raise anything: noted, not fatal
        text = _ANSI.sub("", str(error)).strip().splitlines()
        reason = f"{type(error).__name__}: {text[-1] if text else ''}".strip().rstrip(":")
        record.report_error = redact(f"the report could not be written: {reason}")[:500]
    _save(record, options)


class _Terminated(KeyboardInterrupt):
    signal_number = signal.SIGTERM


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM raises (as SIGINT does) while the job runs, so that the run can record how it
    ended. Handlers can only be set from the main thread; an ignored SIGTERM stays ignored, and
    a handler Python cannot put back (set from C) is left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signal: int, _frame: object) -> None:
        raise _Terminated()

    previous = signal.getsignal(signal.SIGTERM)
    if previous is None or previous == signal.SIG_IGN:  # None: set outside Python, unrestorable
        yield
        return
    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (are delivered afterwards) while the block runs."""
    stops = {signal.SIGINT, signal.SIGTERM}
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)


def _execute(job: Job, parameters: dict[str, Any], output: Path, cwd: Path,
             environment: dict[str, str], options: RunOptions, kernel_log: Path) -> None:  # fmt: skip
    import papermill  # type: ignore[import-untyped]

    output.parent.mkdir(parents=True, exist_ok=True)
    python_path = os.pathsep.join(
        p for p in (str(job.folder.resolve()), os.environ.get("PYTHONPATH", "")) if p
    )
    from .papermill_engine import register

    engine = {"engine_name": register(), "on_cell": options.on_cell, "kernel_log": str(kernel_log)}
    with patched_environment({**environment, "PYTHONPATH": python_path}):
        papermill.execute_notebook(
            str(job.notebook_path), str(output), parameters=parameters, kernel_name=job.kernel,
            cwd=str(cwd), progress_bar=options.progress, execution_timeout=options.timeout,
            **engine,
        )  # fmt: skip


def _describe(record: RunRecord, error: Exception, job: Job) -> None:
    from papermill.exceptions import PapermillExecutionError  # type: ignore[import-untyped]

    if isinstance(error, PapermillExecutionError):
        source = next((line for line in str(error.source).splitlines() if line.strip()), "")
        message = f"{error.ename}: {_ANSI.sub('', str(error.evalue))}".strip().rstrip(":")
        record.failed_cell = FailedCell(int(error.cell_index) + 1, source[:120], message[:500],
                                        _location(error.traceback, job))  # fmt: skip
        return
    text = _ANSI.sub("", str(error)).strip().splitlines()
    record.message = f"the job could not run: {type(error).__name__}: {text[-1] if text else ''}"[
        :500
    ]


def _location(traceback: list[str], job: Job) -> str | None:
    """The last frame of the traceback inside the job's folder, as `path, line N`."""
    root = str(job.folder.resolve())
    found = None
    for line in _ANSI.sub("", "\n".join(traceback)).splitlines():
        match = _FRAME.search(line)
        if match and os.path.abspath(match.group(1)).startswith(root):
            found = f"{os.path.relpath(match.group(1), root)}, line {match.group(2)}"
    return found
