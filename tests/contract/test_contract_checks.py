"""The contract's parts on generated frames, without a kernel: inference, validation, drift,
what a run record takes in (masked), and the history rows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from demo_data import changed, sales

from jupyter_prod.contract.history import column_drift, history_row
from jupyter_prod.contract.in_job.drift import compare, psi
from jupyter_prod.contract.in_job.profiles import profile
from jupyter_prod.contract.in_job.validation import violations
from jupyter_prod.contract.inference import infer_schema, schema_yaml
from jupyter_prod.contract.run_findings import read_findings
from jupyter_prod.findings.redact import MASK
from jupyter_prod.run.records import RunRecord, list_runs, save


def reloaded(frame: pd.DataFrame, name: str = "sales") -> pa.DataFrameSchema:
    """The schema as a job reads it: inferred, written as YAML, read back."""
    return pa.DataFrameSchema.from_yaml(schema_yaml(infer_schema(name, profile(frame))))


def test_inference_asks_for_what_held_and_no_more() -> None:
    frame = sales()
    frame.loc[0, "score"] = np.nan
    schema = reloaded(frame)
    assert schema.columns["order_id"].unique and not schema.columns["amount"].unique  # floats: chance
    assert schema.columns["score"].nullable and not schema.columns["amount"].nullable
    assert [c.statistics for c in schema.columns["city"].checks] == [{"allowed_values": ["Lyon", "Nice", "Paris"]}]
    assert not any("isin" in str(c) for c in schema.columns["order_id"].checks)  # 400 values
    assert schema.strict is True and violations(schema, frame, "sales") == []


def test_every_violation_is_reported_at_once_by_column_and_check() -> None:
    found = violations(reloaded(sales()), changed(sales()), "sales")
    by = {(v["column"], v["check"]): v for v in found}
    assert set(by) == {("channel", "column_in_dataframe"), ("source", "column_in_schema"),
                       ("amount", "not_nullable"), ("city", "isin(['Lyon', 'Nice', 'Paris'])")}  # fmt: skip
    assert by[("amount", "not_nullable")]["count"] == 3 and by[("amount", "not_nullable")]["failing_values"] == ["null"]
    assert by[("city", "isin(['Lyon', 'Nice', 'Paris'])")]["failing_values"] == ["Lille"]


def test_a_few_failing_values_are_kept_and_long_ones_clipped() -> None:
    schema = reloaded(pd.DataFrame({"code": ["a", "b"] * 20}))
    bad = pd.DataFrame({"code": [f"value {i} " + "x" * 100 for i in range(40)]})
    [found] = violations(schema, bad, "codes")
    assert found["count"] == 40 and len(found["failing_values"]) == 5
    assert all(len(v) == 60 and v.endswith("…") for v in found["failing_values"])


def test_row_count_bounds_come_from_the_recorded_rows() -> None:
    schema = reloaded(sales(rows=400))
    [found] = violations(schema, sales(rows=30), "sales")
    assert found["column"] is None and found["check"] == "row_count_between(min_rows=40, max_rows=4000)"


def test_psi_is_zero_on_the_same_data_and_large_on_a_shift() -> None:
    frame = sales(rows=5000)
    reference = profile(frame)
    same = compare("sales", reference, profile(sales(seed=1, rows=5000)), sales(seed=1, rows=5000), {})
    assert all(not d["drifted"] for d in same)
    shifted = changed(frame)
    drift = {d["column"]: d for d in compare("sales", reference, profile(shifted), shifted, {})}
    assert drift["score"]["statistic"] == "psi" and drift["score"]["value"] > 1 and drift["score"]["drifted"]
    assert drift["city"]["statistic"] == "share" and not drift["city"]["drifted"]
    assert drift["city"]["detail"].endswith("%") and " -> " in drift["city"]["detail"]
    assert "channel" not in drift  # renamed: the contract's finding, not drift
    assert psi([0.5, 0.5], [0.5, 0.5]) == 0.0 and round(psi([0.5, 0.5], [0.9, 0.1]), 3) == 0.879


def test_thresholds_come_from_job_yaml_per_column_too() -> None:
    frame = sales(rows=2000)
    moved = frame.assign(city=np.where(np.arange(2000) % 4 == 0, "Nice", frame["city"]))
    settings = {"share": 0.5, "columns": {"sales.city": {"share": 0.05}}}
    [city] = [d for d in compare("sales", profile(frame), profile(moved), moved, settings) if d["column"] == "city"]
    assert city["threshold"] == 0.05 and city["drifted"] and "'Nice'" in city["detail"]


def test_the_record_takes_the_findings_in_masked(tmp_path: Path) -> None:
    findings = {"mode": "warn", "frames": {"users": {"role": "input", "rows": 3, "violations": [
        {"frame": "users", "column": "api_token", "check": "isin(['a'])", "failing_values": ["tok-123"], "count": 1},
        {"frame": "users", "column": "name", "check": "isin(['x'])", "failing_values": ["hunter2 here"], "count": 1}],
        "drift": [{"frame": "users", "column": "name", "statistic": "share", "value": 0.5, "threshold": 0.1,
                   "drifted": True, "detail": "'hunter2' 0.0% -> 50.0%"}]}}}  # fmt: skip
    (tmp_path / "contract.json").write_text(json.dumps(findings))
    contract, drift = read_findings(tmp_path, "warn", lambda text: text.replace("hunter2", MASK))
    values = {v["column"]: v["failing_values"] for v in contract["violations"]}
    assert values == {"api_token": [MASK], "name": [f"{MASK} here"]}
    assert drift[0]["detail"] == f"'{MASK}' 0.0% -> 50.0%" and "hunter2" not in json.dumps([contract, drift])
    assert contract["frames"] == [{"frame": "users", "role": "input", "rows": 3}]
    assert "hunter2" not in (tmp_path / "contract.json").read_text()  # masked in place too


def test_history_rows_and_a_column_over_runs(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    for number, value in enumerate([0.01, 0.4]):
        (runs / f"r{number}").mkdir(parents=True)
        record = RunRecord(f"r{number}", "succeeded", "2026-01-01T00:00:00Z", {"day": number},
                           folder=str(runs / f"r{number}"))  # fmt: skip
        record.contract = {"mode": "warn", "frames": [], "violations": []}
        record.drift = [{"frame": "sales", "column": "score", "statistic": "psi", "value": value,
                         "threshold": 0.2, "drifted": value > 0.2, "detail": ""}]  # fmt: skip
        save(record)
    (runs / "old").mkdir()
    (runs / "old" / "run.json").write_text(json.dumps({"id": "old", "status": "succeeded", "started": "x"}))
    records = list_runs(runs)
    assert [r.id for r in records] == ["old", "r0", "r1"]
    assert [history_row(r)["drifted"] for r in records] == [[], [], ["sales.score"]]
    assert history_row(records[0])["contract"] is None  # a record from before contracts
    assert column_drift(records, "sales", "score") == [("r0", 0.01, 0.2), ("r1", 0.4, 0.2)]


def test_a_column_holding_a_secret_keeps_no_values_in_the_contract() -> None:
    from jupyter_prod.export.contract_step import withhold_secrets
    from jupyter_prod.export.recorded_secrets import SecretGuard

    token = "glpat-" + "Xy7Rk2Qm9Vt4Lp8Wz3Nb"
    frame = pd.DataFrame({"service": ["ci", "cd"] * 20, "key": [token, "plain"] * 20,
                          "api_password": ["a", "b"] * 20})  # fmt: skip
    reference = profile(frame)
    withhold_secrets(reference, SecretGuard(frozenset(), {}))
    assert token not in json.dumps(reference) and "plain" not in json.dumps(reference)
    assert reference["columns"]["key"]["withheld"] and reference["columns"]["api_password"]["withheld"]
    assert reference["columns"]["service"]["top"]  # the others keep theirs
    text = schema_yaml(infer_schema("keys", reference))
    assert token not in text and "api_password" in text and "ci" in text


def test_a_column_that_cannot_be_profiled_or_a_broken_schema_never_stops_the_job(tmp_path: Path, monkeypatch) -> None:
    from jupyter_prod.contract import in_job
    from jupyter_prod.contract.in_job import profiles

    def refuse(sampled):  # what a column of values pandas cannot count would do
        if sampled.dtype == object:
            raise TypeError("unhashable type: 'Point'")
        return real(sampled)

    real = profiles._values
    frame = pd.DataFrame({"tags": ["a", "b"] * 10, "n": range(20)})
    monkeypatch.setattr(profiles, "_values", refuse)
    found = profile(frame)
    assert found["columns"]["tags"]["error"] == "TypeError: unhashable type: 'Point'"
    assert found["columns"]["n"]["count"] == 20 and found["columns"]["n"]["top"]
    (tmp_path / "job.yaml").write_text("contract:\n  mode: warn\n  frames: {tags: {role: input}}\n")
    (tmp_path / "contract").mkdir()
    (tmp_path / "contract" / "tags.schema.yaml").write_text("schema_type: dataframe\ncolumns: [unclosed\n")
    monkeypatch.setenv("JUPYTER_PROD_JOB_FOLDER", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PROD_RUN_FOLDER", str(tmp_path))
    monkeypatch.setattr(in_job, "_state", {"frames": {}, "profiles": {}, "schemas": {}})
    [violation] = in_job.violations_of("tags", frame)
    assert violation["check"] == "the contract tags.schema.yaml could not be checked"
    in_job.check("tags", frame)  # warn: recorded, the job goes on
    written = json.loads((tmp_path / "contract.json").read_text())
    assert written["frames"]["tags"]["violations"] == [violation]
    monkeypatch.setenv("JUPYTER_PROD_CONTRACT", "strict")
    with pytest.raises(in_job.ContractViolation, match="tags.schema.yaml could not be checked"):
        in_job.check("tags", frame)
