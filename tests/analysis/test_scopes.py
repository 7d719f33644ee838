"""Scope-aware names, seen through what a user gets: which reads are undefined (HS004) or used
before their definition (HS003), on which cell and line."""

from __future__ import annotations

import pytest
from helpers import findings_of, notebook, only

NAMES = ["HS003", "HS004"]


def names(*cells: str, executed: bool = True) -> list[tuple[str, int | None, int | None]]:
    return findings_of(notebook(*cells, executed=executed), NAMES)


def undefined(*cells: str) -> list[str]:
    """The names HS004 reports, from its messages."""
    return [f.message.split("`")[1] for f in only(notebook(*cells), "HS004")]


# ---------------------------------------------------------------------- comprehensions
@pytest.mark.parametrize(
    "comprehension",
    [
        "{r: 0 for r in regions}",
        "[r for r in regions]",
        "{r for r in regions}",
        "list(r for r in regions)",
        "[(r, s) for r in regions for s in r]",
    ],
)
def test_comprehension_variables_do_not_leak(comprehension):
    found = names(f"regions = ['north']\ntotals = {comprehension}", "print(r)")

    assert found == [("HS004", 1, 1)]


def test_walrus_in_a_comprehension_leaks_into_the_cell():
    found = undefined(
        "regions = ['n']\nfirst = [last := r for r in regions]", "print(last, missing)"
    )

    assert found == ["missing"]


def test_comprehension_reads_its_outer_names():
    assert names("totals = [r * rate for r in regions]") == [("HS004", 0, 1), ("HS004", 0, 1)]
    assert undefined("totals = [r * rate for r in regions]") == ["rate", "regions"]


# ---------------------------------------------------------------------- statement targets
def test_for_and_with_targets_are_defined():
    found = undefined(
        "for i, (a, *rest) in enumerate([]):\n    pass\nwith open('f') as fh:\n    pass",
        "print(i, a, rest, fh, missing)",
    )

    assert found == ["missing"]


def test_except_name_is_deleted_when_the_handler_ends():
    assert names(
        "try:\n    1 / 0\nexcept ZeroDivisionError as err:\n    print(err)", "print(err)"
    ) == [("HS004", 1, 1)]


def test_except_name_read_after_the_handler_in_the_same_cell():
    found = names("try:\n    pass\nexcept ValueError as err:\n    pass\nprint(err)")

    assert found == [("HS004", 0, 5)]


def test_del_removes_a_name_for_the_cells_below():
    nb = notebook("a = 1", "del a", "print(a)")

    [finding] = only(nb, "HS004")
    assert (finding.cell, finding.line) == (2, 1)
    assert "del" in finding.message and "cell 2" in finding.message


def test_name_defined_again_after_del_is_fine():
    assert undefined("a = 1", "del a", "a = 2", "print(a, missing)") == ["missing"]


def test_del_then_read_in_the_same_cell():
    assert names("a = 1", "del a\nprint(a)") == [("HS004", 1, 2)]


def test_read_after_del_with_the_only_redefinition_below():
    found = names("a = 1", "del a", "print(a)", "a = 2")

    assert [(cell, line) for _rule, cell, line in found] == [(2, 1)]


# ---------------------------------------------------------------------- functions
def test_global_assigned_in_a_function_called_from_a_later_cell():
    setup = "def setup():\n    global cfg\n    cfg = {'k': 1}"

    assert names(setup, "setup()", "print(cfg)") == []
    assert names(setup, "print(cfg)", "setup()") == [("HS003", 1, 1)]


def test_a_function_assigning_without_global_defines_nothing_outside():
    assert names("def setup():\n    cfg = {'k': 1}", "setup()", "print(cfg)") == [("HS004", 2, 1)]


def test_function_free_reads_are_resolved_where_it_is_called():
    define = "def total():\n    return x * 2"

    assert names(define, "y = 1", "x = 3", "total()") == []
    assert names(define, "total()", "x = 3", "total()") == [("HS003", 1, 1)]


def test_a_function_never_called_still_reports_a_name_no_cell_defines():
    found = only(notebook("def total():\n    return nowhere * 2"), "HS004")

    assert [(f.cell, f.line, f.column) for f in found] == [(0, 2, 12)]
    assert "inside function `total`" in found[0].message


def test_free_reads_of_helpers_are_followed_through_calls():
    helpers = "def inner():\n    return x\n\ndef outer():\n    return inner()"

    assert names(helpers, "outer()", "x = 1") == [("HS003", 1, 1)]


