"""Run this job without Jupyter: `python -m PACKAGE [--name VALUE ...]`, or from Python
`run_job(**parameters)`, which returns the run record (a dict).

Written into every exported job as `PACKAGE/entry_point.py` by jupyter-prod; it needs only the
job's own requirements (papermill, IPython), not jupyter-prod. What it does:

- reads `job.yaml` beside the package: the parameters' types and defaults, the engine, the
  folder the notebook ran in (`workdir`), where relative data paths resolve;
- injects the parameters into the job notebook as papermill does (its `injected-parameters`
  cell, through papermill's own `parameterize_notebook`);
- runs the notebook's code cells in order in this process, no kernel: IPython's shell turns
  magics into Python and formats displayed values as a notebook would; what a cell prints goes
  to this process's stdout too (an orchestrator's task log);
- records the run as `jupyter prod run` does: `runs/<id>/run.json` (written when the run starts
  and again when it ends) and `runs/<id>/output.ipynb`, so `jupyter prod run --list` and the
  JupyterLab panel list it. Values of secret-named parameters and of the secret-looking
  environment variables the job reads are masked in both;
- a failing cell raises `JobFailed` (exit status 1 from `python -m`), with the cell, the error
  and the line of the package it came from; SIGTERM or Ctrl-C end the run as `interrupted`
  (exit status 143 or 130).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Filled in by the export (what the job's code reads that must never be written down).
SECRET_PARAMETERS: tuple[str, ...] = ()
SECRET_VARIABLES: tuple[str, ...] = ()

JOB_FOLDER = Path(__file__).resolve().parent.parent
MASK = "[REDACTED]"
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


class _CellFailed(Exception):
    def __init__(self, failed_cell: dict[str, Any]) -> None:
        super().__init__(failed_cell["error"])
        self.failed_cell = failed_cell


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
    job = load_job(folder)
    values = typed_parameters(dict(parameters or {}), job["parameters"])
    chosen = _engine(job, engine)
    workdir = Path(cwd) if cwd is not None else folder / str(job.get("workdir") or ".")
    if not workdir.is_dir():
        raise JobError(f"the job's working folder {workdir} is not a folder")
    if contract is not None and contract not in CONTRACT_MODES:
        raise JobError(f"--contract {contract}: choose from {', '.join(CONTRACT_MODES)}")
    notebook = _parameterized(folder / str(job["notebook"]), values)
    record = _new_record(folder / "runs", values, chosen, workdir)
    masks = _Masks(values)
    _save(record, masks)
    started = time.perf_counter()
    stopped_by: int | None = None
    variables = _variables(folder, Path(record["folder"]), chosen, job, contract)
    try:
        with _terminate_raises(), _inside(folder, workdir, variables):
            _run_cells(notebook, folder)
        record["status"] = "succeeded"
    except KeyboardInterrupt as interrupt:
        stopped_by = getattr(interrupt, "signal_number", signal.SIGINT)
        record["status"] = "interrupted"
        record["message"] = f"stopped by {signal.Signals(stopped_by).name}"
    except _CellFailed as failure:
        record["status"] = "failed"
        record["failed_cell"] = failure.failed_cell
    except Exception as error:  # noqa: BLE001 - outside the cells (the folder went away...)
        record["status"] = "failed"
        record["message"] = f"the job could not run: {type(error).__name__}: {error}"[:500]
    finally:
        record["seconds"] = round(time.perf_counter() - started, 3)
        if "JUPYTER_PROD_RUN_FOLDER" in variables:
            record["contract"], record["drift"] = _contract_findings(Path(record["folder"]))
        _write_output(notebook, Path(record["output"]), masks)
        _save(record, masks)
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


def _contract_findings(run_folder: Path) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The record's `contract` and `drift` from the checks' `contract.json`, in the shape
    `jupyter prod run` gives them."""
    try:
        data = json.loads((run_folder / "contract.json").read_text(encoding="utf-8"))
        frames = dict(data.get("frames") or {})
    except (OSError, ValueError, AttributeError, TypeError):
        return None, []
    contract: dict[str, Any] = {"mode": data.get("mode"), "frames": [], "violations": []}
    drift: list[dict[str, Any]] = []
    for name, found in sorted(frames.items()):
        contract["frames"].append({"frame": name, "role": found.get("role"),
                                   "rows": found.get("rows")})  # fmt: skip
        contract["violations"] += list(found.get("violations") or [])
        drift += list(found.get("drift") or [])
    if (run_folder / "profiles.json").is_file():
        contract["profiles"] = "profiles.json"
    return contract, drift


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


