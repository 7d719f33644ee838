"""A notebook that runs top to bottom is never refused and never broken by an export: what the
package cannot hold stays in the job notebook as written, and the job prints what the notebook
printed. Each case is a minimal notebook from the export-fidelity issue, exported with its
default run-and-compare, then run as a job in a real kernel."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod.export.errors import BrokenPackage
from jupyter_prod.export.package_check import check_package

pytestmark = pytest.mark.slow


def export(cli, tmp_path: Path, *cells: object, args: tuple[str, ...] = ()):
    path = write_notebook(tmp_path, "analysis.ipynb", notebook(*cells))
    return cli("export", path, *args)


def job_run(cli, tmp_path: Path, *args: str) -> list[str]:
    """Run the exported job; the text each of its code cells printed or displayed."""
    result = cli("run", tmp_path / "jobs" / "analysis", "--cwd", tmp_path, *args)
    assert result.status == 0, result.err
    output = next((tmp_path / "jobs" / "analysis" / "runs").glob("*/output.ipynb"))
    texts = []
    for cell in json.loads(output.read_text())["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            texts.append("".join(text).strip())
    return texts


def package(tmp_path: Path, module: str) -> str:
    return (tmp_path / "jobs" / "analysis" / "analysis" / module).read_text()


def job_cells(tmp_path: Path) -> list[str]:
    document = json.loads((tmp_path / "jobs" / "analysis" / "analysis.ipynb").read_text())
    return ["".join(c["source"]) for c in document["cells"] if c["cell_type"] == "code"]


def test_a_cell_ending_in_a_bare_tuple_shows_the_tuple(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "x = 3", "x, x + 1")
    assert result.status == 0, result.err
    assert "verified: the outputs of 1 of 1 step cell(s) are the same" in result.out
    assert "show((x, x + 1))" in package(tmp_path, "steps.py")
    assert "(3, 4)" in job_run(cli, tmp_path)


def test_a_global_a_function_only_reads_becomes_its_parameter_without_the_global_line(
    tmp_path: Path, cli
) -> None:
    cells = ("def f(x):\n    global k\n    return x * k", "k = 2", "print(f(3))")
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    functions = package(tmp_path, "functions.py")
    assert "def f(x, *, k):\n    return x * k" in functions and "global" not in functions
    assert "6" in job_run(cli, tmp_path, "-p", "k", "2")


def test_a_closure_with_nonlocal_state_moves_into_the_package(tmp_path: Path, cli) -> None:
    make = ("def make(a):\n    level = None\n    def step(x):\n        nonlocal level\n"
            "        level = x if level is None else level + x\n        return level * a\n"
            "    return step")  # fmt: skip
    result = export(cli, tmp_path, make, "s = make(2)\nprint(s(1), s(2))")
    assert result.status == 0, result.err
    assert "kept as written" not in result.out
    assert "def make(a):" in package(tmp_path, "functions.py")
    assert "2 6" in job_run(cli, tmp_path)


def test_a_default_value_read_from_a_parameter_sees_the_run_s_value(tmp_path: Path, cli) -> None:
    cells = ("THRESHOLD = 3", "def flag(level, threshold=THRESHOLD):\n    return level > threshold",
             "print(flag(4), flag(2))")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "cell 2, line 1: a default value or decorator of `flag` reads the notebook variable(s) `THRESHOLD`" in result.out
    assert "def flag(level, threshold=THRESHOLD):\n    return level > threshold" in job_cells(tmp_path)
    assert "False False" in job_run(cli, tmp_path, "-p", "THRESHOLD", "5")


def test_timeit_and_time_run_their_statement(tmp_path: Path, cli) -> None:
    cells = ("samples = iter(range(5))\nout = []\ndef consume(it):\n    for v in it:\n        out.append(v)",
             "%timeit -n1 -r1 consume(samples)", "%time total = sum(out)", "print(out, total)")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "consume(samples, out=out)" in package(tmp_path, "steps.py")
    assert "[0, 1, 2, 3, 4] 10" in job_run(cli, tmp_path)


def test_a_function_assigning_a_global_stays_in_the_notebook_with_its_callers(
    tmp_path: Path, cli
) -> None:
    cells = ("count = 0", "def bump():\n    global count\n    count += 1", "bump()\nbump()\nprint(count)",
             "print(count * 10)")  # fmt: skip
    result = export(cli, tmp_path, *cells, args=("--verify",))
    assert result.status == 0, result.err
    assert "cell 2, line 1: `bump` assigns the notebook variable(s) `count` with `global`" in result.out
    assert "cell 3, line 1: uses `bump`, which runs in the notebook's namespace" in result.out
    cells_run = job_cells(tmp_path)
    assert "def bump():\n    global count\n    count += 1" in cells_run
    assert "bump()\nbump()\nprint(count)" in cells_run
    report = (tmp_path / "jobs" / "analysis" / "export-report.md").read_text()
    assert "## Kept as written in the job notebook" in report and "went into the package" in report
    assert job_run(cli, tmp_path)[-2:] == ["2", "20"]


def test_magics_shell_lines_and_classes_reading_notebook_data_are_kept(tmp_path: Path, cli) -> None:
    cells = ("%%bash\necho from bash", "import os\n!echo from the shell", "rate = float('0.5')",
             "class Price:\n    factor = rate * 2", "print(Price.factor)", "%%capture\nprint('hidden')")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "cell 1, line 1: `%%bash` runs only in a kernel" in result.out
    assert "cell 2, line 2: `!echo from the shell` runs only in a kernel" in result.out
    assert "cell 4, line 1: the class body of `Price` reads the notebook variable(s) `rate`" in result.out
    printed = job_run(cli, tmp_path)
    assert "from bash" in printed and "from the shell" in printed and "1.0" in printed
    assert "hidden" not in printed


def test_a_comment_only_cell_stays_in_the_job(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "# Copyright 2024 ACME\n# Licensed under MIT", "x = 1\nprint(x)")
    assert result.status == 0, result.err
    assert "# Copyright 2024 ACME\n# Licensed under MIT" in job_cells(tmp_path)


def test_a_step_that_gives_other_outputs_in_the_package_is_kept_as_written(tmp_path: Path, cli) -> None:
    # `__name__` is `__main__` in a kernel and the module's name in a package: the export's
    # own run of the job finds it, and exports again with the cell kept.
    result = export(cli, tmp_path, "x = 1", "print(__name__, x)", "y = x + 1\nprint(y)")
    assert result.status == 0, result.err
    assert "cell 2, line 1: moved into the package, it gave other outputs" in result.out
    assert "print(__name__, x)" in job_cells(tmp_path)
    assert "__main__ 1" in job_run(cli, tmp_path)


def test_plots_of_two_cells_in_one_step_stay_two_figures(tmp_path: Path, cli) -> None:
    cells = ("import matplotlib.pyplot as plt", ("md", "# Plots"), "plt.plot([1, 2])",
             "plt.plot([3, 1])\nplt.title('second')", ("md", "# End"), "print('done')")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "end_of_cell()" in package(tmp_path, "steps.py")
    cli("run", tmp_path / "jobs" / "analysis", "--cwd", tmp_path)
    output = next((tmp_path / "jobs" / "analysis" / "runs").glob("*/output.ipynb"))
    step = next(c for c in json.loads(output.read_text())["cells"] if "steps.plots" in "".join(c["source"]))
    assert sum("image/png" in o.get("data", {}) for o in step["outputs"]) == 2


def test_a_list_built_by_a_step_is_not_a_module_global(tmp_path: Path, cli, monkeypatch) -> None:
    result = export(cli, tmp_path, "rows = []\nfor i in range(3):\n    rows.append(i)\nprint(len(rows))",
                    args=("--no-run",))  # fmt: skip
    assert result.status == 0, result.err
    assert "rows" not in package(tmp_path, "functions.py") if (
        tmp_path / "jobs" / "analysis" / "analysis" / "functions.py").exists() else True
    monkeypatch.syspath_prepend(str(tmp_path / "jobs" / "analysis"))
    steps = importlib.import_module("analysis.steps")
    try:
        first, second = steps.cell_1(), steps.cell_1()
    finally:
        for name in [m for m in sys.modules if m == "analysis" or m.startswith("analysis.")]:
            del sys.modules[name]
    assert first is None and second is None  # each call printed 3: no state kept between calls


def test_a_long_section_is_split_at_its_cells(tmp_path: Path, cli) -> None:
    body = "\n".join(f"v{i} = len('{i}')" for i in range(25))
    cells = (("md", "# One long section"), "a = len('a')\n" + body, "b = len('bb')\n" + body,
             "c = a + b\n" + body + "\nprint(c)", ("md", "# The end"), "print(c * 2)")  # fmt: skip
    result = export(cli, tmp_path, *cells, args=("--no-run",))
    assert result.status == 0, result.err
    tree = ast.parse(package(tmp_path, "steps.py"))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert len(functions) >= 2
    assert all((f.end_lineno or 0) - f.lineno < 62 for f in functions)


def test_a_package_that_does_not_compile_names_the_cell(tmp_path: Path) -> None:
    from jupyter_prod.analysis.facts import analyse
    from jupyter_prod.export.plan import build_plan
    from jupyter_prod.notebook.reader import load_notebook

    path = write_notebook(tmp_path, "n.ipynb", notebook("x = 1", "print(x)"))
    plan = build_plan(analyse(load_notebook(path)), "n", "n")
    steps = "def cell_2(x):\n    # cell 2\n    global x\n    print(x)\n"
    with pytest.raises(BrokenPackage) as raised:
        check_package(plan, {"n/steps.py": steps})
    assert raised.value.cells == [1]
    assert "n/steps.py, line 3" in raised.value.message and "parameter and global" in raised.value.message


def test_a_step_nothing_reads_and_that_calls_nothing_is_left_out(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "x = len('ab')", "unused = sorted(range(x)) + [x + 1]", "print(x)", args=("--no-run",))
    assert result.status == 0, result.err
    assert "unused" not in package(tmp_path, "steps.py")
    assert "note: cell 2: left out, nothing it computes is used" in result.out


def test_an_interactive_matplotlib_backend_stays_as_the_notebook_chose_it(tmp_path: Path, cli) -> None:
    cells = ("%matplotlib notebook\nimport matplotlib.pyplot as plt", "plt.plot([1, 2])")
    result = export(cli, tmp_path, *cells, args=("--no-run",))
    assert result.status == 0, result.err
    assert "cell 1, line 1: `%matplotlib notebook` chooses an interactive backend" in result.out
    assert "%matplotlib notebook\nimport matplotlib.pyplot as plt" in job_cells(tmp_path)


def test_a_lambda_a_section_named_like_a_builtin_and_prints_without_newlines(tmp_path: Path, cli) -> None:
    # From public notebooks: `square = lambda x: x ** 2` crashed the export; a section titled
    # "zip" made a step `zip` that hid the builtin; `print(v, end=' ')` in two cells of one step.
    cells = ("square = lambda x: x ** 2", ("md", "## zip"), "for a, b in zip([1], [2]):\n    print(a, b)",
             "for v in map(square, range(3)):\n    print(v, end=' ')", "for v in range(2):\n    print(v, end=' ')",
             ("md", "## end"), "print('done')")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "kept as written" not in result.out
    assert "def zip(" not in package(tmp_path, "steps.py")
    printed = job_run(cli, tmp_path)
    assert "0 1" in printed and not any("4 0 1" in text for text in printed)  # apart, as in the notebook


def test_a_function_reading_names_with_eval_stays_in_the_notebook(tmp_path: Path, cli) -> None:
    show_names = ("class display(object):\n    def __init__(self, *args):\n        self.args = args\n"
                  "    def __repr__(self):\n        return ' '.join(repr(eval(a)) for a in self.args)")  # fmt: skip
    result = export(cli, tmp_path, show_names, "df1 = [1, 2]\ndisplay('df1')", "print(len(df1))")
    assert result.status == 0, result.err
    assert "cell 1, line 1: `display` reads the notebook's names at run time (`eval()`)" in result.out
    assert "[1, 2]" in job_run(cli, tmp_path)


def test_an_import_hiding_a_builtin_stays_where_the_notebook_had_it(tmp_path: Path, cli) -> None:
    cells = ("print(sum([1, 2]), max(3, 4))", "from statistics import mean as sum, median as max",
             "print(sum([1, 2]), max([3, 4, 5]))")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "verified: the outputs of" in result.out and "kept as written" not in result.out
    assert job_run(cli, tmp_path)[-2:] == ["3 4", "1.5 4"]


def test_a_star_import_rebinding_builtins_runs_where_the_notebook_had_it(tmp_path: Path, cli) -> None:
    # `from numpy import *` in the middle of a notebook: `sum` is the builtin above it and
    # numpy's below it (found by the fidelity harness in a public tutorial).
    cells = ("print(sum(range(5), -1))", "from numpy import *", "print(sum(range(5), -1))")
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "cell 2, line 1: `from numpy import *` rebinds the builtins" in result.out
    assert "cell 3, line 1: reads `sum`, which `from numpy import *` (cell 2) binds" in result.out
    assert job_run(cli, tmp_path)[-2:] == ["9", "10"]


def test_output_captured_into_a_variable_is_kept_with_the_cells_reading_it(tmp_path: Path, cli) -> None:
    cells = ("%%capture printed\nprint('hello')", "rate = float('0.5')", "print(printed.stdout.strip(), rate)")
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    assert "cell 1, line 1: creates names the analysis cannot see (`%%capture printed`" in result.out
    assert "cell 3" not in result.out  # it gets `printed` from the notebook's namespace
    assert "hello 0.5" in job_run(cli, tmp_path)
