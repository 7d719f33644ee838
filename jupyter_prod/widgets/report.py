"""`Report(path_or_notebook)`: a notebook's findings as an interactive ipywidgets view.

    from jupyter_prod.widgets import Report
    Report("sales_report.ipynb")

- a summary line; check boxes that filter by category and by severity;
- the findings grouped by cell, each with the source line it points at;
- the cell dependency picture, hidden edges highlighted;
- a "Check again" button (a report made from a file reads it again).
Where widgets do not render, the same findings show as HTML or as the CLI's text.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from .. import api
from ..findings.finding import SEVERITIES, Finding
from ..findings.report import CheckReport, NotebookError, NotebookReport
from ..findings.reporters import text as text_reporter
from ..notebook.model import Notebook
from ..notebook.reader import NotebookReadError, load_notebook, notebook_from_dict
from ..rules.base import CATEGORIES
from .findings_html import findings_html
from .graph_svg import graph_svg


class Report(widgets.VBox):  # type: ignore[misc]
    """The findings of one notebook: a path, a `Notebook`, or a notebook as JSON (a dict or
    an nbformat `NotebookNode`)."""

    def __init__(self, path_or_notebook: Any, options: api.CheckOptions | None = None) -> None:
        self._source = path_or_notebook
        self._options = options
        self.summary = widgets.HTML()
        self.categories = {c: widgets.Checkbox(value=True, description=c, indent=False,
                                               layout=widgets.Layout(width="auto"))
                           for c in CATEGORIES}  # fmt: skip
        self.severities = {s: widgets.Checkbox(value=True, description=s, indent=False,
                                               layout=widgets.Layout(width="auto"))
                           for s in reversed(SEVERITIES)}  # fmt: skip
        self.findings_view = widgets.HTML()
        self.graph_view = widgets.HTML()
        self.check_again = widgets.Button(description="Check again", icon="refresh")
        self.check_again.on_click(lambda _button: self.refresh())
        for box in [*self.categories.values(), *self.severities.values()]:
            box.observe(lambda _change: self._show_findings(), names="value")
        tabs = widgets.Tab(children=[self.findings_view, self.graph_view])
        tabs.set_title(0, "Findings")
        tabs.set_title(1, "Cell dependencies")
        filters = widgets.VBox([
            widgets.HBox([widgets.Label("Category:"), *self.categories.values()]),
            widgets.HBox([widgets.Label("Severity:"), *self.severities.values()]),
        ])  # fmt: skip
        super().__init__([widgets.HBox([self.summary, self.check_again]), filters, tabs])
        self.refresh()

    # ------------------------------------------------------------------ what it shows
    @property
    def visible_findings(self) -> list[Finding]:
        """The findings the filters let through, in notebook order."""
        categories = {c for c, box in self.categories.items() if box.value}
        severities = {s for s, box in self.severities.items() if box.value}
        return [
            f for f in self.report.findings if f.category in categories and f.severity in severities
        ]

    def refresh(self) -> None:
        """Check the notebook again (read again from its file, if it came from one)."""
        notebook, error = self._read()
        self.graph: dict[str, Any] = {"nodes": [], "edges": []}
        if notebook is None:
            self.report = NotebookReport(self._shown_path(), error=error)
        else:
            try:
                self.report = api.check_notebook(notebook, self._options)
                self.graph = api.dependency_graph(notebook)
            except Exception as failure:  # noqa: BLE001 - a bug shows as a message, not a traceback
                message = f"jupyter-prod failed on this notebook ({type(failure).__name__}); please report it"
                self.report = NotebookReport(
                    notebook.path, error=NotebookError("internal-error", message)
                )
                notebook = None
        self._counts = {n["index"]: n["execution_count"] for n in self.graph["nodes"]}
        for category, box in self.categories.items():
            found = sum(1 for f in self.report.findings if f.category == category)
            box.description = f"{category} ({found})"
        self.summary.value = self._summary_html()
        self.graph_view.value = graph_svg(self.graph) if notebook is not None else ""
        self._show_findings()

    def _show_findings(self) -> None:
        if self.report.error is not None:
            self.findings_view.value = f"<p>{escape(self.report.error.describe())}</p>"
            return
        shown = self.visible_findings
        hidden = len(self.report.findings) - len(shown)
        note = f"<p style='color:#666'>{hidden} finding(s) filtered out.</p>" if hidden else ""
        self.findings_view.value = findings_html(shown, self._counts) + note

    def _summary_html(self) -> str:
        path = escape(self.report.path)
        if self.report.error is not None:
            return f"<b>{path}</b>: {escape(self.report.error.describe())}"
        return f"<b>{path}</b>: {escape(_count_line(self.report.findings))}"

    # ------------------------------------------------------------------ reading
    def _read(self) -> tuple[Notebook | None, NotebookError | None]:
        source = self._source
        try:
            if isinstance(source, Notebook):
                return source, None
            if isinstance(source, (str, os.PathLike)):
                return load_notebook(source), None
            if isinstance(source, dict):
                return notebook_from_dict(source, "<notebook>"), None
        except NotebookReadError as error:
            return None, NotebookError(error.code, error.message)
        message = (
            f"Report takes a notebook's path, a Notebook or a notebook's JSON, "
            f"not {type(source).__name__}"
        )
        return None, NotebookError("not-a-notebook", message)

    def _shown_path(self) -> str:
        source = self._source
        if isinstance(source, (str, os.PathLike)):
            return os.fspath(source)
        return getattr(source, "path", "<notebook>")

    # ------------------------------------------------------------------ without widgets
    def text(self) -> str:
        """The CLI's text report of the findings the filters let through."""
        shown = NotebookReport(self.report.path, self.visible_findings, self.report.error)
        return text_reporter.render(CheckReport([shown])).rstrip("\n")

    def _repr_html_(self) -> str:
        return (
            f"<div class='jp-prod-report'><p>{self._summary_html()}</p>"
            f"{self.findings_view.value}<h4>Cell dependencies</h4>{self.graph_view.value}</div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self._repr_html_()
        return bundle


def _count_line(findings: list[Finding]) -> str:
    if not findings:
        return "no findings"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    parts = [f"{counts[s]} {s}{'s' if s != 'info' and counts[s] != 1 else ''}"
             for s in reversed(SEVERITIES) if counts[s]]  # fmt: skip
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)})"
