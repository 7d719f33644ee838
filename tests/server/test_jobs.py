"""The routes behind the export and run dialogs, end to end with a real kernel, polled via tasks."""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest
from helpers import notebook
from server_requests import call, finished, refused
from tornado.httpclient import HTTPClientError

SLEEP = 4.0


DIVIDE = notebook(
    "import time",
    "DIVISOR = 4\nPAUSE = 0.0",
    "numbers = list(range(1, 9))",
    "time.sleep(PAUSE)\nshares = [n / DIVISOR for n in numbers]",
    "print(sum(shares))",
)


@pytest.fixture
def divide(jp_root_dir):  # type: ignore[no-untyped-def]
    folder = jp_root_dir / "work"
    folder.mkdir()
    (folder / "divide.ipynb").write_text(json.dumps(DIVIDE))
    return folder


# ---------------------------------------------------------------------- preview
async def test_preview_lists_the_files_and_leaves_nothing(jp_fetch, divide) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in divide.rglob("*"))
    started = time.perf_counter()
    code, preview = await call(jp_fetch, "POST", "export/preview", {"path": "work/divide.ipynb"})
    seconds = time.perf_counter() - started
    assert code == 200
    assert preview["job_dir"] == "work/jobs/divide"
    assert preview["exists"] is False
    files = {f["path"]: f for f in preview["files"]}
    assert {"divide.ipynb", "job.yaml", "divide/steps.py", "export-report.md"} <= set(files)
    assert "DIVISOR" in files["job.yaml"]["text"]
    assert "workdir: .." in files["job.yaml"]["text"]  # as the real export will write it
    assert "def " in files["divide/steps.py"]["text"]
    assert ".preview-" not in json.dumps(preview)
    assert sorted(p.name for p in divide.rglob("*")) == before  # nothing written, nothing left
    assert seconds < 10


async def test_preview_of_a_notebook_that_cannot_be_exported_is_422(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "bad.ipynb").write_text(json.dumps(notebook("print(never_defined)")))
    code, reply = await refused(jp_fetch, "POST", "export/preview", {"path": "bad.ipynb"})
    assert code == 422
    assert any("never_defined" in r for r in reply["reasons"])
    # The dialog's words: its "Export anyway" box, not the CLI's flag.
    assert reply["overridable"] is True
    assert "tick “Export anyway” to export all the same" in reply["message"]
    assert "--force" not in reply["message"]


async def test_export_refused_at_once_when_the_job_exists(jp_fetch, divide) -> None:  # type: ignore[no-untyped-def]
    (divide / "jobs" / "divide").mkdir(parents=True)
    code, reply = await refused(jp_fetch, "POST", "export", {"path": "work/divide.ipynb"})
    assert code == 409
    assert "already exists" in reply["message"]
    _code, preview = await call(jp_fetch, "POST", "export/preview", {"path": "work/divide.ipynb"})
    assert preview["exists"] is True


