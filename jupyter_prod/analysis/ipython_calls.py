"""IPython's own syntax, found again in the transformed cell.

`notebook/ipython.py` turns `%magic args` into `get_ipython().run_line_magic('magic', 'args')`,
`!cmd` into `get_ipython().system('cmd')` and `x = !cmd` into `get_ipython().getoutput('cmd')`;
this module reads those calls back, so rules see magics and shell lines with their positions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .scopes import Site

if TYPE_CHECKING:
    from .facts import CellFacts

_KINDS = {
    "run_line_magic": "magic",
    "system": "shell",
    "getoutput": "shell",
    "run_cell_magic": "cell-magic",
}
# Magics that bring names into the kernel that no assignment shows (`%pylab` star-imports
# numpy and matplotlib.pylab).
DYNAMIC_MAGICS = frozenset({"run", "store", "load", "sql", "R", "octave", "include", "pylab"})
DYNAMIC_CALLS = frozenset({"exec", "globals", "execfile"})


@dataclass(frozen=True)
class IPythonCall:
    """`kind` is `magic` (line magic), `shell` (`!cmd`) or `cell-magic`; `name` the magic's
    name (for shell lines, the command's first word); `argument` the rest of the line."""

    kind: str
    name: str
    argument: str
    site: Site


def ipython_calls(cell: CellFacts) -> list[IPythonCall]:
    found: list[IPythonCall] = []
    if cell.source is not None and cell.source.cell_magic is not None:
        magic = cell.source.cell_magic
        found.append(IPythonCall("cell-magic", magic, cell.source.magic_body, Site(1, 0, 1, 0)))
    if not _may_call_ipython(cell):
        return found
    for node in cell.nodes:
        call = _ipython_call(node)
        if call is None:
            continue
        kind, args = call
        texts = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        site = Site.of(node, cell.line_offset)
        if kind == "shell":
            command = texts[0].strip() if texts else ""
            found.append(
                IPythonCall("shell", command.split(None, 1)[0] if command else "", command, site)
            )
        elif texts:
            found.append(IPythonCall(kind, texts[0], texts[1] if len(texts) > 1 else "", site))
    return found


def _may_call_ipython(cell: CellFacts) -> bool:
    """Only IPython's transformer, or code written by hand, calls `get_ipython()`."""
    source = cell.source
    return source is not None and (source.transformed or "get_ipython" in cell.cell.source)


def _ipython_call(node: ast.AST) -> tuple[str, list[ast.expr]] | None:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)):
        return None
    if owner.func.id != "get_ipython" or node.func.attr not in _KINDS:
        return None
    return _KINDS[node.func.attr], list(node.args)


# Cheap text test first: almost no cell mentions any of these.
_DYNAMIC_HINTS = ("%", "exec", "globals")


def defines_names_dynamically(cell: CellFacts) -> bool:
    """Whether the cell may create names that static analysis cannot see."""
    if not any(hint in cell.cell.source for hint in _DYNAMIC_HINTS):
        return False
    if any(c.kind == "magic" and c.name in DYNAMIC_MAGICS for c in ipython_calls(cell)):
        return True
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in DYNAMIC_CALLS
        for node in cell.nodes
    )


def restored_names(cell: CellFacts) -> set[str] | None:
    """Names the cell brings in without an assignment the analysis sees: those `%store -r a b`
    restores; None when it may bring in any name (`%run`, a bare `%store -r`, `exec`...);
    an empty set when it brings in none."""
    if not defines_names_dynamically(cell):
        return set()
    names: set[str] = set()
    for call in ipython_calls(cell):
        if call.kind != "magic" or call.name not in DYNAMIC_MAGICS:
            continue
        words = call.argument.split()
        if call.name != "store" or "-r" not in words:
            return None
        listed = [w for w in words if w != "-r" and not w.startswith("-")]
        if not listed:
            return None  # `%store -r` restores everything stored
        names.update(listed)
    if any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
           and node.func.id in DYNAMIC_CALLS for node in cell.nodes):  # fmt: skip
        return None
    return names
