"""The GitHub Action (action.yml): its check step, run as the runner would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import REPO_ROOT, code, notebook, write_notebook

ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("name"): step for step in ACTION["runs"]["steps"]}
BEFORE = notebook(code('rate = 0.2', 1, ["parameters"]), "total = 1 + undefined_a")
AFTER = notebook(code('rate = 0.2', 1, ["parameters"]), "total = 1 + undefined_a",
                 "shown = undefined_b * rate")  # fmt: skip


def run_check_step(project: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    step = STEPS["Check notebooks"]
    env = dict(os.environ)
    env.pop("JUPYTER_PROD_CACHE_DIR", None)
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    for variable, expression in step["env"].items():
        name = expression.removeprefix("${{ inputs.").removesuffix(" }}")
        env[variable] = values[name]
    return subprocess.run([shutil.which("bash") or "bash", "-c", step["run"]], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_the_action_annotates_only_the_findings_a_change_brought(tmp_path):
    write_notebook(tmp_path, "nb/analysis.ipynb", BEFORE)
    subprocess.run([sys.executable, "-m", "jupyter_prod.cli.main", "check", "nb",
                    "--write-baseline", "baseline.json"], cwd=tmp_path, check=True,
                   capture_output=True)  # fmt: skip
    write_notebook(tmp_path, "nb/analysis.ipynb", AFTER)

    result = run_check_step(tmp_path, paths="nb", baseline="baseline.json")

    assert result.returncode == 1, result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=nb/analysis.ipynb,title=HS004 undefined-name")
    assert "undefined_b" in annotations[0]
    assert (tmp_path / ".jupyter_prod_cache").is_dir()  # what the cache step saves


def test_without_a_baseline_every_finding_is_annotated_and_fail_on_is_obeyed(tmp_path):
    write_notebook(tmp_path, "nb/analysis.ipynb", AFTER)

    everything = run_check_step(tmp_path, paths="nb")
    lenient = run_check_step(tmp_path, paths="nb", **{"fail-on": "error", "args": "--ignore HS004"})

    assert everything.returncode == 1
    assert sum(line.startswith("::error") for line in everything.stdout.splitlines()) == 2
    assert lenient.returncode == 0


def test_the_action_installs_without_building_the_panel_and_caches_reports():
    install = STEPS["Install jupyter-prod"]
    assert install["env"]["SKIP_JUPYTER_BUILDER"] == "1"
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert STEPS["Restore the report cache"]["with"]["path"] == ".jupyter_prod_cache"
