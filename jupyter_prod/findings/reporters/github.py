"""`--format github`: workflow commands that GitHub Actions shows as annotations."""

from __future__ import annotations

from ..report import CheckReport

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: CheckReport, color: bool = False) -> str:
    lines = []
    for notebook in report.notebooks:
        file = _escape_property(notebook.path)
        if notebook.error is not None:
            message = _escape_data(notebook.error.describe())
            lines.append(f"::error file={file},title=jupyter-prod {notebook.error.code}::{message}")
        for finding in notebook.findings:
            position = ""
            if finding.cell is None:
                where = "notebook"
            elif notebook.text_format is not None and finding.line is not None:
                # A text notebook's lines are the file's: the annotation lands on the line.
                where = f"line {finding.line}"
                position = f",line={finding.line},col={finding.column or 1}"
            else:
                where = f"cell {finding.cell + 1}, line {finding.line}"
            title = _escape_property(f"{finding.rule} {finding.name} ({where})")
            message = _escape_data(f"{where}: {finding.message}")
            level = _LEVELS.get(finding.severity, "warning")
            lines.append(f"::{level} file={file}{position},title={title}::{message}")
    return "\n".join(lines) + ("\n" if lines else "")
