"""`check --execute` end to end, in real ipykernel (python3) kernels.

A notebook whose saved outputs were produced out of order gets the proof on the right cell; a
clean one gets none; an infinite loop and a dying kernel are per-notebook errors; the user's
notebook is never changed; tests' line coverage turns `untested` guesses into measurements."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import code, notebook, run_cli_process, write_notebook

from jupyter_prod import api

pytestmark = pytest.mark.slow


def ran(cell: dict[str, Any], *outputs: dict[str, Any]) -> dict[str, Any]:
    cell["outputs"] = list(outputs)
    return cell


def stdout(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def result(text: str, count: int) -> dict[str, Any]:
    return {"output_type": "execute_result", "execution_count": count,
            "data": {"text/plain": text}, "metadata": {}}  # fmt: skip


# Saved after running cell 4 (rate = 20) before cell 3: the markup used the later rate.
OUT_OF_ORDER = notebook(
    ("md", "# Price markup"),
    code("rate = 10", 1),
    code("prices = [100, 200]", 2),
    ran(
        code("marked = [p + p * rate // 100 for p in prices]\nprint(marked)", 5),
        stdout("[120, 240]\n"),
    ),  # fmt: skip
    code("rate = 20", 4),
    ran(code("print(len(prices))", 6), stdout("2\n")),
)

# Saved after `threshold` had been defined by a cell that sits below the one that reads it.
RAISES = notebook(
    ran(
        code("import datetime\nprint('run at', datetime.datetime.now())", 1),
        stdout("run at 2024-03-01 10:11:12.123456\n"),
    ),  # fmt: skip
    ran(code("print(threshold)", 3), stdout("3\n")),
    code("threshold = 3", 2),
)

CLEAN = notebook(
    ran(
        code(
            "import datetime, time\nstart = time.time()\nprint('run at', datetime.datetime.now())",
            1,
        ),
        stdout("run at 2023-05-05 10:11:12.000001\n"),
    ),  # fmt: skip
    code(
        "def clip(x, low, high):\n    if x < low:\n        return low\n    if x > high:\n"
        "        return high\n    return x",
        2,
    ),  # fmt: skip
    code("def scale(values, factor):\n    out = [v * factor for v in values]\n    return out", 3),
    ran(code("object()", 4), result("<object at 0x7f3a2c1b9d30>", 4)),
    ran(code("clip(15, 0, 10)", 5), result("10", 5)),
    code("assert clip(-1, 0, 10) == 0\nassert clip(5, 0, 10) == 5", 6),
    ran(code("print(f'took {time.time() - start:.2f} s')", 7), stdout("took 0.03 s\n")),
)

READS_BESIDE = notebook(
    ran(code("print(open('rates.txt').read().strip())", 1), stdout("EUR 0.92\n"))
)
# Every line runs, but one way out of each `if` and loop is never taken by the tests.
BRANCHES = notebook(
    code("def magnitude(x):\n    if x < 0:\n        x = -x\n    return x", 1),
    code("def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s", 2),
    code("assert magnitude(-2) == 2\nassert total([1, 2]) == 3", 3),
    code("%%time\nassert magnitude(-5) == 5", 4),
)
LOOPS = notebook(code("x = 1", 1), code("while True:\n    pass", 2), code("y = x", 3))
DIES = notebook(code("import os\nos._exit(1)", 1), code("x = 1", 2))


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every notebook above checked once with --execute (2 s per cell), with its bytes before."""
    folder = tmp_path_factory.mktemp("execute")
    (folder / "rates.txt").write_text("EUR 0.92\n")
    books = {"out_of_order": OUT_OF_ORDER, "raises": RAISES, "clean": CLEAN,
             "reads_beside": READS_BESIDE, "loops": LOOPS, "dies": DIES,
             "branches": BRANCHES}  # fmt: skip
    paths = {name: write_notebook(folder, f"{name}.ipynb", nb) for name, nb in books.items()}
    before = {name: (p.read_bytes(), p.stat().st_mtime_ns) for name, p in paths.items()}
    options = api.CheckOptions(execute=True, timeout=2, jobs=1)
    started = time.monotonic()
    report = api.check_paths([str(folder)], options)
    elapsed = time.monotonic() - started
    by_name = {Path(n.path).stem: n for n in report.notebooks}
    return {"reports": by_name, "paths": paths, "before": before, "elapsed": elapsed}


def rules_of(report: Any, *rules: str) -> list[tuple[str, int | None]]:
    return [(f.rule, f.cell) for f in report.findings if f.rule in rules]


def test_out_of_order_outputs_are_proved_on_the_cell_that_differs(executed: dict[str, Any]) -> None:
    report = executed["reports"]["out_of_order"]
    assert report.error is None
    [proof] = [f for f in report.findings if f.rule == "HS101"]
    assert (proof.cell, proof.severity, proof.category) == (3, "error", "hidden-state")
    assert "saved `[120, 240]`, fresh `[110, 220]`" in proof.message


def test_a_cell_that_raises_fresh_but_not_saved_is_proved(executed: dict[str, Any]) -> None:
    report = executed["reports"]["raises"]
    [proof] = [f for f in report.findings if f.rule == "HS101"]
    assert proof.cell == 1
    assert "raises `NameError: name 'threshold' is not defined`" in proof.message


