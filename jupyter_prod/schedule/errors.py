"""Why a job could not be scheduled: one exception, with a message for people."""

from __future__ import annotations


class ScheduleError(Exception):
    """The job cannot be scheduled as asked (a bad cron expression, a file in the way...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchedulerMissing(ScheduleError):
    """jupyter-scheduler is not installed in this server's environment."""
