"""`jupyter nbconvert --to prod`: the same job as `jupyter prod export`, the same refusals, its
options configurable in `jupyter_nbconvert_config.py`. Real `jupyter nbconvert` processes (the
exporter is found through the package's `nbconvert.exporters` entry point)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "binder" / "demo"
JUPYTER = Path(sys.executable).parent / "jupyter"  # the environment's, as a user runs it
SECRET = "sk-live-" + "4f9a8b7c6d5e4f3a2b1c0d9e"  # fake, in the shape HO001 flags


def _demo(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(DEMO / "data", folder / "data")
    shutil.copy(DEMO / "sales_report_fixed.ipynb", folder)
    return folder / "sales_report_fixed.ipynb"


def _nbconvert(
    notebook: Path, *args: str, config_dir: Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config_dir))  # no user config leaks in
    argv = [str(JUPYTER), "nbconvert", "--to", "prod", str(notebook), *args]
    return subprocess.run(argv, cwd=cwd or notebook.parent, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _messages(stderr: str, prefix: str) -> list[str]:
    """The lines an export prints about a refusal or an error, without the command's name."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    return [lines[start][len(prefix) :], *lines[start + 1 :]]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "jupyter-config"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("nbconvert_args", "export_args"),
    [(["--ProdExporter.run=False"], ["--no-run"]), ([], [])],
    ids=["no-run", "default"],
)
def test_nbconvert_writes_the_job_prod_export_writes(
    tmp_path: Path, config_dir: Path, cli: Callable[..., Any],
    nbconvert_args: list[str], export_args: list[str],
) -> None:  # fmt: skip
    notebook = _demo(tmp_path / "demo")
    job = notebook.parent / "jobs" / "sales_report_fixed"
    exported = cli("export", notebook, *export_args)
    assert exported.status == 0, exported.err
    by_export = _files(job)
    shutil.rmtree(job)

    result = _nbconvert(notebook, *nbconvert_args, config_dir=config_dir)

    assert result.returncode == 0, result.stderr
    by_nbconvert = _files(job)
    assert sorted(by_nbconvert) == sorted(by_export)
    assert "job.yaml" in by_nbconvert and "sales_report_fixed/steps.py" in by_nbconvert
    different = [name for name in by_export if by_export[name] != by_nbconvert[name]]
    assert different == []
    has_tests = any(name.startswith("tests/test_") for name in by_nbconvert)
    assert has_tests == (export_args == [])
    # nbconvert's one output file: the export report, as `<notebook>.md` beside the notebook
    written = notebook.parent / "sales_report_fixed.md"
    assert written.read_bytes() == by_nbconvert["export-report.md"]
    assert "Traceback" not in result.stderr


def test_output_dir_puts_the_job_and_the_report_in_it(tmp_path: Path, config_dir: Path) -> None:
    notebook = _demo(tmp_path / "demo")
    out = tmp_path / "build"

    result = _nbconvert(notebook, "--ProdExporter.run=False", "--output-dir", "../build",
                        config_dir=config_dir)  # fmt: skip

    assert result.returncode == 0, result.stderr
    job = out / "sales_report_fixed"
    assert yaml.safe_load((job / "job.yaml").read_text())["name"] == "sales_report_fixed"
    assert (out / "sales_report_fixed.md").read_bytes() == (job / "export-report.md").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["sales_report_fixed", "sales_report_fixed.md"]
    assert not (notebook.parent / "jobs").exists()
    assert not (notebook.parent / "sales_report_fixed.md").exists()


def test_a_refused_notebook_reads_as_export_and_writes_nothing(
    tmp_path: Path, config_dir: Path, cli: Callable[..., Any]
) -> None:
    folder = tmp_path / "secret"
    folder.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(f'api_key = "{SECRET}"\nprint(len(api_key))')]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    path = folder / "billing.ipynb"
    nbformat.write(notebook, path)
    before = _files(folder)

    exported = cli("export", path)
    result = _nbconvert(path, config_dir=config_dir)

    assert exported.status == 1
    assert result.returncode == 1
    export_lines = _messages(exported.err, "jupyter prod export: ")
    assert export_lines[0].startswith("refused: ") and "HO001 cell 1" in export_lines[1]
    assert _messages(result.stderr, "jupyter nbconvert --to prod: ") == export_lines
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert _files(folder) == before  # no job, no report, nothing half-written
    assert sorted(p.name for p in folder.iterdir()) == ["billing.ipynb"]


def test_an_existing_job_is_a_usage_error_as_in_export(
    tmp_path: Path, config_dir: Path, cli: Callable[..., Any]
) -> None:
    notebook = _demo(tmp_path / "demo")
    assert _nbconvert(notebook, "--ProdExporter.run=False", config_dir=config_dir).returncode == 0
    (notebook.parent / "sales_report_fixed.md").unlink()
    job = _files(notebook.parent / "jobs")

    exported = cli("export", notebook, "--no-run")
    result = _nbconvert(notebook, "--ProdExporter.run=False", config_dir=config_dir)

    assert (exported.status, result.returncode) == (2, 2)
    assert "already exists: pass --force" in result.stderr
    export_lines = _messages(exported.err, "jupyter prod export: ")
    assert _messages(result.stderr, "jupyter nbconvert --to prod: ") == export_lines
    assert _files(notebook.parent / "jobs") == job
    assert not (notebook.parent / "sales_report_fixed.md").exists()


def test_jupyter_nbconvert_config_sets_the_options(tmp_path: Path, config_dir: Path) -> None:
    notebook = _demo(tmp_path / "demo")
    (config_dir / "jupyter_nbconvert_config.py").write_text(
        'c.ProdExporter.name = "Weekly Sales"\nc.ProdExporter.run = False\n', encoding="utf-8"
    )

    result = _nbconvert(notebook, config_dir=config_dir)

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (notebook.parent / "jobs").iterdir()) == ["weekly_sales"]
    job = notebook.parent / "jobs" / "weekly_sales"
    assert yaml.safe_load((job / "job.yaml").read_text())["name"] == "weekly_sales"
    assert not list(job.glob("tests/test_*"))  # run = False: no recorded tests
    assert "weekly_sales" in (notebook.parent / "sales_report_fixed.md").read_text()


def test_a_bad_option_value_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, config_dir: Path
) -> None:
    notebook = _demo(tmp_path / "demo")
    before = _files(notebook.parent)

    result = _nbconvert(notebook, "--ProdExporter.timeout=0", config_dir=config_dir)

    assert result.returncode == 2
    assert "jupyter nbconvert --to prod: error: ProdExporter.timeout must be a positive" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert _files(notebook.parent) == before
