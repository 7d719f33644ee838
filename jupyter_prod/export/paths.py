"""Hard-coded file paths given to I/O calls, to be lifted into parameters.

`pd.read_csv("data/orders.csv")` becomes `pd.read_csv(orders_path)` with a parameter
`orders_path: str = "data/orders.csv"`, so a job can read another file. The I/O calls are the
ones the hand-off rule HO002 knows; relative paths count too (a job's data moves).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass

from ..analysis.facts import CellFacts
from ..rules.handoff.path_context import IO_CALLS, NOT_IO_TO, WRITE_CALLS, path_name

_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")
_NOT_A_PATH = re.compile(r"://|\n|[{}<>|]")


@dataclass(frozen=True)
class PathLiteral:
    """A path literal in cell `cell`, given to the I/O call `call` (`writes` if it writes)."""

    cell: int
    node: ast.Constant
    value: str
    call: str
    writes: bool
    target: str | None = None  # the name the call's result is bound to (`movies = read_csv(...)`)


def io_path_literals(cell: CellFacts) -> list[PathLiteral]:
    """Path literals given to I/O calls anywhere in the cell (function bodies included)."""
    found: list[PathLiteral] = []
    targets = _assigned_calls(cell)
    for node in cell.nodes:
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if not _is_io(name):
            continue
        writes = name in WRITE_CALLS or name.startswith("to_") or _opens_for_writing(node, name)
        arguments = node.args[:1] + [k.value for k in node.keywords if _path_keyword(k.arg)]
        for argument in arguments:
            if isinstance(argument, ast.Constant) and looks_like_path(argument.value):
                found.append(PathLiteral(cell.index, argument, str(argument.value), name, writes,
                                         targets.get(id(node))))  # fmt: skip
    return found


def _assigned_calls(cell: CellFacts) -> dict[int, str]:
    """Calls whose result is bound to one name: `movies = pd.read_csv(...).dropna()`."""
    found: dict[int, str] = {}
    for node in cell.nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                for inner in ast.walk(node.value):
                    if isinstance(inner, ast.Call):
                        found.setdefault(id(inner), target.id)
    return found


def descriptive_name(literal: PathLiteral, taken: set[str]) -> str:
    """The parameter's name: from the file (`orders.csv` → `orders_path`), or from the variable
    that holds what it reads when the file's name says little (`movies = read_csv("u.item")`
    → `movies_path`, not `u_path_2`)."""
    name = parameter_name(literal.value, literal.writes)
    stem = name.rsplit("_", 1)[0]
    vague = len(stem) <= 2 or stem.startswith("file_") or name in taken
    target = literal.target or ""
    if not literal.writes and vague and len(target) > 2 and target not in _GENERIC:
        return f"{target}_path"
    return name


_GENERIC = frozenset({"df", "data", "d", "x", "tmp", "temp", "result", "out", "res", "f"})


def looks_like_path(value: object) -> bool:
    if not isinstance(value, str) or not value.strip() or len(value) > 400:
        return False
    if _NOT_A_PATH.search(value) and not value.startswith("file://"):
        return False
    return "/" in value or "\\" in value or bool(_EXTENSION.search(value))


def parameter_name(value: str, writes: bool) -> str:
    """`data/orders.csv` → `orders_path`; `data/raw/` → `raw_dir`."""
    trimmed = value.rstrip("/\\")
    base = os.path.basename(trimmed.replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    words = re.sub(r"[^0-9a-zA-Z]+", "_", stem).strip("_").lower()
    suffix = "_path" if extension or not value.endswith(("/", "\\")) else "_dir"
    if not words:
        return "output_path" if writes else "input_path"
    if words[0].isdigit():
        words = "file_" + words
    return words + suffix


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_io(name: str) -> bool:
    return (
        name in IO_CALLS
        or name.startswith("read_")
        or (name.startswith("to_") and name not in NOT_IO_TO)
    )


def _path_keyword(name: str | None) -> bool:
    return name is not None and (path_name(name) or name in ("path_or_buf", "fname"))


def _opens_for_writing(call: ast.Call, name: str) -> bool:
    if name != "open":
        return False
    mode = call.args[1] if len(call.args) > 1 else None
    mode = mode or next((k.value for k in call.keywords if k.arg == "mode"), None)
    return isinstance(mode, ast.Constant) and str(mode.value)[:1] in "wax"
