"""The real server (token auth, pytest-jupyter's jp_fetch) answers a body it cannot use with a
4xx and a JSON message, never a 500 or a silent empty answer, refuses notebooks above its size
limit with 413, and shows a run whose process is gone as `interrupted`."""

from __future__ import annotations

import json
import socket
import time

import pytest
from helpers import notebook
from tornado.httpclient import HTTPClientError

from jupyter_prod.server.base import MAX_NOTEBOOK_BYTES


async def post(jp_fetch, route: str, body: bytes | str | object):  # type: ignore[no-untyped-def]
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    response = await jp_fetch("jupyter-prod", route, method="POST", body=raw)
    return response.code, json.loads(response.body)


async def refused(jp_fetch, route: str, body: bytes | str | object):  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as error:
        await post(jp_fetch, route, body)
    reply = json.loads(error.value.response.body)
    assert error.value.response.headers["Content-Type"].startswith("application/json")
    return error.value.code, reply


@pytest.mark.parametrize("route", ["graph", "check", "parameters"])
async def test_a_body_nested_100000_levels_deep_is_400(jp_fetch, route: str) -> None:  # type: ignore[no-untyped-def]
    deep = '{"notebook": ' + "[" * 100_000 + "]" * 100_000 + "}"
    code, reply = await refused(jp_fetch, route, deep)
    assert code == 400 and "nested more than 200 levels deep" in reply["message"]


async def test_a_body_that_parses_but_nests_past_the_limit_is_400(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    nested: object = "leaf"
    for _ in range(300):
        nested = {"data": nested}
    document = notebook("x = 1")
    document["cells"][0]["outputs"] = [
        {"output_type": "display_data", "metadata": {}, "data": nested}
    ]
    code, reply = await refused(jp_fetch, "check", {"notebook": document})
    assert code == 400 and "nested more than 200 levels" in reply["message"]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"cells": [1, 2]}, "cell 1 is a JSON int, not an object"),
        ({"cells": [{"cell_type": "code", "source": "x = 1"}, {"source": "y"}]},
         "cell 2 has no `cell_type` of code, markdown, raw"),
        ({"cells": [{"cell_type": "code"}]}, "cell 1's `source` is not a string or a list of strings"),
        ({"cells": [{"cell_type": "code", "source": ["a", 3]}]}, "cell 1's `source` is not a string or a list of strings"),
        ({"cells": [{"cell_type": "code", "source": "", "outputs": {}}]}, "cell 1's `outputs` is not a list"),
        ({"cells": "x = 1"}, "it has no `cells` list"),
        ([1, 2], "it is a JSON list, not an object"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("route", ["graph", "check", "parameters", "requirements"])
async def test_a_notebook_whose_cells_are_not_cells_is_400_naming_the_first_problem(
    jp_fetch, route: str, document: object, problem: str
) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, route, {"notebook": document})
    assert code == 400 and reply["message"] == f"`notebook` is not a notebook: {problem}"