def test_parameters_locals_and_nonlocal_are_not_free_reads():
    cell = (
        "def make(n, *args, k=1, **kw):\n"
        "    total = n + k + len(args) + len(kw)\n"
        "    def bump():\n"
        "        nonlocal total\n"
        "        total += 1\n"
        "        return total\n"
        "    return bump"
    )
    assert undefined(cell, "print(make(1)(), missing)") == ["missing"]


def test_defaults_and_decorators_are_read_where_the_function_is_defined():
    found = names("@decorate\ndef f(a=default_value):\n    return a")

    assert found == [("HS004", 0, 1), ("HS004", 0, 2)]


def test_lambda_passed_straight_to_a_call_reads_now():
    assert names("vals = [3, 1]", "s = sorted(vals, key=lambda v: v + offset)", "offset = 1") == [
        ("HS003", 1, 1)
    ]


def test_lambda_bound_to_a_name_reads_when_called():
    assert names("get = lambda: later", "later = 1", "print(get())") == []


# ---------------------------------------------------------------------- classes
def test_class_body_reads_run_at_definition():
    assert names("class Config:\n    rate = base_rate\n    double = rate * 2") == [("HS004", 0, 2)]


def test_method_reads_are_resolved_where_the_class_is_used():
    cls = "class Model:\n    def score(self):\n        return threshold"

    assert names(cls, "threshold = 0.5", "Model().score()") == []
    assert names(cls, "Model().score()", "threshold = 0.5") == [("HS003", 1, 1)]


def test_a_method_does_not_see_class_attributes_as_bare_names():
    found = only(notebook("class A:\n    k = 1\n    def m(self):\n        return k"), "HS004")

    assert [(f.cell, f.line) for f in found] == [(0, 4)]
    assert "`k`" in found[0].message


def test_a_comprehension_in_a_class_body_does_not_see_class_names():
    found = names("class A:\n    xs = [1]\n    k = 2\n    ys = [k * x for x in xs]")

    assert found == [("HS004", 0, 4)]


# ---------------------------------------------------------------------- match, annotations
def test_match_patterns_bind_their_names_and_read_class_patterns():
    cell = (
        "command = ('go', 1)\n"
        "match command:\n"
        "    case ('go', steps):\n"
        "        pass\n"
        "    case {'k': value, **rest}:\n"
        "        pass\n"
        "    case [first, *others]:\n"
        "        pass\n"
        "    case Point(x=px) as whole:\n"
        "        pass"
    )
    found = names(cell, "print(steps, value, rest, first, others, px, whole)")

    assert found == [("HS004", 0, 9)]
    assert undefined(cell) == ["Point"]


def test_annotation_alone_does_not_define_the_name():
    assert names("x: int", "print(x)") == [("HS004", 1, 1)]
    assert names("x: int = 1", "print(x)") == []


def test_annotations_are_read_at_module_level():
    assert undefined("count: Counter = 0") == ["Counter"]


# ---------------------------------------------------------------------- imports
def test_imports_and_aliases_bind_the_names_python_binds():
    cell = "import os.path\nimport numpy as np\nfrom collections import OrderedDict as OD"

    assert names(cell, "print(os, np, OD)") == []
    assert undefined(cell, "print(numpy, OrderedDict, path)") == ["numpy", "OrderedDict", "path"]


def test_module_used_without_import_names_the_module():
    [finding] = only(notebook("frame = pd.read_csv('sales.csv')"), "HS004")

    assert (finding.cell, finding.line, finding.column) == (0, 1, 9)
    assert "import pandas as pd" in finding.message


def test_star_import_silences_undefined_names_below_but_not_above():
    found = names("print(before)", "from os.path import *", "print(join, anything)")

    assert found == [("HS004", 0, 1)]


@pytest.mark.parametrize("dynamic", ["%run helpers.py", "exec(code_text)", "globals()['z'] = 1"])
def test_dynamic_definitions_silence_undefined_names_below(dynamic):
    found = names("code_text = 'z = 1'\nprint(before)", dynamic, "print(z)")

    assert found == [("HS004", 0, 2)]


def test_names_inside_f_strings_are_read_at_their_own_columns():
    found = only(notebook('s = f"{missing} and {other!r:>{width}}"'), "HS004")

    assert [(f.line, f.column) for f in found] == [(1, 8), (1, 22), (1, 32)]


def test_except_star_name_is_deleted_when_the_handler_ends():
    cell = "try:\n    pass\nexcept* ValueError as group:\n    print(group)"

    assert names(cell, "print(group)") == [("HS004", 1, 1)]


def test_builtins_and_ipython_names_are_known():
    cell = "display(In, Out, _, __, _3, _i2, _oh, __name__, get_ipython(), len, print, exit)"

    assert names(cell, "print(missing)") == [("HS004", 1, 1)]
