"""Which lines of a function's body can run, which of them a test ran, and which branches
(coverage.py's arcs) a test never took.

A statement counts once, by its first line; a compound statement by its header (`if x:`,
`for ...:`), so the lines of a multi-line call still count as one. The `def` line and a
docstring are not counted: they run when the function is defined, not when it is called.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

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


def function_coverage(
    function: FunctionInfo,
    offset: int,
    hits: Iterable[int],
    arcs: Iterable[tuple[int, int]] | None = None,
    parser: Any = None,
) -> FunctionCoverage:
    """Lines of `function` run by tests and, with coverage.py's `arcs` and the cell's
    `branch_parser`, the branches they never took."""
    lines_hit = set(hits)
    spans = statement_spans(function.node, offset) if function.node is not None else []
    run = [a for a, b in spans if any(line in lines_hit for line in range(a, b + 1))]
    branches: int = 0
    missed: tuple[tuple[int, str], ...] = ()
    if arcs is not None and parser is not None and function.node is not None:
        branches, missed = _branches(function.node, offset, lines_hit, set(arcs), parser)
    return FunctionCoverage(function.name, function.site.line, tuple(a for a, _ in spans),
                            tuple(run), branches, missed)  # fmt: skip


def branch_parser(source: str) -> Any:
    """coverage.py's parser of a cell's Python (what the kernel compiled), or None when it
    cannot read it: branches are then not counted, lines still are."""
    from coverage.exceptions import NotPython
    from coverage.parser import PythonParser

    try:
        parser = PythonParser(text=source)
        parser.parse_source()
    except (NotPython, SyntaxError, ValueError, RecursionError):
        return None
    return parser


def _branches(node: ast.AST, offset: int, lines_hit: set[int], executed: set[tuple[int, int]],
              parser: Any) -> tuple[int, tuple[tuple[int, str], ...]]:  # fmt: skip
    first = getattr(node, "lineno", 0) + offset
    last = (getattr(node, "end_lineno", None) or first) + offset
    taken = parser.translate_arcs(executed)
    possible = parser.arcs()
    total = 0
    missed: list[tuple[int, str]] = []
    for line, exits in sorted(parser.exit_counts().items()):
        if exits < 2 or not first < line <= last:
            continue
        targets = sorted(to for start, to in possible if start == line)
        total += len(targets)
        if line not in lines_hit:
            continue  # the line itself never ran: it is a missed line, not a missed branch
        missed += [(line, parser.missing_arc_description(line, to))
                    for to in targets if (line, to) not in taken]  # fmt: skip
    return total, tuple(missed)