def test_a_clean_notebook_gets_no_proof_and_its_coverage_is_measured(
    executed: dict[str, Any],
) -> None:
    report = executed["reports"]["clean"]
    assert report.error is None
    assert rules_of(report, "HS101") == []
    by_rule = {(f.rule, f.cell): f.message for f in report.findings if f.category == "untested"}
    assert by_rule[("UT003", 1)] == (
        "tests ran 4 of 5 lines of this cell's functions (not run: line 5); 3 of 4 branches taken"
        " (line 4 didn't jump to line 5 because the condition on line 4 was never true)"
    )
    assert by_rule[("UT001", 2)] == "`scale`: 0 of 2 lines run by a test"
    assert by_rule[("UT002", None)].endswith(
        "; measured: 4 of 7 lines of their functions run by a test"
    )


def test_branches_the_tests_never_took_are_named_even_when_every_line_ran(
    executed: dict[str, Any],
) -> None:
    report = executed["reports"]["branches"]
    by_rule = {(f.rule, f.cell): f for f in report.findings if f.rule == "UT003"}

    magnitude, total = by_rule[("UT003", 0)], by_rule[("UT003", 1)]
    assert magnitude.message == (
        "tests ran 3 of 3 lines of this cell's functions; 1 of 2 branches taken (line 2 didn't "
        "jump to line 4 because the condition on line 2 was always true)"
    )
    assert magnitude.line == 2
    assert total.message == "tests ran 4 of 4 lines of this cell's functions; 2 of 2 branches taken"


def test_the_kernel_runs_in_the_notebooks_folder(executed: dict[str, Any]) -> None:
    report = executed["reports"]["reads_beside"]
    assert report.error is None and rules_of(report, "HS101") == []


def test_an_infinite_loop_times_out_as_a_per_notebook_error(executed: dict[str, Any]) -> None:
    report = executed["reports"]["loops"]
    assert report.error is not None and report.error.code == "execution-timeout"
    assert report.error.message.startswith("cell 2 did not finish within 2 s")


def test_a_dying_kernel_is_a_per_notebook_error(executed: dict[str, Any]) -> None:
    report = executed["reports"]["dies"]
    assert report.error is not None and report.error.code == "kernel-died"
    assert "cell 1" in report.error.message


def test_the_users_notebooks_are_never_changed(executed: dict[str, Any]) -> None:
    for name, path in executed["paths"].items():
        assert (path.read_bytes(), path.stat().st_mtime_ns) == executed["before"][name], name


def test_the_whole_batch_stays_within_its_timeouts(executed: dict[str, Any]) -> None:
    assert executed["elapsed"] < 120


def test_an_unknown_kernel_is_a_clear_error_and_starts_nothing(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "nb.ipynb", notebook("x = 1"))
    report = api.check_file(path, api.CheckOptions(execute=True, kernel="no-such-kernel"))
    assert report.error is not None and report.error.code == "kernel-not-found"
    assert "no-such-kernel" in report.error.message


def test_without_execute_nothing_runs(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "nb.ipynb", OUT_OF_ORDER)
    report = api.check_file(path, api.CheckOptions())
    assert report.error is None and rules_of(report, "HS101", "UT003") == []


def test_the_cli_flags(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "loops.ipynb", LOOPS)
    done = run_cli_process("check", str(path), "--execute", "--timeout", "1", "--format", "json")
    assert done.returncode == 1
    [entry] = json.loads(done.stdout)["notebooks"]
    assert entry["error"]["code"] == "execution-timeout"
    bad = run_cli_process("check", str(path), "--execute", "--timeout", "0")
    assert bad.returncode == 2 and "--timeout" in bad.stderr


# ---------------------------------------------------------------------- testbook tests, measured
HELPERS = notebook(
    "def double(x):\n    return 2 * x",
    "def triple(x):\n    if x is None:\n        return None\n    return 3 * x",
    "def never(x):\n    return x",
)

TESTBOOK_TESTS = """
from testbook import testbook


@testbook("notebooks/helpers.ipynb", execute=True)
def test_double(tb):
    assert tb.ref("double")(4) == 8


def test_triple():
    with testbook("notebooks/helpers.ipynb", execute=True) as nb:
        nb.inject("assert triple(2) == 6")
"""


def test_testbook_tests_are_run_and_their_lines_counted(tmp_path: Path) -> None:
    pytest.importorskip("testbook")
    (tmp_path / "pyproject.toml").write_text("")
    path = write_notebook(tmp_path / "notebooks", "helpers.ipynb", HELPERS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_helpers_nb.py").write_text(TESTBOOK_TESTS)
    os.utime(path, (1, 1))
    report = api.check_file(path, api.CheckOptions(execute=True, select=["untested"], timeout=60))
    assert report.error is None
    messages = {(f.rule, f.cell): f.message for f in report.findings}
    assert messages[("UT003", 0)] == "tests ran 1 of 1 lines of this cell's functions"
    assert messages[("UT003", 1)] == (
        "tests ran 2 of 3 lines of this cell's functions (not run: line 3); 1 of 2 branches "
        "taken (line 2 didn't jump to line 3 because the condition on line 2 was never true)"
    )
    assert messages[("UT001", 2)] == "`never`: 0 of 1 lines run by a test"
    assert path.stat().st_mtime_ns == 1_000_000_000
