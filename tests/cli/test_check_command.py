"""`jupyter prod check`: exit statuses, usage errors, --version and --help, in-process and as a
real subprocess."""

from __future__ import annotations

import json

import pytest
from helpers import FOUNDATION_ARGS, code, notebook, run_cli_process, write_notebook

from jupyter_prod import __version__

CLEAN = notebook("x = 1", ("md", "text"), "print(x)")
UNDEFINED = notebook("print(missing)")  # HS004, error
OUT_OF_ORDER = notebook(code("a = 1", 2), code("b = a", 1))  # HS001, warning: `a` passes
SKIPPED = notebook(code("a = 1", 1), code("b = 2", 5))  # HS002, info


# ---------------------------------------------------------------------- exit statuses
def test_clean_notebook_exits_0(cli, tmp_path):
    result = cli("check", write_notebook(tmp_path, "clean.ipynb", CLEAN), *FOUNDATION_ARGS)

    assert result.status == 0
    assert "0 findings" in result.out


def test_findings_at_the_default_threshold_exit_1(cli, tmp_path):
    assert (
        cli("check", write_notebook(tmp_path, "u.ipynb", UNDEFINED), *FOUNDATION_ARGS).status == 1
    )
    assert (
        cli("check", write_notebook(tmp_path, "o.ipynb", OUT_OF_ORDER), *FOUNDATION_ARGS).status
        == 1
    )


@pytest.mark.parametrize(
    ("nb", "fail_on", "status"),
    [
        (SKIPPED, None, 0),  # info is below the default (warning)
        (SKIPPED, "info", 1),
        (OUT_OF_ORDER, "error", 0),
        (OUT_OF_ORDER, "warning", 1),
        (UNDEFINED, "error", 1),
    ],
)
def test_fail_on_sets_the_lowest_severity_that_fails(cli, tmp_path, nb, fail_on, status):
    path = write_notebook(tmp_path, "n.ipynb", nb)
    extra = ["--fail-on", fail_on] if fail_on else []

    assert cli("check", path, *FOUNDATION_ARGS, *extra).status == status


def test_an_unreadable_notebook_exits_1_even_with_fail_on_error(cli, tmp_path):
    clean = write_notebook(tmp_path, "clean.ipynb", CLEAN)
    empty = write_notebook(tmp_path, "empty.ipynb", b"")

    result = cli("check", clean, empty, "--fail-on", "error", *FOUNDATION_ARGS)

    assert result.status == 1
    assert f"{empty}: error: cannot read the notebook: the file is empty [empty]" in result.out


def test_a_missing_path_exits_1_and_names_it(cli, tmp_path):
    result = cli("check", tmp_path / "nope.ipynb")

    assert result.status == 1
    assert "nope.ipynb" in result.out and "[not-found]" in result.out


# ---------------------------------------------------------------------- usage errors
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--select", "XX9"], "XX9"),
        (["--ignore", "no-such-rule"], "no-such-rule"),
        (["--select", "HS004,bogus"], "bogus"),
        (["--fail-on", "fatal"], "fatal"),
        (["--format", "xml"], "xml"),
        (["--jobs", "0"], "--jobs"),
    ],
)
def test_usage_errors_exit_2_with_a_message(cli, tmp_path, args, says):
    path = write_notebook(tmp_path, "n.ipynb", UNDEFINED)

    result = cli("check", path, *args)

    assert result.status == 2
    assert says in result.err
    assert result.out == ""


def test_no_paths_is_a_usage_error(cli):
    result = cli("check")

    assert result.status == 2
    assert "PATH" in result.err


def test_no_command_prints_help_and_exits_2(cli):
    result = cli()

    assert result.status == 2
    assert "check" in result.out and "rules" in result.out


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('fail-on = "fatal"', "fail-on"),
        ('select = "HS004"', "select"),
        ("colour = true", "colour"),
        ("select = [", "cannot read"),
    ],
)
def test_a_bad_configuration_is_a_usage_error(cli, tmp_path, table, says):
    (tmp_path / "pyproject.toml").write_text(f"[tool.jupyter-prod]\n{table}\n")
    path = write_notebook(tmp_path, "n.ipynb", CLEAN)

    result = cli("check", path)

    assert result.status == 2
    assert says in result.err and "pyproject.toml" in result.err


def test_an_unknown_selector_in_the_configuration_is_a_usage_error(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jupyter-prod]\nignore = ["HS999"]\n')

    result = cli("check", write_notebook(tmp_path, "n.ipynb", CLEAN))

    assert result.status == 2 and "HS999" in result.err


# ---------------------------------------------------------------------- version and help
def test_version(cli):
    result = cli("--version")

    assert result.status == 0
    assert result.out.strip() == f"jupyter-prod {__version__}"


@pytest.mark.parametrize(
    ("command", "mentions"),
    [
        ("check", ["PATH", "--format", "--select", "--ignore", "--fail-on", "--output", "--jobs"]),
        ("rules", ["rule", "--format"]),
    ],
)
def test_help_on_each_subcommand(cli, command, mentions):
    result = cli(command, "--help")

    assert result.status == 0
    assert result.out.startswith(f"usage: jupyter prod {command}")
    for option in mentions:
        assert option in result.out


def test_rules_lists_every_rule_and_explains_one(cli):
    listing = cli("rules")
    explained = cli("rules", "undefined-name")

    assert listing.status == 0
    assert "HS004  undefined-name" in listing.out and "NB003" in listing.out
    assert explained.status == 0
    assert explained.out.startswith("HS004 undefined-name (hidden-state, error)")
    assert cli("rules", "HS999").status == 2


# ---------------------------------------------------------------------- a real process
def test_subprocess_json_report_and_exit_1(tmp_path):
    write_notebook(tmp_path, "n.ipynb", UNDEFINED)

    done = run_cli_process("check", "n.ipynb", "--format", "json", *FOUNDATION_ARGS, cwd=tmp_path)

    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["notebooks"][0]["path"] == "n.ipynb"
    assert [f["rule"] for f in report["notebooks"][0]["findings"]] == ["HS004"]


def test_subprocess_clean_exits_0(tmp_path):
    write_notebook(tmp_path, "n.ipynb", CLEAN)

    done = run_cli_process("check", "n.ipynb", "--no-progress", *FOUNDATION_ARGS, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "0 findings (0 errors, 0 warnings, 0 info) in 1 notebook.\n"


def test_subprocess_usage_error_exits_2_without_a_traceback(tmp_path):
    done = run_cli_process("check", "x.ipynb", "--select", "nonsense", cwd=tmp_path)

    assert done.returncode == 2
    assert "nonsense" in done.stderr and "Traceback" not in done.stderr


def test_subprocess_prints_nothing_on_stderr_for_a_cell_with_a_control_character(tmp_path):
    write_notebook(tmp_path, "n.ipynb", notebook("x = 1\x1e\nprint(x)"))

    done = run_cli_process("check", "n.ipynb", *FOUNDATION_ARGS, cwd=tmp_path)

    assert done.returncode == 1  # NB002: U+001E is not valid Python
    assert done.stderr == ""


def test_subprocess_version():
    done = run_cli_process("--version")

    assert done.returncode == 0
    assert done.stdout.strip() == f"jupyter-prod {__version__}"
