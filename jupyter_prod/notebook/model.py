"""The notebook as the analysis sees it: plain cells, sources as strings, nothing mutable shared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(source: str) -> list[str]:
    """A cell's lines as Python counts them: `str.splitlines` also breaks at U+2028, form
    feeds and other characters that Python treats as ordinary text inside a line."""
    return _LINE_BREAK.split(source)


@dataclass(frozen=True)
class Cell:
    """One cell; `index` counts every cell (markdown and raw included), from 0."""

    index: int
    cell_type: str
    source: str
    cell_id: str | None = None
    execution_count: int | None = None
    tags: tuple[str, ...] = ()
    outputs: tuple[dict[str, Any], ...] = ()
    # The cell's metadata as saved (secrets are looked for there too); not part of its identity.
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_code(self) -> bool:
        return self.cell_type == "code"

    @property
    def is_empty(self) -> bool:
        return not self.source.strip()

    @cached_property
    def lines(self) -> list[str]:
        """Split once: every finding on the cell reads its line here, and splitting per
        finding made a cell with many findings quadratic in its size. Do not mutate."""
        return source_lines(self.source)


@dataclass
class Notebook:
    """A readable notebook, upgraded to nbformat 4, with its cells normalised."""

    path: str
    cells: list[Cell]
    metadata: dict[str, Any] = field(default_factory=dict)
    nbformat: int = 4
    nbformat_minor: int = 5
    # Why strict schema validation failed; the notebook is analysed all the same.
    schema_problem: str | None = None

    @property
    def language(self) -> str | None:
        """The kernel's language, from the kernelspec or language_info, lower case."""
        spec = self.metadata.get("kernelspec") or {}
        info = self.metadata.get("language_info") or {}
        language = (spec.get("language") if isinstance(spec, dict) else None) or (
            info.get("name") if isinstance(info, dict) else None
        )
        if not language and isinstance(spec, dict):
            name = str(spec.get("name") or "")
            if name.startswith(("python", "pyspark", "conda-env", "ipykernel")):
                return "python"
            return None if not name else name.lower()
        return str(language).lower() if language else None

    @property
    def is_python(self) -> bool:
        # A notebook that says nothing about its kernel is taken to be Python, as Jupyter does.
        return self.language in (None, "python", "python3", "ipython", "ipython3")

    @property
    def code_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_code]

    @property
    def was_executed(self) -> bool:
        return any(cell.execution_count is not None for cell in self.code_cells)
