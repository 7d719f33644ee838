"""Every `jupyter prod` command in docs/users/export.md runs as shown, in order, on a copy of
a realistic notebook named as the doc names it (`orders.ipynb`, with its data)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "users" / "export.md"
REALISTIC = REPO / "tests" / "fixtures" / "export" / "realistic"


def documented() -> list[list[str]]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            words = shlex.split(line.split("#", 1)[0])
            if words[:2] == ["jupyter", "prod"]:
                commands.append(words[2:])
    return commands


def test_the_documented_commands_run_in_order(tmp_path: Path, cli, monkeypatch) -> None:
    shutil.copytree(REALISTIC / "data", tmp_path / "data")
    shutil.copy(REALISTIC / "retail_orders.ipynb", tmp_path / "orders.ipynb")
    monkeypatch.chdir(tmp_path)
    commands = documented()
    assert [c[0] for c in commands] == ["params", "export", "export", "run", "run"]
    for command in commands:
        result = cli(*command, *(["--no-progress"] if command[0] == "run" and "--list" not in command else []))
        assert result.status == 0, f"{command}: {result.err}"
    assert "succeeded" in result.out
