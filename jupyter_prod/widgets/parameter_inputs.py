"""One typed input per job parameter (`job.yaml`: name → type, default), and the value a
run gets from it. An input left as it was is not passed: the job runs with its own default,
exactly (a form cannot always show a default as it is, and a secret is never shown).

| type | input | value passed to `api.run_job` |
|---|---|---|
| int, float | `IntText`, `FloatText` | the number |
| bool | `Checkbox` | True / False |
| str | `Text` (`Password`, empty, for a secret) | the text |
| list, tuple, dict | `Textarea` holding JSON | the JSON text, which `run_job` reads and checks |
| anything else | `Text` | the text, read as YAML by `run_job` (as papermill does) |
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

_NOT_PASSED = object()


@dataclass
class ParameterInput:
    name: str
    type: str | None
    default: Any
    widget: Any  # an ipywidgets input
    secret: bool = False
    initial: Any = None

    def __post_init__(self) -> None:
        self.initial = self.widget.value

    @property
    def changed(self) -> bool:
        return bool(self.widget.value != self.initial)

    def value(self) -> Any:
        """What the run gets; `NOT_PASSED` when left as it was (the job keeps its default)."""
        return self.widget.value if self.changed else _NOT_PASSED


NOT_PASSED = _NOT_PASSED


def parameter_input(
    name: str, spec: dict[str, Any] | None, secret: bool = False, label_width: str = "initial"
) -> ParameterInput:
    """The input for one parameter; `label_width` lines the names up (`"120px"`)."""
    spec = spec or {}
    type_name = spec.get("type")
    default = spec.get("default")
    type_text = type_name or "any"
    options: dict[str, Any] = {
        "description": name,
        "tooltip": f"{name}: {type_text}",
        "style": {"description_width": label_width},
        "layout": widgets.Layout(width="60%"),
    }
    return ParameterInput(name, type_name, default, _widget(type_name, default, secret, options),
                          secret)  # fmt: skip


def _widget(type_name: str | None, default: Any, secret: bool, options: dict[str, Any]) -> Any:
    if secret:
        return widgets.Password(value="", placeholder="a secret: the job's own value if empty",
                                **options)  # fmt: skip
    if type_name == "int" and isinstance(default, int) and not isinstance(default, bool):
        return widgets.IntText(value=default, **options)
    if type_name == "float" and isinstance(default, (int, float)) and not isinstance(default, bool):
        return widgets.FloatText(value=float(default), **options)
    if type_name == "bool":
        return widgets.Checkbox(value=bool(default), indent=False, **options)
    if type_name in ("list", "tuple", "dict"):
        return widgets.Textarea(value=json.dumps(default), rows=2, **options)
    if type_name == "str" and isinstance(default, str):
        return widgets.Text(value=default, **options)
    return widgets.Text(value=_as_text(default), **options)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)
