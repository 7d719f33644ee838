"""Run a notebook top to bottom in a fresh kernel, and record what tests ran.

- The notebook that runs is an in-memory copy built from the analysed cells: the user's file
  is never opened for writing and its outputs are never touched.
- The kernel starts in the notebook's folder (relative paths resolve as for the user), from the
  notebook's kernelspec or the one asked for; each cell gets `timeout` seconds.
- Errors in cells do not stop the run (every later cell is still run and measured); a timeout
  or a dead kernel does, and is raised as an `ExecutionError` carrying what ran before it.
- With a recorder, `kernel_recorder.py` is installed first by a silent request (no execution
  count is used) and asked at the end which lines and branches tests ran (coverage.py).
"""

from __future__ import annotations

import ast
import copy
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from ..notebook.model import Notebook
from .errors import CellTimedOut, ExecutionError, KernelDied, KernelNotFound, KernelStartFailed

RECORDER_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel_recorder.py")
RECORDER_MODULE = "_jupyter_prod_recorder"
_QUIET = logging.getLogger("jupyter_prod.execution")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


@dataclass(frozen=True)
class Recording:
    """What the recorder needs: sha1 hashes of the test, notebook and logic cells' sources."""

    tests: frozenset[str]
    notebook: frozenset[str]
    logic: frozenset[str]


@dataclass
class FreshRun:
    kernel: str
    outputs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # cell -> outputs
    hits: dict[str, list[int]] = field(default_factory=dict)  # logic cell hash -> lines
    # logic cell hash -> (from, to) line arcs run by tests, as coverage.py records branches
    arcs: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    measured: set[str] = field(default_factory=set)  # logic cell hashes the recorder saw
    missing: str | None = None  # why nothing could be measured (no coverage.py in the kernel)
    seconds: float = 0.0
    error: ExecutionError | None = None


def recorder_source() -> str:
    with open(RECORDER_FILE, encoding="utf-8") as handle:
        return handle.read()


def install_code(recording: Recording, out_dir: str | None = None) -> str:
    """Python that installs the recorder as a module of its own, leaving no name behind."""
    arguments = (
        sorted(recording.tests),
        sorted(recording.notebook),
        sorted(recording.logic),
        out_dir,
    )
    return (
        "import sys as _jp_sys, types as _jp_types\n"
        f"_jp_module = _jp_types.ModuleType({RECORDER_MODULE!r})\n"
        f"exec(compile({recorder_source()!r}, {RECORDER_FILE!r}, 'exec'), _jp_module.__dict__)\n"
        "_jp_sys.modules[_jp_module.__name__] = _jp_module\n"
        f"_jp_module.install(*{arguments!r})\n"
        "del _jp_sys, _jp_types, _jp_module\n"
    )


def kernel_name_for(notebook: Notebook, requested: str | None) -> str:
    spec = notebook.metadata.get("kernelspec")
    name = requested or (spec.get("name") if isinstance(spec, dict) else None) or "python3"
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(str(name))
    except NoSuchKernel:
        raise KernelNotFound(
            f"no Jupyter kernel named {name!r} is installed here; pass --kernel NAME "
            "(see `jupyter kernelspec list`)"
        ) from None
    return str(name)


def run_fresh(
    notebook: Notebook,
    *,
    kernel: str | None = None,
    timeout: float = 300,
    folder: str | None = None,
    recording: Recording | None = None,
) -> FreshRun:
    """Run every code cell of an in-memory copy; a failed run comes back with `error` set."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    name = kernel_name_for(notebook, kernel)
    run = FreshRun(kernel=name)
    nb = _copy_for_execution(notebook)
    client = NotebookClient(
        nb,
        timeout=max(1, int(round(timeout))),
        kernel_name=name,
        allow_errors=True,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": folder or os.getcwd()}},
        log=_QUIET,
    )
    started = time.perf_counter()
    current: int | None = None
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_log:
        try:
            with client.setup_kernel(stderr=kernel_log, stdout=kernel_log):
                _silent(client, "")  # the kernel answers: it is ready
                if recording is not None:
                    _silent(client, install_code(recording))
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    current = index
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                    run.outputs[index] = [dict(o) for o in cell.get("outputs", [])]
                current = None
                if recording is not None:
                    _collect(client, run)
        except CellTimeoutError:
            run.error = CellTimedOut(
                f"cell {_label(current)} did not finish within {timeout:g} s, so the fresh run "
                "was stopped (the notebook itself was not changed)", current)  # fmt: skip
        except DeadKernelError:
            run.error = KernelDied(
                f"the kernel died while running cell {_label(current)}{_last_words(kernel_log)}",
                current)  # fmt: skip
        except ExecutionError as error:
            run.error = error
        except (RuntimeError, TimeoutError, OSError) as error:
            if current is not None:
                raise
            run.error = KernelStartFailed(f"the kernel {name!r} did not start: {error}")
    run.seconds = time.perf_counter() - started
    return run


def _copy_for_execution(notebook: Notebook) -> Any:
    import nbformat

    v4: Any = nbformat.v4
    cells = []
    for cell in notebook.cells:
        if cell.is_code:
            metadata = {"tags": list(cell.tags)} if cell.tags else {}
            cells.append(v4.new_code_cell(cell.source, metadata=metadata))
        elif cell.cell_type == "markdown":
            cells.append(v4.new_markdown_cell(cell.source))
        else:
            cells.append(v4.new_raw_cell(cell.source))
    return v4.new_notebook(cells=cells, metadata=copy.deepcopy(notebook.metadata))


def _silent(client: Any, code: str, expressions: dict[str, str] | None = None) -> dict[str, Any]:
    msg_id = client.kc.execute(code, silent=True, store_history=False,
                               user_expressions=expressions or {}, allow_stdin=False)  # fmt: skip
    reply = client.wait_for_reply(msg_id) or {}
    content: dict[str, Any] = reply.get("content", {})
    if content.get("status") != "ok":
        message = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}"
        raise ExecutionError(f"could not measure coverage in this kernel ({message})")
    return content


def _collect(client: Any, run: FreshRun) -> None:
    content = _silent(client, "", {"hits": f"__import__({RECORDER_MODULE!r}).dump()"})
    value = content.get("user_expressions", {}).get("hits", {})
    if value.get("status") != "ok":
        raise ExecutionError("could not read the coverage measured in this kernel")
    merge_recording(run, ast.literal_eval(value["data"]["text/plain"]))


def merge_recording(run: FreshRun, dumped: str) -> None:
    """Add a recorder's `dump()` (JSON text) to what the run measured."""
    import json

    data = json.loads(dumped)
    for key, lines in data.get("hits", {}).items():
        run.hits[key] = sorted(set(run.hits.get(key, [])) | set(lines))
    for key, arcs in data.get("arcs", {}).items():
        run.arcs.setdefault(key, set()).update((int(a), int(b)) for a, b in arcs)
    run.measured |= set(data.get("measured", []))
    run.missing = run.missing or data.get("missing")


def _label(index: int | None) -> str:
    return "?" if index is None else str(index + 1)


def _last_words(log: Any) -> str:
    try:
        log.seek(0)
        lines = [line.strip() for line in log.read().splitlines()
                 if "Error" in line or "Killed" in line or "Segmentation" in line]  # fmt: skip
    except (OSError, ValueError):
        return ""
    return f" (its last words: {lines[-1][:200]})" if lines else ""
