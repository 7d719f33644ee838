"""Dotted names of what an expression names (`np.random.rand`), with the notebook's imports
resolved: the one walk down an attribute chain that rules and analysers share."""

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


def imported_name(node: ast.AST, imports: dict[str, str]) -> str | None:
    """`pd.testing.assert_frame_equal` → "pandas.testing.assert_frame_equal": the first name
    resolved through the imports when it was imported, kept as written otherwise."""
    dotted = dotted_name(node)
    if dotted is None:
        return None
    head, dot, rest = dotted.partition(".")
    return imports.get(head, head) + dot + rest


def resolved_name(node: ast.AST, imports: dict[str, str]) -> str | None:
    """The full dotted path of what `node` names (`np.random.rand` → "numpy.random.rand"),
    or None when its first name was not imported (a local variable, a builtin...)."""
    base = node
    while type(base) is ast.Attribute:
        base = base.value
    if type(base) is not ast.Name or base.id not in imports:
        return None  # most calls: cheap to rule out before building any string
    return imported_name(node, imports)
