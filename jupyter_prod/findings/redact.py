"""Secrets found in a notebook never leave the tool: every text we output goes through here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar, cast

from .finding import Finding

MASK = "[REDACTED]"
_T = TypeVar("_T")


class Redactor:
    """Replaces each known secret, as written and as JSON-escaped, with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets: set[str] = set()
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        for secret in secrets:
            # Very short values would mask ordinary text; detectors never report them.
            parts = [secret] + [
                line.strip() for line in secret.splitlines() if len(line.strip()) >= 8
            ]
            for part in parts:
                if len(part) >= 4:
                    self.secrets.add(part)
                    self.secrets.add(json.dumps(part)[1:-1])

    def __call__(self, text: str) -> str:
        if not self.secrets or not text:
            return text
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def data(self, value: _T) -> _T:
        """`value` (JSON-like: dicts, lists, strings...) with every string in it redacted."""
        if not self.secrets:
            return value
        found: Any = value
        if isinstance(value, str):
            found = self(value)
        elif isinstance(value, dict):
            found = {key: self.data(item) for key, item in value.items()}
        elif isinstance(value, list):
            found = [self.data(item) for item in value]
        return cast(_T, found)

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def finding(self, finding: Finding) -> Finding:
        """The finding with every text it carries redacted: message, source line, fix."""
        fix = finding.fix
        if fix is not None:
            edits = tuple(replace(edit, text=self(edit.text)) for edit in fix.edits)
            fix = replace(fix, description=self(fix.description), edits=edits)
        line = finding.source_line
        return finding.with_changes(
            message=self(finding.message),
            source_line=self(line) if line is not None else None,
            fix=fix,
        )
