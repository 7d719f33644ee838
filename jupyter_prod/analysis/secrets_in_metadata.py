"""Secrets a notebook keeps outside its code and outputs: in its metadata and its cells'.

Tools write there without the author seeing it: papermill records the parameters of a run
(`metadata.papermill.parameters`: an `api_token` passed with `-p`), extensions and people add
custom keys, and ipywidgets saves every widget's state with the notebook
(`metadata.widgets`), a password field's typed value included. Each value is read with the
detectors of HO001 (`secrets_in_text`): a known token format anywhere, or a credential under a
secret-sounding key; a Password widget's value is a password whatever it looks like.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .secrets_in_text import named_secret, text_secrets

if TYPE_CHECKING:
    from .facts import NotebookFacts

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Keys whose values are the tools' own bookkeeping: large, and never a credential.
_SKIPPED = frozenset({"kernelspec", "language_info", "jupytext", "toc", "varInspector"})
_MAX_STRINGS = 20_000  # a notebook's metadata is read up to this many values


@dataclass(frozen=True)
class MetadataSecret:
    """A secret under metadata key `key` (dotted) of cell `cell`, or of the notebook (None)."""

    cell: int | None
    key: str
    value: str
    kind: str


def metadata_secrets(facts: NotebookFacts) -> list[MetadataSecret]:
    found: list[MetadataSecret] = []
    found += _secrets_in(None, facts.notebook.metadata)
    for cell in facts.notebook.cells:
        if cell.metadata:
            found += _secrets_in(cell.index, cell.metadata)
    return found


def _secrets_in(cell: int | None, metadata: dict[str, Any]) -> list[MetadataSecret]:
    found: list[MetadataSecret] = []
    seen: set[str] = set()
    for key, name, value in _strings(metadata):
        for kind, secret in _secrets_of(name, value):
            if secret not in seen:
                seen.add(secret)
                found.append(MetadataSecret(cell, key, secret, kind))
    for key, value in _password_widgets(metadata):
        if value not in seen:
            seen.add(value)
            found.append(MetadataSecret(cell, key, value, "password"))
    return found


def _secrets_of(name: str, value: str) -> list[tuple[str, str]]:
    kind = named_secret(name, value) if name else None
    if kind is not None:
        return [(kind, value)]
    return text_secrets(value)


def _strings(value: Any) -> Iterator[tuple[str, str, str]]:
    """(dotted key, the key's own name, string) of every string under `value`, depth first."""
    stack: list[tuple[str, str, Any]] = [("", "", value)]
    budget = _MAX_STRINGS
    while stack and budget > 0:
        key, name, current = stack.pop()
        if isinstance(current, str):
            budget -= 1
            yield key, name, current
        elif isinstance(current, dict):
            for child, item in reversed(list(current.items())):
                if not key and child in _SKIPPED:
                    continue
                stack.append((f"{key}.{child}" if key else str(child), str(child), item))
        elif isinstance(current, list):
            for index, item in reversed(list(enumerate(current))):
                stack.append((f"{key}[{index}]", name, item))


def _password_widgets(metadata: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The saved values of Password widgets: typed secrets, however they look."""
    widgets = metadata.get("widgets")
    saved = widgets.get(WIDGET_STATE) if isinstance(widgets, dict) else None
    models = saved.get("state") if isinstance(saved, dict) else None
    for model_id, model in models.items() if isinstance(models, dict) else ():
        state = model.get("state") if isinstance(model, dict) else None
        if isinstance(state, dict) and state.get("_model_name") == "PasswordModel":
            value = state.get("value")
            if isinstance(value, str) and value.strip():
                yield f"widgets.{WIDGET_STATE}.state.{model_id}.state.value", value


def describe_key(found: MetadataSecret) -> str:
    """Where a person finds it: a widget's state is named as such, not by its long key."""
    if found.key.startswith(f"widgets.{WIDGET_STATE}"):
        return "the saved state of a widget (ipywidgets)"
    return f"metadata key `{found.key}`"
