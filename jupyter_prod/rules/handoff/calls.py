"""Calls as the hand-off rules see them: dotted names resolved through the notebook's imports."""

from __future__ import annotations

import ast


def dotted_name(node: ast.AST) -> str | None:
    """`np.random.rand` → "np.random.rand"; None for anything but names and attributes."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def resolved_name(node: ast.AST, imports: dict[str, str]) -> str | None:
    """The full dotted path of what `node` names (`np.random.rand` → "numpy.random.rand"),
    or None when its first name was not imported (a local variable, a builtin...)."""
    base = node
    while type(base) is ast.Attribute:
        base = base.value
    if type(base) is not ast.Name or base.id not in imports:
        return None  # most calls: cheap to rule out before building any string
    dotted = dotted_name(node)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    module = imports[head]
    return f"{module}.{rest}" if rest else module


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def has_star_kwargs(call: ast.Call) -> bool:
    """`f(**params)` may pass anything: rules stay silent rather than guess."""
    return any(k.arg is None for k in call.keywords)


def is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def string_value(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
