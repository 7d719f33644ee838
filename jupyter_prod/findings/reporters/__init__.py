"""Reporters turn a `CheckReport` into text for people or machines; one module per format."""

from __future__ import annotations

from collections.abc import Callable

from ..report import CheckReport
from . import github, json_format, sarif, text

Render = Callable[[CheckReport, bool], str]

REPORTERS: dict[str, Render] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}
