"""Text notebooks (jupytext py:percent and Markdown): findings at the text file's own lines."""

from __future__ import annotations

import json
import textwrap

import pytest
from helpers import notebook, write_notebook

from jupyter_prod.api import checks
from jupyter_prod.notebook import text_notebooks

PERCENT = textwrap.dedent('''\
    # ---
    # jupyter:
    #   jupytext:
    #     formats: ipynb,py:percent
    # ---

    # %% [markdown]
    # # Sales
    # Loads the data.

    # %% tags=["parameters"]
    region = "north"

    # %%
    import pandas as pd

    df = pd.read_csv("/Users/alice/sales.csv")

    # %%
    %matplotlib inline
    for i, row in df.iterrows():
        print(row, region)
    total = df["x"].sum() + undefined_offset
''')

MARKDOWN = textwrap.dedent('''\
    ---
    jupyter:
      jupytext:
        text_representation:
          extension: .md
          format_name: markdown
      kernelspec:
        name: python3
        language: python
        display_name: Python 3
    ---

    # Report

    ```python
    import os
    ```

    Words between the cells.

    ```python
    value = missing_thing + 1
    ```
''')


def file_line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def located(cli, *args):
    result = cli("check", *args, "--format", "json")
    report = json.loads(result.out)
    return result, {(f["rule"], f["line"], f["column"]) for n in report["notebooks"]
                    for f in n["findings"]}, report  # fmt: skip


def test_a_percent_script_is_checked_with_findings_at_its_own_lines(cli, tmp_path):
    (tmp_path / "sales.py").write_text(PERCENT, encoding="utf-8")

    result, found, report = located(cli, tmp_path)

    assert result.status == 1
    assert ("HO002", file_line(PERCENT, "read_csv"), 18) in found
    assert ("PD003", file_line(PERCENT, "iterrows"), 15) in found
    assert ("HS004", file_line(PERCENT, "undefined_offset"), 25) in found
    assert not any(rule == "HO005" for rule, _, _ in found)  # its parameters cell is tagged
    [checked] = report["notebooks"]
    assert checked["text_format"] == "py"
    text = cli("check", tmp_path / "sales.py")
    line = file_line(PERCENT, "undefined_offset")
    assert f"sales.py:{line}:25: HS004 `undefined_offset` is defined by no cell" in text.out
    assert "    | total = df[\"x\"].sum() + undefined_offset" in text.out


def test_a_markdown_notebook_is_checked_at_its_own_lines(cli, tmp_path):
    (tmp_path / "report.md").write_text(MARKDOWN, encoding="utf-8")

    _, found, _ = located(cli, tmp_path / "report.md", "--select", "HS004")

    assert found == {("HS004", file_line(MARKDOWN, "missing_thing"), 9)}


def test_a_text_twin_of_a_notebook_is_not_checked_twice(cli, tmp_path):
    (tmp_path / "sales.py").write_text(PERCENT, encoding="utf-8")
    write_notebook(tmp_path, "sales.ipynb", notebook("print(missing_in_ipynb)"))

    result, _, report = located(cli, tmp_path)

    assert [n["path"] for n in report["notebooks"]] == [str(tmp_path / "sales.ipynb")]
    given = cli("check", tmp_path / "sales.py")
    assert "skipped" in given.err and "the text twin of a .ipynb beside it" in given.err


def test_plain_scripts_and_readmes_are_not_notebooks(cli, tmp_path):
    (tmp_path / "tool.py").write_text("print('a script')\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Docs\n\n```python\nprint(x)\n```\n", encoding="utf-8")
    write_notebook(tmp_path, "real.ipynb", notebook("x = 1"))

    _, _, report = located(cli, tmp_path)

    assert [n["path"] for n in report["notebooks"]] == [str(tmp_path / "real.ipynb")]


def test_without_jupytext_text_notebooks_are_skipped_with_a_note(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "jupytext_installed", lambda: False)
    (tmp_path / "sales.py").write_text(PERCENT, encoding="utf-8")
    write_notebook(tmp_path, "real.ipynb", notebook("x = 1"))

    result = cli("check", tmp_path, "--format", "json")

    assert result.status == 0
    assert [n["path"] for n in json.loads(result.out)["notebooks"]] == [str(tmp_path / "real.ipynb")]
    assert "skipped" in result.err and "install jupytext" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["x = 1", "y = 2"], [4, 7]),  # the second `y = 2`, after `x = 1`
        (["y = 2", "x = 1", "y = 2"], [1, 4, 7]),
        (["", "x = 1"], [0, 4]),
        (["not in the file", "x = 1"], [0, 4]),  # placed where the previous one ended
    ],
)
def test_cells_are_placed_in_order_even_when_a_line_repeats(sources, expected):
    lines = ["# %%", "y = 2", "", "# %%", "x = 1", "", "# %%", "y = 2"]
    assert text_notebooks.cell_starts(lines, sources) == expected


def test_github_annotations_of_a_text_notebook_land_on_the_file_line(cli, tmp_path):
    (tmp_path / "sales.py").write_text(PERCENT, encoding="utf-8")

    result = cli("check", tmp_path / "sales.py", "--format", "github", "--select", "HS004")

    line = file_line(PERCENT, "undefined_offset")
    [annotation] = result.out.splitlines()
    assert annotation.startswith(f"::error file={tmp_path / 'sales.py'},line={line},col=25,")


def test_a_missing_text_notebook_is_reported_as_missing(cli, tmp_path):
    result = cli("check", tmp_path / "gone.py", "--format", "json")

    [report] = json.loads(result.out)["notebooks"]
    assert result.status == 1
    assert report["error"]["code"] == "not-found"
