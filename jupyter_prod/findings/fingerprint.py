"""A finding's identity across edits of its notebook, for baselines and code-scanning services.

A finding keeps its fingerprint when other cells are inserted, deleted or moved, and when
other lines (of its own cell too) are edited: it is made of what the finding is about, never
of where the notebook put it.

- the rule's code;
- the finding's line, as written (spaces collapsed, so re-indenting or black keeps it); for a
  finding on a whole cell, the cell's first line of code; for one on the notebook, nothing;
- the message with its numbers masked: messages quote cell numbers (`cell 4 defines x`) and
  execution counts, which change when cells move; the names they quote stay;
- an occurrence count, so that two identical findings (the same call twice in one cell) are
  two entries, told apart in the order the notebook shows them.

Lines and messages are redacted before they get here, so a secret never enters a hash.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..notebook.model import Cell
from .finding import Finding

VERSION = "v1"  # the key in SARIF's partialFingerprints: a new scheme gets a new key
_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def with_fingerprints(
    findings: Sequence[Finding],
    cells: Sequence[Cell],
    redact: Callable[[str], str] | None = None,
) -> list[Finding]:
    """`findings`, in the same order, with their `fingerprint` set. `redact` masks a line of
    the cell read here (the finding's own `source_line` is redacted already)."""
    seen: Counter[str] = Counter()
    digests: dict[int, str] = {}
    for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key):
        key = _key(findings[index], cells, redact)
        seen[key] += 1
        text = f"{key}\x00{seen[key]}".encode("utf-8", "surrogatepass")  # lone surrogates happen
        digests[index] = hashlib.sha256(text).hexdigest()[:20]
    return [finding.with_changes(fingerprint=digests[i]) for i, finding in enumerate(findings)]


def _key(finding: Finding, cells: Sequence[Cell], redact: Callable[[str], str] | None) -> str:
    message = _NUMBER.sub("#", finding.message)
    return "\x00".join((finding.rule, _anchor(finding, cells, redact), message))


def _anchor(finding: Finding, cells: Sequence[Cell], redact: Callable[[str], str] | None) -> str:
    if finding.cell is None:
        return ""
    if finding.source_line is not None:
        text = finding.source_line
    elif 0 <= finding.cell < len(cells):
        lines = cells[finding.cell].lines
        if finding.line is not None and 0 < finding.line <= len(lines):
            text = lines[finding.line - 1]
        else:
            text = next((line for line in lines if line.strip()), "")
        text = redact(text) if redact is not None else text
    else:
        text = ""
    return _SPACE.sub(" ", text).strip()
