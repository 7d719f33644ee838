"""A data contract end to end: the export infers it from the notebook's run, a run on the
original data passes, a run on changed data names each change by column (record and CLI),
`strict` fails the run with exit status 1, and the job checks itself under plain papermill."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from demo_data import changed, sales, write_demo

from jupyter_prod import api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("contract")
    path = write_demo(folder)
    changed(sales()).to_csv(folder / "changed.csv", index=False)
    return Path(api.export_notebook(path, api.ExportOptions(verify=False)).job_dir)


@pytest.fixture
def job(exported: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.rmtree(exported / "runs", ignore_errors=True)
    monkeypatch.chdir(exported.parent.parent)  # the notebook's folder, where the data is
    return exported


def only_record(job: Path) -> dict:
    [path] = (job / "runs").glob("*/run.json")
    return json.loads(path.read_text())


def violated(record: dict) -> dict[tuple[str, str | None], dict]:
    return {(v["frame"], v["column"]): v for v in record["contract"]["violations"]}


def test_the_export_writes_a_reviewable_contract_for_each_frame_read_and_written(exported: Path) -> None:
    schema = yaml.safe_load((exported / "contract" / "sales.schema.yaml").read_text())
    columns = schema["columns"]
    assert list(columns) == ["order_id", "amount", "city", "channel", "score"] and schema["strict"]
    assert columns["order_id"]["dtype"] == "int64" and columns["order_id"]["unique"] is True
    assert columns["city"]["isin"] == ["Lyon", "Nice", "Paris"]
    assert columns["score"]["in_range"]["min_value"] >= 0 and columns["score"]["in_range"]["max_value"] <= 1
    assert columns["amount"].get("nullable", False) is False
    assert schema["checks"][0]["options"]["check_name"] == "row_count_between"
    assert (exported / "contract" / "totals.schema.yaml").is_file()
    reference = json.loads((exported / "contract" / "sales.profile.json").read_text())
    assert reference["rows"] == 400 and len(reference["columns"]["score"]["deciles"]) == 11
    contract = yaml.safe_load((exported / "job.yaml").read_text())["contract"]
    assert contract["mode"] == "warn" and contract["drift"] == {"psi": 0.2, "share": 0.1}
    assert contract["frames"] == {"sales": {"role": "input", "step": "read"},
                                  "totals": {"role": "output", "step": "write"}}  # fmt: skip
    assert "pandera==" in (exported / "requirements.txt").read_text()
    readme = (exported / "README.md").read_text()
    assert "## Data contract" in readme and "| `sales` | read by step `read` | `contract/sales.schema.yaml` |" in readme
    cells = json.loads((exported / "sales.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    read, check_in = sources.index("sales = steps.read(INPUT=INPUT)"), sources.index("data_contract.check('sales', sales)")
    check_out = sources.index("data_contract.check('totals', totals)")
    assert check_in == read + 1 and sources[check_out + 1].startswith("steps.write(")


def test_the_exported_tests_check_the_recorded_frames_against_the_contract(exported: Path) -> None:
    text = (exported / "tests" / "test_contract.py").read_text()
    assert "def test_the_recorded_sales_passes_the_contract" in text
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(exported / "tests" / "test_contract.py")],
                         capture_output=True, text=True, cwd=exported)  # fmt: skip
    assert ran.returncode == 0 and "2 passed" in ran.stdout, ran.stdout + ran.stderr


def test_a_run_on_the_original_data_passes(job: Path, cli) -> None:
    ran = cli("run", job, "--no-progress")
    assert ran.status == 0, ran.err
    assert "contract: sales, totals passed (warn), no drift beyond job.yaml's thresholds" in ran.err
    record = only_record(job)
    assert record["contract"]["mode"] == "warn" and record["contract"]["violations"] == []
    assert [f["frame"] for f in record["contract"]["frames"]] == ["sales", "totals"]
    assert record["drift"] and not any(d["drifted"] for d in record["drift"])
    assert (job / "runs" / record["id"] / "profiles.json").is_file()


def test_a_run_on_changed_data_names_each_change_by_column(job: Path, cli) -> None:
    ran = cli("run", job, "-p", "INPUT", "changed.csv", "--no-progress")
    assert ran.status == 0, ran.err  # warn: recorded and shown, the run goes on
    record = only_record(job)
    found = violated(record)
    assert found[("sales", "channel")]["check"] == "column_in_dataframe"  # renamed away
    assert found[("sales", "source")]["check"] == "column_in_schema"  # renamed to
    assert found[("sales", "amount")]["check"] == "not_nullable"
    assert found[("sales", "city")]["failing_values"] == ["Lille"]
    assert found[("sales", "city")]["check"] == "isin(['Lyon', 'Nice', 'Paris'])"
    assert ("sales", "score") not in found  # still in range: only its distribution moved
    drifted = {(d["frame"], d["column"]): d for d in record["drift"] if d["drifted"]}
    assert drifted[("sales", "score")]["statistic"] == "psi" and drifted[("sales", "score")]["value"] > 0.2
    assert ("sales", "order_id") not in drifted
    assert "contract: sales.city: isin(['Lyon', 'Nice', 'Paris']) failed (2 row(s); e.g. Lille)" in ran.err
    assert "contract: sales.amount: not_nullable failed" in ran.err
    assert "contract: sales.channel: column_in_dataframe failed" in ran.err
    assert "drift: sales.score: psi" in ran.err
    # The written totals break it too: a fourth city, sums out of their range.
    listed = cli("runs", job)
    assert listed.status == 0 and "INPUT=changed.csv  contract warn: 5 violation(s) in " in listed.out
    named = listed.out.split(" in ", 1)[1].split(";")[0].strip().split(", ")
    assert sorted(named) == ["sales.amount", "sales.channel", "sales.city", "sales.source", "totals.amount"]
    assert "; drift in sales.score, totals.city" in listed.out


def test_strict_fails_the_run_naming_the_violations(job: Path, cli) -> None:
    ran = cli("run", job, "-p", "INPUT", "changed.csv", "--contract", "strict", "--no-progress")
    assert ran.status == 1
    assert "ContractViolation: sales breaks the data contract" in ran.err
    assert "data_contract.check('sales', sales)" in ran.err
    assert "sales.city: isin(['Lyon', 'Nice', 'Paris']) failed (Lille)" in ran.err
    record = only_record(job)
    assert record["status"] == "failed" and record["contract"]["mode"] == "strict"
    assert ("sales", "amount") in violated(record)
    assert [f["frame"] for f in record["contract"]["frames"]] == ["sales"]  # stopped there


def test_off_checks_nothing(job: Path, cli) -> None:
    ran = cli("run", job, "-p", "INPUT", "changed.csv", "--contract", "off", "--no-progress")
    assert ran.status == 0, ran.err
    record = only_record(job)
    assert record["contract"] == {"mode": "off", "frames": [], "violations": []} and record["drift"] == []


def test_runs_lists_the_history_and_json_for_machines(job: Path, cli) -> None:
    assert cli("run", job, "--no-progress").status == 0
    assert cli("run", job, "-p", "INPUT", "changed.csv", "--contract", "strict", "--no-progress").status == 1
    listed = cli("runs", job)
    first, second = listed.out.strip().splitlines()
    assert "succeeded" in first and "contract warn: passed" in first
    assert "failed" in second and "INPUT=changed.csv" in second and "contract strict: 4 violation(s)" in second
    assert "drift in sales.score;" in second and "ContractViolation: sales breaks the data contract" in second
    rows = json.loads(cli("runs", job, "--json").out)["runs"]
    assert [r["status"] for r in rows] == ["succeeded", "failed"]
    assert sorted(rows[1]["violated"]) == ["sales.amount", "sales.channel", "sales.city", "sales.source"]
    assert rows[1]["drifted"] == ["sales.score"] and rows[1]["parameters"] == {"INPUT": "changed.csv"}
    assert rows[1]["findings"]["contract"]["mode"] == "strict"
    assert {"frame", "column", "statistic", "value", "threshold", "drifted"} <= set(rows[1]["findings"]["drift"][0])
    assert cli("runs", job / "missing").status == 2


def test_the_job_checks_itself_under_plain_papermill(job: Path, tmp_path: Path) -> None:
    """No `jupyter prod run`: the mode comes from the environment, the failure from the job."""
    environment = {**os.environ, "JUPYTER_PROD_CONTRACT": "strict",
                   "PYTHONPATH": os.pathsep.join([str(job), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    ran = subprocess.run([sys.executable, "-m", "papermill", str(job / "sales.ipynb"),
                          str(tmp_path / "out.ipynb"), "-p", "INPUT", "changed.csv",
                          "--cwd", str(job.parent.parent)],
                         capture_output=True, text=True, env=environment)  # fmt: skip
    assert ran.returncode != 0 and "ContractViolation" in ran.stderr and "Lille" in ran.stderr


def test_the_job_launcher_shows_the_history_and_a_column_drift_chart(job: Path, cli) -> None:
    from jupyter_prod.widgets import JobLauncher

    assert cli("run", job, "--no-progress").status == 0
    assert cli("run", job, "-p", "INPUT", "changed.csv", "--no-progress").status == 0
    launcher = JobLauncher(job)
    assert "2 violation(s)" not in launcher.history.value and "runs (2)" in launcher.history.value
    assert "5 violation(s): sales.source, sales.channel" in launcher.history.value or \
        "5 violation(s): sales.channel, sales.source" in launcher.history.value  # fmt: skip
    assert launcher.drift_column.options[0] == "sales.score"  # drifted columns first
    chart = launcher.drift_chart.value
    assert "drift of <code>sales.score</code>" in chart and chart.count("<circle") == 2
    assert chart.count("fill='#c62828'") == 1  # the changed run is beyond the threshold
    launcher.drift_column.value = "sales.city"
    assert "drift of <code>sales.city</code>" in launcher.drift_chart.value
    text = launcher.text()
    assert "runs:" in text and "contract passed (warn)" in text and "drift in sales.score" in text
