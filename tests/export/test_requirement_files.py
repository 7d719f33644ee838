"""Packages added to a dependency file as that file's format: `before -> after` for
`pyproject.toml` and `job.yaml` (comments and layout kept), and what is refused: any other
file, a line that is not a requirement, a file that cannot be edited without changing the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_prod import api
from jupyter_prod.export.requirement_files import (
    BadRequirement,
    NotADependencyFile,
    RequirementsRefused,
)

PYPROJECT_CASES = [
    (  # a multi-line array with a comment after its last item
        '[project]\nname = "x"\ndependencies = [\n  "pandas>=2",  # frames\n]\n\n[tool.x]\na = 1\n',
        '[project]\nname = "x"\ndependencies = [\n  "pandas>=2",  # frames\n  "xgboost>=2",\n]\n\n[tool.x]\na = 1\n',
    ),
    (  # one line, a `]` inside an item's extras
        '[project]\nname = "x"\ndependencies = ["pandas[excel]>=2", \'numpy\']\n',
        '[project]\nname = "x"\ndependencies = ["pandas[excel]>=2", \'numpy\', "xgboost>=2"]\n',
    ),
    (
        '[project]\nname = "x"\ndependencies = []\n',
        '[project]\nname = "x"\ndependencies = ["xgboost>=2"]\n',
    ),
    (  # no key yet: one at the end of the table, before the next one
        '[project]\nname = "x"\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
        '[project]\nname = "x"\ndependencies = [\n    "xgboost>=2",\n]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
    ),
]


@pytest.mark.parametrize("before, after", PYPROJECT_CASES)
def test_pyproject_dependencies_are_edited_in_place(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(before)
    assert api.add_requirements(path, ["xgboost>=2"]) == {"added": ["xgboost>=2"], "created": False}
    assert path.read_text() == after


JOB_YAML_CASES = [
    (
        "# A job\nname: x\ndependencies:\n- pandas==2.1\nparameters: {}\n",
        "# A job\nname: x\ndependencies:\n- pandas==2.1\n- xgboost>=2\nparameters: {}\n",
    ),
    (
        "name: x\ndependencies:\n  - pandas  # frames\n  # more to come\nother: 1\n",
        "name: x\ndependencies:\n  - pandas  # frames\n  - xgboost>=2\n  # more to come\nother: 1\n",
    ),
    ("name: x\ndependencies: []\nother: 1\n", "name: x\ndependencies:\n- xgboost>=2\nother: 1\n"),
    ("name: x\n", "name: x\ndependencies:\n- xgboost>=2\n"),
]


@pytest.mark.parametrize("before, after", JOB_YAML_CASES)
def test_job_yaml_dependencies_are_edited_in_place(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(before)
    api.add_requirements(path, ["xgboost>=2"])
    assert path.read_text() == after
    assert api.add_requirements(path, ["XGBoost", "xgboost>=3"])["added"] == []  # listed already


def test_nothing_new_writes_nothing(tmp_path: Path) -> None:  # by distribution name
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\ndependencies = ["Pandas"]\n')
    assert api.add_requirements(path, ["pandas>=2"]) == {"added": [], "created": False}
    assert path.read_text() == '[project]\ndependencies = ["Pandas"]\n'


@pytest.mark.parametrize("name", ["data.csv", "requirements.csv", "setup.py", "job.yml", "reqs.txt"])
def test_other_files_are_refused_and_untouched(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("a,b\n")
    with pytest.raises(NotADependencyFile, match="is not a dependency file"):
        api.add_requirements(path, ["evilpkg"])
    assert path.read_text() == "a,b\n"


@pytest.mark.parametrize("package", ["--index-url https://evil.example", "-e .", "a b c", "x\ny"])
def test_a_line_that_is_not_a_requirement_is_refused(tmp_path: Path, package: str) -> None:
    path = tmp_path / "requirements.txt"
    with pytest.raises(BadRequirement):
        api.add_requirements(path, [package])
    assert not path.exists()


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("pyproject.toml", "[tool.black]\n", "no [project] table"),
        ("pyproject.toml", '[project]\ndynamic = ["dependencies"]\n', "no [project] table"),
        ("pyproject.toml", "[project\n", "not valid TOML"),
        ("pyproject.toml", 'project = {name = "x", dependencies = []}\n', "by hand"),
        ("job.yaml", "- a list\n", "no `dependencies` list"),
        ("job.yaml", "name: [x\n", "not valid YAML"),
        ("job.yaml", "name: x\ndependencies: [pandas]\n", "by hand"),
        ("job.yaml", None, "does not exist"),
    ],
)
def test_files_that_cannot_be_edited_safely_are_refused(tmp_path: Path, name: str, text: str | None,
                                                        message: str) -> None:  # fmt: skip
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    with pytest.raises(RequirementsRefused, match=message.replace("[", r"\[")):
        api.add_requirements(path, ["xgboost"])
    assert (path.read_text() if text is not None else None) == text
