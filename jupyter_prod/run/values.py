"""Parameter values given on the command line (`-p min_qty 3`), converted to the declared type.

papermill guesses a type from the text and only warns about unknown names (FIELD.md); a job
knows its parameters' types, so a name it does not take or a value of the wrong type is a
usage error before anything runs.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import BadParameter

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def typed_parameters(given: dict[str, Any], declared: dict[str, dict[str, Any]]) -> dict[str, Any]:
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise BadParameter(f"the job has no parameter {', '.join(unknown)} (it takes: {known})")
    return {
        name: convert(name, value, (declared[name] or {}).get("type"))
        for name, value in given.items()
    }


def convert(name: str, value: Any, type_name: str | None) -> Any:
    if not isinstance(value, str) or type_name == "str":
        return value
    text = value.strip()
    try:
        if type_name == "int":
            return int(text)
        if type_name == "float":
            return float(text)
        if type_name == "bool":
            return _boolean(text)
        if type_name in ("list", "dict", "tuple"):
            return _container(text, type_name)
    except ValueError:
        article = "an" if type_name == "int" else "a"
        raise BadParameter(f"{name} takes {article} {type_name}, not {value!r}") from None
    return _guess(text)


def _boolean(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(text)


def _container(text: str, type_name: str) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError(text) from None
    expected = {"list": list, "tuple": list, "dict": dict}[type_name]
    if not isinstance(value, expected):
        raise ValueError(text)
    return value


def _guess(text: str) -> Any:
    """An undeclared type: read the text as YAML would (as papermill does), else keep it."""
    import yaml  # type: ignore[import-untyped]

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text
