"""Handlers for the panel's edits of the open notebook: parameters and extraction."""

from __future__ import annotations

import os
import posixpath
from typing import Any

import tornado

from .. import api
from .base import BaseHandler, Refused


class ParametersHandler(BaseHandler):
    """POST `{"path"}` or `{"notebook"}`: the inferred parameters (name, type, default, where
    from), the `parameters` cell to insert, where, and the edits that make it take effect."""

    @tornado.web.authenticated
    async def post(self) -> None:
        load = self.notebook_loader(self.body())
        suggestion = await self.in_thread(lambda: api.suggest_parameters(load()))
        self.reply(suggestion.to_dict())


class ExtractHandler(BaseHandler):
    """POST `{"path" | "notebook", "cells": [indices], "name"?, "module"?}`: the function the
    export would make of the cells; `module` is a `.py` path relative to the notebook's folder
    (default `<notebook>_functions.py`). Replies with `module_path` relative to the root."""

    @tornado.web.authenticated
    async def post(self) -> None:
        from ..export.extract import ExtractRefused

        data = self.body()
        cells = data.get("cells")
        if not isinstance(cells, list) or not all(type(c) is int for c in cells):
            raise tornado.web.HTTPError(400, "`cells` must be a list of cell indices (0-based)")
        name = _optional_string(data, "name")
        folder, module = self.module_of(data)
        module_path = posixpath.join(folder, module) if folder else module
        self.inside_root(module_path, "module")
        load = self.notebook_loader(data)
        try:
            extraction = await self.in_thread(
                lambda: api.extract_function(load(), cells, name, module)
            )
        except ExtractRefused as refused:
            raise Refused(422, refused.message, reasons=refused.reasons) from None
        self.reply({**extraction.to_dict(), "module_path": module_path})

    def module_of(self, data: dict[str, Any]) -> tuple[str, str]:
        """(the notebook's folder relative to the root, the module path relative to it)."""
        path = data.get("path") if isinstance(data.get("path"), str) else ""
        if "notebook" not in data:
            self.existing_path(data)
        folder = posixpath.dirname(str(path).replace("\\", "/"))
        stem = posixpath.splitext(posixpath.basename(str(path)))[0] or "notebook"
        module = _optional_string(data, "module") or f"{_identifier(stem)}_functions.py"
        return folder, module


class ExtractApplyHandler(BaseHandler):
    """POST `{"module": "lib/cleaning.py", "source": "..."}`: append an extraction's code to a
    module of the project (created if missing); an existing function of the same name is 409."""

    @tornado.web.authenticated
    async def post(self) -> None:
        from ..export.extract import ExtractRefused, ModuleConflict

        data = self.body()
        source = data.get("source")
        if not isinstance(source, str) or not source.strip():
            raise tornado.web.HTTPError(400, "`source` must be the module code to add")
        module = data.get("module")
        real = self.inside_root(module, "module")
        if not real.endswith(".py"):
            raise tornado.web.HTTPError(400, "`module` must be a .py file")
        try:
            created = await self.in_thread(api.add_to_module, real, source)
        except ModuleConflict as conflict:
            raise Refused(409, conflict.message) from None
        except ExtractRefused as refused:
            raise Refused(422, refused.message, reasons=refused.reasons) from None
        except IsADirectoryError:
            raise tornado.web.HTTPError(400, f"{module} is a folder") from None
        self.reply({"module": module, "created": created})


class RequirementsHandler(BaseHandler):
    """POST `{"path" | "notebook"}`: the `!pip install` lines, their packages, the edits that
    remove them, and the requirements file beside the notebook (`requirements_path`)."""

    @tornado.web.authenticated
    async def post(self) -> None:
        data = self.body()
        load = self.notebook_loader(data)
        found = await self.in_thread(lambda: api.pip_install_lines(load()))
        path = data.get("path") if isinstance(data.get("path"), str) else ""
        folder = posixpath.dirname(str(path).replace("\\", "/"))
        requirements = posixpath.join(folder, "requirements.txt") if folder else "requirements.txt"
        self.reply({**found.to_dict(), "requirements_path": requirements})


class RequirementsApplyHandler(BaseHandler):
    """POST `{"requirements": "rel/requirements.txt", "packages": [...]}`: add the packages the
    file does not list yet (the user confirmed); `{"added", "created"}`. Only dependency files
    are edited (`requirements*.txt`, `job.yaml`, `pyproject.toml`), each as its format: any
    other file is 400, one that cannot be edited safely 422."""

    @tornado.web.authenticated
    async def post(self) -> None:
        from ..export.requirement_files import (
            BadRequirement,
            NotADependencyFile,
            RequirementsRefused,
        )

        data = self.body()
        packages = data.get("packages")
        if (
            not isinstance(packages, list)
            or not packages
            or not all(isinstance(p, str) and p.strip() and "\n" not in p for p in packages)
        ):
            raise tornado.web.HTTPError(
                400, "`packages` must be a non-empty list of requirement lines"
            )
        real = self.inside_root(data.get("requirements"), "requirements")
        if os.path.isdir(real):
            raise tornado.web.HTTPError(400, "`requirements` is a folder")
        try:  # the real path: a symlink named requirements.txt may lead to a CSV
            result = await self.in_thread(api.add_requirements, real, [p.strip() for p in packages])
        except (BadRequirement, NotADependencyFile) as bad:
            raise Refused(400, bad.message) from None
        except RequirementsRefused as refused:
            raise Refused(422, refused.message) from None
        self.reply({**result, "requirements": data["requirements"]})


def _optional_string(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise tornado.web.HTTPError(400, f"`{key}` must be a non-empty string")
    return value.strip()


def _identifier(text: str) -> str:
    from ..export.exporter import job_name

    return job_name(text)
