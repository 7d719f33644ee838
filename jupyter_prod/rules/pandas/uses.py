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


Located = tuple[CellFacts, ast.AST]


@dataclass
class Uses:
    """The tracker's pandas nodes of one notebook, sorted once for all the rules."""

    ordered: list[Located]  # every node, in the tracker's evaluation order
    by_type: dict[type[ast.AST], list[Located]]
    calls: list[tuple[CellFacts, MethodCall]]


def pandas_nodes(
    facts: NotebookFacts, *node_types: type[ast.AST]
) -> Iterator[tuple[CellFacts, ast.AST, PandasTypes]]:
    """(cell, node, types) for the nodes of these types that touch a pandas object, in cell
    order; nothing at all when the notebook never imports pandas."""
    types = facts.pandas_types
    if types is None:
        return
    uses = _uses(facts, types)
    if len(node_types) == 1:
        found = uses.by_type.get(node_types[0], [])
    else:
        found = [item for item in uses.ordered if isinstance(item[1], node_types)]
    for cell, node in found:
        yield cell, node, types


def method_calls(facts: NotebookFacts) -> Iterator[tuple[CellFacts, MethodCall, PandasTypes]]:
    """Calls of methods of known pandas objects."""
    types = facts.pandas_types
    if types is None:
        return
    for cell, call in _uses(facts, types).calls:
        yield cell, call, types


def _uses(facts: NotebookFacts, types: PandasTypes) -> Uses:
    cached = types.derived.get("uses")
    if isinstance(cached, Uses):
        return cached
    cells = {cell.index: cell for cell in facts.python_cells()}
    uses = Uses([], {}, [])
    for index in types.cells():
        cell = cells[index]
        for node in types.in_cell(index):
            uses.ordered.append((cell, node))
            uses.by_type.setdefault(type(node), []).append((cell, node))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                bound = types.value_of(node.func)
                if isinstance(bound, Bound) and isinstance(bound.owner, Obj):
                    uses.calls.append((cell, MethodCall(node, bound.owner, bound.name)))
    types.derived["uses"] = uses
    return uses


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