async def test_a_valid_document_is_still_analysed(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    document = notebook("import os", "print(missing)")
    code, graph = await post(jp_fetch, "graph", {"notebook": document})
    assert code == 200 and len(graph["nodes"]) == 2
    code, report = await post(jp_fetch, "check", {"notebook": document, "graph": True})
    assert code == 200 and report["notebooks"][0]["findings"]


def big_notebook(size: int) -> dict[str, object]:
    return notebook("a=1;" * (size // 4))


async def test_a_notebook_above_the_limit_is_413_sent_or_by_path(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    document = big_notebook(MAX_NOTEBOOK_BYTES + 100_000)
    code, reply = await refused(jp_fetch, "check", {"notebook": document})
    assert code == 413 and reply["limit"] == MAX_NOTEBOOK_BYTES == 10_000_000
    assert reply["message"].startswith(
        "the request is 10.1 MB: the server analyses notebooks up to 10 MB"
    )
    (jp_root_dir / "big.ipynb").write_text(json.dumps(document))
    for route in ("check", "graph"):
        code, reply = await refused(jp_fetch, route, {"path": "big.ipynb"})
        assert code == 413 and reply["message"].startswith("big.ipynb is 10.1 MB: ")


async def test_the_limit_is_a_server_setting(jp_fetch, jp_serverapp) -> None:  # type: ignore[no-untyped-def]
    jp_serverapp.web_app.settings["jupyter_prod_max_notebook_bytes"] = 50_000
    document = big_notebook(60_000)
    code, reply = await refused(jp_fetch, "graph", {"notebook": document})
    assert code == 413 and "up to 0.05 MB" in reply["message"]
    jp_serverapp.web_app.settings["jupyter_prod_max_notebook_bytes"] = 200_000
    code, graph = await post(jp_fetch, "graph", {"notebook": document})
    assert code == 200 and len(graph["nodes"]) == 1


# ---------------------------------------------------------------------- run records
def _job_with_a_run(root, pid: int) -> None:  # type: ignore[no-untyped-def]
    job = root / "jobs" / "sleepy"
    (job / "runs" / "20260101T000000Z").mkdir(parents=True)
    (job / "job.yaml").write_text("name: sleepy\nnotebook: sleepy.ipynb\n")
    (job / "sleepy.ipynb").write_text(json.dumps(notebook("import time")))
    record = {"id": "20260101T000000Z", "status": "running", "pid": pid, "host": socket.gethostname(),
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "output": ""}  # fmt: skip
    (job / "runs" / "20260101T000000Z" / "run.json").write_text(json.dumps(record))


async def test_a_run_whose_process_is_gone_is_interrupted_in_the_runs_and_job_routes(
    jp_fetch, jp_root_dir
) -> None:  # type: ignore[no-untyped-def]
    _job_with_a_run(jp_root_dir, 999_999_999)
    response = await jp_fetch("jupyter-prod", "runs", method="GET", params={"job": "jobs/sleepy"})
    [run] = json.loads(response.body)["runs"]
    assert run["status"] == "interrupted" and "its process (pid 999999999 on " in run["message"]
    response = await jp_fetch("jupyter-prod", "job", method="GET", params={"path": "jobs/sleepy"})
    assert [r["status"] for r in json.loads(response.body)["runs"]] == ["interrupted"]


async def test_a_run_whose_process_still_runs_stays_running(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    import os

    _job_with_a_run(jp_root_dir, os.getpid())
    response = await jp_fetch("jupyter-prod", "runs", method="GET", params={"job": "jobs/sleepy"})
    assert [r["status"] for r in json.loads(response.body)["runs"]] == ["running"]


async def test_a_run_whose_worker_is_terminated_ends_interrupted(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import os
    import signal
    from pathlib import Path

    from helpers import write_notebook

    from jupyter_prod import api

    folder = jp_root_dir / "work"
    folder.mkdir()
    sleepy = notebook("import time\nPAUSE = 120", "time.sleep(PAUSE)")
    api.export_notebook(
        write_notebook(folder, "sleepy.ipynb", sleepy), api.ExportOptions(run=False)
    )
    code, started = await post(jp_fetch, "runs", {"job": "work/jobs/sleepy"})
    assert code == 202
    worker = None
    for _ in range(450):  # the worker spawns, imports, starts the job's kernel
        worker = next((_parent(k) for k in _kernels() if _parent(_parent(k)) == os.getpid()), None)
        if worker is not None:
            break
        await asyncio.sleep(0.2)
    assert worker is not None, "the run's kernel never started"
    await asyncio.sleep(2.0)
    os.kill(worker, signal.SIGTERM)
    for _ in range(300):
        response = await jp_fetch("jupyter-prod", "tasks", started["task"], method="GET")
        state = json.loads(response.body)
        if state["status"] != "running":
            break
        await asyncio.sleep(0.2)
    assert state["status"] == "failed", state
    assert state["error"]["message"].startswith("interrupted: stopped by SIGTERM after ")
    assert state["error"]["run"]["status"] == "interrupted"
    response = await jp_fetch(
        "jupyter-prod", "runs", method="GET", params={"job": "work/jobs/sleepy"}
    )
    assert [r["status"] for r in json.loads(response.body)["runs"]] == ["interrupted"]
    assert Path(f"/proc/{worker}").exists()  # the worker lived on to report it


def _kernels() -> list[int]:
    from pathlib import Path

    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"ipykernel" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _parent(pid: int | None) -> int | None:
    from pathlib import Path

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rfind(")") + 2 :].split()[1])
