"""Secrets never reach a job folder: a notebook that reads a token from the environment,
holds secrets in its saved outputs and prints them, exported and run with real processes
(`.venv/bin/jupyter prod ...`); every file of the job folder, the run records and every
command's output are searched for the secret values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import code, notebook

from jupyter_prod import api

pytestmark = pytest.mark.slow

JUPYTER = Path(sys.executable).with_name("jupyter")
# Realistic values, made up for this test: a GitHub token in the environment, others in outputs.
ENV_TOKEN = "ghp_" + "Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL7zX9cV2b"  # 36 characters
OUTPUT_TOKEN = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7"
OUTPUT_KEY = "Zq8xT3vLp9Wm2Rb7Kd4N"
OUTPUT_PASSWORD = "s3cr3t-Pa55word!"
TRACEBACK_KEY = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
SOURCE_SECRET = "AKIA" + "Z7QW3ERT9YUI1OPA"
FILE_TOKEN = "glpat-" + "Xy7Rk2Qm9Vt4Lp8Wz3Nb"  # in a data file the notebook reads
SECRETS = (ENV_TOKEN, OUTPUT_TOKEN, OUTPUT_KEY, OUTPUT_PASSWORD, TRACEBACK_KEY, FILE_TOKEN)


def _stream(text: str) -> dict[str, object]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def _with_outputs(source: str, count: int, outputs: list[dict[str, object]]) -> dict[str, object]:
    cell = code(source, count)
    cell["outputs"] = outputs
    return cell


def service_notebook() -> dict[str, object]:
    """Reads `SVC_TOKEN` as HO001's fix does; saved outputs hold secrets the code does not."""
    error = {"output_type": "error", "ename": "ValueError", "evalue": "rejected",
             "traceback": ["\x1b[0;31mValueError\x1b[0m: rejected",
                           f"stripe.api_key = '{TRACEBACK_KEY}'"]}  # fmt: skip
    html = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f"<pre>token: {OUTPUT_TOKEN}</pre>", "text/plain": "<pre>"}}  # fmt: skip
    return notebook(
        code("import os\nimport pandas as pd", 1),
        code(
            'token = os.environ.get("SVC_TOKEN")\nheaders = {"Authorization": "Bearer " + token}', 2
        ),  # fmt: skip
        code('def describe(h):\n    return {"sent": h["Authorization"], "calls": 3}', 3),
        _with_outputs(
            "reply = describe(headers)\n"
            'frame = pd.DataFrame({"who": ["a", "b"], "auth": [token, "none"]})\n'
            'print("rows", len(frame))',
            4,
            [_stream(f"rows 2\napi_key = '{OUTPUT_KEY}'\n"), html],
        ),  # fmt: skip
        _with_outputs(
            "print(headers)\nprint(reply['calls'])",
            5,
            [_stream(f"password: {OUTPUT_PASSWORD}\n"), error],
        ),
        code("def token_length(value):\n    return len(value)", 6),
        code("length = token_length(token)\nprint('length', length)", 7),
        code('prices = pd.DataFrame({"item": ["a", "b"], "price": [1.5, 2.0]})', 8),
        code('total = prices["price"].sum()\nkeys = pd.read_csv("keys.csv")', 9),
        code("print(total, len(keys))", 10),
    )


def write_project(folder: Path) -> Path:
    (folder / "keys.csv").write_text(f"service,key\nci,{FILE_TOKEN}\n", encoding="utf-8")
    path = folder / "service.ipynb"
    path.write_text(json.dumps(service_notebook()), encoding="utf-8")
    return path


