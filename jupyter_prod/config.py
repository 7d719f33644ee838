"""Settings from `[tool.jupyter-prod]` in the nearest `pyproject.toml`.

[tool.jupyter-prod]
select = ["hidden-state", "HO"]   # codes, code prefixes, names or categories
ignore = ["HS002"]
fail-on = "warning"               # info | warning | error
exclude = ["scratch/*"]           # glob patterns of notebook paths to skip
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found]

from .findings.finding import SEVERITIES


class ConfigError(Exception):
    """The configuration file is unreadable or holds a value we cannot use."""


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    exclude: list[str] = field(default_factory=list)
    source: str | None = None  # the pyproject.toml the settings came from


def find_pyproject(start: str) -> str | None:
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_settings(start: str = ".") -> Settings:
    """Settings from the nearest pyproject.toml at or above `start`; defaults if none."""
    path = find_pyproject(start)
    if path is None:
        return Settings()
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error}") from None
    table = document.get("tool", {}).get("jupyter-prod")
    if table is None:
        return Settings()
    return _settings(table, path)


def _settings(table: Any, path: str) -> Settings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.jupyter-prod] must be a table")
    known = {"select", "ignore", "fail-on", "exclude"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) in [tool.jupyter-prod]: {', '.join(unknown)}"
        )
    settings = Settings(source=path)
    for key in ("select", "ignore", "exclude"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `{key}` must be a list of strings")
        setattr(settings, key, value)
    fail_on = table.get("fail-on", settings.fail_on)
    if fail_on not in SEVERITIES:
        raise ConfigError(f"{path}: `fail-on` must be one of {', '.join(SEVERITIES)}")
    settings.fail_on = fail_on
    return settings
