"""The type tracker's result, and the scopes it binds names in."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from .values import Obj, Value


@dataclass
class PandasTypes:
    """The tracker's result: values of pandas expressions and, per cell, the nodes to check."""

    values: dict[ast.AST, Value] = field(default_factory=dict)
    nodes: dict[int, list[ast.AST]] = field(default_factory=dict)
    # Per cell, the nodes that compute with a pandas object ("pandas work": calls, subscripts,
    # loops); which names they start from is worked out only when a rule asks.
    work: dict[int, list[ast.AST]] = field(default_factory=dict)
    # Views the rules derive from the above, computed once per notebook (rules/pandas/uses.py).
    derived: dict[str, Any] = field(default_factory=dict)

    def value_of(self, node: ast.AST | None) -> Value | None:
        return self.values.get(node) if node is not None else None

    def obj_of(self, node: ast.AST | None) -> Obj | None:
        value = self.value_of(node)
        return value if isinstance(value, Obj) else None

    def in_cell(self, index: int) -> list[ast.AST]:
        """The cell's nodes that touch a pandas object, in evaluation order."""
        return self.nodes.get(index, [])

    def cells(self) -> list[int]:
        return sorted(self.nodes)

    def pandas_work_after(self, index: int, name: str | None = None) -> bool:
        """Whether a cell below `index` computes with pandas objects (with `name`'s, if given:
        `df` for `df.groupby(...)`)."""
        later = [nodes for cell, nodes in self.work.items() if cell > index]
        if name is None:
            return bool(later)
        return any(root_name(node) == name for nodes in later for node in nodes)


def root_name(node: ast.AST) -> str | None:
    """The name an expression starts from: `df` for `df["a"].str.lower()` or `for x in df.a`."""
    while True:
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            node = node.iter
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


class Scope:
    """Names bound in one scope; a name bound to None is known to be unknown (shadowing)."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.names: dict[str, Value | None] = {}
        self.parent = parent

    def lookup(self, name: str) -> Value | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def is_bound(self, name: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True
            scope = scope.parent
        return False
