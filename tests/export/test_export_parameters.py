"""The parameters of a job: a cell tagged `parameters` is kept; otherwise early literal
assignments that nothing rebinds or changes; hard-coded I/O paths are lifted. papermill must
see them all, with their types (`jupyter prod params` shows the same)."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
from helpers import code, notebook, write_notebook

from jupyter_prod import api


def parameters_of(tmp_path: Path, *cells: object) -> dict[str, tuple[str, str, str]]:
    path = write_notebook(tmp_path, "nb.ipynb", notebook(*cells))
    plan = api.infer_parameters(path)
    return {p.name: (p.type_name, p.default, p.kind) for p in plan.parameters}


def test_early_scalar_literals_become_typed_parameters(tmp_path: Path) -> None:
    found = parameters_of(tmp_path, "import math", "MIN_QTY = 2\nrate = 0.5\nlabel = 'q1'\nstrict = True",
                          "print(MIN_QTY, rate, label, strict)")  # fmt: skip
    assert found == {"MIN_QTY": ("int", "2", "literal"), "rate": ("float", "0.5", "literal"),
                     "label": ("str", "'q1'", "literal"), "strict": ("bool", "True", "literal")}  # fmt: skip


def test_names_rebound_changed_computed_or_late_are_not_parameters(tmp_path: Path) -> None:
    found = parameters_of(
        tmp_path,
        "n = 1\nn = 2\ncount = 0\ncount += 1\nitems = 3\ndel items\nsize = len('abc')\n_hidden = 4",
        "a = 1", "b = 2", "c = 3", "d = 4", "e = 5", "late = 6",  # 7 code cells: the first 3 are early
        "for i in range(2):\n    pass",
    )  # fmt: skip
    assert sorted(found) == ["a", "b"]


def test_a_path_bound_to_a_path_name_is_a_parameter_wherever_it_is(tmp_path: Path) -> None:
    cells = ["x = 1", "y = 2", "z = 3", "w = 4", "OUTPUT_DIR = '/Users/maria/out/'\nprint(OUTPUT_DIR)"]
    found = parameters_of(tmp_path, *cells)
    assert found["OUTPUT_DIR"] == ("str", "'/Users/maria/out/'", "path")


def test_io_paths_are_lifted_once_per_path_with_names_from_the_file(tmp_path: Path) -> None:
    found = parameters_of(
        tmp_path,
        "import pandas as pd",
        "a = pd.read_csv('data/orders.csv')\nb = pd.read_csv('data/orders.csv')\nc = pd.read_parquet('/mnt/lake/orders.parquet')",
        "a.to_csv('out/2024-report.csv')\nwith open('notes/today.txt', 'w') as handle:\n    handle.write('x')",
        "orders_path_2 = 1",
    )  # fmt: skip
    lifted = {name: default for name, (_t, default, kind) in found.items() if kind == "path"}
    assert lifted == {"orders_path": "'data/orders.csv'", "orders_path_3": "'/mnt/lake/orders.parquet'",
                      "file_2024_report_path": "'out/2024-report.csv'", "today_path": "'notes/today.txt'"}  # fmt: skip


def test_a_tagged_cell_is_kept_and_papermill_sees_the_types(tmp_path: Path, cli) -> None:
    tagged = code("# thresholds\nmin_qty = 2  # at least\nregion = 'north'\nweights = [1, 2]", 1, ["parameters"])
    path = write_notebook(tmp_path, "nb.ipynb", notebook(
        "import pandas as pd", tagged, "other = 5",
        "df = pd.read_csv('data.csv')\nprint(len(df) * min_qty, region, weights, other)",
    ))  # fmt: skip
    (tmp_path / "data.csv").write_text("a\n1\n")
    result = cli("export", path, "--no-run")
    assert result.status == 0, result.err
    job = tmp_path / "jobs" / "nb" / "nb.ipynb"
    inferred = papermill.inspect_notebook(str(job))
    assert {n: (p["inferred_type_name"], p["default"]) for n, p in inferred.items()} == {
        "min_qty": ("int", "2"), "region": ("str", '"north"'), "weights": ("list", "[1, 2]"),
        "data_path": ("str", '"data.csv"'),
    }  # fmt: skip
    assert inferred["min_qty"]["help"] == "at least"
    cells = json.loads(job.read_text())["cells"]
    assert cells[0]["metadata"]["tags"] == ["parameters"]
    assert "# thresholds" in "".join(cells[0]["source"])
    prepared = tmp_path / "prepared.ipynb"
    papermill.execute_notebook(str(job), str(prepared), parameters={"min_qty": 3}, prepare_only=True)
    tags = [c["metadata"].get("tags", []) for c in json.loads(prepared.read_text())["cells"]]
    assert tags[:2] == [["parameters"], ["injected-parameters"]]


def test_the_params_command_shows_names_types_defaults_and_origins(tmp_path: Path, cli) -> None:
    path = write_notebook(tmp_path, "nb.ipynb", notebook("import pandas as pd", "MIN_QTY = 2",
                                                         "df = pd.read_csv('data/orders.csv')"))  # fmt: skip
    shown = cli("params", path)
    assert shown.status == 0
    assert "2 parameter(s)" in shown.out and "inferred: no cell is tagged `parameters`" in shown.out
    assert "MIN_QTY: int = 2" in shown.out and "# cell 2, line 1" in shown.out
    assert "orders_path: str = 'data/orders.csv'" in shown.out and "read by `read_csv(...)` in cell 3" in shown.out
    as_json = json.loads(cli("params", path, "--format", "json").out)
    assert [(p["name"], p["type"], p["kind"]) for p in as_json] == [("MIN_QTY", "int", "literal"),
                                                                    ("orders_path", "str", "path")]  # fmt: skip


def test_a_value_only_looked_at_is_scratch_not_a_parameter(tmp_path: Path) -> None:
    found = parameters_of(tmp_path, "an_integer = 3\nrate = 0.5\nlabel = 'q1'", "an_integer",
                          "print(type(an_integer))", "print(label, rate * 2)")  # fmt: skip
    assert sorted(found) == ["label", "rate"]


def test_a_file_with_a_vague_name_is_named_after_the_variable_it_fills(tmp_path: Path) -> None:
    found = parameters_of(
        tmp_path,
        "import pandas as pd",
        "ratings = pd.read_csv('ml-100k/u.data', sep='\\t')\nmovies = pd.read_csv('ml-100k/u.item')",
        "df = pd.read_csv('x/a.csv')\norders = pd.read_csv('data/orders.csv')",
    )  # fmt: skip
    lifted = {name: default for name, (_t, default, kind) in found.items() if kind == "path"}
    assert lifted == {"ratings_path": "'ml-100k/u.data'", "movies_path": "'ml-100k/u.item'",
                      "a_path": "'x/a.csv'", "orders_path": "'data/orders.csv'"}  # fmt: skip
