"""One step of the job at a time (`python -m PACKAGE --step NAME [--run-id ID]`): what an
orchestrator runs as one task per step.

Part of the job's kernel-free entry point, copied into the job by jupyter-prod.

- The steps are the job notebook's cells that call a step (`metadata.jupyter_prod.step`), each
  with the cells after it up to the next step (a data-contract check, a cell kept as written).
- Every step first runs the cells before the first step again (the parameters, the injected
  parameters, the imports: cheap, and modules cannot be passed between processes), then takes
  the values the earlier steps left (`runs/<id>/state.pkl`), runs its own cells and leaves its
  values there in turn: the data passes through files in the run's folder.
- One run record for the whole run: the first step makes it, each step adds its duration and
  its cells' outputs, the last one marks it `succeeded`; between steps it is `running` without
  a process. A failed step fails the run.
- A value that cannot be pickled (an open connection), and a function or class a step's cell
  defines, do not reach the later steps: a step that needs one fails with a NameError naming it.
"""

from __future__ import annotations

import json
import os
import pickle
import types
from pathlib import Path
from typing import Any

from .entry_point import execute, prepare
from .job_file import JOB_FOLDER, JobError
from .run_cells import run_cells
from .run_record import load_record, new_record

STATE_FILE = "state.pkl"
STEPS_FILE = "steps.json"  # the steps done so far, in the run's folder


def step_names(notebook: Any) -> list[str]:
    """The job's steps, in order."""
    return [name for _index, name in _step_starts(notebook)]


def _step_starts(notebook: Any) -> list[tuple[int, str]]:
    found = []
    for index, cell in enumerate(notebook.cells):
        step = (cell.get("metadata", {}).get("jupyter_prod") or {}).get("step")
        if cell.cell_type == "code" and isinstance(step, str):
            found.append((index, step))
    return found


def step_cells(notebook: Any, step: str) -> tuple[list[int], list[int]]:
    """(the cells before the first step, the cells of `step`)."""
    starts = _step_starts(notebook)
    names = [name for _index, name in starts]
    if step not in names:
        raise JobError(f"the job has no step {step!r} (its steps: {', '.join(names) or 'none'})")
    position = names.index(step)
    first = starts[position][0]
    end = starts[position + 1][0] if position + 1 < len(starts) else len(notebook.cells)
    return list(range(starts[0][0])), list(range(first, end))


def run_step(
    step: str,
    parameters: dict[str, Any] | None = None,
    *,
    run_id: str | None = None,
    engine: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    contract: str | None = None,
    folder: Path = JOB_FOLDER,
) -> dict[str, Any]:
    """Run one step of a run: the first step without `run_id` (it starts the run), the next
    ones with the id of the run the first one started. Returns the run record."""
    setup = prepare(parameters, engine=engine, cwd=cwd, contract=contract, folder=folder)
    names = step_names(setup.notebook)
    prelude, cells = step_cells(setup.notebook, step)
    position = names.index(step)
    if run_id is None:
        if position != 0:
            raise JobError(f"{step} is not the first step ({names[0]}): give the --run-id of "
                           "the run the first step started")  # fmt: skip
        record = new_record(folder / "runs", setup.values, setup.engine, setup.workdir)
        done: list[str] = []
    else:
        record, done = _continued(folder, run_id, names, position)
        record.update(failed_cell=None, message=None)
        _keep_outputs(setup.notebook, Path(record["output"]))
    run_folder = Path(record["folder"])
    state = _load_state(run_folder)

    def cells_of_step() -> None:
        namespace = run_cells(setup.notebook, folder, prelude + cells, state, cells[0])
        _save_state(run_folder, namespace)

    finished = execute(setup, record, cells_of_step, last=position == len(names) - 1)
    _write_json(run_folder / STEPS_FILE, {"steps": names, "done": done + [step]})
    return finished


def _continued(folder: Path, run_id: str, names: list[str], position: int) -> tuple[dict[str, Any], list[str]]:  # fmt: skip
    """The record of the run `run_id` and its steps done; `JobError` unless `names[position]`
    is the step it expects next."""
    run_folder = folder / "runs" / run_id
    if os.sep in run_id or run_id.startswith(".") or not (run_folder / "run.json").is_file():
        raise JobError(f"no run {run_id!r} in {folder / 'runs'}")
    record = load_record(run_folder)
    try:
        done = list(json.loads((run_folder / STEPS_FILE).read_text(encoding="utf-8"))["done"])
    except (OSError, ValueError, KeyError, TypeError):
        done = []
    # A failed or stopped step may be run again (an orchestrator's retry): its run goes on.
    if record.get("status") not in ("running", "failed", "interrupted") or done != names[:position]:
        expected = names[len(done)] if len(done) < len(names) else "none"
        raise JobError(f"run {run_id} is {record.get('status')} after the steps "
                       f"{', '.join(done) or 'none'}: its next step is {expected}, "
                       f"not {names[position]}")  # fmt: skip
    return record, done


def _keep_outputs(notebook: Any, output: Path) -> None:
    """The earlier steps' outputs, from the run's output notebook, into `notebook`."""
    import nbformat

    if not output.is_file():
        return
    earlier = nbformat.read(str(output), as_version=4)  # type: ignore[no-untyped-call]
    if len(earlier.cells) != len(notebook.cells):
        return  # another notebook: its outputs would land on the wrong cells
    for cell, before in zip(notebook.cells, earlier.cells, strict=True):
        if cell.cell_type == "code" and before.cell_type == "code":
            cell.outputs = before.get("outputs", [])


def _load_state(run_folder: Path) -> dict[str, Any]:
    path = run_folder / STATE_FILE
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        pickled: dict[str, bytes] = pickle.load(handle)  # noqa: S301 - this run's steps wrote it
    return {name: pickle.loads(data) for name, data in pickled.items()}  # noqa: S301


def _save_state(run_folder: Path, namespace: dict[str, Any]) -> None:
    """The namespace's values that can be passed on: not modules, not the names of the shell,
    not what a cell defined as a function or class (pickled by a name the next process lacks)."""
    state = {}
    for name, value in namespace.items():
        if name.startswith("_") or name == "get_ipython" or _not_passed(value):
            continue
        try:
            state[name] = pickle.dumps(value)
        except Exception:  # noqa: BLE001, S112 - any value pickle refuses stays behind
            continue
    path = run_folder / STATE_FILE
    temporary = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        pickle.dump(state, handle)  # each value pickled on its own: one bad value fails alone
    os.replace(temporary, path)


def _not_passed(value: Any) -> bool:
    if isinstance(value, types.ModuleType):
        return True
    defined_here = getattr(value, "__module__", None) == "__main__"
    return defined_here and isinstance(value, (type, types.FunctionType))


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data) + "\n", encoding="utf-8")
    os.replace(temporary, path)
