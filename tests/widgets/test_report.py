"""`jupyter_prod.widgets.Report`, driven in Python as a person would in a notebook: tick and
untick the filters, press "Check again", read what the view shows."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from jupyter_prod.notebook.reader import load_notebook
from jupyter_prod.widgets import Report

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "binder" / "demo" / "sales_report.ipynb"
SECRET = "Tr0ub4dor&3xyz"  # the demo's fake warehouse password


@pytest.fixture(scope="module")
def report() -> Report:
    return Report(DEMO)


def _shown_rules(report: Report) -> set[str]:
    return {f.rule for f in report.visible_findings}


def test_findings_are_grouped_by_cell_with_their_source_line(report: Report) -> None:
    view = report.findings_view.value
    block = view.split("cell 5 · In [7]", 1)[1].split("jp-prod-cell", 1)[0]
    assert "HS006" in block and "rerun-after-redefinition" in block
    assert "sales[&quot;net&quot;] = sales[&quot;gross&quot;] / (1 + " in block
    assert "line 1: ran (In[7]) after cell 6 below it" in block
    assert (
        view.index("whole notebook") < view.index("cell 2 · In [1]") < view.index("cell 5 · In [7]")
    )


def test_the_summary_counts_what_the_cli_counts(report: Report) -> None:
    errors = sum(1 for f in report.report.findings if f.severity == "error")
    assert f"{len(report.report.findings)} findings ({errors} errors" in report.summary.value
    assert "sales_report.ipynb" in report.summary.value
    assert report.categories["hidden-state"].description.startswith("hidden-state (")


def test_unticking_a_category_hides_its_findings_and_says_how_many() -> None:
    view = Report(DEMO)
    hidden_state = sum(1 for f in view.report.findings if f.category == "hidden-state")
    assert "HS006" in view.findings_view.value
    view.categories["hidden-state"].value = False
    assert not any(rule.startswith("HS") for rule in _shown_rules(view))
    assert "HS006" not in view.findings_view.value and "HO001" in view.findings_view.value
    assert f"{hidden_state} finding(s) filtered out" in view.findings_view.value
    view.categories["hidden-state"].value = True
    assert "HS006" in view.findings_view.value


def test_severity_filters_leave_only_the_errors() -> None:
    view = Report(DEMO)
    view.severities["info"].value = False
    view.severities["warning"].value = False
    assert {f.severity for f in view.visible_findings} == {"error"}
    assert _shown_rules(view) == {"HO001", "HS004"}
    assert "`markup` is defined by no cell" in view.findings_view.value
    assert "HS006" not in view.findings_view.value
    assert "HS006" not in view.text() and "HS004" in view.text()


def test_the_dependency_picture_highlights_the_hidden_edge(report: Report) -> None:
    svg = report.graph_view.value
    assert svg.startswith("<svg") and svg.count('class="jp-prod-node"') == len(
        report.graph["nodes"]
    )
    hidden = [edge for edge in report.graph["edges"] if edge["kind"] == "hidden"]
    assert hidden and svg.count('data-kind="hidden"') == len(hidden)
    assert "cell 6 → cell 5: vat_rate" in svg  # vat_rate came from the cell below
    assert "1 hidden edge" in svg


def test_the_secret_is_never_shown(report: Report) -> None:
    bundle = report._repr_mimebundle_()
    shown = [report.findings_view.value, report.graph_view.value, report.text(),
             bundle["text/html"], bundle["text/plain"]]  # fmt: skip
    assert not any(SECRET in text for text in shown)
    assert "[REDACTED]" in report.findings_view.value and "[REDACTED]" in report.graph_view.value


def test_without_widgets_the_html_and_the_cli_text_remain(report: Report) -> None:
    bundle = report._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "sales_report.ipynb:cell 5:1:38: HS006 ran (In[7])" in bundle["text/plain"]
    assert "HS006" in bundle["text/html"] and "<svg" in bundle["text/html"]
    assert report._repr_html_() == bundle["text/html"]


def test_a_notebook_node_or_a_notebook_object_gives_the_same_findings(report: Report) -> None:
    rules = sorted(f.rule for f in report.report.findings)
    assert (
        sorted(f.rule for f in Report(nbformat.read(DEMO, as_version=4)).report.findings) == rules
    )
    assert sorted(f.rule for f in Report(load_notebook(DEMO)).report.findings) == rules


def test_check_again_reads_the_file_again(tmp_path: Path) -> None:
    path = tmp_path / "report.ipynb"
    shutil.copy(DEMO, path)
    view = Report(str(path))
    assert "`markup` is defined by no cell" in view.findings_view.value
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][3]["source"] += "\nmarkup = 1.15"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    view.check_again.click()
    assert "`markup` is defined by no cell" not in view.findings_view.value
    assert "`bulk_threshold`" in view.findings_view.value


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", "cannot read the notebook"),
        ("", "cannot read the notebook"),
        (None, "cannot read the notebook"),
    ],
)
def test_an_unreadable_notebook_is_a_message(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    view = Report(path)
    assert expected in view.summary.value and expected in view.findings_view.value
    assert view.graph_view.value == "" and view.visible_findings == []
    assert expected in view.text()


def test_something_that_is_not_a_notebook_is_a_message() -> None:
    view = Report(42)
    expected = "Report takes a notebook's path, a Notebook or a notebook's JSON, not int"
    assert expected in html.unescape(view.summary.value)
