"""A cell's top-level statements as source text, comments kept, ready to be moved elsewhere.

- The text a statement is cut from is the text its AST was parsed from: the cell itself, or
  IPython's transformation of it (magics become `get_ipython()` calls on the same line), or
  the body of a `%%time`-style cell magic; lines and columns of the AST match it exactly.
- A statement carries the comment lines just above it and a comment at the end of its last
  line; comments inside a statement are part of its text.
- Edits (replace a node, insert text) are made in UTF-8 byte offsets, as `ast` counts columns.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field

from ..notebook.ipython import (
    TIMED_LINE,
    parse_python,
    transform_ipython,
)  # the parse the analysis made


def parsed_text(source: str) -> str:
    """The text whose parse is the cell's AST (see `notebook.ipython.parse_cell`), with `\\n`
    line ends as `ast` counts lines."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    stripped = source.lstrip()
    if stripped.startswith("%%"):
        lines = source.lstrip("\n").split("\n")
        return parsed_text("\n".join(lines[1:]))
    if parse_python(source)[0] is not None:
        return source
    transformed = transform_ipython(TIMED_LINE.sub(r"\1", source))
    return transformed if transformed is not None else source


@dataclass(frozen=True)
class Edit:
    """Replace bytes [start, end) of the cell text with `text` (start == end: insert)."""

    start: int
    end: int
    text: str


@dataclass
class Statement:
    """One top-level statement of a cell, with the comments that belong to it."""

    cell: int
    node: ast.stmt
    start: int  # byte offsets of the statement itself in the cell text
    end: int
    leading: list[str] = field(default_factory=list)  # comment lines above it
    trailing: str = ""  # a comment after it on its last line
    after: list[str] = field(default_factory=list)  # comment lines ending the cell
    edits: list[Edit] = field(default_factory=list)

    def code(self, data: bytes) -> str:
        """The statement's code with its edits applied (comments not included)."""
        chunk = data[self.start : self.end]
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            a, b = edit.start - self.start, edit.end - self.start
            chunk = chunk[:a] + edit.text.encode("utf-8") + chunk[b:]
        return chunk.decode("utf-8", errors="surrogatepass")

    def render(self, data: bytes) -> str:
        """Comments above, the code, and its end-of-line comment."""
        code = self.code(data)
        if self.trailing:
            code += "  " + self.trailing
        return "\n".join([*self.leading, code, *self.after])


class CellText:
    """A cell's parsed text as bytes, with (line, column) → byte offset conversion."""

    def __init__(self, cell: int, text: str) -> None:
        self.cell = cell
        self.text = text
        self.data = text.encode("utf-8", errors="surrogatepass")
        self.line_starts = [0]
        for line in self.data.split(b"\n")[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def start_of(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end_of(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def line(self, number: int) -> str:
        start = self.line_starts[number - 1]
        end = self.line_starts[number] - 1 if number < len(self.line_starts) else len(self.data)
        return self.data[start:end].decode("utf-8", errors="surrogatepass")

    def statements(self, tree: ast.Module) -> list[Statement]:
        """Every top-level statement, with comments attached."""
        found: list[Statement] = []
        previous_end_line = 0
        for node in tree.body:
            first = min([node.lineno, *(d.lineno for d in _decorators(node))])
            start = self.offset(first, node.col_offset if first == node.lineno else 0)
            statement = Statement(self.cell, node, start, self.end_of(node))
            statement.leading = self._comments(previous_end_line + 1, first)
            statement.trailing = self._end_comment(node)
            found.append(statement)
            previous_end_line = node.end_lineno or node.lineno
        if found:
            found[-1].after = self._comments(previous_end_line + 1, len(self.line_starts) + 1)
        return found

    def _comments(self, first: int, stop: int) -> list[str]:
        lines = (self.line(n).strip() for n in range(first, min(stop, len(self.line_starts) + 1)))
        return [line for line in lines if line.startswith("#")]

    def _end_comment(self, node: ast.stmt) -> str:
        rest = self.line(node.end_lineno or node.lineno)
        rest_bytes = rest.encode("utf-8", errors="surrogatepass")[node.end_col_offset or 0 :]
        text = rest_bytes.decode("utf-8", errors="surrogatepass").strip()
        return text if text.startswith("#") else ""

    def ends_with_semicolon(self, node: ast.stmt) -> bool:
        """`df.head();` hides the value IPython would have shown."""
        rest = self.line(node.end_lineno or node.lineno)
        after = rest.encode("utf-8", errors="surrogatepass")[node.end_col_offset or 0 :]
        return after.decode("utf-8", errors="surrogatepass").strip().startswith(";")


def _decorators(node: ast.stmt) -> list[ast.expr]:
    return list(getattr(node, "decorator_list", []))


def indent(code: str, prefix: str = "    ") -> str:
    """Indent every line that does not continue a multi-line string (its value would change)."""
    protected = _string_continuation_lines(code)
    lines = code.split("\n")
    return "\n".join(
        line if (number in protected or not line.strip()) else prefix + line
        for number, line in enumerate(lines, start=1)
    )


def _string_continuation_lines(code: str) -> set[int]:
    lines: set[int] = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return lines
    for token in tokens:
        if token.start[0] < token.end[0] and token.type not in (tokenize.NL, tokenize.NEWLINE):
            lines.update(range(token.start[0] + 1, token.end[0] + 1))
    return lines
