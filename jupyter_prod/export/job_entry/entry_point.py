"""Run this job without Jupyter: `python -m PACKAGE [--name VALUE ...]`, or from Python
`run_job(**parameters)`, which returns the run record (a dict).

Written into every exported job as `PACKAGE/entry_point.py` by jupyter-prod; it needs only the
job's own requirements (papermill, IPython), not jupyter-prod. What it does:

- reads `job.yaml` beside the package: the parameters' types and defaults, the engine, the
  folder the notebook ran in (`workdir`), where relative data paths resolve;
- injects the parameters into the job notebook as papermill does (its `injected-parameters`
  cell, through papermill's own `parameterize_notebook`);
- runs the notebook's code cells in order in this process, no kernel (`run_cells.py`);
- the parameters and `job.yaml` are read by `job_file.py`, the command line by
  `command_line.py`;
- records the run as `jupyter prod run` does (`run_record.py`): `runs/<id>/run.json` (written
  when the run starts and again when it ends) and `runs/<id>/output.ipynb`, so
  `jupyter prod run --list` and the JupyterLab panel list it;
- a failing cell raises `JobFailed` (exit status 1 from `python -m`), with the cell, the error
  and the line of the package it came from; SIGTERM or Ctrl-C end the run as `interrupted`
  (exit status 143 or 130).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .job_file import JOB_FOLDER, JobError, load_job, typed_parameters
from .run_cells import CellFailed, run_cells
from .run_record import (
    Masks,
    contract_findings,
    merged_findings,
    new_record,
    save,
    this_process,
    write_output,
)

# Filled in by the export (what the job's code reads that must never be written down).

ENGINES = ("local", "spark")
CONTRACT_MODES = ("strict", "warn", "off")


class JobFailed(Exception):
    """The job ran and failed; `record` is its run record (exit status 1)."""

    def __init__(self, message: str, record: dict[str, Any]) -> None:
        super().__init__(message)
        self.record = record


class JobInterrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT or SIGTERM; `record` says so."""

    def __init__(self, message: str, record: dict[str, Any], signal_number: int) -> None:
        super().__init__(message)
        self.record = record
        self.signal_number = signal_number


class _Terminated(KeyboardInterrupt):
    signal_number = signal.SIGTERM


# ---------------------------------------------------------------------- running it
def run_job(**parameters: Any) -> dict[str, Any]:
    """Run the job with these parameters (the others keep their defaults); its run record.
    Raises `JobFailed` (with the record) when a cell fails."""
    return run(parameters)


def run(
    parameters: dict[str, Any] | None = None,
    *,
    engine: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    contract: str | None = None,
    folder: Path = JOB_FOLDER,
) -> dict[str, Any]:
    """`run_job` with its options: the engine (the job's by default), the folder it runs in
    (the notebook's, `workdir` in `job.yaml`, by default), the data contract's mode (`strict`,
    `warn`, `off`; by default `job.yaml`'s `contract.mode`)."""
    setup = prepare(parameters, engine=engine, cwd=cwd, contract=contract, folder=folder)
    record = new_record(folder / "runs", setup.values, setup.engine, setup.workdir)
    return execute(setup, record, lambda: run_cells(setup.notebook, folder))


@dataclass
class Setup:
    """What a run needs, checked before anything is recorded."""

    job: dict[str, Any]
    values: dict[str, Any]
    engine: str
    workdir: Path
    notebook: Any  # the job notebook with the injected parameters
    contract: str | None
    folder: Path


def prepare(parameters: dict[str, Any] | None, *, engine: str | None,
            cwd: str | os.PathLike[str] | None, contract: str | None, folder: Path) -> Setup:  # fmt: skip
    """The run's setup; `JobError` for what cannot run (a usage error: nothing recorded)."""
    job = load_job(folder)
    values = typed_parameters(dict(parameters or {}), job["parameters"])
    chosen = _engine(job, engine)
    workdir = Path(cwd) if cwd is not None else folder / str(job.get("workdir") or ".")
    if not workdir.is_dir():
        raise JobError(f"the job's working folder {workdir} is not a folder")
    if contract is not None and contract not in CONTRACT_MODES:
        raise JobError(f"--contract {contract}: choose from {', '.join(CONTRACT_MODES)}")
    notebook = parameterized(folder / str(job["notebook"]), values)
    return Setup(job, values, chosen, workdir, notebook, contract, folder)


