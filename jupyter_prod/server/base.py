"""What every handler shares: the JSON body, paths inside the root, errors as JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

import tornado
from jupyter_server.base.handlers import APIHandler

from ..notebook.model import Notebook
from ..notebook.reader import NotebookReadError, load_notebook, notebook_from_dict
from .paths import PathRefused, resolve_inside
from .tasks import TaskManager

T = TypeVar("T")


class Refused(tornado.web.HTTPError):
    """An error reply with more than a message (`reasons`, a failing cell...)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(status)
        self.message = message
        self.extra = extra


class BaseHandler(APIHandler):
    """Shared request parsing and error replies (JSON `{"message": ...}`)."""

    @property
    def root_dir(self) -> str:
        return str(self.settings["jupyter_prod_root_dir"])

    @property
    def tasks(self) -> TaskManager:
        manager: TaskManager = self.settings["jupyter_prod_tasks"]
        return manager

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise tornado.web.HTTPError(400, "the request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, "the request body must be a JSON object")
        return data

    def inside_root(self, relative: object, key: str = "path") -> str:
        """The real path of `relative` inside the server root (it may not exist yet)."""
        try:
            return resolve_inside(self.root_dir, relative)
        except PathRefused as error:
            status = 403 if "outside" in str(error) else 400
            message = str(error).replace("`path`", f"`{key}`")
            raise tornado.web.HTTPError(status, message) from None

    def existing_path(self, data: dict[str, Any], key: str = "path") -> str:
        """The real path of `data[key]` inside the server root; 400/403/404 otherwise."""
        real = self.inside_root(data.get(key), key)
        if not os.path.exists(real):
            raise tornado.web.HTTPError(404, f"no such file: {data[key]}")
        return real

    def notebook_loader(self, data: dict[str, Any]) -> Callable[[], Notebook]:
        """How to read the notebook a body names: the open document, or a file by path."""
        if "notebook" in data:
            label = data.get("path") if isinstance(data.get("path"), str) else "<unsaved>"
            document = data["notebook"]
            return lambda: notebook_from_dict(document, str(label))
        real, shown = self.existing_path(data), str(data["path"])
        return lambda: load_notebook(real, shown)

    async def in_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Run `function` in the server's thread pool, so the event loop keeps answering."""
        loop = tornado.ioloop.IOLoop.current()
        try:
            return await loop.run_in_executor(None, function, *args)
        except NotebookReadError as error:
            raise tornado.web.HTTPError(422, error.message) from None

    def reply(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        message = getattr(error, "message", None) if isinstance(error, Refused) else None
        message = message or getattr(error, "log_message", None) or self._reason
        extra = error.extra if isinstance(error, Refused) else {}
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({**extra, "message": message, "status": status_code}))
