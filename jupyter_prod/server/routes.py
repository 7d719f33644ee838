"""The route table and the handlers. Every handler requires Jupyter's authentication."""

from __future__ import annotations

import json
from typing import Any

import tornado
from jupyter_server.utils import url_path_join

from .. import api
from ..findings.report import CheckReport
from .base import BaseHandler
from .job_routes import (
    ExportHandler,
    ExportPreviewHandler,
    JobHandler,
    RunsHandler,
    TaskHandler,
)
from .notebook_routes import (
    ExtractApplyHandler,
    ExtractHandler,
    ParametersHandler,
    RequirementsApplyHandler,
    RequirementsHandler,
)
from .scheduler_routes import ROUTES as SCHEDULER_ROUTES
from .tasks import TaskManager

PREFIX = "jupyter-prod"


class RulesHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self) -> None:
        self.finish(json.dumps({"rules": api.list_rules()}))


class CheckHandler(BaseHandler):
    """POST `{"path": "a/b.ipynb"}` or `{"notebook": {...}, "path": "label"}`;
    optional `select` / `ignore` lists. Replies with the JSON report of one notebook; with
    `"graph": true` and a document, also its dependency graph (`"graph"`), from the same
    analysis: the panel's live round trip analyses once, not twice."""

    @tornado.web.authenticated
    async def post(self) -> None:
        data = self.body()
        options = api.CheckOptions(select=_strings(data, "select"), ignore=_strings(data, "ignore"))
        loop = tornado.ioloop.IOLoop.current()
        if "notebook" in data and data.get("graph") is True:
            report, graph = await loop.run_in_executor(
                None, api.check_document_with_graph, self.document(data), _label(data), options
            )
            self.finish(json.dumps({**CheckReport([report]).to_dict(), "graph": graph}))
            return
        if "notebook" in data:
            label = _label(data)
            report = await loop.run_in_executor(
                None, api.check_document, self.document(data), label, options
            )
        else:
            real = self.notebook_file(data)
            report = await loop.run_in_executor(None, api.check_file, real, options, data["path"])
        self.finish(json.dumps(CheckReport([report]).to_dict()))


class GraphHandler(BaseHandler):
    """POST `{"path": ...}` or `{"notebook": {...}}`: the cell dependency graph
    (`api.dependency_graph`); an unreadable notebook is a 422 with the reason."""

    @tornado.web.authenticated
    async def post(self) -> None:
        load = self.notebook_loader(self.body())
        graph = await self.in_thread(lambda: api.dependency_graph(load()))
        self.finish(json.dumps(graph))


def _label(data: dict[str, Any]) -> str:
    """What an unsaved document is called in replies: its path if the panel sent one."""
    path = data.get("path")
    return path if isinstance(path, str) else "<unsaved>"


def _strings(data: dict[str, Any], key: str) -> list[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise tornado.web.HTTPError(400, f"`{key}` must be a list of strings")
    from ..rules.registry import unknown_selectors

    unknown = unknown_selectors(value)
    if unknown:
        raise tornado.web.HTTPError(
            400, f"unknown rule selector(s) in `{key}`: {', '.join(unknown)}"
        )
    return value


ROUTES = [
    ("rules", RulesHandler),
    ("check", CheckHandler),
    ("graph", GraphHandler),
    ("parameters", ParametersHandler),
    ("extract", ExtractHandler),
    ("extract/apply", ExtractApplyHandler),
    ("requirements", RequirementsHandler),
    ("requirements/apply", RequirementsApplyHandler),
    ("export/preview", ExportPreviewHandler),
    ("export", ExportHandler),
    ("job", JobHandler),
    ("runs", RunsHandler),
    (r"tasks/([0-9a-f]{32})", TaskHandler),
    *SCHEDULER_ROUTES,
]


def setup_routes(web_app: Any, root_dir: str) -> TaskManager:
    """Add the routes; the returned task manager runs the background work (shut it down with
    the server)."""
    tasks = TaskManager()
    web_app.settings["jupyter_prod_root_dir"] = root_dir
    web_app.settings["jupyter_prod_tasks"] = tasks
    base_url = web_app.settings["base_url"]
    handlers = [(url_path_join(base_url, PREFIX, route), handler) for route, handler in ROUTES]
    web_app.add_handlers(".*$", handlers)
    return tasks
