"""Handlers for jobs: preview and export a notebook, describe a job, run it, follow tasks."""

from __future__ import annotations

import calendar
import os
import time
from functools import partial
from typing import Any

import tornado

from .. import api
from . import background
from .base import BaseHandler, Refused
from .paths import PathRefused, confine

ENGINES = ("local", "spark")
RUNS_LISTED = 50  # the runs view shows the latest; older ones stay in each job's runs/
MAX_FOLDERS_SCANNED = 200  # per level, so a folder of thousands does not hold a thread
_STAMP = "%Y-%m-%dT%H:%M:%SZ"
_FORCE_ANYWAY = "pass --force to export anyway"


class ConfinedHandler(BaseHandler):
    """A handler that writes under paths it resolves itself (a default `jobs/`, a `runs/`)."""

    def confined(self, path: str, what: str) -> str:
        """`path` resolved (symlinks followed) inside the server root, or 403."""
        try:
            return confine(self.root_dir, path, what)
        except PathRefused as error:
            raise tornado.web.HTTPError(403, str(error)) from None

    def shown(self, message: str) -> str:
        """`message` with its paths relative to the root (the target is a real path)."""
        for root in (os.path.realpath(self.root_dir), self.root_dir):
            message = message.replace(os.path.join(root, ""), "")
        return message


class ExportOptionsMixin(ConfinedHandler):
    def export_request(self) -> tuple[str, dict[str, Any]]:
        """The notebook's real path and the export options a body asks for."""
        data = self.body()
        notebook = self.existing_path(data)
        if not notebook.endswith(".ipynb") or not os.path.isfile(notebook):
            raise tornado.web.HTTPError(400, "`path` must be a notebook (.ipynb)")
        options: dict[str, Any] = {}
        for key in ("name", "engine", "output"):
            value = data.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise tornado.web.HTTPError(400, f"`{key}` must be a non-empty string")
            if value is not None:
                options[key] = value.strip()
        if options.get("engine", "local") not in ENGINES:
            raise tornado.web.HTTPError(400, f"`engine` must be one of: {', '.join(ENGINES)}")
        if "output" in options:
            options["output"] = self.inside_root(options["output"], "output")
        else:  # the default `jobs/<name>` beside the notebook: `jobs/` may be a symlink
            job_dir = api.export_target(notebook, api.ExportOptions(name=options.get("name")))
            options["output"] = self.confined(job_dir, "the job folder (jobs/)")
        for key, default in (("force", False), ("verify", None)):  # verify None: when it ran
            if not isinstance(data.get(key, False), bool):
                raise tornado.web.HTTPError(400, f"`{key}` must be true or false")
            options[key] = data.get(key, default)
        return notebook, options

    async def refusals(self, function: Any, *args: Any) -> Any:
        """Run an export step in a thread; its refusals become 409/422/400 replies."""
        from ..export import BadOption, ExportError, ExportRefused, JobExists, NotebookUnreadable

        try:
            return await self.in_thread(function, *args)
        except ExportRefused as refused:
            # The dialog's words, not the CLI's: its "Export anyway" box is what --force is.
            overridable = _FORCE_ANYWAY in refused.message
            message = refused.message.replace(
                _FORCE_ANYWAY, "tick “Export anyway” to export all the same"
            )
            message = message.replace("not even with --force", "not even with “Export anyway”")
            raise Refused(422, self.shown(message), reasons=refused.reasons,
                          overridable=overridable) from None  # fmt: skip
        except JobExists as exists:
            message = exists.message.replace("pass --force", "export with “replace” (force)")
            raise Refused(409, self.shown(message)) from None
        except BadOption as bad:
            raise Refused(400, bad.message) from None
        except (NotebookUnreadable, ExportError) as error:
            raise Refused(422, self.shown(error.message)) from None


