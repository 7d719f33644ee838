"""HS007 non-idempotent-cell: re-running the cell changes state another cell created."""

from __future__ import annotations

import pytest
from helpers import notebook, only

SETUP = (
    "import pandas as pd\n"
    "x = 1.0\nw = 1.0\nlr = 0.1\ngrad = 0.5\nk = 1.1\nv = 3\n"
    "d = {'k': 0}\nlog = []\nvals = [1, 2]\ntotal = 0\n"
    "df = pd.DataFrame({'p': [1.0], 'gross': [2.0]})\nother = df"
)

CHANGES_AGAIN = {
    "x = x * 1.1": "`x`",
    "x += 1": "`x`",
    "x = -x": "`x`",
    "w -= lr * grad": "`w`",
    "d['k'] += 1": "`d`",
    'df["p"] = df["p"] * k': "`df`",
    "df = df.merge(other)": "`df`",
    "log.append(v)": "`log`",
    "log.extend(vals)": "`log`",
}

SAFE_TO_REPEAT = [
    "df = df.dropna()",
    'df["net"] = df["gross"] / 1.2',
    "df.rename(columns={'p': 'price'}, inplace=True)",
    "d.update({'k': 1})",
    "y = x * 1.1",
    "x = 0\nx += 1",
    "seen = []\nseen.append(v)",
    "pd.options.display.max_rows = 10",
]


@pytest.mark.parametrize("statement", sorted(CHANGES_AGAIN))
def test_rebinding_or_mutating_foreign_state_again_is_reported(statement):
    nb = notebook(SETUP, "print('between')", statement)

    [finding] = only(nb, "HS007")
    assert (finding.cell, finding.line, finding.column) == (2, 1, 1)
    assert finding.severity == "warning"
    assert CHANGES_AGAIN[statement] in finding.message


@pytest.mark.parametrize("statement", SAFE_TO_REPEAT)
def test_repeat_safe_updates_and_state_created_in_the_same_cell_are_not(statement):
    assert only(notebook(SETUP, statement), "HS007") == []


def test_the_finding_points_at_the_line_inside_a_loop():
    [finding] = only(notebook(SETUP, "for item in vals:\n    total += item"), "HS007")

    assert (finding.cell, finding.line, finding.column) == (1, 2, 5)


def test_a_name_changed_twice_in_a_cell_is_reported_once():
    found = only(notebook(SETUP, "x += 1\nx *= 2"), "HS007")

    assert [(f.cell, f.line) for f in found] == [(1, 1)]


def test_severity_is_info_in_a_notebook_that_never_ran():
    [finding] = only(notebook(SETUP, "x += 1", executed=False), "HS007")

    assert (finding.cell, finding.severity) == (1, "info")
