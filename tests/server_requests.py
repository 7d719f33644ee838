"""Requests to the extension's routes through pytest-jupyter's `jp_fetch` (a real server with a
token), shared by the server tests: a JSON call, a refusal, a background task polled to its end."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from tornado.httpclient import HTTPClientError


async def call(jp_fetch, method: str, route: str, body: object = None, **params: str):  # type: ignore[no-untyped-def]
    kwargs: dict[str, object] = {"method": method}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    if params:
        kwargs["params"] = params
    response = await jp_fetch("jupyter-prod", *route.split("/"), **kwargs)
    return response.code, json.loads(response.body)


async def refused(jp_fetch, method: str, route: str, body: object = None, **params: str):  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as error:
        await call(jp_fetch, method, route, body, **params)
    return error.value.code, json.loads(error.value.response.body)


async def finished(jp_fetch, task: str, limit: float = 180.0) -> dict[str, object]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        _code, state = await call(jp_fetch, "GET", f"tasks/{task}")
        if state["status"] != "running":
            return state  # type: ignore[no-any-return]
        await asyncio.sleep(0.3)
    raise AssertionError(f"task {task} still running after {limit} s")
