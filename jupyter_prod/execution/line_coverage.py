"""Which lines of a function's body can run, and which of them a test ran.

A statement counts once, by its first line; a compound statement by its header (`if x:`,
`for ...:`), so the lines of a multi-line call still count as one. The `def` line and a
docstring are not counted: they run when the function is defined, not when it is called.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ..analysis.cell_scan import FunctionInfo
from ..analysis.measured import FunctionCoverage

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


def statement_spans(function: ast.AST, offset: int = 0) -> list[tuple[int, int]]:
    """(first, last) cell lines of each statement a call of `function` can run."""
    bodies: list[list[ast.stmt]] = []
    if isinstance(function, FUNCTION_NODES):
        bodies.append(function.body)
    elif isinstance(function, ast.ClassDef):
        bodies += [s.body for s in ast.walk(function) if isinstance(s, FUNCTION_NODES)]
    spans: list[tuple[int, int]] = []
    for body in bodies:
        for statement in _without_docstring(body):
            for node in ast.walk(statement):
                if isinstance(node, ast.stmt):
                    spans.append(_span(node, offset))
    return sorted(set(spans))


def _without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        if isinstance(first.value.value, str):
            return body[1:]
    return body


def _span(node: ast.stmt, offset: int) -> tuple[int, int]:
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    inner = [s for s in ast.iter_child_nodes(node) if isinstance(s, ast.stmt)]
    last = (min(s.lineno for s in inner) - 1) if inner else (node.end_lineno or node.lineno)
    return first + offset, max(first, last) + offset


def function_coverage(function: FunctionInfo, offset: int, hits: Iterable[int]) -> FunctionCoverage:
    lines_hit = set(hits)
    spans = statement_spans(function.node, offset) if function.node is not None else []
    run = [a for a, b in spans if any(line in lines_hit for line in range(a, b + 1))]
    return FunctionCoverage(
        function.name, function.site.line, tuple(a for a, _ in spans), tuple(run)
    )
