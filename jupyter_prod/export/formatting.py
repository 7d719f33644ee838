"""black, as a library, on everything generated; the output must parse and be stable."""

from __future__ import annotations

import ast
import threading
from types import ModuleType

from .errors import ExportError

# Two threads importing black for the first time at once (the server's previews and
# extractions) can see it half-initialised (`black has no attribute 'Mode'`).
_IMPORTING = threading.Lock()


def _black() -> ModuleType:
    with _IMPORTING:
        import black
    return black


def format_python(source: str, what: str) -> str:
    """black-formatted `source`; an error when it does not parse or black is not stable on it."""
    black = _black()
    mode = black.Mode()
    try:
        formatted: str = black.format_str(source, mode=mode)
    except black.parsing.InvalidInput as error:
        raise ExportError(
            f"the generated {what} is not valid Python ({error}); please report it"
        ) from None
    try:
        ast.parse(formatted)
    except SyntaxError as error:  # black parses more than this Python does
        raise ExportError(
            f"the generated {what} does not parse here ({error.msg}); please report it"
        ) from None
    if black.format_str(formatted, mode=mode) != formatted:
        raise ExportError(
            f"black does not give a stable format for the generated {what}; please report it"
        )
    return formatted
