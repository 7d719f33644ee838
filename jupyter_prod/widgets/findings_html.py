"""Findings as HTML, grouped by cell: what `Report` shows in its findings tab, and what a
front end without widgets shows instead (`_repr_html_`). Texts arrive redacted from `api`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from ..findings.finding import Finding

COLORS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}
_WHOLE_NOTEBOOK = -1


def findings_html(
    findings: Iterable[Finding], execution_counts: Mapping[int, int | None] | None = None
) -> str:
    """One block per cell (the notebook-wide findings first), each finding with its severity,
    rule, line, message and the source line it points at."""
    groups: dict[int, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        groups.setdefault(_WHOLE_NOTEBOOK if finding.cell is None else finding.cell, []).append(
            finding
        )
    if not groups:
        return '<div class="jp-prod-findings"><p>No findings to show.</p></div>'
    counts = execution_counts or {}
    blocks = [_cell_block(cell, items, counts.get(cell)) for cell, items in groups.items()]
    return '<div class="jp-prod-findings">' + "".join(blocks) + "</div>"


def cell_title(cell: int | None, execution_count: int | None = None) -> str:
    """`cell 5 · In [7]`: cells counted from 1 as a person scrolls (markdown included)."""
    if cell is None or cell == _WHOLE_NOTEBOOK:
        return "whole notebook"
    ran = f" · In [{execution_count}]" if execution_count is not None else ""
    return f"cell {cell + 1}{ran}"


def _cell_block(cell: int, findings: list[Finding], execution_count: int | None) -> str:
    title = escape(cell_title(cell, execution_count))
    items = "".join(_finding_item(f) for f in findings)
    return (
        f'<div class="jp-prod-cell" style="margin:0 0 10px 0">'
        f'<div style="font-weight:bold;border-bottom:1px solid #ddd">{title}</div>'
        f'<ul style="list-style:none;margin:4px 0;padding:0">{items}</ul></div>'
    )


def _finding_item(finding: Finding) -> str:
    color = COLORS.get(finding.severity, "#555")
    where = (
        f"line {finding.line}: " if finding.line is not None and finding.cell is not None else ""
    )
    badge = (
        f'<span style="color:#fff;background:{color};border-radius:3px;padding:0 4px;'
        f'font-size:85%">{escape(finding.severity)}</span>'
    )
    head = (
        f"{badge} <code>{escape(finding.rule)}</code> "
        f'<span style="color:#666">{escape(finding.name)} · {escape(finding.category)}</span>'
    )
    fix = (
        f'<div style="color:#2e7d32">fix: {escape(finding.fix.description)}</div>'
        if finding.fix is not None
        else ""
    )
    return (
        f'<li class="jp-prod-finding" data-rule="{escape(finding.rule)}" style="margin:4px 0">'
        f"{head}<div>{escape(where)}{escape(finding.message)}</div>"
        f"{_source_html(finding, color)}{fix}</li>"
    )


def _source_html(finding: Finding, color: str) -> str:
    """The line the finding points at, the flagged columns underlined."""
    line = (finding.source_line or "").rstrip()
    if not line.strip():
        return ""
    start = max(0, (finding.column or 1) - 1)
    end = (
        finding.end_column - 1
        if finding.end_line == finding.line and finding.end_column
        else len(line)
    )
    end = min(max(end, start + 1), len(line))
    if len(line) > 400:  # a long line, around the finding (all of it per finding is quadratic)
        first, last = max(0, start - 80), min(len(line), max(end, start + 1) + 160)
        line, start, end = line[first:last], start - first, end - first
    marked = (
        escape(line[:start])
        + f'<span style="text-decoration:underline wavy {color}">{escape(line[start:end])}</span>'
        + escape(line[end:])
    )
    return (
        '<pre style="margin:2px 0;padding:2px 6px;background:#f6f6f6;white-space:pre-wrap">'
        f"{marked}</pre>"
    )
