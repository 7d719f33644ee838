"""Tests of the module a notebook is exported to with nbdev reach the exported functions they
use; a function the notebook keeps to itself is not reached through the module."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api

LOADERS = notebook(
    "#| default_exp data.loaders",
    "#| export\ndef clean(text):\n    return text.strip()",
    "#| export\ndef split(text):\n    return clean(text).split(',')",
    "#| export\ndef parse(text):\n    return [int(x) for x in split(text)]",
    "def scratch(text):\n    return text",
)

FROM_IMPORT = """
from shop.data.loaders import split


def test_split():
    assert split(" a,b ") == ["a", "b"]
"""

MODULE_IMPORT = """
import shop.data.loaders as loaders


def test_parse():
    assert loaders.parse("1,2") == [1, 2]


def test_scratch_is_not_in_the_module():
    assert loaders.scratch("x") == "x"
"""


def test_tests_of_the_exported_module_reach_what_they_import(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text("[DEFAULT]\nlib_name = shop\n")
    (tmp_path / "pyproject.toml").write_text("")
    path = write_notebook(tmp_path / "nbs", "01_loaders.ipynb", LOADERS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_loaders.py").write_text(FROM_IMPORT)
    (tmp_path / "tests" / "test_module.py").write_text(MODULE_IMPORT)
    report = api.check_file(path, api.CheckOptions(select=["untested"]))
    untested = [(f.cell, f.message.split(";")[0]) for f in report.findings if f.rule == "UT001"]
    assert untested == [(4, "no test reaches `scratch`")]
    [summary] = [f.message for f in report.findings if f.rule == "UT002"]
    assert summary == "3 of 4 logic cells reached by a test (tests: 2 tests of the exported module)"


@pytest.mark.slow
def test_execute_keeps_the_static_reach_of_exported_module_tests(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    path = write_notebook(tmp_path / "nbs", "01_loaders.ipynb", LOADERS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_loaders.py").write_text(FROM_IMPORT)
    report = api.check_file(path, api.CheckOptions(select=["untested"], execute=True, timeout=30))
    assert report.error is None
    untested = {f.cell: f.message for f in report.findings if f.rule == "UT001"}
    assert sorted(untested) == [3, 4]  # split (cell 2) and clean (cell 1) stay reached
    assert untested[4] == "`scratch`: 0 of 1 lines run by a test"
