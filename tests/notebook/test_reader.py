"""Reading notebooks: every bad input is a per-notebook error with a code and a plain message,
the good notebooks next to it are still analysed, and messy-but-usable files are analysed."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from helpers import code, findings_of, foundation_options, notebook, report_of, write_notebook
from nbformat import v3

from jupyter_prod import api

GOOD = notebook("import os", "print(os.sep, missing)")  # one HS004, on cell 1 line 1
VALID = json.dumps(notebook("x = 1")).encode()

BAD_FILES = {
    # name: (bytes, error code, a word the message must contain)
    "empty": (b"", "empty", "empty"),
    "whitespace-only": (b"  \n\t \r\n", "empty", "empty"),
    "invalid-json": (b"{not json at all", "invalid-json", "JSON"),
    "truncated": (VALID[: len(VALID) // 2], "invalid-json", "truncated"),
    "merge-conflict": (b"<<<<<<< HEAD\n" + VALID + b"\n=======\n", "invalid-json", "conflict"),
    "png-bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", "binary"),
    "latin-1-text": ('{"a": "caf\xe9"}'.encode("latin-1"), "binary", "UTF-8"),
    "json-list": (b"[1, 2, 3]", "not-a-notebook", "list"),
    "json-string": (b'"a notebook"', "not-a-notebook", "str"),
    "no-cells": (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "no-cells", "cells"),
    "cells-not-a-list": (
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {"0": {}}}',
        "cells-not-a-list",
        "not a list",
    ),
    "nbformat-5": (
        b'{"nbformat": 5, "nbformat_minor": 0, "metadata": {}, "cells": []}',
        "unsupported-version",
        "5",
    ),
}


def _assert_good_one_analysed(report: api.NotebookReport) -> None:
    assert report.error is None
    assert [(f.rule, f.cell, f.line) for f in report.findings] == [("HS004", 1, 1)]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_an_error_with_a_code_and_the_other_notebooks_are_analysed(tmp_path, name):
    data, expected_code, word = BAD_FILES[name]
    bad = write_notebook(tmp_path, f"{name}.ipynb", data)
    good = write_notebook(tmp_path, "good.ipynb", GOOD)

    report = api.check_paths([str(bad), str(good)], foundation_options(jobs=1))

    broken, analysed = report.notebooks
    assert broken.path == str(bad)
    assert broken.error is not None and broken.error.code == expected_code
    assert word.lower() in broken.error.message.lower()
    assert "Traceback" not in broken.error.message
    assert broken.findings == []
    _assert_good_one_analysed(analysed)


def test_missing_file_is_not_found_and_the_others_are_analysed(tmp_path):
    good = write_notebook(tmp_path, "good.ipynb", GOOD)
    missing = tmp_path / "gone.ipynb"

    broken, analysed = api.check_paths(
        [str(missing), str(good)], foundation_options(jobs=1)
    ).notebooks

    assert broken.error is not None and broken.error.code == "not-found"
    assert broken.error.message
    _assert_good_one_analysed(analysed)


def test_a_directory_read_as_a_notebook_file_is_unreadable(tmp_path):
    folder = tmp_path / "looks-like.ipynb"
    folder.mkdir()

    report = api.check_file(folder)

    assert report.error is not None and report.error.code == "unreadable"
    assert "directory" in report.error.message


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="runs as root here: chmod 000 does not stop root from reading the file",
)
def test_permission_denied_on_disk(tmp_path):
    bad = write_notebook(tmp_path, "locked.ipynb", GOOD)
    bad.chmod(0)
    try:
        report = api.check_file(bad)
    finally:
        bad.chmod(0o644)
    assert report.error is not None and report.error.code == "permission-denied"


def test_permission_denied_is_reported_and_the_others_are_analysed(tmp_path, monkeypatch):
    # Root ignores file modes, so the OS refusal is simulated where the reader opens files.
    locked = write_notebook(tmp_path, "locked.ipynb", GOOD)
    good = write_notebook(tmp_path, "good.ipynb", GOOD)
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("jupyter_prod.notebook.reader.open", refusing_open, raising=False)

    broken, analysed = api.check_paths(
        [str(locked), str(good)], foundation_options(jobs=1)
    ).notebooks

    assert broken.error is not None and broken.error.code == "permission-denied"
    assert "permission" in broken.error.message.lower()
    _assert_good_one_analysed(analysed)


# ---------------------------------------------------------------------- usable notebooks
def _nbformat3_file(*extra_cells: object) -> str:
    """An nbformat 3 file as nbformat itself writes it (sources split into lists of lines)."""
    cells = [
        v3.new_code_cell(input="import os\nx = os.sep", prompt_number=2),
        *extra_cells,
        v3.new_text_cell("markdown", source="Some *text*\non two lines"),
        v3.new_code_cell(input="print(x)\nprint(y)", prompt_number=1),
    ]
    nb = v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)], metadata=v3.new_metadata())
    return nbformat.writes(nb, version=3)


def test_nbformat_3_is_upgraded_and_analysed_with_cells_and_counts_kept(tmp_path):
    path = write_notebook(tmp_path, "old.ipynb", _nbformat3_file())
    assert json.loads(path.read_text())["nbformat"] == 3

    report = api.check_file(path, foundation_options())

    assert report.error is None
    found = {(f.rule, f.cell, f.line) for f in report.findings if f.rule != "NB001"}
    # markdown cells count in the index; prompt numbers became execution counts
    assert found == {("HS001", 2, 1), ("HS004", 2, 2)}


def test_nbformat_3_with_a_heading_cell_is_upgraded(tmp_path):
    path = write_notebook(
        tmp_path, "old.ipynb", _nbformat3_file(v3.new_heading_cell(source="Results", level=2))
    )

    report = api.check_file(path, foundation_options())

    assert report.error is None
    found = {(f.rule, f.cell, f.line) for f in report.findings if f.rule != "NB001"}
    assert found == {("HS001", 3, 1), ("HS004", 3, 2)}


def test_source_as_a_list_of_lines_keeps_line_numbers():
    nb = notebook(code(["import os\n", "x = os.sep\n", "print(x, missing)"], 1))

    assert findings_of(nb) == [("HS004", 0, 3)]
    assert report_of(nb).findings[0].column == 10


def test_markdown_cell_with_outputs_is_analysed_with_a_schema_info_finding():
    nb = notebook("x = 1", ("md", "# Notes"), "print(x, missing)")
    nb["cells"][1]["outputs"] = []

    report = report_of(nb)

    assert [(f.rule, f.cell, f.severity) for f in report.findings] == [
        ("NB001", None, "info"),
        ("HS004", 2, "error"),
    ]


def test_cell_ids_in_nbformat_4_4_are_a_schema_info_finding_not_a_refusal():
    nb = notebook("x = 1", "print(x, missing)")
    nb["nbformat_minor"] = 4  # ids only exist from 4.5 on

    assert findings_of(nb) == [("NB001", None, None), ("HS004", 1, 1)]


def test_execution_count_written_as_a_string_is_read_as_a_count():
    nb = notebook(code("a = 1", 2), code("b = a", 1))
    nb["cells"][0]["execution_count"] = "2"

    assert findings_of(nb) == [("NB001", None, None), ("HS001", 1, 1)]


def test_valid_notebook_has_no_schema_finding():
    assert findings_of(notebook("x = 1", ("md", "t"), "print(x)")) == []


def test_r_kernel_is_skipped_with_one_info_finding_and_nothing_else():
    nb = notebook(
        "library(ggplot2)\nx <- read.csv('a.csv')",
        "print(undefined_thing)",
        "y <- x[x$a > 1, ]",
        kernel="ir",
        language="R",
    )

    report = report_of(nb)

    assert [(f.rule, f.cell, f.severity) for f in report.findings] == [("NB003", None, "info")]
    assert "'r'" in report.findings[0].message


def test_kernel_language_only_in_language_info_is_respected():
    nb = notebook("println(undefined)", "x = (")
    nb["metadata"] = {"language_info": {"name": "julia"}}

    assert findings_of(nb) == [("NB003", None, None)]


def test_notebook_without_kernel_metadata_is_analysed_as_python():
    nb = notebook("print(missing)")
    nb["metadata"] = {}

    assert findings_of(nb) == [("HS004", 0, 1)]


def test_syntax_error_is_reported_on_its_cell_and_line_and_other_cells_are_analysed():
    nb = notebook("x = 1", "y = 2\nz = (3,\n     4]\n", "print(x, missing)")

    report = report_of(nb)

    assert [(f.rule, f.cell, f.line) for f in report.findings] == [
        ("NB002", 1, 3),
        ("HS004", 2, 1),
    ]
    assert report.findings[0].severity == "error"
    assert "]" in report.findings[0].message


def test_names_used_after_a_cell_with_a_syntax_error_are_still_checked():
    nb = notebook("def broken(:\n    pass", "print(missing)", "ok = 1", "print(ok)")

    assert findings_of(nb) == [("NB002", 0, 1), ("HS004", 1, 1)]


def test_lone_surrogate_in_a_cell_is_a_syntax_error_not_a_rule_crash(tmp_path):
    text = json.dumps(notebook("x = 1", "print(x, '\ud800')"))  # ASCII, with the \ud800 escape
    path = write_notebook(tmp_path, "surrogate.ipynb", text)

    report = api.check_file(path, foundation_options())

    assert [(f.rule, f.cell, f.line) for f in report.findings] == [("NB002", 1, 1)]


def test_a_cell_type_that_is_not_a_string_is_a_schema_problem_not_a_crash():
    from jupyter_prod import api

    document = {"nbformat": 4, "nbformat_minor": 0, "metadata": {},
                "cells": [{"cell_type": [], "source": ""}]}  # fmt: skip

    report = api.check_document(document)

    assert report.error is None
    assert [f.rule for f in report.findings] == ["NB001"]
    assert "unknown cell_type []" in report.findings[0].message
