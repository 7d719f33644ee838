"""Background work for the server: exports and runs, which take seconds to minutes.

- A task runs in a worker *process* (spawned, two at most): a run sets environment variables
  and starts a kernel, an export runs the notebook; none of that may block the server's event
  loop or change the server process's environment.
- `TaskManager.submit` returns at once with the task's id; `get` gives its status
  (`running`, `succeeded`, `failed`), seconds so far, optional progress, and when done the
  result or the error (`{"message": ...}` plus what the worker adds), all plain JSON data.
- Finished tasks are kept (the last `KEPT` of them) so the panel can still read a result it
  polled late.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

KEPT = 200
WORKERS = 2


@dataclass
class Task:
    id: str
    kind: str  # "export" | "run"
    future: Future[dict[str, Any]]
    started: float = field(default_factory=time.time)
    ended: float | None = None
    progress: Callable[[], dict[str, Any] | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        status, result, error = "running", None, None
        if self.future.done():
            self.ended = self.ended or time.time()
            outcome = _outcome(self.future)
            status = "succeeded" if outcome.get("ok") else "failed"
            result = outcome.get("result")
            error = outcome.get("error")
        progress = self.progress() if self.progress is not None and status == "running" else None
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started))
        seconds = round((self.ended or time.time()) - self.started, 2)
        return {"id": self.id, "kind": self.kind, "status": status, "started": started,
                "seconds": seconds, "progress": progress, "result": result, "error": error}  # fmt: skip


def _outcome(future: Future[dict[str, Any]]) -> dict[str, Any]:
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - a worker that died: say so, never a traceback
        return {"ok": False, "error": {"message": f"the background task stopped: "
                                                   f"{type(error).__name__}: {error}"}}  # fmt: skip


class TaskManager:
    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self.tasks: dict[str, Task] = {}
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # never fork a threaded server
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def submit(self, kind: str, function: Callable[..., dict[str, Any]], *args: Any,
               progress: Callable[[], dict[str, Any] | None] | None = None) -> Task:  # fmt: skip
        task = Task(uuid.uuid4().hex, kind, self.pool.submit(function, *args), progress=progress)
        self.tasks[task.id] = task
        self._forget_old()
        return task

    def get(self, task_id: str) -> Task | None:
        return self.tasks.get(task_id)

    def _forget_old(self) -> None:
        done = [t for t in self.tasks.values() if t.future.done()]
        for task in sorted(done, key=lambda t: t.started)[: max(0, len(done) - KEPT)]:
            del self.tasks[task.id]

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
