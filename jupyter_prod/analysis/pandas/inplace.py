"""`inplace=True`: one definition shared by the pandas and hidden-state families.

Both families find the call the same way (a literal `inplace=True` keyword) and agree on what
running it twice does: most in-place calls settle (`dropna`, `fillna`, `rename`, `sort_values`:
the second run finds nothing left to change), a few do not:
- `reset_index(inplace=True)` without `drop=True` moves the index into a column again
  (`index`, then `level_0`, then a ValueError);
- `set_index(col, inplace=True)` (with the default `drop=True`) fails the second time: the
  column is now the index (KeyError);
- `drop(..., inplace=True)` fails the second time: the labels are gone (KeyError), unless
  `errors="ignore"`.
"""

from __future__ import annotations

import ast


def is_inplace(call: ast.Call) -> bool:
    """`obj.method(..., inplace=True)` with a literal True."""
    return isinstance(call.func, ast.Attribute) and any(
        k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )


def rerun_effect(call: ast.Call) -> str | None:
    """What a second run of this in-place call does differently, or None when it settles."""
    if not is_inplace(call):
        return None
    assert isinstance(call.func, ast.Attribute)
    method = call.func.attr
    given = {k.arg: k.value for k in call.keywords if k.arg}
    if method == "reset_index" and not _constant(given.get("drop"), True):
        return "moves the index into a column again (a second `index`/`level_0` column)"
    if method == "set_index" and not _constant(given.get("drop"), False):
        return "fails: the column is already the index (KeyError)"
    if method == "drop" and not _constant(given.get("errors"), "ignore"):
        return "fails: the labels are already dropped (KeyError)"
    return None


def _constant(node: ast.AST | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value == value
