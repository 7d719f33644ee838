"""Drift of a frame against the profile recorded at export.

- numbers and dates: the population stability index (PSI) over the reference's decile bins,
  `sum((cur - ref) * ln(cur / ref))`; 0.1 is a small shift, 0.2 and above a large one;
- categories and booleans: the largest change in one value's share (new values included), in
  share points (0.1 = ten points);
- nulls: the change in the share of nulls, when either run has any.
Each comparison is an entry `{"frame", "column", "statistic", "value", "threshold", "drifted",
"detail"}`, drifted or not, so that a chart can follow a column over runs.
Copied into every job with a contract; its only imports are `math` and `profiles.py`.
"""

from __future__ import annotations

import math
from typing import Any

DEFAULT_THRESHOLDS = {"psi": 0.2, "share": 0.1}
_FLOOR = 1e-4  # a share of 0 would make the PSI infinite


def compare(name: str, reference: dict[str, Any], current: dict[str, Any], frame: Any,
            thresholds: dict[str, Any]) -> list[dict[str, Any]]:  # fmt: skip
    from .profiles import as_numbers, bin_shares

    found: list[dict[str, Any]] = []
    for column, ref in reference.get("columns", {}).items():
        cur = current.get("columns", {}).get(column)
        if cur is None or cur.get("kind") != ref.get("kind") or "error" in cur or "error" in ref:
            continue  # a missing or retyped column is the contract's finding, not drift
        limits = {**DEFAULT_THRESHOLDS, **_limits(thresholds, name, column)}
        entry = _entry(name, column, limits)
        if ref["kind"] in ("number", "datetime") and "edges" in ref and cur["count"]:
            shares = cur.get("reference_shares")  # measured with the profile, in one pass
            if shares is None:
                shares = bin_shares(as_numbers(frame[_label(frame, column)]), ref["edges"])
            found.append(entry("psi", psi(ref["shares"], shares), _moved(ref, cur)))
        elif ref["kind"] in ("category", "bool") and "top" in ref and cur["count"]:
            change, detail = share_change(ref, cur)
            found.append(entry("share", change, detail))
        if ref["nulls"] or cur["nulls"]:
            before, after = _null_share(ref), _null_share(cur)
            found.append(entry("null_share", abs(after - before),
                               f"nulls {before:.1%} -> {after:.1%}"))  # fmt: skip
    return found


def _entry(name: str, column: str, limits: dict[str, float]) -> Any:
    def make(statistic: str, value: float, detail: str) -> dict[str, Any]:
        threshold = float(limits["psi" if statistic == "psi" else "share"])
        return {"frame": name, "column": column, "statistic": statistic,
                "value": round(value, 4), "threshold": threshold,
                "drifted": value > threshold, "detail": detail}  # fmt: skip

    return make


def _limits(thresholds: dict[str, Any], name: str, column: str) -> dict[str, float]:
    """The job-wide thresholds, then `columns: {"frame.column": {...}}` overrides."""
    general = {k: float(v) for k, v in thresholds.items() if k in DEFAULT_THRESHOLDS}
    special = (thresholds.get("columns") or {}).get(f"{name}.{column}") or {}
    return {**general, **{k: float(v) for k, v in special.items() if k in DEFAULT_THRESHOLDS}}


def _label(frame: Any, column: str) -> Any:
    """The frame's own column label (profiles name columns as text)."""
    return next((c for c in frame.columns if str(c) == column), column)


def psi(expected: list[float], actual: list[float]) -> float:
    total = 0.0
    for e, a in zip(expected, actual, strict=True):
        e, a = max(e, _FLOOR), max(a, _FLOOR)
        total += (a - e) * math.log(a / e)
    return total


def share_change(ref: dict[str, Any], cur: dict[str, Any]) -> tuple[float, str]:
    """The largest change of one value's share; values beyond the reference's top list count
    as new only when that list held every value."""
    before = {str(v): s for v, s in ref["top"]}
    after = {str(v): s for v, s in cur.get("top", [])}
    complete = ref.get("distinct") is not None and ref["distinct"] <= len(ref["top"])
    values = set(before) | (set(after) if complete else set())
    if not values:
        return 0.0, ""
    worst = max(sorted(values), key=lambda v: abs(after.get(v, 0.0) - before.get(v, 0.0)))
    was, now = before.get(worst, 0.0), after.get(worst, 0.0)
    new = " (new)" if worst not in before else ""
    return abs(now - was), f"{worst!r}{new} {was:.1%} -> {now:.1%}"


def _moved(ref: dict[str, Any], cur: dict[str, Any]) -> str:
    deciles, now = ref.get("deciles") or [], cur.get("deciles") or []
    if ref["kind"] == "number" and len(deciles) == 11 and len(now) == 11:
        return f"median {_short(deciles[5])} -> {_short(now[5])}"
    return ""


def _short(value: float) -> str:
    return f"{value:.4g}"


def _null_share(profile: dict[str, Any]) -> float:
    total = profile["count"] + profile["nulls"]
    return profile["nulls"] / total if total else 0.0
