"""Every `--format`: text like a compiler, the JSON contract, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json

import pytest
from helpers import code, notebook, write_notebook

from jupyter_prod import __version__

# cell 0 import, cell 1 markdown, cell 2: HS004 at line 2, column 7 (0-based index 2 = "cell 3")
FINDINGS = notebook("import os", ("md", "# Title"), "x = os.sep\nprint(undefined_q)")
FINDING_KEYS = {
    "rule", "name", "category", "severity", "cell", "cell_id", "line", "column",
    "end_line", "end_column", "message", "fix", "fingerprint",
}  # fmt: skip


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with one notebook with a finding and one unreadable file; cwd is the folder,
    whose pyproject.toml keeps to the rule families tested here."""
    write_notebook(tmp_path, "analysis.ipynb", FINDINGS)
    write_notebook(tmp_path, "broken.ipynb", b"{")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jupyter-prod]\nselect = ["hidden-state", "notebook"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------- text
def test_text_is_path_cell_line_column_code_message_then_the_source_line(cli, project):
    result = cli("check", "analysis.ipynb")

    lines = result.out.splitlines()
    assert lines[0].startswith(
        "analysis.ipynb:cell 3:2:7: HS004 `undefined_q` is defined by no cell"
    )
    assert lines[0].endswith("[undefined-name]")
    assert lines[1] == "    | print(undefined_q)"
    assert lines[2] == "    |       ^^^^^^^^^^^"
    assert "(1 error, 0 warnings, 0 info) in 1 notebook." in lines[3]


def test_text_notebook_level_finding_and_unreadable_notebook(cli, project):
    nb = notebook("x = 1", "print(x)")
    nb["nbformat_minor"] = 4  # NB001: ids in 4.4
    write_notebook(project, "old.ipynb", nb)

    result = cli("check", "old.ipynb", "broken.ipynb")

    lines = result.out.splitlines()
    assert lines[0].startswith("old.ipynb: NB001 does not validate against the nbformat schema")
    assert lines[1].startswith("broken.ipynb: error: cannot read the notebook: not valid JSON")
    assert lines[1].endswith("[invalid-json]")
    assert lines[-1].endswith("in 2 notebooks; 1 could not be read.")


def test_text_columns_and_caret_count_characters_not_bytes(cli, project):
    write_notebook(project, "u.ipynb", notebook("s = 'é€'; print(missing)"))

    lines = cli("check", "u.ipynb").out.splitlines()

    assert lines[0].startswith("u.ipynb:cell 1:1:17: HS004")
    assert lines[2] == "    | " + " " * 16 + "^" * len("missing")


def test_text_shows_the_right_source_line_after_a_unicode_line_separator(cli, project):
    write_notebook(project, "sep.ipynb", notebook('s = "a\u2028b"\nprint(missing)'))

    lines = cli("check", "sep.ipynb").out.splitlines()

    assert lines[0].startswith("sep.ipynb:cell 1:2:7: HS004")
    assert lines[1] == "    | print(missing)"


def test_text_has_no_colour_codes_when_not_a_terminal(cli, project):
    assert "\033[" not in cli("check", "analysis.ipynb").out


# ---------------------------------------------------------------------- json
def test_json_contract(cli, project):
    result = cli("check", "analysis.ipynb", "broken.ipynb", "--format", "json")

    report = json.loads(result.out)
    assert set(report) == {"version", "tool", "notebooks", "summary"}
    assert report["version"] == 1
    assert report["tool"] == {"name": "jupyter-prod", "version": __version__}
    analysed, broken = report["notebooks"]
    assert set(analysed) == {"path", "error", "findings"}
    assert analysed["path"] == "analysis.ipynb"  # as given
    assert analysed["error"] is None
    [finding] = analysed["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding == {
        "rule": "HS004", "name": "undefined-name", "category": "hidden-state",
        "severity": "error", "cell": 2, "cell_id": "cell-2", "line": 2, "column": 7,
        "end_line": 2, "end_column": 18, "message": finding["message"], "fix": None,
        "fingerprint": finding["fingerprint"],
    }  # fmt: skip
    assert len(finding["fingerprint"]) == 20
    assert "undefined_q" in finding["message"]
    assert broken["path"] == "broken.ipynb"
    assert broken["error"]["code"] == "invalid-json" and broken["error"]["message"]
    assert broken["findings"] == []
    assert report["summary"]["notebooks"] == 2
    assert report["summary"]["errors"] == 1
    assert report["summary"]["findings"] == 1
    assert report["summary"]["by_severity"] == {"info": 0, "warning": 0, "error": 1}


def test_json_has_one_finding_per_line_for_grep_and_diff(cli, project):
    write_notebook(project, "two.ipynb", notebook("print(first_q)", "print(second_q)"))

    out = cli("check", "two.ipynb", "broken.ipynb", "--format", "json").out

    finding_lines = [line for line in out.splitlines() if '"rule": "HS004"' in line]
    assert len(finding_lines) == 2
    assert [json.loads(line.rstrip(","))["cell"] for line in finding_lines] == [0, 1]
    assert "first_q" in finding_lines[0] and "second_q" in finding_lines[1]
    assert json.loads(out)["summary"]["findings"] == 2  # still one JSON document


def test_json_cell_counts_every_cell_and_notebook_findings_have_null_cell(cli, project):
    nb = notebook(("md", "a"), ("raw", "b"), ("md", "c"), "print(missing)")
    nb["nbformat_minor"] = 4
    write_notebook(project, "n.ipynb", nb)

    report = json.loads(cli("check", "n.ipynb", "--format", "json").out)

    found = [(f["rule"], f["cell"], f["line"]) for f in report["notebooks"][0]["findings"]]
    assert found == [("NB001", None, None), ("HS004", 3, 1)]


def test_json_folder_paths_are_joined_to_the_folder_as_given(cli, project):
    report = json.loads(cli("check", ".", "--format", "json").out)

    assert [n["path"] for n in report["notebooks"]] == ["./analysis.ipynb", "./broken.ipynb"]


# ---------------------------------------------------------------------- sarif
def test_sarif_keeps_the_cell_in_the_location(cli, project):
    document = json.loads(cli("check", "analysis.ipynb", "--format", "sarif").out)

    assert document["version"] == "2.1.0"
    assert "sarif" in document["$schema"]
    [run] = document["runs"]
    assert {"HS004", "NB002"} <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    [result] = run["results"]
    assert result["ruleId"] == "HS004"
    assert result["level"] == "error"
    [location] = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "analysis.ipynb"
    assert location["physicalLocation"]["region"]["startLine"] == 2
    assert location["physicalLocation"]["region"]["startColumn"] == 7
    [logical] = location["logicalLocations"]
    assert logical["name"] == "cell 3"
    assert logical["properties"] == {"cell": 2, "cell_id": "cell-2"}


def test_sarif_reports_an_unreadable_notebook_as_a_notification(cli, project):
    document = json.loads(cli("check", "broken.ipynb", "--format", "sarif").out)

    [run] = document["runs"]
    assert run["results"] == []
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "invalid-json"
    assert note["level"] == "error"


# ---------------------------------------------------------------------- github
def test_github_workflow_commands(cli, project):
    nb = notebook(code("a = 1", 2), code("b = a", 1), code("c = 3", 5))  # HS001 + HS002
    write_notebook(project, "order.ipynb", nb)

    result = cli("check", "analysis.ipynb", "order.ipynb", "broken.ipynb", "--format", "github")

    lines = result.out.splitlines()
    assert lines[0].startswith(
        "::error file=analysis.ipynb,title=HS004 undefined-name (cell 3%2C line 2)::cell 3, line 2: "
    )
    assert lines[1].startswith("::warning file=order.ipynb,title=HS001 out-of-order-execution")
    assert lines[2].startswith("::notice file=order.ipynb,title=HS002 skipped-execution-counts")
    assert lines[3].startswith("::error file=broken.ipynb,title=jupyter-prod invalid-json::")
    assert len(lines) == 4


def test_github_escapes_percent_in_messages_and_keeps_one_line_per_finding(cli, project):
    nb = notebook("x = 1", "print(x)")
    nb["metadata"]["kernelspec"]["language"] = "R 100%"
    write_notebook(project, "r.ipynb", nb)

    [line] = cli("check", "r.ipynb", "--format", "github").out.splitlines()

    assert line.startswith("::notice file=r.ipynb,title=NB003 non-python-kernel (notebook)::")
    assert "'r 100%25'" in line


def test_a_failed_run_is_shown_with_the_findings_it_kept() -> None:
    from jupyter_prod.findings.finding import Finding
    from jupyter_prod.findings.report import CheckReport, NotebookError, NotebookReport
    from jupyter_prod.findings.reporters import REPORTERS

    finding = Finding("HS004", "undefined-name", "hidden-state", "error", "`x` is defined by no cell",
                      cell=1, line=1, column=1)  # fmt: skip
    error = NotebookError("kernel-died", "the kernel died while running cell 3")
    report = CheckReport([NotebookReport("run.ipynb", [finding], error=error)])

    text = REPORTERS["text"](report, False)
    assert "run.ipynb: error: the kernel died while running cell 3 [kernel-died]" in text
    assert "cannot read" not in text
    assert "run.ipynb:cell 2:1:1: HS004" in text
    github = REPORTERS["github"](report, False)
    assert "title=jupyter-prod kernel-died::the kernel died" in github
    assert "HS004" in github
