"""The `jupyter-prod-check` pre-commit hook, installed from this checkout as pre-commit installs
it (a fresh environment, `pip install` of the repository) on a machine without Node.js."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO_ROOT, code, notebook, write_notebook

pytestmark = pytest.mark.slow

CLEAN = notebook(code('input_path = "data/sales.csv"', 1, ["parameters"]),
                 "rows = [1, 2, 3]\nprint(sum(rows))")  # fmt: skip
MESSY = notebook(code('input_path = "data/sales.csv"', 1, ["parameters"]),
                 code("print(total)", 2), code("total = 1 + undefined_rate", 1))  # fmt: skip
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
NODE = frozenset({"node", "nodejs", "npm", "npx", "corepack", "yarn", "jlpm"})


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory):
    """Runs the hook on given files in a fresh git repository; PATH holds no Node.js."""
    work = tmp_path_factory.mktemp("precommit")
    bin_dir = work / "bin"
    bin_dir.mkdir()
    # The system's tools (git, python3, the shell's helpers), every one but Node.js's.
    for folder in SYSTEM_PATH:
        for tool in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
            if tool not in NODE and not (bin_dir / tool).exists():
                (bin_dir / tool).symlink_to(os.path.join(folder, tool))
    assert shutil.which("node", path=str(bin_dir)) is None
    project = work / "project"
    project.mkdir()
    write_notebook(project, "clean.ipynb", CLEAN)
    write_notebook(project, "messy.ipynb", MESSY)
    # HOME stays: pip finds the machine's package index in the user's pip configuration.
    env = {"HOME": os.environ.get("HOME", str(work)), "PATH": str(bin_dir),
           "PRE_COMMIT_HOME": str(work / "cache"), "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    env.update({key: value for key, value in os.environ.items() if key.startswith("PIP_")})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=project, env=env, check=True)
    subprocess.run([*git, "add", "."], cwd=project, env=env, check=True)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT),
                   "jupyter-prod-check", "--verbose", "--files", *files]  # fmt: skip
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              timeout=900)  # fmt: skip

    return run


def test_the_hook_fails_on_a_messy_notebook_and_names_the_finding(hook_run):
    result = hook_run("messy.ipynb")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "jupyter-prod check" in result.stdout
    assert "Failed" in result.stdout
    assert "messy.ipynb:cell 3:1:13: HS004 `undefined_rate` is defined by no cell" in result.stdout


def test_the_hook_passes_on_a_clean_notebook(hook_run):
    result = hook_run("clean.ipynb")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_is_declared_for_notebooks():
    text = Path(REPO_ROOT, ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    import yaml

    [hook] = yaml.safe_load(text)
    assert hook["id"] == "jupyter-prod-check"
    assert hook["types"] == ["jupyter"] and hook["language"] == "python"
