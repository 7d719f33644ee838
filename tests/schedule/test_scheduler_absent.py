"""Without jupyter-scheduler in the server, the panel's "Schedule…" is absent, not broken:
the server says it is unavailable and refuses definitions with one clear message."""

from __future__ import annotations

import pytest
from server_requests import call, refused


@pytest.fixture
def jp_server_config(jp_server_config):  # type: ignore[no-untyped-def]
    return {"ServerApp": {"jpserver_extensions": {"jupyter_prod": True},
                          "allow_unauthenticated_access": False}}  # fmt: skip


async def test_the_server_says_jupyter_scheduler_is_absent(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    assert await call(jp_fetch, "GET", "scheduler") == (200, {"available": False, "version": None})


async def test_a_definition_is_refused_with_the_reason(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "jobs" / "a").mkdir(parents=True)
    code, body = await refused(jp_fetch, "POST", "scheduler/definitions", {"job": "jobs/a"})
    assert code == 404
    assert body["message"] == "jupyter-scheduler is not installed in this server's environment"


async def test_bad_requests_get_400_and_paths_stay_inside_the_root(
    jp_fetch, jp_root_dir, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "jobs" / "a").mkdir(parents=True)
    (jp_root_dir / "jobs" / "elsewhere").symlink_to(tmp_path)  # a link out of the root
    cases = [
        ({"job": "../outside"}, 400, "`..` is not accepted in paths"),
        ({"job": "/etc"}, 400, "absolute paths are not accepted"),
        ({"job": "jobs/elsewhere"}, 403, "outside"),
        ({"job": "jobs/missing"}, 404, "no such file: jobs/missing"),
        ({"job": "jobs/a", "parameters": [1]}, 400, "`parameters` must be an object"),
        ({"job": "jobs/a", "cron": 5}, 400, "`cron` must be a non-empty string"),
        ({"job": "jobs/a", "run_now": "yes"}, 400, "`run_now` must be true or false"),
    ]
    for body, status, fragment in cases:
        code, reply = await refused(jp_fetch, "POST", "scheduler/definitions", body)
        assert (code, fragment in reply["message"]) == (status, True), (body, reply)
