"""HO005 no-parameters-cell: one notebook-level `info`, with a cell to insert after the imports."""

from __future__ import annotations

from helpers import code, notebook, only


def test_notebook_without_a_parameters_cell_gets_one_notebook_level_info():
    nb = notebook(("md", "# Churn"), "import pandas as pd", "df = pd.read_csv('data/x.csv')")

    [finding] = only(nb, "HO005")

    assert (finding.cell, finding.line, finding.severity) == (None, None, "info")
    assert "`parameters`" in finding.message


def test_fix_inserts_a_tagged_comment_cell_after_the_leading_imports_and_markdown():
    nb = notebook(("md", "# Churn"), "import pandas as pd\n%matplotlib inline", ("md", "## Load"),
                  "df = pd.read_csv('data/x.csv')")  # fmt: skip

    [finding] = only(nb, "HO005")

    [edit] = finding.fix.edits
    assert finding.fix.safety == "safe"
    assert edit.to_dict() == {
        "kind": "insert-cell",
        "index": 3,
        "cell_type": "code",
        "source": "# Parameters (papermill): values a job may override",
        "tags": ["parameters"],
    }


def test_a_tagged_parameters_cell_silences_it():
    nb = notebook("import pandas as pd", code("DATA_DIR = 'data'", 2, tags=["parameters"]), "x = 1")
    assert only(nb, "HO005") == []


def test_notebooks_without_code_are_not_reported():
    assert only(notebook(("md", "# Notes only"), ""), "HO005") == []


def test_a_notebook_of_imports_only_gets_the_cell_at_the_end():
    [finding] = only(notebook("import os", "import sys"), "HO005")
    assert finding.fix.edits[0].cell == 2
