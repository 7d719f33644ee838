"""`jupyter prod run --contract`: a job without a data contract records none, whatever the mode;
an unknown mode is refused before anything runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.run import RunError

pytestmark = pytest.mark.slow


@pytest.fixture
def job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_notebook(tmp_path, "count.ipynb", notebook("N = 3", "print(list(range(N)))"))
    monkeypatch.chdir(tmp_path)
    return Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)


def test_a_job_without_a_contract_records_none(job: Path, cli) -> None:
    assert "contract" not in (job / "job.yaml").read_text() and not (job / "contract").exists()
    ran = cli("run", job, "--contract", "strict", "--no-progress")
    assert ran.status == 0, ran.err
    [path] = (job / "runs").glob("*/run.json")
    record = json.loads(path.read_text())
    assert record["contract"] is None and record["drift"] == []
    assert "contract:" not in ran.err
    assert "no contract" in cli("runs", job).out


def test_an_unknown_mode_is_refused_before_anything_runs(job: Path, cli) -> None:
    with pytest.raises(RunError, match="--contract loose: choose from strict, warn, off"):
        api.run_job(job, api.RunOptions(contract="loose"))
    refused = cli("run", job, "--contract", "loose")
    assert refused.status == 2 and "invalid choice: 'loose'" in refused.err
    assert not (job / "runs").exists()
