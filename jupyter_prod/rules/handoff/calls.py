"""Calls as the hand-off rules see them: dotted names resolved through the notebook's imports."""

from __future__ import annotations

import ast

from ...analysis.dotted_names import dotted_name, resolved_name

__all__ = ["dotted_name", "resolved_name", "keyword", "has_star_kwargs", "string_value"]


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def has_star_kwargs(call: ast.Call) -> bool:
    """`f(**params)` may pass anything: rules stay silent rather than guess."""
    return any(k.arg is None for k in call.keywords)


def is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def string_value(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
