"""`python -m PACKAGE` / `run_job(**parameters)`: the job without a kernel, recorded as
`jupyter prod run` records it, with the same outputs as the notebook run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from demo_job import DEMO, NAME, export_demo, result_of, write_bad_sales
from helpers import code, notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.run import RunFailed, RunOptions
from jupyter_prod.run.values import typed_parameters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_demo(tmp_path_factory.mktemp("demo"))


def _python_m(job: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    package = job.name
    environment = {**os.environ, "PYTHONPATH": str(job)}
    return subprocess.run([sys.executable, "-m", package, *args], cwd=cwd or job.parent.parent,
                          env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip


def _record(stderr: str) -> dict[str, object]:
    line = next(x for x in stderr.splitlines() if x.startswith("run record: "))
    return json.loads(Path(line.removeprefix("run record: ")).read_text(encoding="utf-8"))


def test_same_result_as_jupyter_prod_run_and_both_recorded(demo: Path) -> None:
    by_kernel = api.run_job(
        demo, RunOptions(parameters={"bulk_threshold": "5"}, cwd=str(demo.parent.parent))
    )
    done = _python_m(demo, "--bulk-threshold", "5", cwd=Path("/"))  # workdir from job.yaml
    assert done.returncode == 0, done.stderr
    record = _record(done.stderr)
    assert record["status"] == "succeeded" and record["kernel"] == "in-process"
    assert record["parameters"] == {"bulk_threshold": 5}
    assert record["cwd"] == str(demo.parent.parent.resolve())
    assert result_of(record["output"]) == result_of(by_kernel.output)
    texts = [text for _cell, _kind, text in result_of(record["output"])]
    assert texts[0].startswith("net revenue: ") and "each extra unit adds" in texts[-1]
    assert texts[0] in done.stdout and texts[-1] in done.stdout  # the task's log shows them
    listed = {r.id: r.status for r in api.list_runs(demo)}
    assert listed[by_kernel.id] == "succeeded" and listed[record["id"]] == "succeeded"


def test_run_job_from_python_returns_the_record(demo: Path) -> None:
    script = (f"from {NAME}.entry_point import run_job; import json; "
              "r = run_job(regions=['North'], seed=3); print(json.dumps(r))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(demo)},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout.splitlines()[-1])
    assert record["status"] == "succeeded"
    assert record["parameters"] == {"regions": ["North"], "seed": 3}
    injected = json.loads(Path(record["output"]).read_text(encoding="utf-8"))["cells"][2]
    assert injected["metadata"]["tags"] == ["injected-parameters"]  # as papermill injects
    assert 'regions = ["North"]' in "".join(injected["source"])


def test_a_failing_cell_exits_1_naming_the_cell_as_jupyter_prod_run_does(demo: Path) -> None:
    with pytest.raises(RunFailed) as by_kernel:
        api.run_job(demo, RunOptions(parameters={"sales_path": "data/missing.csv"},
                                     cwd=str(demo.parent.parent)))  # fmt: skip
    done = _python_m(demo, "--sales-path", "data/missing.csv")
    assert done.returncode == 1
    failed = _record(done.stderr)
    assert failed["status"] == "failed"
    expected = by_kernel.value.record.failed_cell
    assert expected is not None
    assert failed["failed_cell"]["number"] == expected.number
    assert failed["failed_cell"]["source"] == expected.source
    assert failed["failed_cell"]["location"] == expected.location == f"{NAME}/steps.py, line 20"
    assert failed["failed_cell"]["error"].startswith("FileNotFoundError: ")
    assert f"the job failed: cell {expected.number} (`sales = steps.net_revenue(" in done.stderr
    assert "data/missing.csv" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bulk-threshold", "many"], "error: bulk_threshold takes an int, not 'many'"),
        (["--regions", "North"], "error: regions takes a list, not 'North'"),
        (["--treshold", "3"], "unrecognized arguments: --treshold 3"),
        (["--engine", "spark"], "error: the job was exported for the local engine, not spark"),
    ],
)
def test_usage_errors_exit_2_with_one_line(demo: Path, args: list[str], message: str) -> None:
    before = set((demo / "runs").glob("*")) if (demo / "runs").exists() else set()
    done = _python_m(demo, *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert set((demo / "runs").glob("*")) == before  # nothing ran, nothing recorded


def test_help_lists_the_parameters_with_their_types(demo: Path) -> None:
    done = _python_m(demo, "--help")
    assert done.returncode == 0
    assert "--bulk-threshold INT" in done.stdout and "--regions LIST" in done.stdout
    assert "--engine {local,spark}" in done.stdout


@pytest.mark.parametrize(
    ("value", "type_name"),
    [("5", "int"), ("2.5", "float"), ("yes", "bool"), ("off", "bool"), ('["a", 1]', "list"),
     ('{"a": 1}', "dict"), ("x y", "str"), ("3", None), ("[1, 2]", None), ("text", None)],
)  # fmt: skip
def test_values_are_read_as_jupyter_prod_run_reads_them(value: str, type_name: str | None) -> None:
    from jupyter_prod.export.job_entry import entry_point as job_entry_point

    declared = {"p": {"type": type_name}}
    assert job_entry_point.typed_parameters({"p": value}, declared) == typed_parameters(
        {"p": value}, declared
    )


def test_magics_run_through_ipython_and_secrets_are_masked(tmp_path: Path) -> None:
    write_notebook(
        tmp_path,
        "magic.ipynb",
        notebook(
            code('api_token: str = "placeholder"\nrows: int = 2', 1, ["parameters"]),
            code("%env JOB_COLOUR=blue", 2),
            code("import os\nprint(os.environ['JOB_COLOUR'] * rows)", 3),
            code("%time total = rows * 10\ntotal", 4),
            code("assert api_token.startswith('tok'), 'bad token'", 5),
        ),
    )
    job = Path(api.export_notebook(tmp_path / "magic.ipynb", api.ExportOptions(run=False)).job_dir)
    secret = "tok-9f8e7d6c5b4a"
    done = _python_m(job, "--api-token", secret, "--rows", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = _record(done.stderr)
    assert record["parameters"] == {"api_token": "[REDACTED]", "rows": 3}
    texts = [text for _c, _k, text in result_of(record["output"])]
    assert "blueblueblue\n" in texts and "30" in texts
    output_text = Path(record["output"]).read_text(encoding="utf-8")
    assert secret not in output_text and secret not in json.dumps(record)
    failed = _python_m(job, "--api-token", "nope-1234567", cwd=tmp_path)
    assert failed.returncode == 1 and "AssertionError: bad token" in failed.stderr


def test_sigterm_ends_the_run_as_interrupted(tmp_path: Path) -> None:
    write_notebook(
        tmp_path,
        "slow.ipynb",
        notebook(
            code("seconds: int = 60", 1, ["parameters"]),
            code("import time\nprint('started', flush=True)\ntime.sleep(seconds)", 2),
        ),
    )
    job = Path(api.export_notebook(tmp_path / "slow.ipynb", api.ExportOptions(run=False)).job_dir)
    process = subprocess.Popen([sys.executable, "-m", job.name], cwd=tmp_path, text=True,
                               env={**os.environ, "PYTHONPATH": str(job)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert process.stdout is not None and process.stdout.readline() == "started\n"
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "interrupted: stopped by SIGTERM" in err
    (record,) = api.list_runs(job)
    assert record.status == "interrupted" and record.seconds < 30


def test_a_strict_data_contract_fails_the_run_with_its_violations(tmp_path: Path) -> None:
    """The contract checks are the job notebook's own cells (issue 15): the entry point runs
    them with the mode asked for, and takes what they found into the record."""
    shutil.copy(DEMO / f"{NAME}.ipynb", tmp_path)
    shutil.copytree(DEMO / "data", tmp_path / "data")
    job = Path(api.export_notebook(tmp_path / f"{NAME}.ipynb").job_dir)  # runs: infers the contract
    write_bad_sales(tmp_path)
    done = _python_m(job, "--sales-path", "data/bad.csv", "--contract", "strict")
    assert done.returncode == 1
    assert "ContractViolation: sales breaks the data contract" in done.stderr
    assert "sales.quantity: in_range(1, 12) failed (-3)" in done.stderr
    failed = _record(done.stderr)
    assert failed["status"] == "failed" and failed["contract"]["mode"] == "strict"
    assert {(v["column"], v["failing_values"][0]) for v in failed["contract"]["violations"]} == {
        ("quantity", "-3")
    }
    warned = _python_m(job, "--sales-path", "data/bad.csv", "--contract", "warn")
    assert warned.returncode == 0, warned.stderr
    assert _record(warned.stderr)["contract"]["violations"]


def test_step_by_step_gives_the_result_of_the_whole_run_in_one_record(demo: Path) -> None:
    listed = _python_m(demo, "--steps")
    steps = listed.stdout.split()
    assert steps == ["q3_sales_report", "net_revenue", "discounts", "order_value_model"]
    whole = _record(_python_m(demo, "--bulk-threshold", "5").stderr)
    first = _python_m(demo, "--step", steps[0], "--bulk-threshold", "5", "--json")
    assert first.returncode == 0, first.stderr
    run_id = json.loads(first.stdout.splitlines()[-1])["id"]
    assert next(r for r in api.list_runs(demo) if r.id == run_id).status == "running"
    skipped = _python_m(demo, "--step", steps[2], "--run-id", run_id, "--bulk-threshold", "5")
    assert skipped.returncode == 2
    assert f"its next step is {steps[1]}, not {steps[2]}" in skipped.stderr
    for step in steps[1:]:
        done = _python_m(demo, "--step", step, "--run-id", run_id, "--bulk-threshold", "5")
        assert done.returncode == 0, done.stderr
    record = _record(done.stderr)
    assert record["id"] == run_id and record["status"] == "succeeded"
    assert record["parameters"] == {"bulk_threshold": 5}
    assert result_of(record["output"]) == result_of(whole["output"])
    later = _python_m(demo, "--step", steps[1], "--bulk-threshold", "5")
    assert later.returncode == 2 and f"{steps[1]} is not the first step" in later.stderr
