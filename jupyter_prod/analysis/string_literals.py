"""Python string literals found again in the raw cell source, with what they are bound to.

`ast` gives positions in UTF-8 bytes, in source that IPython may have rewritten (`%magic` lines
become calls); rules that quote or replace a literal need its exact text. Each literal is
re-read from the cell's own lines and kept only when that text evaluates to the same value, so
rewritten magic lines drop out. Implicitly concatenated pieces (`"ab" "cd"`) are kept apart.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import CellFacts

_Binder = Callable[..., None]


@dataclass(frozen=True, order=True)
class Span:
    """A range in a cell: 1-based lines, 0-based character columns."""

    line: int
    column: int
    end_line: int
    end_column: int

    def overlaps(self, other: Span) -> bool:
        return (self.line, self.column) < (other.end_line, other.end_column) and (
            other.line,
            other.column,
        ) < (self.end_line, self.end_column)

    def contains(self, other: Span) -> bool:
        return (self.line, self.column) <= (other.line, other.column) and (
            other.end_line,
            other.end_column,
        ) <= (self.end_line, self.end_column)


@dataclass(frozen=True)
class StringLiteral:
    """A Python string literal of a cell, located in the raw cell source."""

    span: Span
    bodies: tuple[tuple[Span, str], ...]  # each piece's text between its quotes, as written
    value: str  # the decoded value
    name: str | None  # the variable, attribute, key or keyword it is bound to
    password_slot: bool = False  # the second element of `auth=(user, password)`


def normalised(source: str) -> str:
    """Cell text with `\\n` line ends, as `ast` counts lines."""
    return source.replace("\r\n", "\n").replace("\r", "\n")


def string_literals(cell: CellFacts, text: str | None = None) -> list[StringLiteral]:
    """The cell's plain string literals (no f-strings, no bytes) with their raw positions."""
    if cell.tree is None:
        return []
    lines = normalised(cell.cell.source if text is None else text).split("\n")
    bound = _bound_names(cell.nodes)
    in_fstrings = {id(v) for n in cell.nodes if isinstance(n, ast.JoinedStr) for v in n.values}
    found: list[StringLiteral] = []
    for node in cell.nodes:
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in in_fstrings
        ):
            name, password_slot = bound.get(id(node), (None, False))
            literal = _locate(node, lines, cell.line_offset, name, password_slot)
            if literal is not None:
                found.append(literal)
    return found


def _locate(
    node: ast.Constant, lines: list[str], offset: int, name: str | None, password_slot: bool
) -> StringLiteral | None:
    """Find the literal in the raw source; None when the parse came from rewritten IPython syntax."""
    line, end_line = node.lineno + offset, (node.end_lineno or node.lineno) + offset
    if not 0 < line <= end_line <= len(lines) or node.end_col_offset is None:
        return None
    column = _char_column(lines[line - 1], node.col_offset)
    end_column = _char_column(lines[end_line - 1], node.end_col_offset)
    if line == end_line:
        raw = lines[line - 1][column:end_column]
    else:
        raw = "\n".join(
            [
                lines[line - 1][column:],
                *lines[line : end_line - 1],
                lines[end_line - 1][:end_column],
            ]
        )
    try:
        if ast.literal_eval(f"(\n{raw}\n)") != node.value:
            return None
        tokens = list(tokenize.generate_tokens(io.StringIO(f"(\n{raw}\n)").readline))
    except (SyntaxError, ValueError, tokenize.TokenError, MemoryError, RecursionError):
        return None
    bodies = tuple(_body(tok, line, column) for tok in tokens if tok.type == tokenize.STRING)
    return StringLiteral(
        Span(line, column, end_line, end_column), bodies, node.value, name, password_slot
    )


def _body(token: tokenize.TokenInfo, line: int, column: int) -> tuple[Span, str]:
    """The text between a string token's quotes, in cell coordinates (the token sits one line
    below the opening parenthesis of the wrapped source)."""
    text = token.string
    prefix = len(text) - len(text.lstrip("rRuUbBfF"))
    quote = 3 if text[prefix : prefix + 3] in ('"""', "'''") else 1
    (row, col), (end_row, end_col) = token.start, token.end

    def place(r: int, c: int) -> tuple[int, int]:
        return line + r - 2, (column + c if r == 2 else c)

    start = place(row, col + prefix + quote)
    end = place(end_row, end_col - quote)
    return Span(*start, *end), text[prefix + quote : len(text) - quote]


def _char_column(text: str, byte_column: int) -> int:
    if text.isascii():
        return byte_column
    return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))


def _bound_names(nodes: list[ast.AST]) -> dict[int, tuple[str, bool]]:
    """id(string constant) → (the name it is bound to, whether it is a password slot)."""
    bound: dict[int, tuple[str, bool]] = {}

    def bind(value: ast.AST | None, name: str | None, password: bool = False) -> None:
        if name and isinstance(value, ast.Constant) and isinstance(value.value, str):
            bound.setdefault(id(value), (name, password))

    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                bind(node.value, _target_name(target))
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)):
            bind(node.value, _target_name(node.target))
        elif isinstance(node, ast.keyword):
            bind(node.value, node.arg)
            if (
                node.arg == "auth"
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 2
            ):
                bind(node.value.elts[1], "auth", password=True)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    bind(value, key.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            positional = [*node.args.posonlyargs, *node.args.args]
            for arg, default in zip(positional[::-1], node.args.defaults[::-1], strict=False):
                bind(default, arg.arg)
            for arg, kw_default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                bind(kw_default, arg.arg)
        elif isinstance(node, ast.Call):
            _bind_call(node, bind)
    return bound


def _bind_call(node: ast.Call, bind: _Binder) -> None:
    """`os.environ.setdefault("TOKEN", v)`, `os.putenv("TOKEN", v)`, `HTTPBasicAuth(user, pw)`."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = node.args
    if called in ("setdefault", "putenv") and len(args) == 2 and isinstance(args[0], ast.Constant):
        bind(args[1], str(args[0].value))
    elif called.endswith(("BasicAuth", "DigestAuth")) and len(args) == 2:
        bind(args[1], called, password=True)


def _target_name(target: ast.AST) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = target.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None