class ExportPreviewHandler(ExportOptionsMixin):
    """POST `{"path", "name"?, "engine"?, "output"?}`: the job folder and the files an export
    would write (the text of the small ones), built aside and deleted: nothing is left."""

    @tornado.web.authenticated
    async def post(self) -> None:
        notebook, options = self.export_request()
        preview = await self.refusals(
            lambda: api.preview_export(notebook, api.ExportOptions(**options))
        )
        redact = await self.in_thread(api.secrets_redactor, notebook)
        data = preview.to_dict()
        data["job_dir"] = background.relative(preview.job_dir, self.root_dir)
        data["report"]["job"] = data["job_dir"]
        self.reply(api.redacted(data, redact))


class ExportHandler(ExportOptionsMixin):
    """POST (as `export/preview`): checks what would refuse the export (409/422 at once), then
    exports in the background: 202 `{"task", "job_dir"}`; follow it at `tasks/<id>`."""

    @tornado.web.authenticated
    async def post(self) -> None:
        notebook, options = self.export_request()
        await self.refusals(api.check_export, notebook, api.ExportOptions(**options))
        task = self.tasks.submit("export", background.export_job, notebook, options, self.root_dir)
        self.reply({"task": task.id}, status=202)


class JobHandler(ConfinedHandler):
    """GET `?path=jobs/x`: the job's name, engine, parameters (name, type, default) and runs."""

    @tornado.web.authenticated
    async def get(self) -> None:
        folder = self.job_folder(self.get_query_argument("path", None), "path")
        data = await self.job_call(api.describe_job, folder)
        data["runs"] = [_run_data(r, self.root_dir) for r in data["runs"]]
        data["path"] = background.relative(folder, self.root_dir)
        data["notebook_path"] = background.relative(os.path.join(folder, data["notebook"]),
                                                    self.root_dir)  # fmt: skip
        data.pop("workdir", None)
        self.reply(data)

    def job_folder(self, relative: object, key: str) -> str:
        """The job's real folder; its `runs/`, where runs are written, must stay in the root."""
        real = self.inside_root(relative, key)
        if not os.path.isdir(real):
            raise tornado.web.HTTPError(404, f"no job folder {relative}")
        self.confined(os.path.join(real, "runs"), "the job's runs/")
        return real

    async def job_call(self, function: Any, *args: Any) -> Any:
        from ..run import BadParameter, EngineMismatch, JobNotFound, RunError

        try:
            return await self.in_thread(function, *args)
        except JobNotFound as missing:
            raise Refused(404, missing.message.replace(self.root_dir + os.sep, "")) from None
        except (BadParameter, EngineMismatch) as bad:
            raise Refused(400, bad.message) from None
        except RunError as error:
            raise Refused(422, error.message) from None


