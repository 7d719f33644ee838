"""`jupyter prod schedule JOB --airflow`: what it writes and refuses, without Airflow."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from demo_job import NAME, export_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_demo(tmp_path_factory.mktemp("schedule"))


def test_writes_a_dag_file_named_after_the_job(
    cli: Callable[..., Any], demo: Path, tmp_path: Path
) -> None:
    done = cli("schedule", demo, "--airflow", "--cron", "@daily", "-o", tmp_path / "dags")
    assert done.status == 0, done.err
    path = tmp_path / "dags" / f"jupyter_prod_{NAME}.py"
    assert done.out.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    ast.parse(text)
    assert f"JOB_FOLDER = {str(demo.resolve())!r}" in text.replace('"', "'")
    assert 'schedule="@daily"' in text and '"bulk_threshold": Param(' in text
    assert "requirements.txt" in text  # the docstring says what the worker needs


def test_an_existing_dag_file_is_kept_without_force(
    cli: Callable[..., Any], demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / f"jupyter_prod_{NAME}.py"
    target.write_text("# mine\n")
    done = cli("schedule", demo, "--airflow", "-o", tmp_path)
    assert done.status == 1
    assert f"{target} exists: pass --force to replace it" in done.err
    assert target.read_text() == "# mine\n"
    assert cli("schedule", demo, "--airflow", "-o", tmp_path, "--force").status == 0
    assert "from airflow.sdk import DAG, Param" in target.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cron", "every day"], "--cron 'every day' is not a cron expression"),
        (["--dag-id", "a b"], "--dag-id 'a b': use letters, digits"),
        (["--retries", "-1"], "retries must be a positive whole number, not -1"),
    ],
)
def test_bad_options_exit_2_with_one_line(cli: Callable[..., Any], demo: Path, tmp_path: Path,
                                         args: list[str], message: str) -> None:  # fmt: skip
    done = cli("schedule", demo, "--airflow", "-o", tmp_path, *args)
    assert done.status == 2
    assert message in done.err and "Traceback" not in done.err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_a_job_exits_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    done = cli("schedule", tmp_path, "--airflow", "-o", tmp_path / "dags")
    assert done.status == 2
    assert f"{tmp_path} is not a job folder" in done.err
