"""Fuzzing: whatever notebook-like JSON or cell source comes in, `api.check_document` returns a
report (never raises, never an internal error) whose findings have valid fields, and every
reporter can print it."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_prod import api
from jupyter_prod.findings.finding import SEVERITIES
from jupyter_prod.findings.report import CheckReport
from jupyter_prod.findings.reporters import REPORTERS
from jupyter_prod.notebook.reader import notebook_from_dict

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READ_ERRORS = {"not-a-notebook", "unsupported-version", "no-cells", "cells-not-a-list"}

# ---------------------------------------------------------------------- cell sources
VALID_SNIPPETS = [
    "%matplotlib inline", "%time y = 1", "%run helpers.py", "%pip install pandas", "!ls -la",
    "!pip install x", "files = !ls", "obj?", "??obj", "os.path?", "await fetch()",
    "async with s() as t:\n    pass", "import os", "import numpy as np", "from m import *",
    "from . import sib", "def f(a, b=1):\n    return a + x", "def g():\n    global G\n    G = 1",
    "f()", "g()", "class A:\n    k = w\n    def m(self):\n        return k", "h = lambda: y",
    "[r for r in regions]", "{k: v for k, v in d.items()}", "[z := r for r in rs]", "x = 1",
    "x += 1", "x = x * 1.1", "del x", "df['a'] = df['a'] * 2", "log.append(1)", "df = df.dropna()",
    "df.rename(columns={}, inplace=True)", "exec('q = 1')",
    "try:\n    pass\nexcept E as e:\n    pass", "match p:\n    case [a, *b]:\n        pass",
    "x: int", "for i in range(3):\n    total += i", "with open('f') as fh:\n    pass",
    "# prod: ignore[HS004]", "print(x)  # prod: ignore", "café = 'naïve' + ünïcode",
    "s = '😀'; print(undefined_ü)", "(((((((((((1)))))))))))", "",
    'key = "AKIA' + "ABCDEFGHIJKLMNOP" + '"', "path = '/home/me/data.csv'",
]  # fmt: skip
BROKEN_SNIPPETS = [
    "%%time", "%%bash", "%%capture out", "%%timeit", "%%html", "😀 = 1", "\tx = 1",
    "    indented = 1", "f(", "[1, 2", "'''unterminated", '"\\N{bad}"', "x = (1,\n  2]", "\x00",
    "\r\n", "\\", "@", "if x:", "else:", "return 1", "yield 2", "nonlocal q", "break",
]  # fmt: skip
valid_sources = st.lists(st.sampled_from(VALID_SNIPPETS), max_size=6).map("\n".join)
magic_sources = st.tuples(
    st.sampled_from(["%%time", "%%capture out", "%%timeit", "%%bash", "%%sql", "%%prun -s x"]),
    valid_sources,
).map("\n".join)
any_lines = st.one_of(
    st.sampled_from(BROKEN_SNIPPETS), st.text(max_size=25), st.sampled_from(VALID_SNIPPETS)
)
any_sources = st.lists(any_lines, max_size=8).map("\n".join)
cell_sources = st.one_of(valid_sources, valid_sources, magic_sources, any_sources)
python_cells = st.tuples(cell_sources, st.one_of(st.none(), st.integers(min_value=1, max_value=12)))

# ---------------------------------------------------------------------- notebook structures
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
sources = st.one_of(
    cell_sources,
    st.lists(
        st.one_of(st.sampled_from(VALID_SNIPPETS), st.text(max_size=30), st.integers(), st.none()),
        max_size=5,
    ),
    json_values,
)
counts = st.one_of(
    st.none(), st.integers(min_value=-5, max_value=50), st.text(max_size=4), st.booleans(),
    st.floats(allow_nan=False), json_values,
)  # fmt: skip
tags = st.lists(
    st.sampled_from(["prod-ignore", "prod-ignore:HS004", "parameters", "x"]), max_size=3
)
metadatas = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "tags": st.one_of(tags, json_values),
            "jupyter_prod": st.one_of(st.fixed_dictionaries({"ignore": json_values}), json_values),
        },
    ),
    json_values,
)
cell_types = st.one_of(
    st.just("code"), st.sampled_from(["code", "markdown", "raw", "heading"]), json_values
)
cells = st.one_of(
    st.fixed_dictionaries(
        {"cell_type": cell_types, "source": sources},
        optional={
            "execution_count": counts,
            "metadata": metadatas,
            "outputs": json_values,
            "id": json_values,
        },
    ),
    json_values,
)
kernelspecs = st.one_of(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["python3", "ir", "julia-1.9", "pyspark", "", "x"])},
        optional={
            "language": st.one_of(st.none(), st.sampled_from(["python", "R", "scala", "PYTHON"]))
        },
    ),
    json_values,
)
notebook_metadata = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "kernelspec": kernelspecs,
            "language_info": json_values,
            "jupyter_prod": json_values,
        },
    ),
    json_values,
)
structured = st.fixed_dictionaries(
    {"cells": st.one_of(st.lists(cells, max_size=6), st.lists(cells, max_size=6), json_values)},
    optional={
        "nbformat": st.one_of(st.just(4), st.sampled_from([3, 2, 5, 0, -1, True]), json_values),
        "nbformat_minor": st.one_of(st.integers(min_value=-1, max_value=9), json_values),
        "metadata": notebook_metadata,
        "worksheets": json_values,
    },
)
notebooks = st.one_of(structured, structured, json_values)


def python_notebook(cell_list: list[tuple[str, int | None]]) -> dict:
    built = [
        {
            "cell_type": "code",
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
            "execution_count": count,
        }  # fmt: skip
        for i, (source, count) in enumerate(cell_list)
    ]
    markdown = {"cell_type": "markdown", "id": "md", "metadata": {}, "source": "# t"}
    built.insert(len(built) // 2, markdown)
    kernel = {"name": "python3", "display_name": "P", "language": "python"}
    return {"nbformat": 4, "nbformat_minor": 5, "cells": built, "metadata": {"kernelspec": kernel}}


# ---------------------------------------------------------------------- the contract
def assert_valid_report(document, report) -> None:
    assert report.error is None or report.error.code in READ_ERRORS, report.error
    # nbformat < 4 documents get their cells from `worksheets`: count the cells as read
    cell_count = len(notebook_from_dict(document, "x").cells) if report.error is None else 0
    for finding in report.findings:
        assert finding.rule != "JP000", finding.message  # a rule crashed
        assert finding.severity in SEVERITIES
        assert finding.message
        if finding.cell is None:
            continue
        assert 0 <= finding.cell < cell_count
        assert finding.line is not None and finding.line >= 1
        assert finding.column is not None and finding.column >= 1
        assert finding.end_line is not None and finding.end_line >= finding.line
    as_json = json.loads(json.dumps(report.to_dict()))
    assert set(as_json) == {"path", "error", "findings"}
    for render in REPORTERS.values():
        assert isinstance(render(CheckReport([report]), False), str)


@FAST
@given(notebooks)
def test_any_notebook_like_json_gives_a_report_or_a_read_error(document):
    before = copy.deepcopy(document)

    report = api.check_document(document)

    assert_valid_report(document, report)
    assert repr(document) == repr(before)  # the input is never changed


@FAST
@given(st.lists(python_cells, min_size=1, max_size=6))
def test_any_ipython_ish_cell_source_is_analysed_without_an_internal_error(cell_list):
    document = python_notebook(cell_list)

    report = api.check_document(document)

    assert report.error is None, report.error
    assert_valid_report(document, report)
    for finding in report.findings:
        if finding.cell is not None:
            source_lines = document["cells"][finding.cell]["source"].splitlines()
            assert finding.line <= max(1, len(source_lines) + 1), (finding, source_lines)
