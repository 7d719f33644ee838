"""What a rule reports: a `Finding` on a cell (or the whole notebook), maybe with a `Fix`.

Fixes are data, as in ruff: edits with a safety level (`safe`: applying it keeps behaviour;
`unsafe`: it changes behaviour, review it; `display-only`: a suggestion to show, not apply).
Positions are 1-based lines and 1-based character columns within the cell's own source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

SEVERITIES = ("info", "warning", "error")
# One encoder for every finding: `json.dumps` with a non-default argument builds one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


@dataclass(frozen=True)
class Edit:
    """Replace a range of a cell's source, or (kind `insert-cell`) insert a new cell."""

    kind: str  # "replace" | "insert-cell"
    cell: int
    text: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    cell_type: str = "code"
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "insert-cell":
            return {"kind": self.kind, "index": self.cell, "cell_type": self.cell_type,
                    "source": self.text, "tags": list(self.tags)}  # fmt: skip
        return {"kind": self.kind, "cell": self.cell, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column, "text": self.text}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        if data["kind"] == "insert-cell":
            return cls("insert-cell", data["index"], data["source"],
                       cell_type=data.get("cell_type", "code"), tags=tuple(data.get("tags", ())))  # fmt: skip
        return cls(data["kind"], data["cell"], data["text"], data["line"], data["column"],
                   data["end_line"], data["end_column"])  # fmt: skip


@dataclass(frozen=True)
class Fix:
    description: str
    safety: str  # "safe" | "unsafe" | "display-only"
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "safety": self.safety,
                "edits": [edit.to_dict() for edit in self.edits]}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fix:
        edits = tuple(Edit.from_dict(edit) for edit in data.get("edits", []))
        return cls(data["description"], data["safety"], edits)


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    cell: int | None = None
    cell_id: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    # The cell's source line the finding points at (redacted), for the text reporter.
    source_line: str | None = field(default=None, compare=False)
    # Identity across edits of the notebook (`fingerprint.py`): baselines, SARIF.
    fingerprint: str | None = field(default=None, compare=False)
    # `to_dict()` as JSON text, when the report cache already holds it (`json_line`).
    json_text: str | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (`check --format json`, the server, the panel)."""
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "cell": self.cell,
            "cell_id": self.cell_id,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix is not None else None,
            "fingerprint": self.fingerprint,
        }

    def json_line(self) -> str:
        """`to_dict()` as one line of JSON (the JSON report's line for this finding)."""
        return self.json_text if self.json_text is not None else _ENCODER.encode(self.to_dict())

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], source_line: str | None = None, json_text: str | None = None
    ) -> Finding:
        """The inverse of `to_dict`, for the report cache (which also keeps the line the
        finding shows and its JSON text)."""
        fix = data.get("fix")
        return cls(
            rule=data["rule"], name=data["name"], category=data["category"],
            severity=data["severity"], message=data["message"], cell=data.get("cell"),
            cell_id=data.get("cell_id"), line=data.get("line"), column=data.get("column"),
            end_line=data.get("end_line"), end_column=data.get("end_column"),
            fix=Fix.from_dict(fix) if fix is not None else None,
            source_line=source_line, fingerprint=data.get("fingerprint"), json_text=json_text,
        )  # fmt: skip

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        cell = -1 if self.cell is None else self.cell
        return (cell, self.line or 0, self.column or 0, self.rule)
