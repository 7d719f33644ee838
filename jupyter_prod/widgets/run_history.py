"""A job's run history as HTML for the `JobLauncher`: a table of runs (status, parameters,
duration, contract violations, drifted columns) and a small SVG chart of one column's drift
statistic over runs, its threshold drawn as a dashed line. Rows come from
`contract.history.history_row`; rendering only."""

from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT, PAD = 320, 90, 6
SHOWN_RUNS = 10


def history_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    body = "".join(_row(r) for r in rows[-SHOWN_RUNS:])
    head = "".join(f"<th style='text-align:left;padding:0 8px 0 0'>{h}</th>" for h in
                   ("run", "status", "seconds", "parameters", "contract", "drift"))  # fmt: skip
    return (f"<details open><summary>runs ({len(rows)})</summary><table style='font-size:90%'>"
            f"<tr>{head}</tr>{body}</table></details>")  # fmt: skip


def _row(row: dict[str, Any]) -> str:
    color = {"succeeded": "#2e7d32", "failed": "#c62828"}.get(row["status"], "#ef6c00")
    parameters = ", ".join(f"{k}={v}" for k, v in row["parameters"].items()) or "-"
    if row["contract"] is None:
        contract = "-"
    elif row["violations"]:
        contract = f"{row['violations']} violation(s): {', '.join(row['violated'])}"
    else:
        contract = f"passed ({row['contract']})"
    cells = [row["id"], f"<span style='color:{color}'>{escape(row['status'])}</span>",
             f"{float(row['seconds']):.1f}", parameters, contract,
             ", ".join(row["drifted"]) or "-"]  # fmt: skip
    shown = [c if i == 1 else escape(str(c)) for i, c in enumerate(cells)]
    return "<tr>" + "".join(f"<td style='padding:0 8px 0 0'>{c}</td>" for c in shown) + "</tr>"


def drift_chart(points: list[tuple[str, float, float]], label: str) -> str:
    """An SVG line of (run id, value, threshold) points; nothing for fewer than one point."""
    if not points:
        return ""
    top = max(max(v for _r, v, _t in points), max(t for _r, _v, t in points)) * 1.15 or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top

    xy = [(PAD + i * step, y(v)) for i, (_r, v, _t) in enumerate(points)]
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in xy)
    dots = "".join(
        f"<circle cx='{x:.1f}' cy='{yy:.1f}' r='3' fill='{'#c62828' if v > t else '#1565c0'}'>"
        f"<title>{escape(r)}: {v:.3f} (threshold {t})</title></circle>"
        for (x, yy), (r, v, t) in zip(xy, points, strict=True)
    )  # fmt: skip
    limit = y(points[-1][2])
    return (
        f"<div style='font-size:90%'>drift of <code>{escape(label)}</code> over runs "
        f"(last {points[-1][1]:.3f}, threshold {points[-1][2]})</div>"
        f"<svg width='{WIDTH}' height='{HEIGHT}' role='img' aria-label='drift of {escape(label)}'>"
        f"<line x1='0' x2='{WIDTH}' y1='{limit:.1f}' y2='{limit:.1f}' stroke='#c62828' "
        f"stroke-dasharray='4 3'/><polyline points='{line}' fill='none' stroke='#1565c0'/>{dots}</svg>"
    )


def history_text(rows: list[dict[str, Any]]) -> list[str]:
    """The table as plain lines (the widget's text form)."""
    lines = []
    for row in rows[-SHOWN_RUNS:]:
        contract = "-" if row["contract"] is None else (
            f"{row['violations']} violation(s) in {', '.join(row['violated'])}"
            if row["violations"] else f"contract passed ({row['contract']})"
        )  # fmt: skip
        drift = f"; drift in {', '.join(row['drifted'])}" if row["drifted"] else ""
        lines.append(
            f"  {row['id']} {row['status']} {float(row['seconds']):.1f} s {contract}{drift}"
        )
    return lines
