"""What the export refuses, in plain words: hidden-state errors (unless --force), hard-coded
secrets (even with --force), a cell that is not Python, an existing job (unless --force), a
target that holds the notebook, an unreadable notebook. A refused export writes nothing. Code
that cannot move into the package is not refused: see test_export_kept_cells.py."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import notebook, write_notebook


def export(cli, tmp_path: Path, *cells: object, args: tuple[str, ...] = ()):
    path = write_notebook(tmp_path, "analysis.ipynb", notebook(*cells))
    return cli("export", path, "--no-run", *args)


def test_hidden_state_errors_are_refused_with_the_reasons(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "total = price * 2", "price = 10")
    assert result.status == 1
    assert "refused" in result.err and "--force" in result.err
    assert "HS003 cell 1" in result.err and "price" in result.err
    assert not (tmp_path / "jobs").exists()


def test_force_exports_despite_hidden_state_errors_and_reports_them(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "print(undefined_thing)", "x = 1", args=("--force",))
    assert result.status == 0, result.err
    report = (tmp_path / "jobs" / "analysis" / "export-report.md").read_text()
    assert "error HS004 (cell 1, line 1)" in report


def test_versions_of_a_redefined_function_are_each_called_where_they_were(tmp_path: Path, cli) -> None:
    cells = ("def f(x):\n    return x", "a = f(1)", "def f(x):\n    return x + 1", "def f(x):\n    return x + 1",
             "b = f(1)\nprint(a, b)")  # fmt: skip
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    package = tmp_path / "jobs" / "analysis" / "analysis"
    functions = (package / "functions.py").read_text()
    assert "def f_v1(x):\n    return x\n" in functions and functions.count("def f(x):") == 1
    steps = (package / "steps.py").read_text()
    assert "a = f_v1(1)" in steps and "b = f(1)" in steps


def test_a_cell_that_is_not_python_is_refused(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "x = 1", "print(x +)")
    assert result.status == 1 and "cell 2 is not valid Python" in result.err


def test_an_existing_job_is_kept_unless_forced_and_its_runs_survive(tmp_path: Path, cli) -> None:
    first = export(cli, tmp_path, "x = 1\nprint(x)")
    assert first.status == 0, first.err
    job = tmp_path / "jobs" / "analysis"
    (job / "runs" / "20240101T000000Z").mkdir(parents=True)
    (job / "runs" / "20240101T000000Z" / "run.json").write_text("{}")
    (job / "stale.txt").write_text("left by hand")
    again = export(cli, tmp_path, "x = 2\nprint(x)")
    assert again.status == 2 and "already exists: pass --force" in again.err
    assert "x = 1" in (job / "job.yaml").read_text() or "default: 1" in (job / "job.yaml").read_text()
    forced = export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",))
    assert forced.status == 0, forced.err
    assert "default: 2" in (job / "job.yaml").read_text()
    assert (job / "runs" / "20240101T000000Z" / "run.json").exists()
    assert (job / "stale.txt").read_text() == "left by hand"  # not the export's to delete
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == ["analysis"]


def test_a_target_holding_the_notebook_is_refused(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "x = 1", args=("-o", str(tmp_path), "--force"))
    assert result.status == 2 and "holds the notebook itself" in result.err
    assert (tmp_path / "analysis.ipynb").exists()


def test_an_unreadable_notebook_is_a_usage_error(tmp_path: Path, cli) -> None:
    (tmp_path / "broken.ipynb").write_text("{not json")
    result = cli("export", tmp_path / "broken.ipynb")
    assert result.status == 2 and "cannot read" in result.err and "not valid JSON" in result.err
    missing = cli("params", tmp_path / "missing.ipynb")
    assert missing.status == 2 and "no such file" in missing.err


def test_a_non_python_notebook_is_refused(tmp_path: Path, cli) -> None:
    path = write_notebook(tmp_path, "r.ipynb", notebook("x <- 1", kernel="ir", language="R"))
    result = cli("export", path)
    assert result.status == 1 and "not Python" in result.err
    assert json.loads(path.read_text())["cells"][0]["source"] == "x <- 1"


def test_a_throwaway_underscore_of_the_cell_itself_is_not_history(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "for _ in range(2):\n    print(_)")
    assert result.status == 0, result.err


def test_a_builtin_the_notebook_rebinds_flows_like_any_variable(tmp_path: Path, cli) -> None:
    cells = ("id = int('7')\nlen = 3 + 1", "def twice():\n    return id * 2", "print(twice(), len, id)")
    result = export(cli, tmp_path, *cells)
    assert result.status == 0, result.err
    package = tmp_path / "jobs" / "analysis" / "analysis"
    assert "def twice(*, id):" in (package / "functions.py").read_text()
    steps = (package / "steps.py").read_text()
    assert "def cell_3(len, id):" in steps and "print(twice(id=id), len, id)" in steps


def test_an_unknown_kernel_is_a_usage_error_before_anything_is_written(tmp_path: Path, cli) -> None:
    result = export(cli, tmp_path, "x = 1", args=("--kernel", "no-such-kernel"))
    assert result.status == 2 and "no Jupyter kernel named 'no-such-kernel'" in result.err
    assert not (tmp_path / "jobs").exists()


def test_a_hard_coded_secret_is_refused_even_with_force_and_never_echoed(tmp_path: Path, cli) -> None:
    key = "sk_live_51HxQ2fAke9Zz8Yy7Ww6Vv5Uu4Tt"
    result = export(cli, tmp_path, f'stripe_key = "{key}"', "print(len(stripe_key))", args=("--force",))
    assert result.status == 1
    assert "hard-coded secrets" in result.err and "cell 1, line 1" in result.err
    assert "stripe_key" in result.err and key not in result.err + result.out
    assert not (tmp_path / "jobs").exists()
