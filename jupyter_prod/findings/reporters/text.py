"""`--format text`: like a compiler, `path:cell N:line:col: CODE message`, then the line
(`path:line:col` for a text notebook, whose lines are the file's).

Cells are counted from 1 here, as a person counts them scrolling the notebook (markdown
included); the JSON `cell` field is the 0-based index of the same cell.
"""

from __future__ import annotations

from ..finding import Finding
from ..report import CheckReport, NotebookReport

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(report: CheckReport, color: bool = False) -> str:
    lines: list[str] = []
    for notebook in report.notebooks:
        lines += _notebook_lines(notebook, color)
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _notebook_lines(notebook: NotebookReport, color: bool) -> list[str]:
    lines = []
    if notebook.error is not None:
        label = _paint("error", "error", color)
        lines.append(
            f"{notebook.path}: {label}: {notebook.error.describe()} [{notebook.error.code}]"
        )
    for finding in notebook.findings:
        where = _location(notebook.path, finding, notebook.text_format is not None)
        lines.append(f"{where}: {_headline(finding, color)}")
        if finding.source_line is not None and finding.source_line.strip():
            lines.append(_source(finding, color))
    return lines


def _location(path: str, finding: Finding, text_file: bool) -> str:
    if finding.cell is None:
        return path
    if text_file:  # a jupytext notebook: its lines are the file's, as an editor counts them
        return f"{path}:{finding.line or 1}:{finding.column or 1}"
    return f"{path}:cell {finding.cell + 1}:{finding.line or 1}:{finding.column or 1}"


def _headline(finding: Finding, color: bool) -> str:
    code = _paint(finding.severity, finding.rule, color)
    suffix = f" [{finding.name}]"
    if finding.fix is not None:
        suffix += f" (fix: {finding.fix.description})"
    return f"{code} {finding.message}{_DIM + suffix + _RESET if color else suffix}"


def _source(finding: Finding, color: bool) -> str:
    text = (finding.source_line or "").rstrip()
    column = finding.column or 1
    if len(text) > 160 and column > 120:
        # Shown around the finding, not from the line's start: on a megabyte-long line the
        # marker's indent alone made the output quadratic in the number of findings.
        first = min(column - 41, max(0, len(text) - 154))
        more = "..." if first + 154 < len(text) else ""
        text, column = "..." + text[first : first + 154] + more, column - first + 3
        shifted = finding.end_column - first + 3 if finding.end_column else None
        finding = finding.with_changes(column=column, end_column=shifted)
    elif len(text) > 160:
        text = text[:157] + "..."
    gutter = f"    | {text}"
    end = (
        finding.end_column
        if finding.end_line == finding.line and finding.end_column
        else column + 1
    )
    width = max(1, min(end, len(text) + 1) - column)
    marker = "    | " + " " * (column - 1) + "^" * width
    if color:
        marker = _COLORS.get(finding.severity, "") + marker + _RESET
    return gutter + "\n" + marker


def _paint(severity: str, text: str, color: bool) -> str:
    return f"{_BOLD}{_COLORS.get(severity, '')}{text}{_RESET}" if color else text


def _summary(report: CheckReport) -> str:
    summary = report.summary()
    counts = summary["by_severity"]
    parts = [f"{counts.get(s, 0)} {s}{'s' if s != 'info' and counts.get(s, 0) != 1 else ''}"
             for s in ("error", "warning", "info")]  # fmt: skip
    total = summary["notebooks"]
    found = summary["findings"]
    text = (
        f"{found} finding{'s' if found != 1 else ''} ({', '.join(parts)}) "
        f"in {total} notebook{'s' if total != 1 else ''}"
    )
    if summary["errors"]:
        text += f"; {summary['errors']} could not be read"
    if summary.get("baselined"):
        text += f"; {summary['baselined']} more in the baseline, not shown"
    return text + "."
