"""Shared fixtures: the CLI run in-process, as a user would call it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from jupyter_prod.cli.main import main


@dataclass(frozen=True)
class CliRun:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """`cli("check", path, "--format", "json")` → exit status, stdout and stderr."""

    def run(*args: object) -> CliRun:
        capsys.readouterr()  # drop anything printed before
        status = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliRun(status, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _report_cache_per_test(tmp_path_factory, monkeypatch):
    """`check` caches reports in the project's `.jupyter_prod_cache/`; each test gets a cache of
    its own, so a test never reads another's results and none lands in this checkout."""
    monkeypatch.setenv("JUPYTER_PROD_CACHE_DIR", str(tmp_path_factory.mktemp("report-cache")))
