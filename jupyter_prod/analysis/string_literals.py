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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
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


class CellStrings:
    """The plain string literals of one cell (no f-strings, no bytes), located on demand:
    finding a literal in the raw source costs a tokenize, so only the few that matter are."""

    def __init__(self, cell: CellFacts, text: str) -> None:
        self.cell = cell
        self.text = text

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def constants(self) -> list[ast.Constant]:
        nodes = self.cell.nodes
        in_fstrings = {id(v) for n in nodes if type(n) is ast.JoinedStr for v in n.values}
        return [
            n
            for n in nodes
            if type(n) is ast.Constant and type(n.value) is str and id(n) not in in_fstrings
        ]

    @cached_property
    def bound(self) -> dict[int, tuple[str, bool]]:
        return _bound_names(self.cell.nodes) if self.constants else {}

    def named(self) -> Iterator[tuple[ast.Constant, str, bool]]:
        """(literal, the name it is bound to, whether it is a password slot)."""
        for node in self.constants:
            if id(node) in self.bound:
                name, password_slot = self.bound[id(node)]
                yield node, name, password_slot

    def locate(self, node: ast.Constant) -> StringLiteral | None:
        name, password_slot = self.bound.get(id(node), (None, False))
        return _locate(node, self.lines, self.cell.line_offset, name, password_slot)

    def holding(self, span: Span) -> StringLiteral | None:
        """The literal whose text contains `span`, if any."""
        offset = self.cell.line_offset
        for node in self.constants:
            if node.lineno + offset <= span.line <= (node.end_lineno or node.lineno) + offset:
                literal = self.locate(node)
                if literal is not None and literal.span.contains(span):
                    return literal
        return None


def _locate(
    node: ast.Constant, lines: list[str], offset: int, name: str | None, password_slot: bool
) -> StringLiteral | None:
    """Find the literal in the raw source; None when the parse came from rewritten IPython syntax."""
    if not isinstance(node.value, str):
        return None
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
        if name and type(value) is ast.Constant and type(value.value) is str:
            bound.setdefault(id(value), (name, password))

    for node in nodes:
        kind = type(node)  # one type test per node: this runs on every node of every cell
        if kind is ast.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                bind(node.value, _target_name(target))  # type: ignore[attr-defined]
        elif kind is ast.keyword:
            _bind_keyword(node, bind)  # type: ignore[arg-type]
        elif kind is ast.Dict:
            for key, value in zip(node.keys, node.values, strict=True):  # type: ignore[attr-defined]
                if type(key) is ast.Constant and type(key.value) is str:
                    bind(value, key.value)
        elif kind is ast.Call:
            _bind_call(node, bind)  # type: ignore[arg-type]
        elif kind is ast.AnnAssign or kind is ast.NamedExpr:
            bind(node.value, _target_name(node.target))  # type: ignore[attr-defined]
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            _bind_defaults(node.args, bind)  # type: ignore[attr-defined]
    return bound


def _bind_keyword(node: ast.keyword, bind: _Binder) -> None:
    bind(node.value, node.arg)
    value = node.value
    if node.arg == "auth" and isinstance(value, ast.Tuple) and len(value.elts) == 2:
        bind(value.elts[1], "auth", password=True)  # requests' auth=(user, password)


def _bind_defaults(args: ast.arguments, bind: _Binder) -> None:
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(positional[::-1], args.defaults[::-1], strict=False):
        bind(default, arg.arg)
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        bind(kw_default, arg.arg)


def _bind_call(node: ast.Call, bind: _Binder) -> None:
    """`os.environ.setdefault("TOKEN", v)`, `os.putenv("TOKEN", v)`, `HTTPBasicAuth(user, pw)`,
    `service.login(token)` and `server.login(user, password)`."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = node.args
    if called in ("setdefault", "putenv") and len(args) == 2 and isinstance(args[0], ast.Constant):
        bind(args[1], str(args[0].value))
    elif called.endswith(("BasicAuth", "DigestAuth")) and len(args) == 2:
        bind(args[1], called, password=True)
    elif called == "login" and len(args) == 1:
        bind(args[0], "login(token)")  # `hub.login("hf_...")`, a service's `login(api_token)`
    elif called == "login" and len(args) >= 2:
        bind(args[1], "login(password)", password=True)  # smtplib, imaplib: `login(user, pw)`


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
