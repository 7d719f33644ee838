"""HS001 names what really passes between cells run out of order, when `%store -r` or `%run`
brings the names in: never "no value passes" when one may."""

from __future__ import annotations

import pytest
from helpers import code, notebook, only


def test_a_name_restored_by_store_is_named_as_passing():
    nb = notebook(code("%store -r threshold", 2), code("print(threshold * 2)", 1))

    [finding] = only(nb, "HS001")

    assert finding.cell == 1 and finding.severity == "warning"
    assert "`threshold` passes between them" in finding.message


@pytest.mark.parametrize(
    "cells",
    [
        [code("%run helpers.py", 2), code("y = helper_value + 1", 1)],
        [code("print(helper_value)", 2), code("%run helpers.py", 1)],
        [code("%store -r", 2), code("print(saved_table)", 1)],
        [code("exec(open('setup.py').read())", 2), code("print(configured)", 1)],
    ],
    ids=["run-above", "run-below", "store-everything", "exec"],
)
def test_names_the_analysis_cannot_see_are_not_called_no_value(cells):
    [finding] = only(notebook(*cells), "HS001")

    assert finding.severity == "warning"
    assert "defines names the analysis cannot see" in finding.message
    assert "no value passes" not in finding.message


def test_without_dynamic_names_nothing_changes():
    nb = notebook(code("a = 1", 2), code("print('independent')", 1))

    [finding] = only(nb, "HS001")

    assert finding.severity == "info"
    assert "no value passes between these cells" in finding.message
