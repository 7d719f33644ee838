"""The papermill engine a job runs with: papermill's own nbclient engine, plus

- per-cell progress for callers that draw their own progress bar (the widgets): papermill's
  only progress hook is its tqdm bar, but its engines report every cell to a
  `NotebookExecutionManager` (`cell_start`, `cell_complete`); `on_cell(done, total)` is called
  from `cell_complete`;
- the kernel process's own output (its start-up warnings, and the tracebacks it prints when it
  is stopped after a failure) in a log file instead of the user's terminal: a run shows its
  outcome, not the kernel's internals;
- a kernel that outlives the run is killed: a SIGINT or SIGTERM stops the event loop nbclient
  waits in, and the shutdown nbclient would do then never runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable
from typing import Any

from papermill.clientwrap import PapermillNotebookClient  # type: ignore[import-untyped]
from papermill.engines import NBClientEngine, papermill_engines  # type: ignore[import-untyped]
from papermill.log import logger  # type: ignore[import-untyped]

ENGINE_NAME = "jupyter-prod"

CellCallback = Callable[[int, int], None]


class JobEngine(NBClientEngine):  # type: ignore[misc]
    """`on_cell(done, total)` after each cell (papermill's injected-parameters cell counts);
    the kernel process's stdout and stderr go to `kernel_log` (a path)."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        on_cell: CellCallback | None = None,
        kernel_log: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if on_cell is not None:
            _report_cells(nb_man, on_cell)
        client = _client(nb_man, kernel_name, **kwargs)
        try:
            if kernel_log is None:
                return client.execute()
            with open(kernel_log, "a", encoding="utf-8") as log:
                return client.execute(stdout=log, stderr=log)
        finally:
            end_kernel(client)


def _client(
    nb_man: Any,
    kernel_name: str,
    log_output: bool = False,
    stdout_file: Any = None,
    stderr_file: Any = None,
    start_timeout: int = 60,
    execution_timeout: float | None = None,
    **kwargs: Any,
) -> Any:
    """The client `NBClientEngine.execute_managed_notebook` makes, made here so that its
    `execute` can be given where the kernel process writes."""
    kwargs.pop("input_path", None)
    timeout = execution_timeout or kwargs.pop("timeout", None)
    kwargs.pop("startup_timeout", None)
    return PapermillNotebookClient(
        nb_man, timeout=timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
        log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        **kwargs,
    )  # fmt: skip


def end_kernel(client: Any) -> None:
    """Kill the client's kernel (its whole process group: it runs in a session of its own)
    if it is still alive; nothing when nbclient already shut it down."""
    manager: Any = getattr(client, "km", None)
    provisioner = getattr(manager, "provisioner", None)
    process = getattr(provisioner, "process", None)
    if not isinstance(process, subprocess.Popen) or process.poll() is not None:
        return
    try:
        if hasattr(os, "killpg") and getattr(provisioner, "pgid", None) == process.pid:
            os.killpg(process.pid, signal.SIGKILL)  # the kernel leads its own group
        else:
            process.kill()
        process.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        pass  # gone already, or beyond our reach: nothing more a run can do
    with contextlib.suppress(Exception):  # its connection file, as a shutdown removes it
        manager.cleanup_connection_file()


def _report_cells(nb_man: Any, on_cell: CellCallback) -> None:
    complete = nb_man.cell_complete
    total = len(nb_man.nb.cells)

    def cell_complete(cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        complete(cell, cell_index=cell_index, **kwargs)
        _tell(on_cell, (cell_index or 0) + 1, total)

    nb_man.cell_complete = cell_complete
    _tell(on_cell, 0, total)


def _tell(on_cell: CellCallback, done: int, total: int) -> None:
    try:
        on_cell(done, total)
    except Exception:  # noqa: BLE001 - a progress display must never fail the job it shows
        pass


def register() -> str:
    """The engine's name, registered with papermill (idempotent)."""
    papermill_engines.register(ENGINE_NAME, JobEngine)
    return ENGINE_NAME
