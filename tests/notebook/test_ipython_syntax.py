"""IPython syntax is understood, not a syntax error, and findings keep the cell's own lines.

Each test plants one undefined name (`missing`) so that an empty result cannot come from a
cell that was silently skipped: the planted finding must be there, and nothing else.
"""

from __future__ import annotations

import pytest
from helpers import findings_of, notebook, report_of


def names_reported(nb) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(f.rule, f.cell, f.line, f.column) for f in report_of(nb).findings]


def test_line_magic_is_not_a_syntax_error_and_lines_are_kept():
    nb = notebook("%matplotlib inline\nimport numpy as np\nprint(np.pi, missing)")

    assert names_reported(nb) == [("HS004", 0, 3, 14)]


def test_line_magic_with_a_real_syntax_error_below_reports_the_right_line():
    nb = notebook("%load_ext autoreload\n%autoreload 2\nx = (1,\n")

    assert [(rule, cell, line) for rule, cell, line, _ in names_reported(nb)] == [("NB002", 0, 3)]


@pytest.mark.parametrize("magic", ["%%time", "%%capture", "%%capture out", "%%prun"])
def test_python_cell_magic_body_defines_names(magic):
    nb = notebook(f"{magic}\nimport os\nsep = os.sep", "print(sep, missing)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_capture_binds_its_output_name():
    nb = notebook("%%capture captured\nprint('hi')", "print(captured.stdout, missing)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_findings_in_a_time_body_use_the_cells_own_lines():
    nb = notebook("%%time\nx = 1\ny = missing + x")

    assert names_reported(nb) == [("HS004", 0, 3, 5)]


def test_blank_lines_before_a_cell_magic_are_counted():
    nb = notebook("\n\n%%time\nx = 1\ny = missing + x")

    assert names_reported(nb) == [("HS004", 0, 5, 5)]


def test_syntax_error_in_a_time_body_is_on_the_cells_line():
    nb = notebook("%%time\nx = 1\ny = (x,\n     ]")

    assert findings_of(nb) == [("NB002", 0, 4)]


def test_timeit_body_runs_in_its_own_scope_and_defines_nothing():
    nb = notebook("%%timeit\nt = sum(range(10))", "print(t)")

    assert findings_of(nb) == [("HS004", 1, 1)]


@pytest.mark.parametrize("magic", ["%%bash", "%%sh", "%%html", "%%sql", "%%writefile run.py"])
def test_non_python_cell_magic_body_is_not_analysed(magic):
    body = "for f in *; do echo $undefined; done\nundefined_py + (\n<b>{oops}</b>"
    nb = notebook(f"{magic}\n{body}", "print(missing)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_a_bash_body_defines_no_python_name():
    nb = notebook("%%bash\nx=1\necho $x", "print(x)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_shell_line_is_not_a_syntax_error():
    nb = notebook("!pip install -q pandas\n!ls -la | grep ipynb\nprint(missing)")

    assert names_reported(nb) == [("HS004", 0, 3, 7)]


def test_shell_capture_defines_the_name():
    nb = notebook("files = !ls *.csv", "print(len(files), missing)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_shell_line_interpolating_a_python_name_keeps_positions():
    nb = notebook("import os\n!echo {os.sep}\nprint(missing)")

    assert findings_of(nb) == [("HS004", 0, 3)]


@pytest.mark.parametrize("help_line", ["os?", "os.path??", "?os", "??os.path"])
def test_help_syntax_is_not_a_syntax_error(help_line):
    nb = notebook(f"import os\n{help_line}\nprint(missing)")

    assert findings_of(nb) == [("HS004", 0, 3)]


def test_top_level_await_is_python_and_defines_names():
    nb = notebook(
        "import asyncio\nawait asyncio.sleep(0)\nresult = await asyncio.sleep(0)",
        "print(result, missing)",
    )

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_async_for_and_with_at_top_level_bind_their_targets():
    nb = notebook(
        "async for item in stream():\n    pass\nasync with lock() as held:\n    pass",
        "print(item, held, missing)",
    )

    assert [f for f in findings_of(nb)] == [("HS004", 0, 1), ("HS004", 0, 3), ("HS004", 1, 1)]


def test_time_line_magic_defines_the_assigned_name():
    nb = notebook("%time total = sum(range(10))", "print(total, missing)")

    assert findings_of(nb) == [("HS004", 1, 1)]
