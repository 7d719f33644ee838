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
