"""Golden tests of the hidden-state rules: the finding's rule, 0-based cell, line and what its
message tells the user. (HS007 has its own file: test_non_idempotent_cell.py.)"""

from __future__ import annotations

from helpers import code, findings_of, notebook, only, report_of

HIDDEN_STATE = ["hidden-state"]


def located(findings) -> list[tuple[int | None, int | None, int | None]]:
    return [(f.cell, f.line, f.column) for f in findings]


# ---------------------------------------------------------------------- HS001
def test_hs001_a_count_lower_than_one_above_it_is_out_of_order():
    nb = notebook(code("a = 1", 2), ("md", "## step"), code("b = a", 1), code("c = 3", 3))

    [finding] = only(nb, "HS001")
    assert located([finding]) == [(2, 1, 1)]
    assert finding.severity == "warning"
    assert "`a` passes between them" in finding.message
    assert (
        "In[1]" in finding.message and "cell 1 " in finding.message and "In[2]" in finding.message
    )


def test_hs001_is_info_when_no_value_passes_between_the_inverted_cells():
    nb = notebook(code("import pandas as pd", 3), code("frame = pd.DataFrame()", 1), code("frame", 2))

    findings = only(nb, "HS001")
    assert [(f.cell, f.severity) for f in findings] == [(1, "info"), (2, "info")]


def test_hs001_is_a_warning_when_the_later_cell_reads_what_the_earlier_one_made():
    nb = notebook(code("total = sum(parts)", 2), code("parts = [1, 2]", 1))

    assert [(f.cell, f.severity) for f in only(nb, "HS001")] == [(1, "warning")]


def test_hs001_every_cell_below_a_higher_count_is_reported():
    nb = notebook(code("a = 1", 3), code("b = 1", 1), code("c = 1", 2))

    assert [f.cell for f in only(nb, "HS001")] == [1, 2]


def test_hs001_one_inversion_is_enough():
    nb = notebook(code("a = 1", 1), code("b = 1", 3), code("c = 1", 2), code("d = 1", 4))

    assert [f.cell for f in only(nb, "HS001")] == [2]


def test_hs001_only_cells_above_that_ran_later_pass_values():
    nb = notebook(
        code("x = 1", 1), code("x = 2", 9), code("y = x + 1", 3), code("z = w", 4), code("w = 0", 2)
    )

    found = [(f.cell, f.severity, f.message) for f in only(nb, "HS001")]
    assert [(cell, severity) for cell, severity, _ in found] == [
        (2, "warning"), (3, "info"), (4, "warning"),
    ]  # fmt: skip
    assert "`x` passes between them" in found[0][2]  # cell 1 (In[9]) changed x after
    assert "`w` passes between them" in found[2][2]  # cell 3 (In[4]) read w, made below


def test_hs001_a_shell_cell_that_ran_later_hides_what_passes_but_an_html_cell_does_not():
    nb = notebook(
        code("a = 1", 1), code("%%bash\necho hi", 8), code("%%html\n<b>x</b>", 9), code("b = 2", 2)
    )
    [finding] = only(nb, "HS001")
    assert finding.cell == 3 and "not Python" in finding.message

    nb = notebook(code("a = 1", 1), code("%%html\n<b>x</b>", 9), code("b = 2", 2))
    [finding] = only(nb, "HS001")
    assert finding.severity == "info"


def test_hs001_sorted_counts_with_gaps_are_in_order():
    assert only(notebook(code("a = 1", 1), code("b = 1", 5), code("c = 1", 9)), "HS001") == []


def test_hs001_empty_and_unexecuted_cells_are_ignored():
    nb = notebook(code("a = 1", 1), code("  \n", 7), code("b = 1", None), code("c = 1", 2))

    assert only(nb, "HS001") == []


# ---------------------------------------------------------------------- HS002
def test_hs002_a_jump_in_the_counts_is_a_skip_reported_as_info():
    nb = notebook(code("a = 1", 1), code("b = 2", 2), code("c = 3", 7))

    [finding] = only(nb, "HS002")
    assert located([finding]) == [(2, 1, 1)]
    assert finding.severity == "info"
    assert "In[7]" in finding.message and "4 executions" in finding.message


