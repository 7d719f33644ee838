"""The runs view's routes on a real server (token auth, jp_fetch): the runs of every job below a
folder, newest first, with their job, parameters and seconds so far; Stop (PATCH) ends a running
run as `cancelled` in its record and in its task; a run that is not running cannot be stopped."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from helpers import notebook, write_notebook
from server_requests import call, finished, refused

from jupyter_prod import api

pytestmark = pytest.mark.slow

SLEEPY = notebook("import time\nPAUSE = 120", "time.sleep(PAUSE)")


def _export(folder: Path) -> None:
    folder.mkdir(parents=True)
    api.export_notebook(write_notebook(folder, "sleepy.ipynb", SLEEPY), api.ExportOptions(run=False))


async def _running(jp_fetch, under: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    for _ in range(450):  # the worker spawns, imports, starts the kernel, writes the record
        _code, listing = await call(jp_fetch, "GET", "runs", under=under)
        running = [r for r in listing["runs"] if r["status"] == "running"]
        if running and float(running[0]["seconds"]) >= 1.0:
            return running[0]  # type: ignore[no-any-return]
        await asyncio.sleep(0.2)
    raise AssertionError("the run never started")


async def test_a_run_listed_under_a_folder_is_stopped_and_recorded_cancelled(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    _export(jp_root_dir / "work")
    code, started = await call(jp_fetch, "POST", "runs", {"job": "work/jobs/sleepy", "parameters": {"PAUSE": "90"}})
    assert code == 202

    run = await _running(jp_fetch, "work")
    assert run["job"] == "work/jobs/sleepy" and run["job_name"] == "sleepy"
    assert run["parameters"] == {"PAUSE": 90}

    code, reply = await call(jp_fetch, "PATCH", "runs", {"job": "work/jobs/sleepy", "id": run["id"], "status": "cancelled"})
    assert code == 202 and reply["status"] == "cancelling"
    state = await finished(jp_fetch, started["task"], limit=60)
    assert state["status"] == "failed"
    assert state["error"]["message"].startswith("cancelled: stopped on request")  # type: ignore[index]
    assert state["error"]["run"]["status"] == "cancelled"  # type: ignore[index]

    _code, listing = await call(jp_fetch, "GET", "runs", under=".")
    [listed] = listing["runs"]
    assert listed["status"] == "cancelled" and listed["id"] == run["id"]
    assert 0 < float(listed["seconds"]) < 60

    code, reply = await refused(jp_fetch, "PATCH", "runs", {"job": "work/jobs/sleepy", "id": run["id"], "status": "cancelled"})
    assert code == 409 and reply["message"] == f"run {run['id']} is not running (it is cancelled)"


async def test_stop_refuses_what_it_cannot_stop(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    _export(jp_root_dir / "work")
    job = "work/jobs/sleepy"
    code, reply = await refused(jp_fetch, "PATCH", "runs", {"job": job, "id": "20990101T000000Z", "status": "cancelled"})
    assert code == 404 and reply["message"] == "work/jobs/sleepy/runs: no run 20990101T000000Z"
    code, reply = await refused(jp_fetch, "PATCH", "runs", {"job": job, "id": "x", "status": "running"})
    assert code == 400 and "`status` must be \"cancelled\"" in reply["message"]
    code, reply = await refused(jp_fetch, "PATCH", "runs", {"job": "../elsewhere", "id": "x", "status": "cancelled"})
    assert code == 400 and "`..`" in reply["message"]
    code, reply = await refused(jp_fetch, "GET", "runs", under="/etc")
    assert code == 400 and "absolute paths" in reply["message"]
    _code, listing = await call(jp_fetch, "GET", "runs", under="work")
    assert listing == {"runs": []}
