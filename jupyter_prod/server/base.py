"""What every handler shares: the JSON body, paths inside the root, errors as JSON.

A body or a notebook the server cannot use is a 4xx with a message, never a 500 and never a
silent empty answer: JSON nested deeper than any notebook is (`MAX_DEPTH`), a notebook whose
cells are not nbformat cells (400), a notebook bigger than `MAX_NOTEBOOK_BYTES` (413: a
check holds one of the server's threads for as long as it takes, and a 5 MB cell takes many
seconds). The limit can be changed in the server's config:
`c.ServerApp.tornado_settings = {"jupyter_prod_max_notebook_bytes": 50_000_000}`.
"""

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

MAX_NOTEBOOK_BYTES = 10_000_000  # of notebook JSON, sent in a body or read from a file
MAX_DEPTH = 200  # a notebook is ~8 levels deep; outputs' JSON data rarely go past a few dozen
CELL_TYPES = ("code", "markdown", "raw")


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

    @property
    def max_notebook_bytes(self) -> int:
        return int(self.settings.get("jupyter_prod_max_notebook_bytes", MAX_NOTEBOOK_BYTES))

    def body(self) -> dict[str, Any]:
        self.refuse_if_too_big(len(self.request.body or b""), "the request")
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise tornado.web.HTTPError(400, "the request body is not valid JSON") from None
        except RecursionError:  # the parser recurses once per level
            raise tornado.web.HTTPError(400, _TOO_DEEP) from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, "the request body must be a JSON object")
        if _deeper_than(data, MAX_DEPTH):  # what reads it next (redaction, replies) recurses
            raise tornado.web.HTTPError(400, _TOO_DEEP)
        return data

    def refuse_if_too_big(self, size: int, what: str) -> None:
        limit = self.max_notebook_bytes
        if size > limit:
            raise Refused(
                413,
                f"{what} is {size / 1e6:.1f} MB: the server analyses notebooks up to "
                f"{limit / 1e6:g} MB (run `jupyter prod check` on it instead, or raise the "
                "server's `jupyter_prod_max_notebook_bytes` setting)",
                limit=limit,
            )

    def document(self, data: dict[str, Any]) -> dict[str, Any]:
        """The notebook a body carries (`notebook`), if its cells are nbformat cells; 400 with
        the first problem otherwise (an analysis of non-cells would answer with nothing)."""
        document = data["notebook"]
        problem = document_problem(document)
        if problem is not None:
            raise tornado.web.HTTPError(400, f"`notebook` is not a notebook: {problem}")
        return document  # type: ignore[no-any-return]

    def notebook_file(self, data: dict[str, Any]) -> str:
        """The real path of the notebook `data["path"]` names, if not too big to analyse."""
        real = self.existing_path(data)
        if os.path.isfile(real):
            self.refuse_if_too_big(os.path.getsize(real), str(data["path"]))
        return real

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
            document = self.document(data)
            return lambda: notebook_from_dict(document, str(label))
        real, shown = self.notebook_file(data), str(data["path"])
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


_TOO_DEEP = f"the request body is nested more than {MAX_DEPTH} levels deep: it is not a notebook"


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON data nests more than `limit` lists and objects deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def document_problem(document: Any) -> str | None:
    """The first way `document` is not an nbformat notebook the analysis can read: an object
    with a `cells` list, each cell an object with a known `cell_type` and a `source` that is a
    string or a list of strings (the schema's requirements every analysis relies on)."""
    if not isinstance(document, dict):
        return f"it is a JSON {type(document).__name__}, not an object"
    cells = document.get("cells")
    if not isinstance(cells, list):
        return "it has no `cells` list"
    if "metadata" in document and not isinstance(document["metadata"], dict):
        return "its `metadata` is not an object"
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            return f"cell {number} is a JSON {type(cell).__name__}, not an object"
        if cell.get("cell_type") not in CELL_TYPES:
            return f"cell {number} has no `cell_type` of {', '.join(CELL_TYPES)}"
        source = cell.get("source")
        if not isinstance(source, str) and not (
            isinstance(source, list) and all(isinstance(line, str) for line in source)
        ):
            return f"cell {number}'s `source` is not a string or a list of strings"
        if not isinstance(cell.get("metadata", {}), dict):
            return f"cell {number}'s `metadata` is not an object"
        if cell["cell_type"] == "code" and not isinstance(cell.get("outputs", []), list):
            return f"cell {number}'s `outputs` is not a list"
    return None