def test_hs002_a_first_count_above_one_is_already_a_skip():
    [finding] = only(notebook(code("a = 1", 3), code("b = 2", 4)), "HS002")

    assert finding.cell == 0 and "2 executions" in finding.message


def test_hs002_skips_are_counted_on_sorted_counts():
    nb = notebook(code("a = 1", 2), code("b = 1", 1), code("c = 1", 5))

    assert [f.cell for f in only(nb, "HS002")] == [2]


def test_hs002_consecutive_counts_have_no_skip():
    assert only(notebook("a = 1", "b = 2", "c = 3"), "HS002") == []


# ---------------------------------------------------------------------- HS003
def test_hs003_a_name_defined_only_below_is_used_before_definition():
    nb = notebook(
        "import pandas as pd",
        "orders = load_orders('o.csv')",
        "def load_orders(p):\n    return pd.read_csv(p)",
    )

    [finding] = only(nb, "HS003")
    assert located([finding]) == [(1, 1, 10)]
    assert finding.severity == "error"
    assert "`load_orders`" in finding.message and "cell 3" in finding.message


def test_hs003_also_in_a_notebook_that_was_never_executed():
    nb = notebook("print(total)", "total = 1", executed=False)

    assert findings_of(nb, HIDDEN_STATE) == [("HS003", 0, 1)]


def test_hs003_not_when_a_cell_above_defines_the_name_too():
    assert only(notebook("total = 0", "print(total)", "total = 1"), "HS003") == []


# ---------------------------------------------------------------------- HS004
def test_hs004_a_name_from_a_deleted_cell():
    nb = notebook("customers = []", "features = zip(customers, activity_summary)")

    [finding] = only(nb, "HS004")
    assert located([finding]) == [(1, 1, 27)]
    assert finding.severity == "error"
    assert "`activity_summary`" in finding.message and "NameError" in finding.message


def test_hs004_a_module_used_without_import_names_the_module_to_import():
    nb = notebook("values = [1, 2]", "mean = np.mean(values)")

    [finding] = only(nb, "HS004")
    assert located([finding]) == [(1, 1, 8)]
    assert "import numpy as np" in finding.message


def test_hs004_a_name_removed_by_del_in_a_cell_above():
    [finding] = only(notebook("model = object()", "del model", "model.fit()"), "HS004")

    assert located([finding]) == [(2, 1, 1)]
    assert "`del` in cell 2" in finding.message


def test_hs004_each_undefined_name_is_reported_once_per_cell_at_its_first_read():
    nb = notebook("print(ghost)\nprint(ghost)\nprint(other)")

    assert findings_of(nb, HIDDEN_STATE) == [("HS004", 0, 1), ("HS004", 0, 3)]


# ---------------------------------------------------------------------- HS005
def test_hs005_an_executed_cell_reading_from_a_cell_that_never_ran():
    nb = notebook(code("import re", 1), code("STOP = {'a'}", None), code("words = STOP - {'b'}", 2))

    [finding] = only(nb, "HS005")
    assert located([finding]) == [(2, 1, 9)]
    assert finding.severity == "warning"
    assert "`STOP`" in finding.message and "cell 2" in finding.message


def test_hs005_through_a_function_the_cell_calls():
    nb = notebook(
        code("def clean(words):\n    return words - STOP", 1),
        code("STOP = {'a'}", None),
        code("print(clean({'b'}))", 2),
    )

    [finding] = only(nb, "HS005")
    assert (finding.cell, finding.line) == (2, 1)
    assert "`clean()`" in finding.message


def test_hs005_not_when_the_notebook_never_ran_or_the_reader_never_ran():
    cells = (code("STOP = {'a'}", None), code("words = STOP", None))

    assert only(notebook(*cells), "HS005") == []
    assert only(notebook(code("x = 0", 1), *cells), "HS005") == []


