"""Run this job without Jupyter: `python -m PACKAGE [--name VALUE ...]`, or from Python
`run_job(**parameters)`, which returns the run record (a dict).

Written into every exported job as `PACKAGE/entry_point.py` by jupyter-prod; it needs only the
job's own requirements (papermill, IPython), not jupyter-prod. What it does:

- reads `job.yaml` beside the package: the parameters' types and defaults, the engine, the
  folder the notebook ran in (`workdir`), where relative data paths resolve;
- injects the parameters into the job notebook as papermill does (its `injected-parameters`
  cell, through papermill's own `parameterize_notebook`);
- runs the notebook's code cells in order in this process, no kernel (`run_cells.py`);
- records the run as `jupyter prod run` does (`run_record.py`): `runs/<id>/run.json` (written
  when the run starts and again when it ends) and `runs/<id>/output.ipynb`, so
  `jupyter prod run --list` and the JupyterLab panel list it;
- a failing cell raises `JobFailed` (exit status 1 from `python -m`), with the cell, the error
  and the line of the package it came from; SIGTERM or Ctrl-C end the run as `interrupted`
  (exit status 143 or 130).
"""

from __future__ import annotations

import argparse
import json
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

from .run_cells import CellFailed, run_cells
from .run_record import (
    MASK,
    SECRET_PARAMETERS,
    Masks,
    contract_findings,
    merged_findings,
    new_record,
    save,
    this_process,
    write_output,
)

# Filled in by the export (what the job's code reads that must never be written down).

JOB_FOLDER = Path(__file__).resolve().parent.parent
ENGINES = ("local", "spark")
CONTRACT_MODES = ("strict", "warn", "off")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class JobError(Exception):
    """The job could not be run as asked (a usage error: exit status 2)."""


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


# ---------------------------------------------------------------------- the job
def load_job(folder: Path = JOB_FOLDER) -> dict[str, Any]:
    """`job.yaml` as a dict; its notebook must be a file inside the job folder."""
    import yaml  # type: ignore[import-untyped]

    path = folder / "job.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise JobError(f"cannot read {path}: {type(error).__name__}") from None
    if not isinstance(data, dict) or not data.get("notebook"):
        raise JobError(f"{path} does not describe a job (no `notebook`)")
    notebook = (folder / str(data["notebook"])).resolve()
    if notebook.parent != folder.resolve() or notebook.suffix != ".ipynb":
        raise JobError(f"{path} is refused: its notebook must be a .ipynb file in {folder}")
    data["parameters"] = dict(data.get("parameters") or {})
    return data


def typed_parameters(given: dict[str, Any], declared: dict[str, Any]) -> dict[str, Any]:
    """The values converted to the declared types (text from a command line, a DAG's params)."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise JobError(f"the job has no parameter {', '.join(unknown)} (it takes: {known})")
    return {name: convert(name, value, (declared[name] or {}).get("type"))
            for name, value in given.items()}  # fmt: skip


def convert(name: str, value: Any, type_name: str | None) -> Any:
    """`value` as `type_name`; text is read as `jupyter prod run -p` reads it."""
    if not isinstance(value, str) or type_name == "str":
        return value
    text = value.strip()
    try:
        if type_name == "int":
            return int(text)
        if type_name == "float":
            return float(text)
        if type_name == "bool":
            if text.lower() in _TRUE | _FALSE:
                return text.lower() in _TRUE
            raise ValueError(text)
        if type_name in ("list", "dict", "tuple"):
            loaded = json.loads(text)
            if not isinstance(loaded, dict if type_name == "dict" else list):
                raise ValueError(text)
            return loaded
    except ValueError:
        article = "an" if type_name == "int" else "a"
        raise JobError(f"{name} takes {article} {type_name}, not {value!r}") from None
    import yaml

    try:  # an undeclared type: read as YAML, as papermill reads `-p`
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


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
    notebook = _parameterized(folder / str(job["notebook"]), values)
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


def _parameterized(path: Path, values: dict[str, Any]) -> Any:
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


# ---------------------------------------------------------------------- `python -m PACKAGE`
def main(argv: list[str] | None = None) -> int:
    """The command line: exit status 0 succeeded, 1 failed, 2 usage error, 130/143 stopped."""
    program = f"python -m {Path(__file__).resolve().parent.name}"
    try:
        job = load_job()
        options = _parser(program, job).parse_args(argv)
        given = {n: getattr(options, n) for n in job["parameters"]
                 if getattr(options, n) is not None}  # fmt: skip
        if options.steps:
            return _list_steps(job)
        record = _run_asked(options, given)
    except JobError as error:
        print(f"{program}: error: {error}", file=sys.stderr)
        return 2
    except JobFailed as failure:
        print(f"{program}: the job failed: {failure}", file=sys.stderr)
        print(f"run record: {Path(failure.record['folder']) / 'run.json'}", file=sys.stderr)
        return 1
    except JobInterrupted as interrupt:
        print(f"{program}: {interrupt}", file=sys.stderr)
        return 128 + interrupt.signal_number
    if options.json:
        print(json.dumps({k: v for k, v in record.items() if k != "folder"}, default=repr))
    elif record["status"] == "running":  # a step, and more to come
        print(f"{program}: step {options.step} done; the run {record['id']} goes on with the "
              "next step (--run-id)", file=sys.stderr)  # fmt: skip
    else:
        print(f"{program}: succeeded in {record['seconds']:.1f} s", file=sys.stderr)
        print(f"run record: {Path(record['folder']) / 'run.json'}", file=sys.stderr)
    return 0


def _run_asked(options: argparse.Namespace, given: dict[str, Any]) -> dict[str, Any]:
    """The whole run, or the one step `--step` names."""
    if options.run_id and not options.step:
        raise JobError("--run-id continues a run by steps: give the --step to run")
    if not options.step:
        return run(given, engine=options.engine, cwd=options.cwd, contract=options.contract)
    from .run_steps import run_step

    return run_step(options.step, given, run_id=options.run_id, engine=options.engine,
                    cwd=options.cwd, contract=options.contract)  # fmt: skip


def _list_steps(job: dict[str, Any]) -> int:
    from .run_steps import step_names

    for name in step_names(_parameterized(JOB_FOLDER / str(job["notebook"]), {})):
        print(name)
    return 0


def _parser(program: str, job: dict[str, Any]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=program, description=f"Run the {job.get('name')} job.")
    for name, spec in job["parameters"].items():
        spec = spec or {}
        flags = sorted({f"--{name}", f"--{name.replace('_', '-')}"})
        shown = MASK if name in SECRET_PARAMETERS else spec.get("default")
        parser.add_argument(*flags, dest=name, metavar=str(spec.get("type") or "VALUE").upper(),
                            help=f"{spec.get('type') or 'any'}, default {shown!r}")  # fmt: skip
    parser.add_argument("--engine", choices=ENGINES, help="default: the job's engine")
    parser.add_argument("--cwd", help="run in this folder (default: the job's `workdir`)")
    parser.add_argument("--contract", choices=CONTRACT_MODES,
                        help="the data contract's mode (default: job.yaml's contract.mode)")  # fmt: skip
    parser.add_argument(
        "--step",
        metavar="NAME",
        help="run one step (an orchestrator's task); the first starts a run",
    )
    parser.add_argument(
        "--run-id",
        metavar="ID",
        help="with --step: the run the earlier steps began (their record's id)",
    )
    parser.add_argument("--steps", action="store_true", help="list the job's steps, in order")
    parser.add_argument("--json", action="store_true", help="print the run record as JSON")
    return parser