# ---------------------------------------------------------------------- the cells
def _run_cells(notebook: Any, folder: Path) -> None:
    """Each code cell in order in one namespace; the first failure raises `_CellFailed`."""
    shell, real_stdout = _shell(), sys.stdout
    namespace: dict[str, Any] = {"__name__": "__main__", "get_ipython": lambda: shell}
    saved_namespace, saved_publisher = shell.user_ns, shell.display_pub
    shell.user_ns = namespace  # magics (`%time x`) read and write the job's namespace
    try:
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            shell.display_pub = _Publisher(cell.outputs, real_stdout)
            with _streams(cell.outputs):
                try:
                    _run_cell(shell, cell.source, namespace, cell.outputs, real_stdout)
                except Exception as error:  # noqa: BLE001 - recorded, and the run fails
                    failed = _failed_cell(index, cell, error, folder, cell.outputs)
                    raise _CellFailed(failed) from error
    finally:
        shell.user_ns, shell.display_pub = saved_namespace, saved_publisher


def _shell() -> Any:
    """IPython's shell (the one running, else a new one without a history file): magics, and
    `display()` in the job's code (`get_ipython()` is not None, as in a notebook)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if InteractiveShell.initialized():
        return InteractiveShell.instance()
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


def _run_cell(shell: Any, source: str, namespace: dict[str, Any], outputs: list[Any],
              real_stdout: Any) -> None:  # fmt: skip
    """Run one cell; the value of a last expression is shown as the notebook shows it."""

    python = shell.transform_cell(source)
    filename = "<job notebook cell>"
    tree = ast.parse(python, filename=filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - the job's own code
    if last is None:
        return
    value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
    if value is None or python.rstrip().endswith(";"):
        return
    data, metadata = shell.display_formatter.format(value)
    outputs.append(_new_output("execute_result", data=data, metadata=metadata,
                                          execution_count=None))  # fmt: skip
    print(data.get("text/plain", ""), file=real_stdout)


def _failed_cell(index: int, cell: Any, error: BaseException, folder: Path,
                 outputs: list[Any]) -> dict[str, Any]:  # fmt: skip
    """The record's `failed_cell`, and the error as the cell's output."""

    lines = traceback.format_exception(type(error), error, error.__traceback__)
    outputs.append(_new_output("error", ename=type(error).__name__,
                                          evalue=str(error), traceback=lines))  # fmt: skip
    sys.stderr.write("".join(lines))
    source = next((line for line in cell.source.splitlines() if line.strip()), "")
    message = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return {"number": index + 1, "source": source[:120], "error": message[:500],
            "location": _location(error, folder)}  # fmt: skip


def _location(error: BaseException, folder: Path) -> str | None:
    """The last frame of the traceback inside the job folder, as `path, line N`."""
    root, found = str(folder.resolve()), None
    for frame in traceback.extract_tb(error.__traceback__):
        path = os.path.abspath(frame.filename)
        if path.startswith(root + os.sep):
            found = f"{os.path.relpath(path, root)}, line {frame.lineno}"
    return found


def _new_output(output_type: str, **fields: Any) -> Any:
    import nbformat

    return nbformat.v4.new_output(output_type, **fields)  # type: ignore[no-untyped-call]


class _Publisher:
    """IPython's display publisher for one cell: `display(x)` becomes a `display_data`
    output, and its text is printed to the process's stdout (the task's log)."""

    is_publishing = False

    def __init__(self, outputs: list[Any], real_stdout: Any) -> None:
        self.outputs, self.real_stdout = outputs, real_stdout

    def publish(self, data: dict[str, Any], metadata: dict[str, Any] | None = None,
                **_ignored: Any) -> None:  # fmt: skip

        output = _new_output("display_data", data=data, metadata=metadata or {})
        self.outputs.append(output)
        print(data.get("text/plain", ""), file=self.real_stdout)

    def clear_output(self, wait: bool = False) -> None:
        self.outputs.clear()


class _Tee:
    """A stream that writes through to the real one and into the cell's stream outputs."""

    def __init__(self, name: str, real: Any, outputs: list[Any]) -> None:
        self.name, self.real, self.outputs = name, real, outputs

    def write(self, text: str) -> int:

        if not text:
            return 0
        self.real.write(text)
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == self.name:
            last.text += text
        else:
            self.outputs.append(_new_output("stream", name=self.name, text=text))
        return len(text)

    def flush(self) -> None:
        self.real.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return str(getattr(self.real, "encoding", "utf-8"))