# ---------------------------------------------------------------------- HS006
def test_hs006_a_cell_rerun_after_a_cell_below_redefined_what_it_reads():
    nb = notebook(
        code("vat_rate = 0.20", 1),
        code("net = 100 / (1 + vat_rate)", 3),
        code("vat_rate = 0.05", 2),
    )

    [finding] = only(nb, "HS006")
    assert located([finding]) == [(1, 1, 18)]
    assert "`vat_rate`" in finding.message and "cell 3" in finding.message


def test_hs006_a_function_redefined_below_and_called_above_afterwards():
    nb = notebook(
        code("def price(x):\n    return x", 1),
        code("total = price(10)", 3),
        code("def price(x):\n    return x * 1.2", 2),
    )

    [finding] = only(nb, "HS006")
    assert (finding.cell, finding.line) == (1, 1)
    assert "`price`" in finding.message


def test_hs006_not_when_the_same_function_is_pasted_again_below():
    same = "def price(x):\n    return x"
    nb = notebook(code(same, 1), code("total = price(10)", 3), code(same, 2))

    assert only(nb, "HS006") == []


def test_hs006_not_when_the_redefinition_below_ran_after_the_reader():
    nb = notebook(code("rate = 0.2", 1), code("net = 100 * rate", 2), code("rate = 0.05", 3))

    assert only(nb, "HS006") == []


# ---------------------------------------------------------------------- HS008
def test_hs008_an_unexecuted_cell_above_executed_ones_is_info():
    nb = notebook(code("a = 1", 1), ("md", "text"), code("b = 2", None), code("c = 3", 2))

    [finding] = only(nb, "HS008")
    assert located([finding]) == [(2, 1, 1)]
    assert finding.severity == "info"


def test_hs008_not_for_trailing_empty_or_never_executed_cells():
    assert only(notebook(code("a = 1", 1), code("b = 2", 2), code("c = 3", None)), "HS008") == []
    assert only(notebook(code("a = 1", 1), code("  ", None), code("c = 3", 2)), "HS008") == []
    assert only(notebook("a = 1", "b = 2", executed=False), "HS008") == []


# ---------------------------------------------------------------------- whole notebooks
CLEAN = (
    ("md", "# Sales report"),
    "%matplotlib inline\nimport json\nfrom collections import Counter\nfrom pathlib import Path",
    "DATA = Path('data')\nTHRESHOLD = 0.5",
    "def load(name):\n    with open(DATA / name) as handle:\n        return json.load(handle)",
    "class Scorer:\n    def __init__(self, limit=THRESHOLD):\n        self.limit = limit\n"
    "    def flag(self, rows):\n        return [r for r in rows if r['score'] > self.limit]",
    "rows = load('rows.json')\nrows = [r for r in rows if r]\ncounts = Counter()\n"
    "for row in rows:\n    counts[row['region']] += 1\nlog = []\nlog.append(len(rows))",
    "flagged = Scorer().flag(rows)\nsummary = {k: v for k, v in counts.items() if v}\n"
    "try:\n    ratio = len(flagged) / len(rows)\nexcept ZeroDivisionError as error:\n"
    "    ratio = 0.0\nprint(summary, ratio, log)",
)


def test_a_clean_notebook_never_executed_has_no_hidden_state_finding():
    assert findings_of(notebook(*CLEAN, executed=False), HIDDEN_STATE) == []


def test_the_same_clean_notebook_run_top_to_bottom_has_no_hidden_state_finding():
    assert findings_of(notebook(*CLEAN), HIDDEN_STATE) == []


def test_the_clean_notebook_with_two_cells_swapped_is_no_longer_clean():
    swapped = list(CLEAN)
    swapped[2], swapped[5] = swapped[5], swapped[2]

    found = findings_of(notebook(*swapped, executed=False), HIDDEN_STATE)

    assert ("HS003", 2, 1) in found


def test_findings_come_sorted_by_cell_then_line():
    nb = notebook("print(z1)", "x = 1\nprint(z2)\nprint(z3)", code("y = 1", None), "print(z4)")

    keys = [(cell, line) for _rule, cell, line in findings_of(nb)]
    assert keys == sorted(keys) and len(keys) == 5
    assert report_of(nb).findings[0].rule == "HS004"
