"""How the pandas rules walk a notebook: only the nodes the type tracker marked as pandas."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.values import FRAME_KINDS, Bound, Obj
from ...analysis.scopes import Site


@dataclass(frozen=True)
class MethodCall:
    """`owner.name(...)` where `owner` is a known pandas object."""

    call: ast.Call
    owner: Obj
    name: str

    @property
    def receiver(self) -> ast.AST:
        assert isinstance(self.call.func, ast.Attribute)
        return self.call.func.value

    def keyword(self, name: str) -> ast.AST | None:
        return next((k.value for k in self.call.keywords if k.arg == name), None)


def pandas_nodes(facts: NotebookFacts) -> Iterator[tuple[CellFacts, ast.AST, PandasTypes]]:
    """(cell, node, types) for every node that touches a pandas object; nothing without pandas."""
    types = facts.pandas_types
    if types is None:
        return
    cells = {cell.index: cell for cell in facts.python_cells()}
    for index in types.cells():
        cell = cells[index]
        for node in types.in_cell(index):
            yield cell, node, types


def method_calls(facts: NotebookFacts) -> Iterator[tuple[CellFacts, MethodCall, PandasTypes]]:
    """Calls of methods of known pandas objects."""
    for cell, node, types in pandas_nodes(facts):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            bound = types.value_of(node.func)
            if isinstance(bound, Bound) and isinstance(bound.owner, Obj):
                yield cell, MethodCall(node, bound.owner, bound.name), types


def is_frame(value: object) -> bool:
    """A DataFrame or a Series (not a GroupBy, a window, an Index or an accessor)."""
    return isinstance(value, Obj) and value.kind in FRAME_KINDS


def site(cell: CellFacts, node: ast.AST) -> Site:
    return Site.of(node, cell.line_offset)


def snippet(node: ast.AST, limit: int = 48) -> str:
    """Source text of `node` for a message, shortened."""
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - a message never fails on an odd tree
        return "..."
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
