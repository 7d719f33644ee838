"""`check --write-baseline` / `--baseline`: CI fails only on findings a change introduced, and a
finding keeps its identity when other cells move, appear, go, or change around it."""

from __future__ import annotations

import json

import pytest
from helpers import code, notebook, write_notebook

# Three findings: HS004 in cell 1 (`missing_a`), HS004 in cell 3 (`missing_b`), HS003 in cell 2.
CELLS = [
    "import os\nrows = [1, 2]",
    "total = sum(rows) + missing_a",
    code("print(later)", 2),
    code("later = 1", 1),
    "shown = missing_b * 2",
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jupyter-prod]\nselect = ["HS003", "HS004"]\n', encoding="utf-8"
    )
    write_notebook(tmp_path, "work/analysis.ipynb", notebook(*CELLS, executed=False))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rewrite(project, *cells):
    write_notebook(project, "work/analysis.ipynb", notebook(*cells, executed=False))


def new_findings(cli):
    result = cli("check", "work", "--baseline", "baseline.json", "--format", "json")
    report = json.loads(result.out)
    [analysed] = [n for n in report["notebooks"] if n["path"].endswith("analysis.ipynb")]
    return result, [(f["rule"], f["cell"], f["message"]) for f in analysed["findings"]], report


def test_a_baseline_records_today_and_the_next_check_is_clean(cli, project):
    written = cli("check", "work", "--write-baseline", "baseline.json")

    assert written.status == 0
    assert "3 findings recorded in baseline.json" in written.err
    baseline = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["format"] == "jupyter-prod-baseline"
    assert {entry["path"] for entry in baseline["findings"]} == {"work/analysis.ipynb"}
    assert sorted(entry["rule"] for entry in baseline["findings"]) == ["HS003", "HS004", "HS004"]

    result, found, report = new_findings(cli)
    assert result.status == 0
    assert found == []
    assert report["summary"]["baselined"] == 3
    text = cli("check", "work", "--baseline", "baseline.json")
    assert text.out.strip().endswith("0 findings (0 errors, 0 warnings, 0 info) in 1 notebook; "
                                     "3 more in the baseline, not shown.")  # fmt: skip


def test_a_finding_keeps_its_identity_when_cells_are_inserted_moved_deleted_and_edited(
    cli, project
):
    cli("check", "work", "--write-baseline", "baseline.json")

    rewrite(
        project,
        ("md", "# A title added above everything"),
        "shown = missing_b * 2",  # moved from the end to the top
        "import os\n\nrows = [1, 2, 3]  # edited",  # other lines of the same cell changed
        "total  =  sum(rows) + missing_a",  # re-spaced, as a formatter would
        code("print(later)", 2),
        "x = 1  # a new cell without findings",
        code("later = 1", 1),
    )

    result, found, _ = new_findings(cli)
    assert result.status == 0
    assert found == []


def test_only_the_new_finding_is_reported_and_fails_the_check(cli, project):
    cli("check", "work", "--write-baseline", "baseline.json")
    rewrite(project, *CELLS, "also = missing_c + 1")

    result, found, report = new_findings(cli)

    assert result.status == 1
    assert [(rule, cell) for rule, cell, _ in found] == [("HS004", 5)]
    assert "missing_c" in found[0][2]
    assert report["summary"]["baselined"] == 3


def test_a_second_identical_finding_is_new_even_though_the_first_is_accepted(cli, project):
    cli("check", "work", "--write-baseline", "baseline.json")
    rewrite(project, *CELLS, "shown = missing_b * 2")  # the same line again, in a new cell

    result, found, _ = new_findings(cli)

    assert result.status == 1
    assert [(rule, cell) for rule, cell, _ in found] == [("HS004", 5)]


def test_a_fixed_finding_is_simply_gone(cli, project):
    cli("check", "work", "--write-baseline", "baseline.json")
    rewrite(project, "import os\nrows = [1, 2]", "total = sum(rows)", "later = 1", "print(later)")

    result, found, report = new_findings(cli)

    assert result.status == 0 and found == []
    assert report["summary"]["baselined"] == 0


def test_the_baseline_means_the_same_from_another_working_directory(cli, project, monkeypatch):
    cli("check", "work", "--write-baseline", "baseline.json")
    monkeypatch.chdir(project / "work")

    result = cli("check", "analysis.ipynb", "--baseline", "../baseline.json", "--format", "json")

    assert result.status == 0
    assert json.loads(result.out)["summary"]["findings"] == 0


def test_sarif_carries_the_same_fingerprint_as_json_and_the_baseline(cli, project):
    cli("check", "work", "--write-baseline", "baseline.json")
    recorded = {e["fingerprint"] for e in
                json.loads((project / "baseline.json").read_text())["findings"]}  # fmt: skip

    sarif = json.loads(cli("check", "work", "--format", "sarif").out)
    as_json = json.loads(cli("check", "work", "--format", "json").out)

    results = sarif["runs"][0]["results"]
    assert {r["partialFingerprints"]["jupyterProdFinding/v1"] for r in results} == recorded
    assert {f["fingerprint"] for f in as_json["notebooks"][0]["findings"]} == recorded


def test_a_notebook_that_cannot_be_read_is_never_baselined(cli, project):
    write_notebook(project, "work/broken.ipynb", b"{")

    written = cli("check", "work", "--write-baseline", "baseline.json")
    result, _, _ = new_findings(cli)

    assert written.status == 1  # recorded what could be read; the broken file still fails
    assert result.status == 1
    assert "broken.ipynb" in cli("check", "work", "--baseline", "baseline.json").out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such baseline (write one with --write-baseline baseline.json)"),
        ("{", "not a baseline (invalid JSON"),
        ('{"format": "something-else"}', "not a jupyter-prod baseline file"),
        ('{"format": "jupyter-prod-baseline", "version": 9, "findings": []}',
         "baseline version 9 is not supported"),
    ],
)  # fmt: skip
def test_a_missing_or_foreign_baseline_is_a_usage_error_without_traceback(
    cli, project, content, expected
):
    if content is not None:
        (project / "baseline.json").write_text(content, encoding="utf-8")

    result = cli("check", "work", "--baseline", "baseline.json")

    assert result.status == 2
    assert expected in result.err
    assert "Traceback" not in result.err


def test_writing_a_baseline_never_replaces_a_file_that_is_not_one(cli, project):
    (project / "notes.json").write_text('{"mine": true}', encoding="utf-8")

    result = cli("check", "work", "--write-baseline", "notes.json")

    assert result.status == 2
    assert "exists and is not a jupyter-prod baseline: not replaced" in result.err
    assert (project / "notes.json").read_text(encoding="utf-8") == '{"mine": true}'


def test_baseline_and_write_baseline_together_are_refused(cli, project):
    result = cli("check", "work", "--baseline", "a.json", "--write-baseline", "b.json")

    assert result.status == 2
    assert "cannot be used together" in result.err


def test_a_secret_in_a_baselined_line_never_reaches_the_baseline_file(cli, project):
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    rewrite(project, *CELLS, f'token = "{token}"\nprint(token, missing_s)')

    cli("check", "work", "--select", "HS004,HO001", "--write-baseline", "baseline.json")

    text = (project / "baseline.json").read_text(encoding="utf-8")
    assert token not in text and token[4:20] not in text
    assert "missing_s" in text