def execute(setup: Setup, record: dict[str, Any], cells: Callable[[], Any],
            last: bool = True) -> dict[str, Any]:  # fmt: skip
    """Run `cells` and record how it went; a run that is not `last` (a step of it) stays
    `running`, without a process (none runs it between steps)."""
    masks = Masks(setup.values)
    record.update(status="running", **this_process())
    save(record, masks)
    started = time.perf_counter()
    stopped_by: int | None = None
    variables = _variables(setup.folder, Path(record["folder"]), setup.engine, setup.job,
                           setup.contract)  # fmt: skip
    try:
        with _terminate_raises(), _inside(setup.folder, setup.workdir, variables):
            cells()
        record["status"] = "succeeded" if last else "running"
    except KeyboardInterrupt as interrupt:
        stopped_by = getattr(interrupt, "signal_number", signal.SIGINT)
        record["status"] = "interrupted"
        record["message"] = f"stopped by {signal.Signals(stopped_by).name}"
    except CellFailed as failure:
        record["status"] = "failed"
        record["failed_cell"] = failure.failed_cell
    except Exception as error:  # noqa: BLE001 - outside the cells (the folder went away...)
        record["status"] = "failed"
        record["message"] = f"the job could not run: {type(error).__name__}: {error}"[:500]
    finally:
        record["seconds"] = round(record["seconds"] + time.perf_counter() - started, 3)
        if "JUPYTER_PROD_RUN_FOLDER" in variables:
            found = contract_findings(Path(record["folder"]))
            record["contract"], record["drift"] = merged_findings(record, *found)
        if record["status"] == "running":
            record.update(pid=None, process_started=None)
        write_output(setup.notebook, Path(record["output"]), masks)
        save(record, masks)
    if stopped_by is not None:
        raise JobInterrupted(f"interrupted: {record['message']}", record, stopped_by)
    if record["status"] == "failed":
        raise JobFailed(describe_failure(record), record)
    return record


def describe_failure(record: dict[str, Any]) -> str:
    cell = record.get("failed_cell")
    if not cell:
        return str(record.get("message") or "the job failed")
    where = f" (raised in {cell['location']})" if cell.get("location") else ""
    return f"cell {cell['number']} (`{cell['source']}`) failed: {cell['error']}{where}"


def _engine(job: dict[str, Any], engine: str | None) -> str:
    exported = str(job.get("engine") or "local")
    chosen = engine or exported
    if chosen not in ENGINES:
        raise JobError(f"unknown engine {chosen!r} (choose from {', '.join(ENGINES)})")
    if chosen == "spark" and exported != "spark":
        raise JobError(f"the job was exported for the {exported} engine, not spark")
    return chosen


def parameterized(path: Path, values: dict[str, Any]) -> Any:
    """The job notebook with papermill's `injected-parameters` cell."""
    from papermill.iorw import load_notebook_node  # type: ignore[import-untyped]
    from papermill.parameterize import parameterize_notebook  # type: ignore[import-untyped]

    try:
        notebook = load_notebook_node(str(path))  # as papermill reads it: every cell has tags
    except Exception as error:  # noqa: BLE001 - nbformat and json raise many kinds
        raise JobError(f"cannot read the job notebook {path}: {type(error).__name__}") from None
    if not values:
        return notebook
    return parameterize_notebook(notebook, values, kernel_name="python3", language="python")


def _variables(folder: Path, run_folder: Path, engine: str, job: dict[str, Any],
               contract: str | None) -> dict[str, str]:  # fmt: skip
    """What the job's code reads from the environment: the engine (`engine.py`) and, for a job
    with a data contract, its mode and where its checks write what they found, as
    `jupyter prod run` passes them (`contract.json` in the run folder)."""
    variables = {"JUPYTER_PROD_ENGINE": engine}
    section = job.get("contract")
    if isinstance(section, dict) and section.get("frames"):
        variables.update(JUPYTER_PROD_CONTRACT=contract or str(section.get("mode") or "warn"),
                         JUPYTER_PROD_RUN_FOLDER=str(run_folder.resolve()),
                         JUPYTER_PROD_JOB_FOLDER=str(folder.resolve()))  # fmt: skip
    return variables


@contextmanager
def _inside(folder: Path, workdir: Path, variables: dict[str, str]) -> Iterator[None]:
    """The run's process state: its folder, the package importable, its variables."""
    previous_cwd = os.getcwd()
    previous = {name: os.environ.get(name) for name in variables}
    added = str(folder) not in sys.path
    if added:
        sys.path.insert(0, str(folder))
    os.environ.update(variables)
    os.chdir(workdir)
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if added and str(folder) in sys.path:
            sys.path.remove(str(folder))


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM raises (as SIGINT does) so the record can say how the run ended; handlers can
    only be set from the main thread, and one set outside Python is left alone."""
    previous = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread() or previous in (
        None,
        signal.SIG_IGN,
    ):
        yield
        return

    def terminate(_signal: int, _frame: object) -> None:
        raise _Terminated()

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
