"""Handlers for jupyter-scheduler: whether it runs in this server, and a job definition that
runs an exported job on a cron schedule (see `schedule/scheduler_jobs.py`).

Without jupyter-scheduler, `GET scheduler` says so (the panel then offers no "Schedule…") and
`POST scheduler/definitions` is a 404 with that message.
"""

from __future__ import annotations

import json
import os
from typing import Any

import tornado

from ..api import schedules
from .base import BaseHandler, Refused


class SchedulerHandler(BaseHandler):
    """GET: `{"available": bool, "version": str | null}`."""

    @tornado.web.authenticated
    def get(self) -> None:
        self.finish(json.dumps(schedules.scheduler_availability(self.settings)))


class DefinitionsHandler(BaseHandler):
    """POST `{"job": "jobs/orders", "cron": "0 6 * * *", "parameters": {...}, "name"?,
    "timezone"?, "contract"?, "run_now"?}`: 201 with the definition's id (and the first run's
    `job_id` with `run_now`), the launcher notebook's path and the parameters as typed."""

    @tornado.web.authenticated
    async def post(self) -> None:
        from ..run import RunError
        from ..schedule import ScheduleError
        from ..schedule.errors import SchedulerMissing

        data = self.body()
        job = self.existing_path(data, "job")
        if not os.path.isdir(job):
            raise tornado.web.HTTPError(400, "`job` must be a job folder")
        request = _request(job, data)
        try:
            created = await schedules.create_scheduler_definition(
                self.settings, self.root_dir, request
            )
        except SchedulerMissing as missing:
            raise Refused(404, missing.message) from None
        except (RunError, ScheduleError) as error:
            raise Refused(400, self.shown(error.message)) from None
        self.set_status(201)
        self.finish(json.dumps(created, default=str))

    def shown(self, message: str) -> str:
        """`message` with its paths relative to the server root."""
        for root in (os.path.realpath(self.root_dir), self.root_dir):
            message = message.replace(os.path.join(root, ""), "")
        return message


def _request(job: str, data: dict[str, Any]) -> Any:
    from ..schedule.scheduler_jobs import DefinitionRequest

    parameters = data.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise tornado.web.HTTPError(400, "`parameters` must be an object")
    options: dict[str, Any] = {}
    for key in ("cron", "name", "timezone", "contract"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise tornado.web.HTTPError(400, f"`{key}` must be a non-empty string")
        if value is not None:
            options[key] = value.strip()
    if not isinstance(data.get("run_now", False), bool):
        raise tornado.web.HTTPError(400, "`run_now` must be true or false")
    return DefinitionRequest(job_folder=job, parameters=parameters,
                             run_now=data.get("run_now", False), **options)  # fmt: skip


ROUTES = [
    ("scheduler", SchedulerHandler),
    ("scheduler/definitions", DefinitionsHandler),
]
