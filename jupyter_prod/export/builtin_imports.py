"""Imports that rebind Python's builtins: `from numpy import sum`, `from numpy import *`.

Cells above such an import called the builtin, cells below call the import. Moved to the top of
`steps.py` it would change the cells above, so it stays where the notebook had it: a named import
in its step, a star import (Python allows `import *` only at module level) in the job notebook,
kept as written with the cells that read a name it binds.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import warnings
from functools import lru_cache

_BUILTINS = frozenset(dir(builtins))


def hidden_builtins(node: ast.stmt) -> frozenset[str]:
    """The builtins an import statement rebinds (empty for anything else)."""
    if not isinstance(node, (ast.Import, ast.ImportFrom)):
        return frozenset()
    if isinstance(node, ast.ImportFrom) and is_star_import(node):
        return star_names(node.module or "") & _BUILTINS if not node.level else frozenset()
    return frozenset(a.asname or a.name.split(".")[0] for a in node.names) & _BUILTINS


def is_star_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)


@lru_cache(maxsize=64)
def star_names(module: str) -> frozenset[str]:
    """The names `from module import *` binds: its `__all__`, or its public names. Only
    installed modules are asked (the export runs where the notebook runs); a module that does
    not import binds nothing we know of."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            imported = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - any failure to import: nothing known
        return frozenset()
    names = getattr(imported, "__all__", None)
    if names is None:
        names = [n for n in dir(imported) if not n.startswith("_")]
    return frozenset(str(n) for n in names)
