"""jupyter-scheduler in a real Jupyter server: a job definition made from the exported demo job
(its parameters, a cron schedule) runs the job through its entry point, with the RESULT of
`jupyter prod run`; the run appears in the panel's runs view; a strict data-contract violation
fails the scheduler's job with the message."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from demo_job import DEMO, NAME, result_of, write_bad_sales
from server_requests import call

from jupyter_prod import api
from jupyter_prod.run import RunOptions

pytestmark = [pytest.mark.scheduler, pytest.mark.slow]
JOB = f"jobs/{NAME}"


@pytest.fixture
def jp_server_config(jp_server_config, jupyter_scheduler_installed):  # type: ignore[no-untyped-def]
    return {"ServerApp": {"jpserver_extensions": {"jupyter_prod": True, "jupyter_scheduler": True},
                          "allow_unauthenticated_access": False}}  # fmt: skip


@pytest.fixture
def demo(jp_root_dir: Path) -> Path:
    """The demo job exported (with its run: it has a data contract) in the server's root."""
    shutil.copy(DEMO / f"{NAME}.ipynb", jp_root_dir)
    shutil.copytree(DEMO / "data", jp_root_dir / "data")
    write_bad_sales(jp_root_dir)
    return Path(api.export_notebook(jp_root_dir / f"{NAME}.ipynb").job_dir)


async def _scheduler(jp_fetch, *path: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = await jp_fetch("scheduler", *path)
    return json.loads(response.body)  # type: ignore[no-any-return]


async def _ended(jp_fetch, job_id: str, limit: float = 240.0) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        job = await _scheduler(jp_fetch, "jobs", job_id)
        # A new job reads STOPPED (the table's default) until its process has started.
        if job["status"] in ("COMPLETED", "FAILED") or (
            job["status"] == "STOPPED" and job.get("start_time")
        ):
            return job
        await asyncio.sleep(1)
    raise AssertionError(f"the scheduler's job {job_id} did not end in {limit} s")


async def test_the_server_says_jupyter_scheduler_is_there(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    code, body = await call(jp_fetch, "GET", "scheduler")
    assert code == 200 and body["available"] is True and body["version"].startswith("2.")


async def test_a_definition_runs_the_job_with_the_result_of_jupyter_prod_run(
    jp_fetch, demo
) -> None:  # type: ignore[no-untyped-def]
    request = {"job": JOB, "cron": "0 6 * * 1-5", "parameters": {"bulk_threshold": "5"},
               "run_now": True}  # fmt: skip
    code, created = await call(jp_fetch, "POST", "scheduler/definitions", request)
    assert code == 201
    assert (
        created["launcher"] == f"{JOB}/scheduled_run.ipynb" and created["schedule"] == "0 6 * * 1-5"
    )
    assert created["parameters"] == {"bulk_threshold": 5}  # typed as job.yaml declares
    definition = await _scheduler(jp_fetch, "job_definitions", created["definition_id"])
    assert definition["schedule"] == "0 6 * * 1-5" and definition["name"] == NAME
    assert definition["parameters"] == {"bulk_threshold": "5"}  # the Python source it injects
    assert definition["input_filename"] == "scheduled_run.ipynb"

    job = await _ended(jp_fetch, created["job_id"])
    assert job["status"] == "COMPLETED", job.get("status_message")
    (record,) = api.list_runs(demo)
    assert record.status == "succeeded" and record.parameters == {"bulk_threshold": 5}
    by_kernel = api.run_job(demo, RunOptions(parameters={"bulk_threshold": "5"},
                                             cwd=str(demo.parent.parent)))  # fmt: skip
    assert result_of(record.output) == result_of(by_kernel.output)
    code, listed = await call(jp_fetch, "GET", "runs", job=JOB)  # the panel's runs view
    assert record.id in json.dumps(listed)


async def test_a_strict_contract_violation_fails_the_scheduler_job(jp_fetch, demo) -> None:  # type: ignore[no-untyped-def]
    request = {"job": JOB, "parameters": {"sales_path": "data/bad.csv"}, "contract": "strict",
               "run_now": True}  # fmt: skip
    code, created = await call(jp_fetch, "POST", "scheduler/definitions", request)
    assert code == 201 and created["schedule"] is None
    job = await _ended(jp_fetch, created["job_id"])
    assert job["status"] == "FAILED"
    assert "ContractViolation: sales breaks the data contract" in job["status_message"]
    assert "sales.quantity: in_range(1, 12) failed (-3)" in job["status_message"]
    (record,) = api.list_runs(demo)
    assert record.status == "failed" and record.contract and record.contract["mode"] == "strict"


async def test_unknown_parameters_and_bad_cron_are_refused(jp_fetch, demo) -> None:  # type: ignore[no-untyped-def]
    from server_requests import refused

    for body, fragment in [
        ({"job": JOB, "parameters": {"treshold": "3"}}, "the job has no parameter treshold"),
        ({"job": JOB, "parameters": {"bulk_threshold": "many"}}, "bulk_threshold takes an int"),
        ({"job": JOB, "cron": "every day"}, "is not a cron expression"),
    ]:
        code, reply = await refused(jp_fetch, "POST", "scheduler/definitions", body)
        assert code == 400 and fragment in reply["message"], reply
    assert not (demo / "runs").exists()
