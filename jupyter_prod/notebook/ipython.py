"""IPython syntax → plain Python, keeping every line where it was in the cell.

A cell is first parsed as Python; only when that fails is it handed to IPython's own
input transformer, which rewrites `%magic`, `!shell`, `x = !cmd` and `obj?` into calls on
`get_ipython()` line by line. Cell magics are split off here: the body of `%%time` and friends
is Python one line further down; the body of `%%bash`, `%%html`, `%%sql`… is not Python at all.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Cell magics whose body runs as ordinary Python code in the user's namespace (`%%ipytest` runs
# the cell, then pytest on the test functions it defined).
PYTHON_CELL_MAGICS = frozenset({"time", "capture", "prun", "debug", "ipytest"})
# Cell magics whose body is Python but runs in a throw-away scope (reads, never defines).
SCOPED_CELL_MAGICS = frozenset({"timeit"})

# `%time x = f()` runs `x = f()` in the user's namespace: keep the statement visible.
# `%timeit -n1 -r1 consume(xs)` runs its statement too (its side effects stay: a generator
# drained, a list filled); its options (`-n N`, `-r R`, `-p P`, `-t -c -q -o`) are not code.
TIMED_LINE = re.compile(
    r"^%time(?:it(?:[ \t]+-[nrp][ \t]*\d+|[ \t]+-[tcqo]+)*)?[ \t]+(\S.*)$", re.MULTILINE
)
# With automagic (on by default) `pip install x` runs the `%pip` magic; lines that are not
# Python and start with such a magic's name get their `%` back before IPython transforms them.
_AUTOMAGIC_LINE = re.compile(
    r"^([ \t]*)((?:pip|conda|mamba|micromamba)[ \t]+(?:install|uninstall|remove|update|list|show|freeze)\b"
    r"|(?:matplotlib|load_ext|reload_ext|autoreload|env|cd|store|timeit|time|run)[ \t]+[^=(\[\s])",
    re.MULTILINE,
)

_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


@dataclass(frozen=True)
class CellSource:
    """What a code cell holds, as the analysis needs it.

    - `tree`: the Python AST, or None (not Python, or a syntax error);
    - `line_offset`: add it to an AST line number to get the line in the cell (1 for a
      `%%time` body, else 0);
    - `cell_magic`: the name of a leading `%%magic`, if any, and `magic_body` its text;
    - `syntax_error`: (message, line, column) in cell coordinates when the cell does not parse;
    - `transformed`: IPython syntax was rewritten into `get_ipython()` calls to get the tree.
    """

    tree: ast.Module | None
    line_offset: int = 0
    cell_magic: str | None = None
    magic_body: str = ""
    magic_line: str = ""
    syntax_error: tuple[str, int, int] | None = None
    transformed: bool = False

    @property
    def is_python(self) -> bool:
        return self.tree is not None

    @property
    def defines_nothing(self) -> bool:
        return self.cell_magic in SCOPED_CELL_MAGICS


def parse_cell(source: str) -> CellSource:
    """Parse one code cell's source, understanding IPython syntax."""
    stripped = source.lstrip()
    if stripped.startswith("%%"):
        return _cell_magic(source)
    tree, error = parse_python(source)
    if tree is not None:
        return CellSource(tree)
    transformed = transform_ipython(_AUTOMAGIC_LINE.sub(r"\1%\2", TIMED_LINE.sub(r"\1", source)))
    if transformed is not None and transformed != source:
        tree, second_error = parse_python(transformed)
        if tree is not None:
            return CellSource(tree, transformed=True)
        error = second_error or error
    return CellSource(None, syntax_error=error)


def _cell_magic(source: str) -> CellSource:
    lines = source.lstrip("\n").split("\n")
    skipped = len(source.split("\n")) - len(lines)  # blank lines before the magic line
    first = lines[0].strip()[2:]
    name = first.split(None, 1)[0] if first.split() else ""
    body = "\n".join(lines[1:])
    offset = skipped + 1
    if name in PYTHON_CELL_MAGICS or name in SCOPED_CELL_MAGICS:
        inner = parse_cell(body)
        error = inner.syntax_error
        if error is not None:
            error = (error[0], error[1] + offset, error[2])
        return CellSource(
            inner.tree,
            line_offset=inner.line_offset + offset,
            cell_magic=name,
            magic_body=body,
            magic_line=first,
            syntax_error=error,
            transformed=inner.transformed,
        )
    return CellSource(None, line_offset=offset, cell_magic=name, magic_body=body, magic_line=first)


def parse_python(source: str) -> tuple[ast.Module | None, tuple[str, int, int] | None]:
    """The tree of plain Python source, or None and (message, line, column) of its error."""
    try:
        tree: Any = compile(source, "<cell>", "exec", flags=_FLAGS, dont_inherit=True)
    except SyntaxError as error:
        return None, (error.msg or "invalid syntax", error.lineno or 1, error.offset or 1)
    except (ValueError, MemoryError, RecursionError) as error:  # NUL bytes, absurd nesting
        return None, (str(error) or type(error).__name__, 1, 1)
    return tree, None


def warm_up() -> None:
    """Import IPython's transformer now (before worker processes fork)."""
    _transformer()


@lru_cache(maxsize=1)
def _transformer() -> Any:
    # IPython is heavy to import; only cells that are not plain Python pay for it.
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()  # type: ignore[no-untyped-call]


def transform_ipython(source: str) -> str | None:
    """IPython syntax (magics, `!cmd`, `obj?`) rewritten as Python by IPython's own input
    transformer, or None if it cannot be."""
    try:
        with warnings.catch_warnings():  # IPython warns on odd control characters: not for users
            warnings.simplefilter("ignore")
            return str(_transformer().transform_cell(source))
    except Exception:  # the transformer raises on some malformed input; treat as unparsable
        return None
