"""Cells that stay in the job notebook as they were written, because moving them into the
package could change what they do.

A notebook that runs top to bottom is never refused for what a cell does (FIELD.md: soorgeon
and nbdev refuse or break such notebooks). A cell is kept as written, and the export report
says why, pointing at the cell and line, when it:
- starts with a cell magic other than `%%time` (`%%bash`, `%%writefile`, `%%capture`,
  `%%html`...): only a kernel runs it;
- holds a line magic or shell command with an effect the package cannot reproduce (`%cd`,
  `%env`, `!ls`, an interactive `%matplotlib notebook`...); `%matplotlib inline`, `%load_ext`,
  `%config`, `%autoreload` are dropped, and `pip install` lines become dependencies;
- creates names static analysis cannot see (`%run`, `%store -r`, `exec`), or reads a name no
  cell defines after such a cell;
- awaits at top level, or reads IPython's output history (`_`, `Out[3]`);
- imports `*` from a module that rebinds builtins (`from numpy import *`), or reads a name such
  an import above it binds (`builtin_imports.py`).
Cells whose functions cannot move are added by the plan (see `function_globals.py`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..analysis.facts import CellFacts, NotebookFacts
from ..analysis.ipython_calls import defines_names_dynamically
from ..analysis.names import is_kernel_name
from ..analysis.scopes import walk_scope
from .builtin_imports import hidden_builtins, is_star_import, star_names
from .statements import MAGIC, CellStatements, magic_call

# Line magics with no effect on what a job computes (figures are drawn inline in a job).
DROPPED_MAGICS = frozenset({"matplotlib", "load_ext", "reload_ext", "autoreload", "aimport",
                            "config", "pip", "conda", "mamba", "micromamba"})  # fmt: skip
_HISTORY = re.compile(r"_+|_i+|_i?\d+|In|Out")
_ASYNC = (ast.Await, ast.AsyncFor, ast.AsyncWith)
_DYNAMIC = "creates names"  # how the reasons of cells that make names at run time start


@dataclass(frozen=True)
class KeptCell:
    """Why cell `cell` (0-based) stays as written; `line` in the cell, 1-based."""

    cell: int
    line: int
    reason: str

    def describe(self) -> str:
        return f"cell {self.cell + 1}, line {self.line}: {self.reason}"


def kept_cells(facts: NotebookFacts, cells: list[CellStatements]) -> dict[int, KeptCell]:
    """The cells the job runs as written, found from the cells alone."""
    kept: dict[int, KeptCell] = {}
    by_index = {c.cell.index: c for c in cells}
    dynamic_above = False
    starred: dict[str, str] = {}  # a name a star import above rebinds → that import, in words
    for cell in facts.code_cells():
        found = _cell_magic(cell)
        if found is None and cell.index in by_index:
            statements = by_index[cell.index]
            found = _magic_line(statements) or _kernel_only(cell) or _dynamic(cell)
            found = found or (_reads_unknown(facts, cell) if dynamic_above else None)
            found = found or _star_import(statements, starred) or _reads_starred(cell, starred)
        if found is not None:
            kept[cell.index] = found
            dynamic_above = dynamic_above or found.reason.startswith(_DYNAMIC)
    return kept


def _star_import(cell: CellStatements, starred: dict[str, str]) -> KeptCell | None:
    """`from numpy import *` rebinding builtins (`sum`) runs where the notebook had it."""
    found = None
    for statement in cell.statements:
        hidden = hidden_builtins(statement.node) if is_star_import(statement.node) else None
        if hidden:
            module = getattr(statement.node, "module", "")
            words = f"`from {module} import *` (cell {cell.cell.index + 1})"
            starred.update(dict.fromkeys(star_names(module), words))
            line = statement.node.lineno + cell.cell.line_offset
            names = ", ".join(f"`{n}`" for n in sorted(hidden)[:3])
            found = found or KeptCell(cell.cell.index, line, f"`from {module} import *` rebinds "
                                      f"the builtins {names}... for the cells below it only")  # fmt: skip
    return found


def _reads_starred(cell: CellFacts, starred: dict[str, str]) -> KeptCell | None:
    """A cell below such a star import reading a name it binds: the name is the notebook's."""
    assert cell.scan is not None
    for name, site in cell.scan.reads.items():
        if name in starred and name not in _defined_here(cell):
            return KeptCell(cell.index, site.line, f"reads `{name}`, which {starred[name]} binds")
    return None


