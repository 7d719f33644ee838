"""A job's runs as rows of history: status, parameters, duration, contract violations and
drifted columns; and one column's drift over runs (for a chart). Plain data, from run records:
`jupyter prod runs`, the `JobLauncher` widget and the panel show the same rows."""

from __future__ import annotations

from typing import Any


def history_row(record: Any) -> dict[str, Any]:
    """One run: `{"id", "status", "started", "seconds", "parameters", "engine", "contract",
    "violations", "violated", "drifted", "message"}`; `contract` is the mode (None: the run
    had no contract), `violated` and `drifted` name `frame.column`s."""
    contract = record.contract or {}
    violations = contract.get("violations", [])
    return {
        "id": record.id, "status": record.status, "started": record.started,
        "seconds": record.seconds, "parameters": record.parameters, "engine": record.engine,
        "contract": contract.get("mode"),
        "violations": len(violations),
        "violated": _unique(_where(v) for v in violations),
        "drifted": _unique(_where(d) for d in record.drift if d.get("drifted")),
        "message": record.describe_failure() if record.status in ("failed", "interrupted") else None,
    }  # fmt: skip


def column_drift(records: list[Any], frame: str, column: str) -> list[tuple[str, float, float]]:
    """(run id, value, threshold) of the column's drift statistic in each run that measured it."""
    found = []
    for record in records:
        for entry in record.drift:
            if entry.get("frame") == frame and entry.get("column") == column \
                    and entry.get("statistic") in ("psi", "share"):  # fmt: skip
                found.append((record.id, float(entry["value"]), float(entry["threshold"])))
    return found


def drift_columns(records: list[Any]) -> list[str]:
    """Every `frame.column` some run compared, drifted ones first."""
    drifted = _unique(_where(d) for r in records for d in r.drift if d.get("drifted"))
    rest = _unique(_where(d) for r in records for d in r.drift)
    return drifted + [c for c in rest if c not in drifted]


def _where(entry: dict[str, Any]) -> str:
    column = entry.get("column")
    return f"{entry.get('frame')}.{column}" if column else str(entry.get("frame"))


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
