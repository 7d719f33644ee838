"""A job run from a widget, in a process of its own.

`JobLauncher` lives in the user's kernel. papermill changes the working folder and the
environment of the process it runs in, so a run in a thread of the kernel would move the
user's own cells to the job's folder while it ran. Here a fresh (spawned, never forked: the
kernel has threads) Python runs `api.run_job`; progress and the outcome come back through a
queue, as `on_cell` calls and as the record or the error `api.run_job` would have given.
A child stopped by SIGTERM says so itself (`RunInterrupted`); one killed outright leaves a
`running` record, which `api.list_runs` reads as `interrupted`: that is what is raised then.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing `run` loads papermill: only a Run pays for it
    from ..run import RunRecord

POLL_SECONDS = 0.2


def run_in_process(
    job_dir: str, options: dict[str, Any], on_cell: Callable[[int, int], None]
) -> RunRecord:
    """`api.run_job(job_dir, RunOptions(**options))` in a child process; raises what it raises."""
    from ..run import RunError, RunFailed, RunInterrupted

    context = multiprocessing.get_context("spawn")
    events: Any = context.Queue()
    child = context.Process(target=_child, args=(job_dir, options, events), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, *data = _next_event(events, child)
            except RunError:
                _raise_if_interrupted(job_dir, child)
                raise
            if kind == "cell":
                on_cell(*data)
            elif kind == "done":
                return data[0]  # type: ignore[no-any-return]
            elif kind == "failed":
                raise RunFailed(data[0], data[1])
            elif kind == "interrupted":
                raise RunInterrupted(data[0], data[1], data[2])
            else:
                raise RunError(data[0])
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


def _raise_if_interrupted(job_dir: str, child: Any) -> None:
    """`RunInterrupted` with the record a child killed outright left behind (it says
    `running`; its effective status, with the child gone, is `interrupted`)."""
    from .. import api
    from ..run import RunError, RunInterrupted

    try:
        mine = [record for record in api.list_runs(job_dir) if record.pid == child.pid]
    except RunError:
        return
    if mine and mine[-1].status == "interrupted":
        message = f"interrupted: the run {mine[-1].message}"
        raise RunInterrupted(message, mine[-1], max(0, -(child.exitcode or 0))) from None


def could_not_run(error: Exception) -> str:
    """The words for an error nobody expected, shown by the widget instead of a traceback."""
    return f"the job could not run: {type(error).__name__}: {error}"


def _next_event(events: Any, child: Any) -> tuple[Any, ...]:
    from ..run import RunError

    while True:
        try:
            return tuple(events.get(timeout=POLL_SECONDS))
        except queue.Empty:
            if child.is_alive():
                continue
        try:  # it may have ended right after its last word: that word is still in the queue
            return tuple(events.get(timeout=1))
        except queue.Empty:
            message = f"the job's process ended without a result (exit code {child.exitcode})"
            raise RunError(message) from None


def _child(job_dir: str, options: dict[str, Any], events: Any) -> None:
    from .. import api
    from ..run import RunError, RunFailed, RunInterrupted

    def on_cell(done: int, total: int) -> None:
        events.put(("cell", done, total))

    try:
        record = api.run_job(job_dir, api.RunOptions(**options, on_cell=on_cell))
        events.put(("done", record))
    except RunFailed as failed:
        events.put(("failed", failed.message, failed.record))
    except RunInterrupted as stopped:  # SIGTERM (`terminate()`, the kernel ending): recorded
        events.put(("interrupted", stopped.message, stopped.record, stopped.signal_number))
    except RunError as error:
        events.put(("error", error.message))
    except Exception as error:  # noqa: BLE001 - the widget shows it; no traceback
        events.put(("error", could_not_run(error)))