class RunsHandler(JobHandler):
    """GET `?job=jobs/x`: the job's recorded runs. GET `?under=folder`: the latest runs of
    every job up to three levels below the folder (`nb/jobs/<name>`), newest first, each with
    its `job` and `job_name` (the panel's runs view). POST `{"job", "parameters", "engine"?}`: checks the
    parameters (400), then runs the job in the background: 202 `{"task"}`. PATCH `{"job", "id",
    "status": "cancelled"}`: stops a running run (it ends `cancelled`); 409 if it is not running."""

    @tornado.web.authenticated
    async def get(self) -> None:
        under = self.get_query_argument("under", None)
        if under is not None:
            self.reply(
                {"runs": await self.in_thread(self.runs_under, self.inside_root(under, "under"))}
            )
            return
        folder = self.job_folder(self.get_query_argument("job", None), "job")
        data = await self.job_call(api.describe_job, folder)
        self.reply({"runs": [_run_data(r, self.root_dir) for r in data["runs"]]})

    def runs_under(self, folder: str) -> list[dict[str, Any]]:
        """The runs of the jobs found at most two levels below `folder`, newest first."""
        from ..run import JobNotFound, RunError

        runs: list[dict[str, Any]] = []
        for job in _job_folders(folder, self.root_dir):
            try:
                data = api.describe_job(job)
            except (JobNotFound, RunError, OSError):
                continue  # a half-written or foreign job.yaml: not a job to list
            path = background.relative(job, self.root_dir)
            for record in data["runs"]:
                runs.append({**_run_data(record, self.root_dir), "job": path,
                             "job_name": data["name"]})  # fmt: skip
        runs.sort(key=lambda run: (run["started"], run["id"]), reverse=True)
        return runs[:RUNS_LISTED]

    @tornado.web.authenticated
    async def patch(self) -> None:
        data = self.body()
        folder = self.job_folder(data.get("job"), "job")
        if data.get("status") != "cancelled":
            raise tornado.web.HTTPError(
                400, '`status` must be "cancelled" (a run can only be stopped)'
            )
        run_id = data.get("id")
        if not isinstance(run_id, str) or not run_id.strip():
            raise tornado.web.HTTPError(400, "`id` must be a run id")
        from ..run import JobNotFound, RunError

        try:
            await self.in_thread(api.cancel_run, folder, run_id)
        except JobNotFound as missing:
            raise Refused(404, missing.message.replace(self.root_dir + os.sep, "")) from None
        except RunError as error:
            status = 404 if "no run" in error.message else 409
            raise Refused(status, self.shown(error.message)) from None
        self.reply({"id": run_id, "status": "cancelling"}, status=202)

    @tornado.web.authenticated
    async def post(self) -> None:
        from ..run import load_job

        data = self.body()
        folder = self.job_folder(data.get("job"), "job")
        parameters = data.get("parameters", {})
        if not isinstance(parameters, dict):
            raise tornado.web.HTTPError(400, "`parameters` must be an object of name: value")
        engine = data.get("engine")
        if engine is not None and engine not in ENGINES:
            raise tornado.web.HTTPError(400, f"`engine` must be one of: {', '.join(ENGINES)}")
        options = api.RunOptions(parameters=parameters, engine=engine)
        await self.job_call(api.check_run, folder, options)
        job = await self.job_call(load_job, folder)
        cwd = os.path.realpath(os.path.join(folder, job.workdir))
        if os.path.commonpath([cwd, os.path.realpath(self.root_dir)]) != os.path.realpath(
            self.root_dir
        ):
            raise Refused(422, "the job runs in a folder outside the server root (its workdir)")
        progress = partial(background.run_progress, folder, time.time())
        task = self.tasks.submit("run", background.run_job, folder, parameters, engine, cwd,
                                 self.root_dir, progress=progress)  # fmt: skip
        self.reply({"task": task.id}, status=202)


def _run_data(record: dict[str, Any], root: str) -> dict[str, Any]:
    """A run record with its paths relative to the server root, its HTML report's too; a
    running one's seconds so far (its record says 0 until it ends)."""
    data = background.run_data(record, root)
    data["report"] = background.relative(data["report"], root) if data.get("report") else None
    if data.get("status") == "running":
        data["seconds"] = _seconds_since(str(data.get("started", "")))
    return data


def _seconds_since(started: str) -> float:
    try:
        return round(max(0.0, time.time() - calendar.timegm(time.strptime(started, _STAMP))), 1)
    except ValueError:
        return 0.0


def _job_folders(folder: str, root: str) -> list[str]:
    """Folders holding a `job.yaml` up to three levels below `folder` (`nb/jobs/<name>`), never
    a `runs/` or hidden folder, never one whose real path leaves the server root."""
    found: list[str] = []
    level = [folder]
    for _depth in range(4):
        below: list[str] = []
        for current in level:
            if os.path.isfile(os.path.join(current, "job.yaml")):
                found.append(current)
                continue  # a job's own subfolders (its package, runs/) hold no jobs
            try:
                entries = sorted(os.scandir(current), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and not entry.name.startswith(".") and entry.name != "runs":
                    try:
                        below.append(confine(root, entry.path, "a job folder"))
                    except PathRefused:
                        continue
        level = below[:MAX_FOLDERS_SCANNED]
    return found


class TaskHandler(BaseHandler):
    """GET `tasks/<id>`: status (`running`, `succeeded`, `failed`), seconds, progress, and when
    done the result or the error."""

    @tornado.web.authenticated
    def get(self, task_id: str) -> None:
        task = self.tasks.get(task_id)
        if task is None:
            raise tornado.web.HTTPError(404, f"no task {task_id} (tasks end with the server)")
        self.reply(task.to_dict())
