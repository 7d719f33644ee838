"""HS009: execution counts that repeat are the trace of several kernel sessions; a cell of a later
session that reads values from other cells is reported with those values."""

from __future__ import annotations

from helpers import code, notebook, only

RESTARTED = notebook(
    code("import pandas as pd\nrate = 0.2", 1),
    code("df = pd.DataFrame({'x': [1, 2]})", 2),
    code("df['y'] = df.x * rate", 3),
    code("rate = 0.5", 1),  # restarted: a second session counts from 1 again
    code("print(df.y.sum() * rate)", 2),
)


def test_a_later_session_s_cell_is_reported_with_the_values_it_reads():
    [finding] = only(RESTARTED, "HS009")

    assert finding.cell == 4
    assert finding.severity == "warning"
    assert finding.message.startswith(
        "In[2] is also the count of cell 2: the saved outputs come from at least 2 kernel sessions"
    )
    assert "this cell reads `df` from cell 2 (In[2]), `rate` from cell 4 (In[1])" in finding.message


def test_three_sessions_are_counted():
    nb = notebook(code("a = 1", 1), code("b = a + 1", 1), code("c = b + a", 1))

    findings = only(nb, "HS009")

    assert [f.cell for f in findings] == [1, 2]
    assert all("at least 3 kernel sessions" in f.message for f in findings)


def test_a_repeated_count_on_a_cell_that_reads_nothing_from_others_is_silent():
    nb = notebook(code("import math", 1), code("print(math.pi)", 2), code("print(1 + 1)", 1))

    assert only(nb, "HS009") == []


def test_one_session_and_unrun_notebooks_are_silent():
    assert only(notebook("x = 1", "y = x + 1", "print(y)"), "HS009") == []
    assert only(notebook("x = 1", "y = x + 1", executed=False), "HS009") == []
    out_of_order = notebook(code("x = 1", 2), code("y = x + 1", 1))
    assert only(out_of_order, "HS009") == []


def test_empty_cells_with_a_count_are_not_evidence():
    nb = notebook(code("x = 1", 1), code("", 2), code("y = x", 3), code("   ", 2))

    assert only(nb, "HS009") == []
