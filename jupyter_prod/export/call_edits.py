"""Source edits that move code into the package without changing what it computes.

- a lifted path literal becomes its parameter's name;
- a call of a function that gained keyword-only parameters passes them on
  (`total(df)` → `total(df, rate=rate)`); a reference that is not a call binds them
  (`df.apply(score)` → `df.apply(functools.partial(score, rate=rate))`);
- a function's header gains its new parameters (`def total(df, *, rate):`);
- a cell's last expression, which IPython displayed, is displayed explicitly (`show(...)`).
"""

from __future__ import annotations

import ast
import copy
import io
import re
import tokenize

from .source_text import CellText, Edit, Statement


def reference_edits(statement: Statement, text: CellText, extra: dict[str, list[str]],
                    lifted: dict[int, str], rename: dict[int, str] | None = None) -> bool:  # fmt: skip
    """Add the edits for lifted literals, renamed versions and calls; True when `functools` is
    now used. `rename` maps a Name node (by id) to the version of a function it calls."""
    rename = rename or {}
    calls = {id(n.func): n for n in ast.walk(statement.node) if isinstance(n, ast.Call)}
    uses_partial = False
    for node in ast.walk(statement.node):
        if id(node) in lifted:
            statement.edits.append(Edit(text.start_of(node), text.end_of(node), lifted[id(node)]))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            name = rename.get(id(node), node.id)
            passed = ", ".join(f"{n}={n}" for n in extra.get(name, []))
            call = calls.get(id(node))
            if passed and call is not None:
                statement.edits.append(_passing(call, text, passed))
            if passed and call is None:
                name, uses_partial = f"functools.partial({name}, {passed})", True
            if name != node.id:
                statement.edits.append(Edit(text.start_of(node), text.end_of(node), name))
    return uses_partial


def _passing(call: ast.Call, text: CellText, passed: str) -> Edit:
    arguments = [*call.args, *call.keywords]
    if arguments:
        last = max(text.end_of(a) for a in arguments)
        return Edit(last, last, ", " + passed)
    opening = text.data.index(b"(", text.end_of(call.func)) + 1
    return Edit(opening, opening, passed)


def header_edit(statement: Statement, text: CellText, extra: list[str], name: str) -> None:
    """`def f(x):` → `def f(x, *, a, b):`, or `def f_v1(x):` for an earlier version of `f`
    (comments inside a multi-line header are lost)."""
    node = statement.node
    if isinstance(node, ast.ClassDef):
        found = re.compile(rb"class\s+").match(text.data, text.start_of(node))
        assert found is not None
        statement.edits.append(Edit(found.end(), found.end() + len(node.name.encode()), name))
        return
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    start = text.start_of(node)
    end = _header_end(text, start, text.start_of(node.body[0]))
    header = copy.copy(node)
    header.args = copy.deepcopy(node.args)
    header.args.kwonlyargs += [ast.arg(name) for name in extra]
    header.args.kw_defaults += [None] * len(extra)
    header.name = name
    header.decorator_list = []
    header.body = [ast.Pass()]
    rendered = ast.unparse(header).split("\n")[0]
    statement.edits.append(Edit(start, end, rendered))


def _header_end(text: CellText, start: int, body_start: int) -> int:
    """Byte offset just after the `:` that ends a `def` header."""
    chunk = text.data[start:body_start].decode("utf-8", errors="surrogatepass")
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(chunk).readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            elif token.type == tokenize.OP and token.string == ":" and depth == 0:
                return start + _byte_offset(chunk, token.end)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    raise ValueError("could not find the end of a function header")


def _byte_offset(chunk: str, position: tuple[int, int]) -> int:
    lines = chunk.split("\n")
    before = "\n".join(lines[: position[0] - 1])
    prefix = before + ("\n" if position[0] > 1 else "") + lines[position[0] - 1][: position[1]]
    return len(prefix.encode("utf-8", errors="surrogatepass"))


def show_edit(statement: Statement, show: str = "show") -> None:
    """Display the statement's value as IPython did for a cell's last expression."""
    statement.edits.append(Edit(statement.start, statement.start, f"{show}("))
    statement.edits.append(Edit(statement.end, statement.end, ")"))


_SILENT_CALLS = frozenset({"print", "display", "show", "info", "savefig", "pprint"})


def displays_value(statement: Statement, text: CellText) -> bool:
    """Whether IPython would show this cell-ending expression's value."""
    node = statement.node
    if not isinstance(node, ast.Expr) or text.ends_with_semicolon(node):
        return False
    value = node.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return True  # a bare string is shown too
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name not in _SILENT_CALLS
    return not isinstance(value, (ast.Await, ast.Yield, ast.YieldFrom))
