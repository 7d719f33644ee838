"""The def-use graph across cells, in document order and in the recorded execution order.

- Effective reads of a cell: its own external reads, plus the free reads of every notebook
  function or class it references (transitively: a helper called by a called function),
  attributed to the reference's line. This is where "names read inside a function body are
  resolved when the function is *called*" happens.
- Document order: for each read, the nearest cell above that defines the name (deleted by a
  `del` in between counts as not defined).
- Execution order: for each read of an executed cell, the defining cell that ran last before
  it, by execution count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cell_scan import CellScan, FunctionInfo
from .scopes import Site

if TYPE_CHECKING:
    from .facts import NotebookFacts


@dataclass(frozen=True)
class Read:
    """Cell `cell` needs `name` from outside, at `site`; `via` names the function called there."""

    name: str
    cell: int
    site: Site
    via: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a read's value comes from: `cell` defines it (None: no such cell);
    `deleted_by` is the cell whose `del` removed it since."""

    cell: int | None
    deleted_by: int | None = None


class Dataflow:
    """Def-use facts across the notebook's Python cells."""

    def __init__(self, facts: NotebookFacts) -> None:
        self.facts = facts
        self.scans: dict[int, CellScan] = {
            c.index: c.scan for c in facts.python_cells() if c.scan is not None
        }
        self.order = sorted(self.scans)
        self.reads: dict[int, dict[str, Read]] = {}
        self.defines: dict[int, set[str]] = {}
        for index in self.order:
            self.reads[index], extra_defines = self._effective(index)
            self.defines[index] = set(self.scans[index].defines) | extra_defines
        self.definers: dict[str, list[int]] = {}
        for index in self.order:
            for name in self.defines[index]:
                self.definers.setdefault(name, []).append(index)
        self.first_star_import = next((i for i in self.order if self.scans[i].star_imports), None)
        self.doc_sources = self._document_order()
        self.exec_sources = self._execution_order()

    # ------------------------------------------------------------------ reads
    def _effective(self, index: int) -> tuple[dict[str, Read], set[str]]:
        scan = self.scans[index]
        reads = {name: Read(name, index, site) for name, site in scan.reads.items()}
        defines: set[str] = set()
        for name, site, _local in scan.references:
            function = self.function_at(name, index, site)
            if function is None:
                continue
            free, writes = self.closure(function)
            defines |= writes
            for free_name in free:
                bound = scan.defines.get(free_name)
                if bound is not None and (bound.line, bound.col) < (site.line, site.col):
                    continue  # the cell bound it before calling the function
                if free_name not in reads:
                    reads[free_name] = Read(free_name, index, site, via=name)
        return reads, defines

    def function_at(self, name: str, index: int, site: Site) -> FunctionInfo | None:
        """The definition of function `name` that a reference in cell `index` uses (doc order)."""
        own = self.scans[index].functions.get(name)
        if own is not None and (own.site.line, own.site.col) <= (site.line, site.col):
            return own
        if name in self.scans[index].defines and own is None:
            return None  # rebound to something else in this cell
        candidates = [f for f in self.facts.functions.get(name, []) if f.cell < index]
        return candidates[-1] if candidates else None

    def closure(self, function: FunctionInfo) -> tuple[dict[str, Site], set[str]]:
        """Free reads and global writes of a function and every notebook function it uses."""
        free: dict[str, Site] = {}
        writes: set[str] = set()
        seen: set[int] = set()
        stack = [function]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            writes |= current.global_writes
            for name, site in current.free_reads.items():
                free.setdefault(name, site)
                helpers = [f for f in self.facts.functions.get(name, []) if f.cell <= function.cell]
                helpers = helpers or self.facts.functions.get(name, [])
                if helpers:
                    stack.append(helpers[-1])
        return free, writes

    # ------------------------------------------------------------------ orders
    def _document_order(self) -> dict[int, dict[str, Source]]:
        live: dict[str, int] = {}
        deleted: dict[str, int] = {}
        sources: dict[int, dict[str, Source]] = {}
        for index in self.order:
            sources[index] = {
                name: Source(live.get(name), deleted.get(name)) for name in self.reads[index]
            }
            for name in self.defines[index]:
                live[name] = index
                deleted.pop(name, None)
            for name in self.scans[index].deletes:
                live.pop(name, None)
                deleted[name] = index
        return sources

    def _execution_order(self) -> dict[int, dict[str, Source]]:
        counts = {i: self.facts.cells[i].execution_count for i in self.order}
        ran = sorted((c, i) for i, c in counts.items() if c is not None)
        live: dict[str, int] = {}
        deleted: dict[str, int] = {}
        sources: dict[int, dict[str, Source]] = {}
        for _count, index in ran:
            sources[index] = {
                name: Source(live.get(name), deleted.get(name)) for name in self.reads[index]
            }
            for name in self.defines[index]:
                live[name] = index
                deleted.pop(name, None)
            for name in self.scans[index].deletes:
                live.pop(name, None)
                deleted[name] = index
        return sources

    # ------------------------------------------------------------------ questions
    def defined_anywhere(self, name: str) -> bool:
        return name in self.definers

    def star_import_above(self, index: int) -> bool:
        return self.first_star_import is not None and self.first_star_import <= index

    def edges(self, order: str = "document") -> list[tuple[int, int, str]]:
        """(defining cell, reading cell, name) for every resolved read."""
        sources = self.doc_sources if order == "document" else self.exec_sources
        return [
            (source.cell, reader, name)
            for reader, by_name in sources.items()
            for name, source in by_name.items()
            if source.cell is not None
        ]
