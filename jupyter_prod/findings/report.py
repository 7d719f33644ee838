"""Results of a check, as plain data: one `NotebookReport` per file, gathered in a
`CheckReport` whose `to_dict()` is the stable JSON contract (version 1)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .finding import SEVERITIES, Finding, severity_rank

JSON_VERSION = 1
# Codes of `NotebookReadError`: the file itself is not a usable notebook.
READ_ERRORS = frozenset(
    {"not-found", "permission-denied", "unreadable", "empty", "binary", "invalid-json",
     "not-a-notebook", "unsupported-version", "no-cells", "cells-not-a-list", "too-complex"}
)  # fmt: skip


def tool_info() -> dict[str, str]:
    return {"name": "jupyter-prod", "version": __version__}


@dataclass
class NotebookError:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def describe(self) -> str:
        """The message for people: a file that cannot be read says so; a run that failed
        (`--execute`) or an internal error speaks for itself."""
        if self.code in READ_ERRORS:
            return f"cannot read the notebook: {self.message}"
        return self.message


@dataclass
class NotebookReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: NotebookError | None = None
    # The secret values found, kept only to redact outputs; never serialised.
    secrets: list[str] = field(default_factory=list, repr=False)
    # "py" or "md" for a jupytext notebook, whose finding lines are the text file's lines.
    text_format: str | None = None

    def to_dict(self) -> dict[str, Any]:
        document = {
            "path": self.path,
            "error": self.error.to_dict() if self.error else None,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.text_format is not None:
            document["text_format"] = self.text_format
        return document


@dataclass
class CheckReport:
    notebooks: list[NotebookReport]
    # The rules that ran (`api.list_rules` entries), for reporters that describe them (SARIF).
    rules: list[dict[str, str]] = field(default_factory=list)
    # Findings left out because a baseline holds them (`check --baseline`); None: no baseline.
    baselined: int | None = None
    # Files found or given that were not checked, and why (text notebooks without jupytext).
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def secrets(self) -> list[str]:
        return [secret for notebook in self.notebooks for secret in notebook.secrets]

    @property
    def findings(self) -> Iterator[Finding]:
        return (f for n in self.notebooks for f in n.findings)

    def summary(self) -> dict[str, Any]:
        by_severity = dict.fromkeys(SEVERITIES, 0)
        by_category: dict[str, int] = {}
        for finding in self.findings:
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        summary = {
            "notebooks": len(self.notebooks),
            "errors": sum(1 for n in self.notebooks if n.error),
            "findings": sum(by_severity.values()),
            "by_severity": by_severity,
            "by_category": dict(sorted(by_category.items())),
        }
        if self.baselined is not None:
            summary["baselined"] = self.baselined
        return summary

    def fails(self, fail_on: str) -> bool:
        """Whether the report holds a finding at or above `fail_on`, or an unreadable notebook."""
        threshold = severity_rank(fail_on)
        return any(n.error for n in self.notebooks) or any(
            severity_rank(f.severity) >= threshold for f in self.findings
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "tool": tool_info(),
            "notebooks": [n.to_dict() for n in self.notebooks],
            "summary": self.summary(),
        }