async def test_a_secret_never_reaches_the_preview(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    key = "f3b9c1d7e5a2948b6c0d1e7f3a9b5c2d"
    (jp_root_dir / "leak.ipynb").write_text(
        json.dumps(notebook(f'api_key = "{key}"', "print(len(api_key))"))
    )
    with pytest.raises(HTTPClientError) as error:
        await call(jp_fetch, "POST", "export/preview", {"path": "leak.ipynb"})
    assert error.value.code == 422 and key not in error.value.response.body.decode()
    with pytest.raises(HTTPClientError) as forced:  # a job never carries a secret, even forced
        await call(jp_fetch, "POST", "export/preview", {"path": "leak.ipynb", "force": True})
    body = forced.value.response.body.decode()
    assert forced.value.code == 422 and "hard-coded secrets" in body and key not in body


# ---------------------------------------------------------------------- export + run, for real
async def test_export_then_run_end_to_end(jp_fetch, divide, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    code, started = await call(jp_fetch, "POST", "export", {"path": "work/divide.ipynb"})
    assert code == 202
    export = await finished(jp_fetch, started["task"])
    assert export["status"] == "succeeded", export["error"]
    result = export["result"]
    assert result["job_dir"] == "work/jobs/divide"  # type: ignore[index]
    assert result["notebook"] == "work/jobs/divide/divide.ipynb"  # type: ignore[index]
    assert result["tests"] > 0  # type: ignore[index]
    assert (jp_root_dir / "work/jobs/divide/job.yaml").is_file()

    _code, job = await call(jp_fetch, "GET", "job", path="work/jobs/divide")
    assert job["engine"] == "local" and job["runs"] == []
    assert {p["name"]: p["default"] for p in job["parameters"]} == {"DIVISOR": 4, "PAUSE": 0.0}
    assert job["notebook_path"] == "work/jobs/divide/divide.ipynb"

    # A slow run, and the server still answers while it goes.
    body = {"job": "work/jobs/divide", "parameters": {"PAUSE": str(SLEEP)}}
    code, started = await call(jp_fetch, "POST", "runs", body)
    assert code == 202
    answered: list[float] = []
    progress: list[dict[str, int]] = []
    while True:
        _code, state = await call(jp_fetch, "GET", f"tasks/{started['task']}")
        if state["status"] != "running":
            break
        if state["progress"]:
            progress.append(state["progress"])
        t0 = time.perf_counter()
        await jp_fetch("jupyter-prod", "rules")
        answered.append(time.perf_counter() - t0)
        await asyncio.sleep(0.3)
    assert state["status"] == "succeeded", state["error"]
    assert len(answered) >= 3 and max(answered) < 1.0  # GETs answered during the run
    print(f"GET rules during a run: max {max(answered) * 1000:.0f} ms over {len(answered)}")
    # Every cell of the output notebook, as the widgets' launcher counts them (`on_cell`).
    output = json.loads((jp_root_dir / state["result"]["output"]).read_text())
    assert progress and progress[-1]["total"] == len(output["cells"])
    assert all(p["done"] <= p["total"] for p in progress)
    output = state["result"]["output"]
    assert output.startswith("work/jobs/divide/runs/") and output.endswith("/output.ipynb")
    ran = json.loads((jp_root_dir / output).read_text())
    printed = ["".join(o.get("text", "")) for c in ran["cells"] for o in c.get("outputs", [])]
    assert "9.0\n" in printed

    # A failing run names the cell and the error.
    code, started = await call(jp_fetch, "POST", "runs",
                               {"job": "work/jobs/divide", "parameters": {"DIVISOR": "0"}})  # fmt: skip
    failed = await finished(jp_fetch, started["task"])
    assert failed["status"] == "failed"
    error = failed["error"]
    assert "ZeroDivisionError: division by zero" in error["message"]  # type: ignore[index]
    assert error["failed_cell"]["error"] == "ZeroDivisionError: division by zero"  # type: ignore[index]
    assert (jp_root_dir / error["output"]).is_file()  # type: ignore[index]

    _code, runs = await call(jp_fetch, "GET", "runs", job="work/jobs/divide")
    assert [r["status"] for r in runs["runs"]] == ["succeeded", "failed"]
    assert runs["runs"][0]["parameters"] == {"PAUSE": SLEEP}
    assert not os.path.isabs(runs["runs"][0]["output"])


# ---------------------------------------------------------------------- refusals
async def test_run_refusals(jp_fetch, divide) -> None:  # type: ignore[no-untyped-def]
    code, reply = await refused(jp_fetch, "GET", "job", path="work")
    assert code == 404 and "not a job folder" in reply["message"]
    assert str(divide) not in reply["message"]
    code, reply = await refused(jp_fetch, "GET", "job", path="work/nothing")
    assert code == 404
    code, reply = await refused(jp_fetch, "POST", "runs", {"job": "work", "parameters": {}})
    assert code == 404
    code, reply = await refused(jp_fetch, "GET", "tasks/" + "a" * 32)
    assert code == 404 and "no task" in reply["message"]


async def test_run_parameters_are_checked_before_anything_runs(jp_fetch, divide) -> None:  # type: ignore[no-untyped-def]
    job = divide / "jobs" / "divide"
    job.mkdir(parents=True)
    (job / "divide.ipynb").write_text(json.dumps(notebook("DIVISOR = 4")))
    (job / "job.yaml").write_text("name: divide\nnotebook: divide.ipynb\nworkdir: ../..\n"
                                  "parameters:\n  DIVISOR: {type: int, default: 4}\n")  # fmt: skip
    code, reply = await refused(jp_fetch, "POST", "runs",
                                {"job": "work/jobs/divide", "parameters": {"DIVISOR": "four"}})  # fmt: skip
    assert code == 400 and reply["message"] == "DIVISOR takes an int, not 'four'"
    code, reply = await refused(jp_fetch, "POST", "runs",
                                {"job": "work/jobs/divide", "parameters": {"NOPE": "1"}})  # fmt: skip
    assert code == 400 and "has no parameter NOPE" in reply["message"]
    code, reply = await refused(jp_fetch, "POST", "runs",
                                {"job": "work/jobs/divide", "engine": "spark"})  # fmt: skip
    assert code == 400 and "exported for the local engine" in reply["message"]
    assert not (job / "runs").exists()


ESCAPES = ["../x", "/etc", "%2e%2e/x", "%252e%252e/x", "work/../../x", "~/x"]
PATH_ROUTES = [
    ("POST", "parameters", lambda p: {"path": p}),
    ("POST", "extract", lambda p: {"path": p, "cells": [0]}),
    ("POST", "extract/apply", lambda p: {"module": p + ".py", "source": "x = 1\n"}),
    ("POST", "requirements", lambda p: {"path": p}),
    ("POST", "requirements/apply", lambda p: {"requirements": p, "packages": ["x"]}),
    ("POST", "export/preview", lambda p: {"path": p}),
    ("POST", "export/preview", lambda p: {"path": "work/divide.ipynb", "output": p}),
    ("POST", "export", lambda p: {"path": p}),
    ("POST", "export", lambda p: {"path": "work/divide.ipynb", "output": p}),
    ("GET", "job", lambda p: {"path": p}),
    ("GET", "runs", lambda p: {"job": p}),
    ("POST", "runs", lambda p: {"job": p, "parameters": {}}),
]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("method, route, make", PATH_ROUTES)
async def test_paths_outside_the_root_are_refused_everywhere(jp_fetch, divide, method, route,
                                                            make, escape) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    body = make(escape)
    if method == "GET":
        code, reply = await refused(jp_fetch, method, route, **body)
    else:
        code, reply = await refused(jp_fetch, method, route, body)
    assert code == 400, reply
    assert reply["message"]


@pytest.mark.parametrize(
    "method, route, body, make",
    [
        ("POST", "parameters", None, lambda p: {"path": p}),
        ("POST", "export/preview", None, lambda p: {"path": p}),
        ("GET", "job", None, lambda p: {"path": p}),
        ("POST", "runs", None, lambda p: {"job": p}),
    ],
)
async def test_symlinks_out_of_the_root_are_refused(jp_fetch, jp_root_dir, tmp_path_factory,
                                                    method, route, body, make) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.ipynb").write_text(json.dumps(DIVIDE))
    os.symlink(outside, jp_root_dir / "link")
    target = "link" if route in ("job", "runs") else "link/x.ipynb"
    if method == "GET":
        code, _reply = await refused(jp_fetch, method, route, **make(target))
    else:
        code, _reply = await refused(jp_fetch, method, route, make(target))
    assert code == 403


@pytest.mark.parametrize(
    "route, body, fragment",
    [
        ("export/preview", "[]", "JSON object"),
        ("export/preview", '{"path": "work/divide.ipynb", "engine": "dask"}', "`engine` must be"),
        ("export/preview", '{"path": "work/divide.ipynb", "name": 3}', "`name` must be"),
        ("export", '{"path": "work/divide.ipynb", "force": "yes"}', "`force` must be"),
        ("export", '{"path": "work"}', "must be a notebook"),
        ("runs", '{"job": "work", "parameters": [1]}', "`parameters` must be"),
        ("runs", "{nope", "not valid JSON"),
        ("parameters", "{}", "non-empty string"),
    ],
)
async def test_malformed_bodies_get_400(jp_fetch, divide, route, body, fragment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as error:
        await jp_fetch("jupyter-prod", *route.split("/"), method="POST", body=body)
    assert error.value.code == 400
    assert fragment in json.loads(error.value.response.body)["message"]


def test_previews_at_once_all_answer(divide) -> None:  # type: ignore[no-untyped-def]
    """The dialog asks again as the user types: previews overlap in the server's threads, and
    none may fail (nor leave a folder behind)."""
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_prod import api

    names = [f"job{i}" for i in range(6)] * 3
    notebook = str(divide / "divide.ipynb")
    with ThreadPoolExecutor(max_workers=6) as pool:
        previews = list(
            pool.map(lambda n: api.preview_export(notebook, api.ExportOptions(name=n)), names)
        )
    assert [os.path.basename(p.job_dir) for p in previews] == names
    assert not (divide / "jobs").exists()
