"""Secrets in text that is not code: the saved outputs of cells, values a run recorded, what a
cell printed. The detectors are HO001's, applied to the text:

- known token formats (`secrets.pattern_matches`: cloud keys, API tokens, bearer headers...);
- `name = value`, `name: value`, `'name': 'value'` (a printed dict, a log line) where the name
  sounds secret and the value looks like a credential (`secret_values`);
- a value held under a secret-sounding name (a variable, a dict key): `named_secret`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .secret_values import SECRET_WORD_PARTS, credential_like, secret_label, secret_name
from .secrets import pattern_matches

if TYPE_CHECKING:
    from .facts import NotebookFacts


@dataclass(frozen=True)
class OutputSecret:
    """A secret in the saved output number `output` of cell `cell`; `value` is to redact."""

    cell: int
    output: int
    value: str
    kind: str


_SECRET_WORD = re.compile("|".join(SECRET_WORD_PARTS))
# `name = value`, `name: value`, `"name": "value"`: the value quoted, or up to a separator.
_NAMED = re.compile(
    r"""(?:^|[\s,({\[;])["']?([A-Za-z_][\w.-]{0,60})["']?[ \t]*[:=][ \t]*"""
    r"""(?:b?"([^"\n]*)"|b?'([^'\n]*)'|([^\s,;'"{}\[\]()<>]+))"""
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def named_secret(name: str, value: str) -> str | None:
    """What `value` is when a variable or dict key called `name` holds it: "password",
    "token"... or None when it is not a credential."""
    kind = _secret_name(name)
    # A key or token shorter than 12 never looks random: no need to look closer.
    if kind is None or (kind != "password" and len(value) < 12):
        return None
    if not credential_like(value, kind):
        return None
    return "password" if kind == "password" else secret_label(name)


@lru_cache(maxsize=1024)
def _secret_name(name: str) -> str | None:
    """`secret_name`, once per name: a long output repeats the same few names."""
    return secret_name(name)


def text_secrets(text: str) -> list[tuple[str, str]]:
    """(kind, value) of each secret in `text`; of two overlapping ones, the first found."""
    found: list[tuple[int, int, str, str]] = []

    def add(start: int, end: int, kind: str, value: str) -> None:
        if not any(start < e and s < end for s, e, _k, _v in found):
            found.append((start, end, kind, value))

    lowered = text.lower()
    for pattern, match in pattern_matches(text, lowered):
        add(match.start(1), match.end(1), pattern.kind, match.group(1))
    if _SECRET_WORD.search(lowered):
        for match in _NAMED.finditer(text):
            group = next(g for g in (2, 3, 4) if match.group(g) is not None)
            name = match.group(1).rsplit(".", 1)[-1]
            kind = named_secret(name, match.group(group))
            if kind is not None:
                add(match.start(group), match.end(group), kind, match.group(group))
    return [(kind, value) for _s, _e, kind, value in sorted(found)]


def output_texts(output: dict[str, Any]) -> Iterator[str]:
    """The texts of one saved output: stream text, text-like data (plain, HTML, JSON...),
    an error's name, value and traceback, and its metadata. Images are left out."""
    kind = output.get("output_type")
    if kind == "stream":
        yield _joined(output.get("text", ""))
    elif kind == "error":
        yield _joined(output.get("ename", ""))
        yield _joined(output.get("evalue", ""))
        traceback = output.get("traceback")
        if isinstance(traceback, list):
            yield _ANSI.sub("", "\n".join(str(line) for line in traceback))
    data = output.get("data")
    for mime, value in data.items() if isinstance(data, dict) else ():
        if mime.startswith("text/") or "json" in mime or mime == "application/javascript":
            yield _joined(value) if isinstance(value, (str, list)) else json.dumps(value)
    if output.get("metadata"):
        yield json.dumps(output["metadata"])


def output_secrets(facts: NotebookFacts) -> list[OutputSecret]:
    """Every secret in the saved outputs of the notebook's code cells, in document order."""
    found: list[OutputSecret] = []
    for cell in facts.code_cells():
        for number, output in enumerate(cell.cell.outputs):
            if not isinstance(output, dict):
                continue
            seen: set[str] = set()
            for text in output_texts(output):
                for kind, value in text_secrets(text):
                    if value not in seen:
                        seen.add(value)
                        found.append(OutputSecret(cell.index, number, value, kind))
    return found


def _joined(value: Any) -> str:
    return "".join(str(part) for part in value) if isinstance(value, list) else str(value)
