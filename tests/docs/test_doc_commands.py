"""Every `jupyter prod` command shown in the README and the user docs runs as shown.

Commands run in a temporary copy of the repository's demo folder, as a newcomer would run them
from the repository root; exit status 1 (findings reported) is fine, 2 (usage error) is not.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs" / "users").glob("*.md"))]
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)
# Commands whose subcommand other work provides later; they are tested where they are built.
RUNNABLE = ("check", "rules")


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in SHELL_BLOCK.findall(doc.read_text(encoding="utf-8")):
            for line in block.splitlines():
                command = line.split("#", 1)[0].strip()
                words = command.split()
                if words[:2] == ["jupyter", "prod"] and len(words) > 2 and words[2] in RUNNABLE:
                    found.append((doc.name, command))
    return found


def test_the_docs_show_commands() -> None:
    assert len(documented_commands()) >= 8


@pytest.mark.parametrize(("doc", "command"), documented_commands())
def test_documented_command_runs(doc: str, command: str, tmp_path: Path) -> None:
    shutil.copytree(REPO / "binder", tmp_path / "binder")
    argv = [sys.executable, "-m", "jupyter_prod.cli.main", *shlex.split(command)[2:]]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), f"{doc}: `{command}` exited {result.returncode}: {result.stderr}"
    assert "Traceback" not in result.stderr
