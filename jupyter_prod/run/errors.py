"""Why a job did not run, or failed: one exception per cause, each with a message for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import RunRecord


class RunError(Exception):
    """The job could not be run as asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobNotFound(RunError):
    """The folder is not a job (no readable `job.yaml`)."""


class JobRefused(RunError):
    """The job names a file outside its folder, or a notebook that is not one."""


class BadParameter(RunError):
    """A parameter the job does not take, or a value that is not of the parameter's type."""


class EngineMismatch(RunError):
    """The engine asked for is not one the job was exported for."""


class RunFailed(RunError):
    """The job ran and failed; `record` says where and how (and is saved under `runs/`)."""

    def __init__(self, message: str, record: RunRecord) -> None:
        super().__init__(message)
        self.record = record


class RunInterrupted(KeyboardInterrupt):
    """The run was stopped by SIGINT or SIGTERM; `record` says so (and is saved under `runs/`).

    A `KeyboardInterrupt`, not a `RunError`: code that handles a job's errors with
    `except Exception` must not swallow a request to stop."""

    def __init__(self, message: str, record: RunRecord, signal_number: int) -> None:
        super().__init__(message)
        self.message = message
        self.record = record
        self.signal_number = signal_number
