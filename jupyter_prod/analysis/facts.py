"""`NotebookFacts`: everything the rules need, computed once per notebook and shared.

Per cell: its parsed Python (IPython syntax understood) and its `CellScan`. Across cells,
computed on first use: the def-use graph in document order and in the recorded execution
order (`dataflow.Dataflow`), the imports, and the execution-count statistics.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..notebook.ipython import CellSource, parse_cell
from ..notebook.model import Cell, Notebook
from .cell_scan import CellScan, FunctionInfo, scan_cell
from .names import SPARK_KERNEL_NAMES, is_kernel_name
from .scopes import Site, walk_tree

if TYPE_CHECKING:
    from .dataflow import Dataflow
    from .pandas import PandasTypes
    from .secrets import SecretHit
    from .secrets_in_metadata import MetadataSecret
    from .secrets_in_text import OutputSecret
    from .test_map import TestMap


@dataclass
class CellFacts:
    """One cell with its parse and scan; `source`/`scan` are None for markdown and raw cells."""

    cell: Cell
    source: CellSource | None = None
    scan: CellScan | None = None

    @property
    def index(self) -> int:
        return self.cell.index

    @property
    def tree(self) -> ast.Module | None:
        return self.source.tree if self.source is not None else None

    @property
    def line_offset(self) -> int:
        return self.source.line_offset if self.source is not None else 0

    @cached_property
    def nodes(self) -> list[ast.AST]:
        """Every AST node of the cell, walked once and shared by the rules."""
        return walk_tree(self.tree) if self.tree is not None else []

    @property
    def execution_count(self) -> int | None:
        return self.cell.execution_count


class NotebookFacts:
    """The analysed notebook. Built by `analyse(notebook)`; rules only read it."""

    def __init__(self, notebook: Notebook, cells: list[CellFacts]) -> None:
        self.notebook = notebook
        self.cells = cells

    @property
    def path(self) -> str:
        return self.notebook.path

    def python_cells(self) -> Iterator[CellFacts]:
        """Code cells that parsed as Python, in document order."""
        return (c for c in self.cells if c.scan is not None)

    def code_cells(self) -> Iterator[CellFacts]:
        return (c for c in self.cells if c.cell.is_code)

    @cached_property
    def was_executed(self) -> bool:
        return self.notebook.was_executed

    @cached_property
    def dataflow(self) -> Dataflow:
        from .dataflow import Dataflow

        return Dataflow(self)

    @cached_property
    def secrets(self) -> list[SecretHit]:
        """Hard-coded secrets, found once: the hand-off rule reports them, every output redacts them."""
        from .secrets import find_secrets

        return find_secrets(self)

    @cached_property
    def output_secrets(self) -> list[OutputSecret]:
        """Secrets in the saved outputs of cells: reported, redacted, cleared from a job."""
        from .secrets_in_text import output_secrets

        return output_secrets(self)

    @cached_property
    def metadata_secrets(self) -> list[MetadataSecret]:
        """Secrets in the notebook's and its cells' metadata (papermill, widgets, custom)."""
        from .secrets_in_metadata import metadata_secrets

        return metadata_secrets(self)

    @cached_property
    def test_map(self) -> TestMap:
        """Which tests reach which functions and cells (the `untested` rules read it)."""
        from .test_map import build_test_map

        return build_test_map(self)

    @cached_property
    def pandas_types(self) -> PandasTypes | None:
        """Which names hold pandas objects, cell by cell; None when no cell imports pandas."""
        from .pandas import track_pandas

        return track_pandas(self)

    @cached_property
    def imports(self) -> dict[str, str]:
        """Every name bound by an import anywhere in the notebook → its dotted module."""
        found: dict[str, str] = {}
        for cell in self.python_cells():
            assert cell.scan is not None
            found.update(cell.scan.imports)
        return found

    @cached_property
    def star_imports(self) -> frozenset[str]:
        """Modules some cell imports everything from (`from pandas import *`)."""
        found: set[str] = set()
        for cell in self.python_cells():
            assert cell.scan is not None
            found.update(cell.scan.star_imports)
        return frozenset(found)

    def imports_module(self, module: str) -> bool:
        """Whether any cell imports `module` or something inside it, by name or with `*`."""
        targets = (*self.imports.values(), *self.star_imports)
        return any(target == module or target.startswith(module + ".") for target in targets)

    @cached_property
    def functions(self) -> dict[str, list[FunctionInfo]]:
        """Functions and classes by name, every definition in document order."""
        found: dict[str, list[FunctionInfo]] = {}
        for cell in self.python_cells():
            assert cell.scan is not None
            for name, info in cell.scan.functions.items():
                found.setdefault(name, []).append(info)
        return found

    @cached_property
    def preset_names(self) -> frozenset[str]:
        """Names the kernel provides before any cell runs, beyond Python's builtins."""
        spec = self.notebook.metadata.get("kernelspec")
        name = str(spec.get("name", "") if isinstance(spec, dict) else "").lower()
        spark_kernel = "spark" in name or "databricks" in str(self.notebook.metadata).lower()
        return SPARK_KERNEL_NAMES if spark_kernel else frozenset()

    def is_known_without_cells(self, name: str) -> bool:
        return is_kernel_name(name) or name in self.preset_names


def _captured_output_name(source: CellSource) -> str | None:
    if source.cell_magic != "capture":
        return None
    words = [w for w in source.magic_line.split()[1:] if not w.startswith("-")]
    return words[0] if words and words[0].isidentifier() else None


def analyse(notebook: Notebook) -> NotebookFacts:
    """Parse and scan every code cell once (cross-cell facts come lazily)."""
    cells: list[CellFacts] = []
    python = notebook.is_python
    for cell in notebook.cells:
        if not cell.is_code or not python:
            cells.append(CellFacts(cell))
            continue
        source = parse_cell(cell.source)
        scan = None
        if source.tree is not None:
            scan = scan_cell(source.tree, cell.index, source.line_offset)
            if source.defines_nothing:  # %%timeit: the body runs in its own scope
                scan.defines.clear()
                scan.functions.clear()
            captured = _captured_output_name(source)
            if captured:  # `%%capture out` binds `out`
                scan.defines.setdefault(captured, Site(1, 0, 1, 0))
        cells.append(CellFacts(cell, source, scan))
    return NotebookFacts(notebook, cells)