@contextmanager
def _streams(outputs: list[Any]) -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = _Tee("stdout", saved[0], outputs)
    sys.stderr = _Tee("stderr", saved[1], outputs)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


# ---------------------------------------------------------------------- the record
def _new_record(runs: Path, values: dict[str, Any], engine: str, workdir: Path) -> dict[str, Any]:
    """`run.json`'s fields, as `jupyter prod run` writes them, in a new `runs/<id>/`."""
    runs.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for number in range(1, 1000):
        run_id = stamp if number == 1 else f"{stamp}-{number}"
        try:
            (runs / run_id).mkdir()
            break
        except FileExistsError:
            continue
    else:
        raise JobError(f"could not find a free run id in {runs}")
    folder = runs / run_id
    return {"id": run_id, "status": "running",
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "parameters": dict(values), "engine": engine, "kernel": "in-process",
            "cwd": str(workdir.resolve()), "output": str((folder / "output.ipynb").resolve()),
            "seconds": 0.0, "failed_cell": None, "message": None, "pid": os.getpid(),
            "host": socket.gethostname(), "process_started": _process_start(os.getpid()),
            "report": None, "report_error": None, "contract": None, "drift": [],
            "folder": str(folder)}  # fmt: skip


def _process_start(pid: int) -> int | None:
    """The process's start in clock ticks after boot (`/proc/<pid>/stat` field 22): a `running`
    record whose pid now belongs to another process is known as interrupted."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        return int(text[text.rfind(")") + 2 :].split()[19])
    except (OSError, IndexError, ValueError):
        return None


class _Masks:
    """Masks the values of secret-named parameters and secret environment variables."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.names = {name for name in values if name in SECRET_PARAMETERS}
        secrets = [str(values[name]) for name in self.names]
        secrets += [os.environ.get(name, "") for name in SECRET_VARIABLES]
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, MASK)
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value


def _save(record: dict[str, Any], masks: _Masks) -> None:
    """`run.json`, atomically, masked; `record` itself keeps its folder (not written)."""
    data = {key: value for key, value in record.items() if key != "folder"}
    data["parameters"] = {n: MASK if n in masks.names else v
                          for n, v in data["parameters"].items()}  # fmt: skip
    text = json.dumps(masks.data(data), indent=2, sort_keys=True, default=repr) + "\n"
    _write_atomically(Path(record["folder"]) / "run.json", text)


def _write_output(notebook: Any, path: Path, masks: _Masks) -> None:
    import nbformat

    node = nbformat.from_dict(masks.data(dict(notebook)))  # type: ignore[no-untyped-call]
    text = nbformat.writes(node)  # type: ignore[no-untyped-call]
    _write_atomically(path, text)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        if temporary.exists():
            temporary.unlink()
        raise


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
        record = run(given, engine=options.engine, cwd=options.cwd, contract=options.contract)
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
    else:
        print(f"{program}: succeeded in {record['seconds']:.1f} s", file=sys.stderr)
        print(f"run record: {Path(record['folder']) / 'run.json'}", file=sys.stderr)
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
    parser.add_argument("--json", action="store_true", help="print the run record as JSON")
    return parser
