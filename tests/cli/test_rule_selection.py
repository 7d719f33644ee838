"""`--select` / `--ignore` by code, prefix, name and category, and `[tool.jupyter-prod]` in a
pyproject.toml next to the notebooks."""

from __future__ import annotations

import json

import pytest
from helpers import FOUNDATION_ARGS, code, notebook, write_notebook

# HS001 + HS007 on cell 1, HS004 on cell 2, NB002 on cell 3
MIXED = notebook(code("x = 1", 2), code("x += 1", 1), code("print(missing)", 3), code("def (:", 4))
ALL_FOUND = {"HS001", "HS004", "HS007", "NB002"}


@pytest.fixture
def mixed(tmp_path):
    return write_notebook(tmp_path, "mixed.ipynb", MIXED)


def rules_reported(cli, *args) -> set[str]:
    """Rules reported, of the families tested here (hand-off rules are tested on their own)."""
    result = cli("check", *args, "--format", "json")
    assert result.status in (0, 1), result.err
    found = {f["rule"] for n in json.loads(result.out)["notebooks"] for f in n["findings"]}
    return {rule for rule in found if rule.startswith(("HS", "NB"))}


def test_without_selection_every_rule_runs(cli, mixed):
    assert rules_reported(cli, mixed) == ALL_FOUND


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("HS004", {"HS004"}),
        ("hs004", {"HS004"}),
        ("HS", {"HS001", "HS004", "HS007"}),
        ("NB", {"NB002"}),
        ("undefined-name", {"HS004"}),
        ("non-idempotent-cell", {"HS007"}),
        ("hidden-state", {"HS001", "HS004", "HS007"}),
        ("notebook", {"NB002"}),
        ("HS001,HS007", {"HS001", "HS007"}),
        ("ALL", ALL_FOUND),
    ],
)
def test_select(cli, mixed, selector, expected):
    assert rules_reported(cli, mixed, "--select", selector) == expected


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("HS004", ALL_FOUND - {"HS004"}),
        ("HS", {"NB002"}),
        ("out-of-order-execution", ALL_FOUND - {"HS001"}),
        ("notebook", {"HS001", "HS004", "HS007"}),
    ],
)
def test_ignore(cli, mixed, selector, expected):
    assert rules_reported(cli, mixed, "--ignore", selector) == expected


def test_select_repeated_and_combined_with_ignore(cli, mixed):
    found = rules_reported(cli, mixed, "--select", "HS001", "--select", "notebook,HS004",
                           "--ignore", "HS004")  # fmt: skip

    assert found == {"HS001", "NB002"}


def test_ignoring_the_only_failing_rule_makes_the_exit_status_0(cli, tmp_path):
    path = write_notebook(tmp_path, "n.ipynb", notebook("print(missing)"))

    assert cli("check", path, *FOUNDATION_ARGS).status == 1
    assert cli("check", path, *FOUNDATION_ARGS, "--ignore", "HS004").status == 0


# ---------------------------------------------------------------------- pyproject.toml
def configure(folder, text: str) -> None:
    (folder / "pyproject.toml").write_text("[tool.jupyter-prod]\n" + text, encoding="utf-8")


def test_configuration_next_to_the_notebooks_selects_and_ignores(cli, tmp_path, mixed):
    configure(tmp_path, 'select = ["hidden-state"]\nignore = ["HS007"]\n')

    assert rules_reported(cli, mixed) == {"HS001", "HS004"}


def test_configuration_in_a_parent_folder_applies(cli, tmp_path):
    configure(tmp_path, 'ignore = ["HS004"]\n')
    path = write_notebook(tmp_path, "deep/er/n.ipynb", MIXED)

    assert rules_reported(cli, path) == ALL_FOUND - {"HS004"}


def test_command_line_selection_overrides_the_configuration(cli, tmp_path, mixed):
    configure(tmp_path, 'select = ["HS004"]\n')

    assert rules_reported(cli, mixed, "--select", "NB002") == {"NB002"}


def test_fail_on_from_the_configuration_and_overridden(cli, tmp_path):
    configure(tmp_path, 'fail-on = "error"\nselect = ["hidden-state", "notebook"]\n')
    path = write_notebook(tmp_path, "n.ipynb", notebook(code("a = 1", 2), code("b = a", 1)))

    assert cli("check", path).status == 0  # HS001 is a warning
    assert cli("check", path, "--fail-on", "warning").status == 1


def test_exclude_patterns_from_the_configuration_skip_notebooks(cli, tmp_path, monkeypatch):
    configure(tmp_path, 'exclude = ["*scratch*"]\nselect = ["hidden-state", "notebook"]\n')
    write_notebook(tmp_path, "report.ipynb", notebook("x = 1"))
    write_notebook(tmp_path, "scratch/try.ipynb", notebook("print(missing)"))
    monkeypatch.chdir(tmp_path)

    result = cli("check", ".", "--format", "json")

    assert result.status == 0
    assert [n["path"] for n in json.loads(result.out)["notebooks"]] == ["./report.ipynb"]


def test_a_pyproject_without_our_table_changes_nothing(cli, tmp_path, mixed):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.ruff]\nline-length = 1\n'
    )

    assert rules_reported(cli, mixed) == ALL_FOUND


def test_exclude_pattern_from_the_config_docs_works_when_checking_the_project_folder(
    cli, tmp_path, monkeypatch
):
    configure(tmp_path, 'exclude = ["scratch/*"]\nselect = ["hidden-state", "notebook"]\n')
    write_notebook(tmp_path, "report.ipynb", notebook("x = 1"))
    write_notebook(tmp_path, "scratch/try.ipynb", notebook("print(missing)"))
    monkeypatch.chdir(tmp_path)

    result = cli("check", ".", "--format", "json")

    assert [n["path"] for n in json.loads(result.out)["notebooks"]] == ["./report.ipynb"]