def _cell_magic(cell: CellFacts) -> KeptCell | None:
    source = cell.source
    if source is None or source.cell_magic is None or cell.cell.is_empty:
        return None
    if source.cell_magic == "time" and source.tree is not None:
        return None  # its body runs as it is; only the timing line is not printed
    if source.tree is None and source.cell_magic in ("time", "capture", "prun", "debug"):
        return None  # a body that is not Python: the plan refuses the cell
    captured = captured_names(cell)
    if captured:
        return KeptCell(cell.index, 1, f"{_DYNAMIC} the analysis cannot see "
                        f"(`%%{source.magic_line}` keeps what the cell printed in `{captured[0]}`)")  # fmt: skip
    return KeptCell(cell.index, 1, f"`%%{source.cell_magic}` runs only in a kernel")


def captured_names(cell: CellFacts) -> list[str]:
    """`%%capture out` keeps what the cell printed in `out` (in the notebook's namespace)."""
    source = cell.source
    if source is None or source.cell_magic != "capture":
        return []
    words = [w for w in source.magic_line.split()[1:] if not w.startswith("-")]
    return words[:1] if words and words[0].isidentifier() else []


def _magic_line(cell: CellStatements) -> KeptCell | None:
    for statement in cell.of_kind(MAGIC):
        kind, name, argument = magic_call(statement.node) or ("magic", "", "")
        if kind == "shell" and name in ("pip", "pip3") and argument.split()[1:2] == ["install"]:
            continue
        interactive = name == "matplotlib" and argument.split()[:1] not in ([], ["inline"])
        if kind == "magic" and name in DROPPED_MAGICS and not interactive:
            continue
        written = f"!{argument}" if kind == "shell" else f"%{name} {argument}".strip()
        line = statement.node.lineno + cell.cell.line_offset
        why = "chooses an interactive backend" if interactive else "runs only in a kernel"
        return KeptCell(cell.cell.index, line, f"`{_short(written)}` {why}")
    return None


def _kernel_only(cell: CellFacts) -> KeptCell | None:
    """`await` outside a function, and IPython's output history, which a module lacks."""
    assert cell.tree is not None
    for node in walk_scope(list(cell.tree.body)):
        line = getattr(node, "lineno", 1) + cell.line_offset
        if isinstance(node, _ASYNC):
            return KeptCell(cell.index, line, "top-level `await` runs only in a kernel")
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if _HISTORY.fullmatch(node.id) and node.id not in _defined_here(cell):
                return KeptCell(cell.index, line, f"`{node.id}` is IPython's output history")
    return None


def _defined_here(cell: CellFacts) -> set[str]:
    return set(cell.scan.defines) if cell.scan is not None else set()


def _dynamic(cell: CellFacts) -> KeptCell | None:
    if not defines_names_dynamically(cell):
        return None
    return KeptCell(cell.index, 1, f"{_DYNAMIC} the analysis cannot see (`%run`, `%store`, `exec`)")


def _reads_unknown(facts: NotebookFacts, cell: CellFacts) -> KeptCell | None:
    """After a cell that creates names dynamically, a read of a name no cell defines."""
    assert cell.scan is not None
    definers = facts.dataflow.definers
    for name, site in cell.scan.reads.items():
        if name not in definers and not is_kernel_name(name) and name not in facts.imports:
            return KeptCell(cell.index, site.line, f"reads `{name}`, which only a cell above "
                            "that creates names dynamically defines")  # fmt: skip
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def names_used(cell: CellFacts) -> set[str]:
    """Every name the cell's code reads: at top level, and in the functions it defines."""
    scan = cell.scan
    if scan is None:
        return set()
    used = set(scan.reads) | {name for name, _site, _local in scan.references}
    for info in scan.functions.values():
        used |= set(info.free_reads)
    return used
