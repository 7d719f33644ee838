"""`jupyter prod schedule JOB --airflow`: the DAG loads in Airflow 3's own `DagBag` and runs
under `airflow dags test` (SQLite, a temporary AIRFLOW_HOME), in a venv without jupyter-prod:
the demo job gives the same RESULT as `jupyter prod run`, each run recorded under `runs/`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from demo_job import DEMO, NAME, result_of, write_bad_sales

from jupyter_prod import api
from jupyter_prod.run import RunOptions

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
DAG_ID = f"jupyter_prod_{NAME}"

_DAGBAG = """
import importlib.util, json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
dag = bag.dags.get(sys.argv[2])
task = dag.tasks[0] if dag else None
print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "jupyter_prod_importable": importlib.util.find_spec("jupyter_prod") is not None,
    "tasks": [t.task_id for t in dag.tasks] if dag else None,
    "upstream": {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks} if dag else None,
    "schedule": getattr(dag.timetable, "expression", None) if dag else None,
    "params": {k: dag.params.get_param(k).dump() for k in dag.params} if dag else None,
    "retries": task.retries if task else None,
    "timeout": task.execution_timeout.total_seconds() if task and task.execution_timeout else None,
}, default=str))
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo job, exported with its run (so it has its data contract), beside its data and
    a copy of it with a negative quantity."""
    folder = tmp_path_factory.mktemp("airflow-demo")
    shutil.copy(DEMO / f"{NAME}.ipynb", folder)
    shutil.copytree(DEMO / "data", folder / "data")
    write_bad_sales(folder)
    return Path(api.export_notebook(folder / f"{NAME}.ipynb").job_dir)


@pytest.fixture(scope="module")
def airflow(airflow_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """`airflow(*args)`: the Airflow CLI on a fresh SQLite database and a dags folder."""
    home = tmp_path_factory.mktemp("airflow-home")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("AIRFLOW", "PYTHON", "VIRTUAL_ENV"))}  # fmt: skip
    environment.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(home / "dags"),
                       AIRFLOW__CORE__LOAD_EXAMPLES="False", PATH=f"{airflow_bin}:{os.environ['PATH']}")  # fmt: skip

    def run(*args: str, program: str = "airflow") -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(airflow_bin / program), *args], env=environment, cwd=home,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    migrated = run("db", "migrate")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    run.dags = home / "dags"  # type: ignore[attr-defined]
    return run


def _schedule(cli: Callable[..., Any], demo: Path, dags: Path, *args: str) -> Path:
    done = cli("schedule", demo, "--airflow", "-o", dags, "--force", *args)
    assert done.status == 0, done.err
    return Path(done.out.strip())


def test_dagbag_loads_the_dag_with_its_task_params_retries_and_timeout(
    cli: Callable[..., Any], demo: Path, airflow: Any
) -> None:
    written = (demo / "job.yaml").read_text(encoding="utf-8")
    (demo / "job.yaml").write_text(written + "schedule:\n  retries: 2\n  timeout: 600\n")
    try:
        path = _schedule(cli, demo, airflow.dags, "--cron", "0 6 * * *")
    finally:  # the next tests run the DAG: a failing run must not wait for retries
        (demo / "job.yaml").write_text(written)
    assert path == airflow.dags / f"{DAG_ID}.py"
    done = airflow("-c", _DAGBAG, str(airflow.dags), DAG_ID, program="python")
    assert done.returncode == 0, done.stderr[-2000:]
    bag = json.loads(done.stdout.strip().splitlines()[-1])
    assert bag["errors"] == {}
    assert bag["jupyter_prod_importable"] is False  # the job runs on its own requirements
    assert bag["tasks"] == [NAME]
    assert bag["schedule"] == "0 6 * * *"
    assert (bag["retries"], bag["timeout"]) == (2, 600.0)
    params = {name: (p["value"], p["schema"].get("type")) for name, p in bag["params"].items()}
    assert params == {
        "sales_path": ("data/sales.csv", "string"), "vat_rate": (0.05, "number"),
        "bulk_threshold": (8, "integer"), "markup": (1.15, "number"),
        "regions": (["East", "North", "South", "West"], "array"), "seed": (7, "integer"),
    }  # fmt: skip


def test_dags_test_gives_the_result_of_jupyter_prod_run_and_records_the_run(
    cli: Callable[..., Any], demo: Path, airflow: Any
) -> None:
    _schedule(cli, demo, airflow.dags)
    by_kernel = api.run_job(demo, RunOptions(parameters={"bulk_threshold": "5"},
                                             cwd=str(demo.parent.parent)))  # fmt: skip
    before = {r.id for r in api.list_runs(demo)}
    done = airflow("dags", "test", DAG_ID, "-c", json.dumps({"bulk_threshold": 5}))
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    (record,) = [r for r in api.list_runs(demo) if r.id not in before]
    assert record.status == "succeeded" and record.kernel == "in-process"
    assert record.parameters == {"bulk_threshold": 5}  # the params left at defaults: not passed
    assert result_of(record.output) == result_of(by_kernel.output)
    log = done.stdout + done.stderr
    assert "net revenue: " in log and "each extra unit adds" in log  # in the task's log
    assert f"'id': '{record.id}'" in log  # the record is the task's XCom value


def test_one_task_per_step_passes_the_data_through_the_run_folder(
    cli: Callable[..., Any], demo: Path, airflow: Any
) -> None:
    _schedule(cli, demo, airflow.dags, "--steps", "--dag-id", "by_steps")
    done = airflow("-c", _DAGBAG, str(airflow.dags), "by_steps", program="python")
    bag = json.loads(done.stdout.strip().splitlines()[-1])
    assert bag["errors"] == {}
    assert bag["tasks"] == ["q3_sales_report", "net_revenue", "discounts", "order_value_model"]
    assert bag["upstream"] == {"q3_sales_report": [], "net_revenue": ["q3_sales_report"],
                               "discounts": ["net_revenue"], "order_value_model": ["discounts"]}  # fmt: skip
    whole = api.run_job(demo, RunOptions(parameters={"bulk_threshold": "5"},
                                         cwd=str(demo.parent.parent)))  # fmt: skip
    before = {r.id for r in api.list_runs(demo)}
    ran = airflow("dags", "test", "by_steps", "-c", json.dumps({"bulk_threshold": 5}))
    assert ran.returncode == 0, (ran.stdout + ran.stderr)[-3000:]
    (record,) = [r for r in api.list_runs(demo) if r.id not in before]  # one run, four tasks
    assert record.status == "succeeded" and record.parameters == {"bulk_threshold": 5}
    assert result_of(record.output) == result_of(whole.output)
    assert (Path(record.folder) / "state.pkl").is_file()  # what the steps passed on


def test_a_strict_contract_violation_fails_the_task_with_the_message_in_its_log(
    cli: Callable[..., Any], demo: Path, airflow: Any
) -> None:
    _schedule(cli, demo, airflow.dags, "--contract", "strict")
    before = {r.id for r in api.list_runs(demo)}
    done = airflow("dags", "test", DAG_ID, "-c", json.dumps({"sales_path": "data/bad.csv"}))
    assert done.returncode == 1
    log = done.stdout + done.stderr
    assert "ContractViolation: sales breaks the data contract" in log
    assert "sales.quantity: in_range(1, 12) failed (-3)" in log
    (record,) = [r for r in api.list_runs(demo) if r.id not in before]
    assert record.status == "failed" and record.contract is not None
    assert record.contract["mode"] == "strict" and record.failed_cell is not None
    assert record.failed_cell.error.startswith("ContractViolation: sales breaks the data contract")
