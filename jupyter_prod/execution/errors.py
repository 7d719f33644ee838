"""Why a fresh run of a notebook could not complete: one exception per cause."""

from __future__ import annotations


class ExecutionError(Exception):
    """The notebook could not be run to the end in a fresh kernel."""

    code = "execution-failed"

    def __init__(self, message: str, cell: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cell = cell


class KernelNotFound(ExecutionError):
    """No kernel of the requested name is installed."""

    code = "kernel-not-found"


class KernelStartFailed(ExecutionError):
    """The kernel did not start or did not answer."""

    code = "kernel-start-failed"


class CellTimedOut(ExecutionError):
    """A cell ran longer than the per-cell timeout."""

    code = "execution-timeout"


class KernelDied(ExecutionError):
    """The kernel died while a cell ran."""

    code = "kernel-died"
