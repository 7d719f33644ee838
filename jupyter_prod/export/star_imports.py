"""What `from module import *` binds, for the star imports that hide Python's builtins.

`from numpy import *` rebinds `sum`, `max`, `round`...: cells above it called the builtins, cells
below call numpy's. Moved to the top of `steps.py` it would change the cells above, and it
cannot move into a step function (Python allows `import *` only at module level), so it stays in
the job notebook as written, with the cells that read a name it binds.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import warnings
from functools import lru_cache

_BUILTINS = frozenset(dir(builtins))


def hidden_builtins(node: ast.stmt) -> frozenset[str]:
    """The builtins a `from module import *` statement rebinds (empty for anything else)."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return frozenset()
    if not any(alias.name == "*" for alias in node.names):
        return frozenset()
    return star_names(node.module) & _BUILTINS


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
