"""The route table and the handlers. Every handler requires Jupyter's authentication."""

from __future__ import annotations

import json
import os
from functools import partial
from typing import Any

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .. import api
from ..findings.report import CheckReport
from ..notebook.reader import NotebookReadError, load_notebook, notebook_from_dict
from .paths import PathRefused, resolve_inside

PREFIX = "jupyter-prod"


class BaseHandler(APIHandler):
    """Shared request parsing and error replies (JSON `{"message": ...}`)."""

    @property
    def root_dir(self) -> str:
        return str(self.settings["jupyter_prod_root_dir"])

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise tornado.web.HTTPError(400, "the request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, "the request body must be a JSON object")
        return data

    def existing_path(self, data: dict[str, Any], key: str = "path") -> str:
        """The real path of `data[key]` inside the server root; 400/403/404 otherwise."""
        try:
            real = resolve_inside(self.root_dir, data.get(key))
        except PathRefused as error:
            status = 403 if "outside" in str(error) else 400
            raise tornado.web.HTTPError(status, str(error)) from None
        if not os.path.exists(real):
            raise tornado.web.HTTPError(404, f"no such file: {data[key]}")
        return real

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        message = getattr(error, "log_message", None) or self._reason
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": message, "status": status_code}))


class RulesHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self) -> None:
        self.finish(json.dumps({"rules": api.list_rules()}))


class CheckHandler(BaseHandler):
    """POST `{"path": "a/b.ipynb"}` or `{"notebook": {...}, "path": "label"}`;
    optional `select` / `ignore` lists. Replies with the JSON report of one notebook."""

    @tornado.web.authenticated
    async def post(self) -> None:
        data = self.body()
        options = api.CheckOptions(select=_strings(data, "select"), ignore=_strings(data, "ignore"))
        loop = tornado.ioloop.IOLoop.current()
        if "notebook" in data:
            label = _label(data)
            report = await loop.run_in_executor(
                None, api.check_document, data["notebook"], label, options
            )
        else:
            real = self.existing_path(data)
            report = await loop.run_in_executor(None, api.check_file, real, options, data["path"])
        self.finish(json.dumps(CheckReport([report]).to_dict()))


class GraphHandler(BaseHandler):
    """POST `{"path": ...}` or `{"notebook": {...}}`: the cell dependency graph
    (`api.dependency_graph`); an unreadable notebook is a 422 with the reason."""

    @tornado.web.authenticated
    async def post(self) -> None:
        data = self.body()
        if "notebook" in data:
            label = _label(data)
            load = partial(notebook_from_dict, data["notebook"], label)
        else:
            load = partial(load_notebook, self.existing_path(data), data["path"])
        loop = tornado.ioloop.IOLoop.current()
        try:
            graph = await loop.run_in_executor(None, lambda: api.dependency_graph(load()))
        except NotebookReadError as error:
            raise tornado.web.HTTPError(422, error.message) from None
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


ROUTES = [("rules", RulesHandler), ("check", CheckHandler), ("graph", GraphHandler)]


def setup_routes(web_app: Any, root_dir: str) -> None:
    web_app.settings["jupyter_prod_root_dir"] = root_dir
    base_url = web_app.settings["base_url"]
    handlers = [(url_path_join(base_url, PREFIX, route), handler) for route, handler in ROUTES]
    web_app.add_handlers(".*$", handlers)
