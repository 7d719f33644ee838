"""The notebook builder gives what the other tests assume: valid notebooks, counts in order."""

from __future__ import annotations

import json

import nbformat
from helpers import code, findings_of, notebook, write_notebook


def test_built_notebooks_are_schema_valid_so_no_schema_finding_leaks_into_golden_tests() -> None:
    nb = notebook("x = 1", ("md", "# t"), ("raw", "r"), code("y = 2", None, tags=["a"]))
    nbformat.validate(nbformat.from_dict(nb))
    assert findings_of(nb, ["NB001"]) == []


def test_bare_strings_are_numbered_in_order_and_blank_cells_are_not_run() -> None:
    nb = notebook("a = 1", ("md", "m"), "", "b = 2")
    counts = [c.get("execution_count") for c in nb["cells"]]
    assert counts == [1, None, None, 2]


def test_never_executed_notebook_has_no_counts() -> None:
    nb = notebook("a = 1", "b = 2", executed=False)
    assert [c["execution_count"] for c in nb["cells"]] == [None, None]


def test_write_notebook_round_trips(tmp_path) -> None:
    nb = notebook("print('é')")
    path = write_notebook(tmp_path, "sub/n.ipynb", nb)
    assert json.loads(path.read_text(encoding="utf-8")) == nb
