"""Build hook: build the JupyterLab extension when Node.js is there, ship it when it exists.

The package is two things: the command-line tool and library (`check`, `export`, `run`), and
the JupyterLab panel, whose TypeScript needs Node.js to build. A wheel built where Node.js is
missing — pre-commit installing the `jupyter-prod-check` hook from this repository, a CI image
that only checks notebooks — is the tool without the panel, with a warning, instead of a
failed install. Where the extension is already built (an sdist, a second build) it is reused
as is; where Node.js is there and it is not built, it is built with jlpm, as
hatch-jupyter-builder's own hook would. `SKIP_JUPYTER_BUILDER=1` skips the build (the GitHub
Action sets it: a check in CI needs no panel).
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LAB_EXTENSION = "jupyter_prod/labextension"
BUILT = f"{LAB_EXTENSION}/static/style.js"
SHARED = "share/jupyter/labextensions/jupyter-prod"


class LabExtensionHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name not in ("wheel", "sdist"):
            return
        from hatch_jupyter_builder import npm_builder

        root = Path(self.root)
        if os.environ.get("SKIP_JUPYTER_BUILDER"):  # hatch-jupyter-builder's own switch
            pass
        elif version == "editable":  # `make setup`: a development build, rebuilt when src/ changed
            npm_builder(self.target_name, version, build_cmd="install:extension", npm=["jlpm"],
                        source_dir="src", build_dir=LAB_EXTENSION)  # fmt: skip
        elif not (root / BUILT).exists():
            if shutil.which("node") is None:
                warnings.warn(
                    "Node.js not found: jupyter-prod is built without its JupyterLab extension "
                    "(the command line and the library work; the panel needs a build with "
                    "Node.js >= 18)",
                    stacklevel=1,
                )
            else:
                npm_builder(self.target_name, version, build_cmd="build:prod", npm=["jlpm"])
                if not (root / BUILT).exists():
                    raise RuntimeError(f"the JupyterLab extension build did not make {BUILT}")
        if self.target_name == "wheel" and (root / BUILT).exists():
            build_data["shared_data"][LAB_EXTENSION] = SHARED
            build_data["shared_data"]["install.json"] = f"{SHARED}/install.json"
