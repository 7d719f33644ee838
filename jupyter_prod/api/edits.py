"""The panel's edits to an open notebook: a parameters cell, a function extracted into a
module, `!pip install` lines moved into a dependency file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.facts import analyse
from ..notebook.model import Notebook

if TYPE_CHECKING:
    from ..export.extract import Extraction
    from ..export.parameter_cell import ParameterSuggestion
    from ..export.pip_installs import PipInstalls


# ---------------------------------------------------------------------- the panel's actions
def suggest_parameters(notebook: Notebook) -> ParameterSuggestion:
    """The `parameters` cell to insert (from `infer_parameters`), where it goes, and the edits
    that make it take effect (assignments removed, path literals replaced by their names).
    A parameter whose value is a secret is left out (with a note)."""
    from ..export.parameter_cell import suggest_parameters as suggest

    return suggest(analyse(notebook))


def extract_function(
    notebook: Notebook, cells: Sequence[int], name: str | None = None,
    module: str = "notebook_functions.py",
) -> Extraction:  # fmt: skip
    """The function the export's planner makes of `cells` (inputs, outputs, black-formatted
    source), the module code to add, and the cell (import + call) that replaces them; `module`
    is a path relative to the notebook's folder. Raises `ExtractRefused` with the reasons."""
    from ..export.extract import extract_function as extract
    from ..export.extract import module_name

    return extract(analyse(notebook), list(cells), name, module_name(module))


def add_to_module(path: str | os.PathLike[str], source: str) -> bool:
    """Append an extraction's module code to a module (created if missing; atomic write);
    True when created. Raises `ModuleConflict` if it defines one of the names already."""
    from ..export.extract import add_to_module as add

    return add(os.fspath(path), source)


def pip_install_lines(notebook: Notebook) -> PipInstalls:
    """The notebook's `!pip install` lines, their packages, and the edits removing the lines
    that only install (to move them into a requirements file)."""
    from ..export.pip_installs import pip_install_lines as find

    return find(notebook)


def add_requirements(path: str | os.PathLike[str], packages: Sequence[str]) -> dict[str, Any]:
    """Add to a dependency file the packages it does not list yet, edited as its format:
    `requirements*.txt` (created if missing), `job.yaml`'s `dependencies` or `pyproject.toml`'s
    `[project] dependencies` (atomic write): `{"added": [...], "created": bool}`. Any other
    file, or a package that is not a PEP 508 requirement, raises `RequirementsRefused`."""
    from ..export.requirement_files import add_requirements as add

    return add(os.fspath(path), list(packages))