def jupyter(*args: object, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(JUPYTER), "prod", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def leaks(text: str, where: str) -> list[str]:
    return [f"{where}: {secret[:6]}..." for secret in SECRETS if secret in text]


def test_no_secret_reaches_the_job_its_runs_or_any_output(tmp_path: Path) -> None:
    path = write_project(tmp_path)
    env = {**os.environ, "SVC_TOKEN": ENV_TOKEN}
    outputs: list[tuple[str, subprocess.CompletedProcess[str]]] = []

    check = jupyter("check", path, "--select", "HO001", cwd=tmp_path, env=env)
    outputs.append(("check", check))
    assert check.returncode == 1, check.stderr
    assert "in the output of cell 4" in check.stdout
    assert "in the output of cell 5" in check.stdout

    exported = jupyter("export", path, "-o", "job", cwd=tmp_path, env=env)
    outputs.append(("export", exported))
    assert exported.returncode == 0, exported.stdout + exported.stderr  # not refused
    job = tmp_path / "job"
    ran = jupyter("run", job, "--no-progress", cwd=tmp_path, env=env)
    outputs.append(("run", ran))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    outputs.append(("run --list", jupyter("run", job, "--list", cwd=tmp_path, env=env)))
    outputs.append(("params", jupyter("params", path, cwd=tmp_path, env=env)))
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                           cwd=job, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr

    found: list[str] = []
    for name, result in outputs:
        found += leaks(result.stdout + result.stderr, f"`{name}` output")
    files = [p for p in job.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert any("runs" in p.parts and p.name == "run.json" for p in files)
    data = sorted(p.name for p in files if p.parent.name == "data")
    assert any("prices" in name for name in data), data  # values without secrets are kept
    assert not any("keys" in name for name in data), data  # a frame holding a token is not
    for file in files:
        if "runs" in file.relative_to(job).parts and file.suffix == ".ipynb":
            continue  # the run's output notebook: what the job printed at run time (see below)
        found += leaks(file.read_bytes().decode("latin-1"), str(file.relative_to(job)))
    assert found == []
    # The job prints the environment's token at run time (cell 5 prints `headers`): the
    # user's code, in the run's output notebook only; the run record itself stays clean.
    printed = [p for p in files if "runs" in p.parts and p.suffix == ".ipynb"]
    assert printed and ENV_TOKEN in printed[0].read_text(encoding="utf-8")
    assert leaks(printed[0].read_text(encoding="utf-8").replace(ENV_TOKEN, ""), "run") == []


def test_the_report_says_which_values_were_not_recorded_and_the_tests_check_their_shape(
    tmp_path: Path,
) -> None:
    path = write_project(tmp_path)
    env = {**os.environ, "SVC_TOKEN": ENV_TOKEN}
    exported = jupyter("export", path, "-o", "job", cwd=tmp_path, env=env)
    assert exported.returncode == 0, exported.stderr
    report = (tmp_path / "job" / "export-report.md").read_text(encoding="utf-8")
    section = report.split("## Not recorded: secrets and values from the environment")[1]
    assert "output `token` of step" in section
    assert "computed from the environment" in section
    assert "the environment variable `SVC_TOKEN`" in section  # a value passed to a function
    steps = (tmp_path / "job" / "tests" / "test_steps.py").read_text(encoding="utf-8")
    assert f'type(token).__name__ == "str" and len(token) == {len(ENV_TOKEN)}' in steps
    assert "HO001" in report and "in the output of cell 4" in report
    assert "it holds a secret (GitLab token)" in section  # found in the recorded frame


def test_an_export_refused_for_a_secret_in_the_code_never_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "keys.ipynb"
    path.write_text(json.dumps(notebook(f'aws_key = "{SOURCE_SECRET}"\nprint(1)')), "utf-8")
    for command in (("export", path), ("export", path, "--force"), ("check", path),
                    ("params", path), ("params", path, "--format", "json")):  # fmt: skip
        result = jupyter(*command, cwd=tmp_path, env=dict(os.environ))
        assert SOURCE_SECRET not in result.stdout + result.stderr, command
    refused = jupyter("export", path, cwd=tmp_path, env=dict(os.environ))
    assert refused.returncode != 0 and "hard-coded" in refused.stderr + refused.stdout
    assert not (tmp_path / "jobs").exists()


def test_a_run_that_fails_on_the_token_keeps_it_out_of_its_record(tmp_path: Path) -> None:
    path = tmp_path / "rejected.ipynb"
    cells = ('import os\ntoken = os.environ["SVC_TOKEN"]',
             'def check(value):\n    raise ValueError("rejected " + value)', "check(token)")  # fmt: skip
    path.write_text(json.dumps(notebook(*cells)), encoding="utf-8")
    env = {**os.environ, "SVC_TOKEN": ENV_TOKEN}
    exported = jupyter("export", path, "-o", "job", "--verify", cwd=tmp_path, env=env)
    assert exported.returncode == 0, exported.stderr
    assert "raised ValueError: rejected [REDACTED]" in exported.stdout
    ran = jupyter("run", "job", "--no-progress", cwd=tmp_path, env=env)
    assert ran.returncode == 1 and "rejected [REDACTED]" in ran.stderr
    listed = jupyter("run", "job", "--list", cwd=tmp_path, env=env)
    found = leaks(exported.stdout + exported.stderr + ran.stdout + ran.stderr, "output")
    found += leaks(listed.stdout + listed.stderr, "run --list")
    for file in (tmp_path / "job").rglob("*"):
        if file.is_file() and file.suffix != ".ipynb" and "__pycache__" not in file.parts:
            found += leaks(file.read_bytes().decode("latin-1"), file.name)
    assert found == []
    record = next((tmp_path / "job" / "runs").glob("*/run.json")).read_text(encoding="utf-8")
    assert "rejected [REDACTED]" in record


def test_a_secret_passed_as_a_parameter_is_masked_in_the_run_record(tmp_path: Path) -> None:
    path = tmp_path / "report.ipynb"
    nb = notebook(
        code('api_token = ""\nrows = 2', 1, ["parameters"]), "print(rows, len(api_token))"
    )
    path.write_text(json.dumps(nb), encoding="utf-8")
    env = dict(os.environ)
    assert jupyter("export", path, "-o", "job", cwd=tmp_path, env=env).returncode == 0
    ran = jupyter("run", "job", "--no-progress", "-p", "api_token", OUTPUT_KEY, "-p", "rows", "3",
                  cwd=tmp_path, env=env)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    record = json.loads(next((tmp_path / "job" / "runs").glob("*/run.json")).read_text("utf-8"))
    assert record["parameters"] == {"api_token": "[REDACTED]", "rows": 3}
    assert OUTPUT_KEY not in ran.stdout + ran.stderr


def test_the_record_of_a_run_in_progress_is_masked_from_its_first_write(tmp_path: Path) -> None:
    # run.json is written when the run starts: it must not hold the value even then (a run
    # killed at that moment leaves that record).
    path = tmp_path / "report.ipynb"
    path.write_text(json.dumps(notebook(code('api_token = ""', 1, ["parameters"]), "print(len(api_token))")),
                    encoding="utf-8")  # fmt: skip
    assert jupyter("export", path, "-o", "job", "--no-run", cwd=tmp_path, env=dict(os.environ)).returncode == 0
    seen: list[str] = []

    def look(done: int, total: int) -> None:
        seen.extend(p.read_text("utf-8") for p in (tmp_path / "job" / "runs").glob("*/run.json"))

    options = api.RunOptions(parameters={"api_token": OUTPUT_KEY}, cwd=str(tmp_path), on_cell=look)
    api.run_job(tmp_path / "job", options)
    assert seen and all(OUTPUT_KEY not in text and "[REDACTED]" in text for text in seen)
