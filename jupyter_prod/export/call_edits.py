"""Source edits that move code into the package without changing what it computes.

- a lifted path literal becomes its parameter's name;
- a call of a function that gained keyword-only parameters passes them on
  (`total(df)` → `total(df, rate=rate)`); a reference that is not a call binds them
  (`df.apply(score)` → `df.apply(functools.partial(score, rate=rate))`);
- a function's header gains its new parameters (`def total(df, *, rate):`), edited in place so
  that its comments stay;
- a cell's last expression, which IPython displayed, is displayed explicitly (`show(...)`).
"""

from __future__ import annotations

import ast
import re

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
    """`def f(x):` → `def f(x, *, a, b):`, or `def f_v1(x):` for an earlier version of `f`.

    The header is edited in place, not written again, so its comments and layout stay (black
    formats the module afterwards)."""
    node = statement.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    keyword = rb"class\s+" if isinstance(node, ast.ClassDef) else rb"(?:async\s+)?def\s+"
    found = re.compile(keyword).match(text.data, text.start_of(node))
    assert found is not None
    if name != node.name:
        statement.edits.append(Edit(found.end(), found.end() + len(node.name.encode()), name))
    if extra and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        statement.edits.append(_new_keywords(node.args, text, found.end(), extra))


def _new_keywords(args: ast.arguments, text: CellText, name_start: int, extra: list[str]) -> Edit:
    """Insert keyword-only parameters: after the last parameter, before `**kwargs`."""
    added = ", ".join(extra)
    star = "" if args.vararg is not None or args.kwonlyargs else "*, "
    if args.kwarg is not None:  # `def f(x, **kw)` → `def f(x, *, a, **kw)`
        at = text.data.rindex(b"**", 0, text.start_of(args.kwarg))  # the node starts at its name
        return Edit(at, at, f"{star}{added}, ")
    parameters: list[ast.AST] = [*args.posonlyargs, *args.args, *args.defaults, *args.kwonlyargs]
    parameters += [d for d in args.kw_defaults if d is not None]
    parameters += [args.vararg] if args.vararg is not None else []
    if not parameters:  # `def f():` → `def f(*, a):`
        at = text.data.index(b"(", name_start) + 1
        return Edit(at, at, f"{star}{added}")
    at = max(text.end_of(p) for p in parameters)
    only_positional = _POSITIONAL_ONLY_MARK.match(text.data, at)
    if only_positional is not None:  # `def f(a, /)`: the new ones go after the `/`
        at = only_positional.end()
    closing = _TRAILING_COMMA.match(text.data, at)
    if closing is not None:  # `x,  # note\n)`: before the `)`, so the note stays on `x`
        paren = closing.end() - 1
        return Edit(paren, paren, f"{star}{added}, ")
    return Edit(at, at, f", {star}{added}")


def global_edits(statement: Statement, text: CellText, extra: list[str]) -> None:
    """Drop `global k` for a global the function only reads and now gets as a keyword-only
    parameter: Python refuses a name that is both (`name 'k' is parameter and global`)."""
    from ..analysis.scopes import walk_scope

    node = statement.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    body: list[ast.AST] = list(node.body)
    for child in walk_scope(body):
        if not isinstance(child, ast.Global) or not set(child.names) & set(extra):
            continue
        kept = [n for n in child.names if n not in extra]
        alone = len(node.body) == 1 and node.body[0] is child
        replacement = f"global {', '.join(kept)}" if kept else ("pass" if alone else "")
        start, end = text.start_of(child), text.end_of(child)
        line_start = text.offset(child.lineno, 0)
        whole_line = not text.data[line_start:start].strip() and text.data[end : end + 1] == b"\n"
        if not replacement and whole_line:  # the line goes, not only the words
            start, end = line_start, end + 1
        statement.edits.append(Edit(start, end, replacement))


_POSITIONAL_ONLY_MARK = re.compile(rb"\s*,\s*/")
_TRAILING_COMMA = re.compile(rb"[ \t]*,(?:\s|#[^\n]*)*\)")


def show_edit(statement: Statement, show: str = "show") -> None:
    """Display the statement's value as IPython did for a cell's last expression.

    A tuple (`x, x + 1`) is one value to IPython: it gets parentheses of its own, or it would
    become several arguments of `show` (`(x), y` starts with a parenthesis and is bare too)."""
    is_tuple = isinstance(getattr(statement.node, "value", None), ast.Tuple)
    opening, closing = (f"{show}((", "))") if is_tuple else (f"{show}(", ")")
    statement.edits.append(Edit(statement.start, statement.start, opening))
    statement.edits.append(Edit(statement.end, statement.end, closing))


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
