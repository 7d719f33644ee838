"""The REST routes through a real Jupyter server: results, refusals, authentication."""

from __future__ import annotations

import json
import os

import pytest
from tornado.httpclient import HTTPClientError

TASK_ID = "0" * 32
# (method, route as in the server's table, URL to call, body)
ROUTES = [
    ("GET", "rules", "rules", None),
    ("POST", "check", "check", {"path": "a.ipynb"}),
    ("POST", "graph", "graph", {"path": "a.ipynb"}),
    ("POST", "parameters", "parameters", {"path": "a.ipynb"}),
    ("POST", "extract", "extract", {"path": "a.ipynb", "cells": [0]}),
    ("POST", "extract/apply", "extract/apply", {"module": "m.py", "source": "x = 1\n"}),
    ("POST", "requirements", "requirements", {"path": "a.ipynb"}),
    (
        "POST",
        "requirements/apply",
        "requirements/apply",
        {"requirements": "r.txt", "packages": ["x"]},
    ),
    ("POST", "export/preview", "export/preview", {"path": "a.ipynb"}),
    ("POST", "export", "export", {"path": "a.ipynb"}),
    ("GET", "job", "job?path=jobs/a", None),
    ("GET", "runs", "runs?job=jobs/a", None),
    ("POST", "runs", "runs", {"job": "jobs/a", "parameters": {}}),
    ("GET", "runs", "runs?under=jobs", None),
    ("PATCH", "runs", "runs", {"job": "jobs/a", "id": "x", "status": "cancelled"}),
    ("GET", r"tasks/([0-9a-f]{32})", f"tasks/{TASK_ID}", None),
    ("GET", "scheduler", "scheduler", None),
    ("POST", "scheduler/definitions", "scheduler/definitions", {"job": "jobs/a"}),
]


NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    "cells": [
        {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 2, "outputs": [],
         "source": "threshold = 0.5"},
        {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": "flagged = scores > threshold"},
    ],
}  # fmt: skip


@pytest.fixture
def notebook_file(jp_root_dir):  # type: ignore[no-untyped-def]
    folder = jp_root_dir / "work"
    folder.mkdir()
    path = folder / "a.ipynb"
    path.write_text(json.dumps(NOTEBOOK))
    return path


async def post(jp_fetch, route: str, body: object):  # type: ignore[no-untyped-def]
    return await jp_fetch("jupyter-prod", route, method="POST", body=json.dumps(body))


async def test_rules_lists_every_rule(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    response = await jp_fetch("jupyter-prod", "rules")
    rules = json.loads(response.body)["rules"]
    codes = {rule["code"] for rule in rules}
    assert {"HS001", "HS004", "NB002"} <= codes
    assert all(rule["doc"] and rule["name"] for rule in rules)


async def test_check_by_path_reports_the_cells(jp_fetch, notebook_file) -> None:  # type: ignore[no-untyped-def]
    response = await post(jp_fetch, "check", {"path": "work/a.ipynb"})
    report = json.loads(response.body)
    assert report["version"] == 1
    (entry,) = report["notebooks"]
    assert entry["path"] == "work/a.ipynb"
    found = {(f["rule"], f["cell"]) for f in entry["findings"]}
    assert ("HS001", 1) in found  # In[1] below In[2]


async def test_check_of_an_unsaved_document(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    document = dict(NOTEBOOK, cells=[*NOTEBOOK["cells"], {"cell_type": "code", "metadata": {},
                    "execution_count": None, "outputs": [], "source": "print(undefined_thing)"}])  # fmt: skip
    response = await post(jp_fetch, "check", {"notebook": document, "path": "draft.ipynb"})
    entry = json.loads(response.body)["notebooks"][0]
    assert entry["path"] == "draft.ipynb"
    assert ("HS004", 2) in {(f["rule"], f["cell"]) for f in entry["findings"]}


async def test_check_never_changes_the_file(jp_fetch, notebook_file) -> None:  # type: ignore[no-untyped-def]
    before = notebook_file.read_bytes()
    await post(jp_fetch, "check", {"path": "work/a.ipynb"})
    assert notebook_file.read_bytes() == before


async def test_unreadable_notebook_is_a_report_error(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "broken.ipynb").write_text('{"cells": [')
    response = await post(jp_fetch, "check", {"path": "broken.ipynb"})
    entry = json.loads(response.body)["notebooks"][0]
    assert entry["error"]["code"] == "invalid-json"


@pytest.mark.parametrize(
    "path, status",
    [
        ("../outside.ipynb", 400),
        ("/etc/passwd", 400),
        ("%2e%2e/outside.ipynb", 400),
        ("%252e%252e/outside.ipynb", 400),
        ("work/../../outside.ipynb", 400),
        ("..\\outside.ipynb", 400),
        ("~/x.ipynb", 400),
        ("C:/x.ipynb", 400),
        ("", 400),
        ("missing.ipynb", 404),
    ],
)
async def test_paths_outside_the_root_are_refused(jp_fetch, path, status) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as refused:
        await post(jp_fetch, "check", {"path": path})
    assert refused.value.code == status
    assert json.loads(refused.value.response.body)["message"]


async def test_symlink_out_of_the_root_is_refused(jp_fetch, jp_root_dir, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("outside") / "secret.ipynb"
    outside.write_text(json.dumps(NOTEBOOK))
    os.symlink(outside, jp_root_dir / "link.ipynb")
    with pytest.raises(HTTPClientError) as refused:
        await post(jp_fetch, "check", {"path": "link.ipynb"})
    assert refused.value.code == 403


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"path": 3}', "non-empty string"),
        ('{"path": "a.ipynb", "select": "HS001"}', "list of strings"),
        ('{"path": "a.ipynb", "select": ["NOPE9"]}', "unknown rule"),
    ],
)
async def test_malformed_bodies_get_400(jp_fetch, notebook_file, body, fragment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("jupyter-prod", "check", method="POST", body=body)
    assert refused.value.code == 400
    assert fragment in json.loads(refused.value.response.body)["message"]


@pytest.mark.parametrize("method, route, url, body", ROUTES)
async def test_every_route_requires_authentication(jp_fetch, method, route, url, body) -> None:  # type: ignore[no-untyped-def]
    kwargs = {"method": method, "headers": {"Authorization": ""}}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    path, _, query = url.partition("?")
    if query:
        kwargs["params"] = dict([query.split("=")])
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("jupyter-prod", *path.split("/"), **kwargs)
    assert refused.value.code in (401, 403)


def test_the_route_table_is_fully_covered_by_the_auth_test() -> None:
    from jupyter_prod.server.routes import ROUTES as TABLE

    assert {route for route, _ in TABLE} == {route for _, route, _, _ in ROUTES}


async def test_graph_shows_the_hidden_edge(jp_fetch, notebook_file) -> None:  # type: ignore[no-untyped-def]
    response = await post(jp_fetch, "graph", {"path": "work/a.ipynb"})
    graph = json.loads(response.body)
    assert [node["index"] for node in graph["nodes"]] == [0, 1]
    assert graph["nodes"][1]["label"] == "flagged = scores > threshold"
    assert {"from": 0, "to": 1, "kind": "document", "names": ["threshold"]} in graph["edges"]


async def test_graph_of_a_document_that_is_not_a_notebook_is_400(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    # 400: the request is wrong (an unreadable notebook *file* is 422)
    with pytest.raises(HTTPClientError) as raised:
        await post(jp_fetch, "graph", {"notebook": {"cells": 3}})
    assert raised.value.code == 400
    assert "cells" in json.loads(raised.value.response.body)["message"]


async def test_writes_from_a_browser_session_need_the_xsrf_token(  # type: ignore[no-untyped-def]
    jp_serverapp, jp_base_url, http_server_client, jp_root_dir
) -> None:
    """A cookie-authenticated POST (the browser) without Jupyter's XSRF token is refused; with
    it, it goes through: the actions cannot be triggered from another site."""
    client = http_server_client
    base = jp_base_url
    token = jp_serverapp.identity_provider.token
    login = await client.fetch(f"{base}api/contents?token={token}", raise_error=False)
    cookies = "; ".join(c.split(";")[0] for c in login.headers.get_list("Set-Cookie"))
    assert login.code == 200 and cookies  # the browser's login cookie
    url = f"{base}jupyter-prod/requirements/apply"
    body = json.dumps({"requirements": "requirements.txt", "packages": ["xgboost"]})

    refused = await client.fetch(
        url, method="POST", body=body, headers={"Cookie": cookies}, raise_error=False
    )
    assert refused.code == 403
    assert not (jp_root_dir / "requirements.txt").exists()

    # The page's `_xsrf` cookie, echoed in the header, as JupyterLab sends it.
    headers = {"Cookie": f"{cookies}; _xsrf=0123456789abcdef", "X-XSRFToken": "0123456789abcdef"}
    accepted = await client.fetch(url, method="POST", body=body, headers=headers, raise_error=False)
    assert accepted.code == 200, accepted.body
    assert (jp_root_dir / "requirements.txt").read_text() == "xgboost\n"


async def test_check_with_graph_answers_both_from_one_request(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    response = await post(jp_fetch, "check", {"notebook": NOTEBOOK, "path": "a.ipynb", "graph": True})
    answer = json.loads(response.body)
    (entry,) = answer["notebooks"]
    assert ("HS001", 1) in {(f["rule"], f["cell"]) for f in entry["findings"]}
    assert answer["graph"]["edges"] == [{"from": 0, "to": 1, "kind": "document", "names": ["threshold"]}]


async def test_check_with_graph_of_a_document_that_is_not_a_notebook(jp_fetch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HTTPClientError) as raised:
        await post(jp_fetch, "check", {"notebook": {"cells": 3}, "graph": True})
    assert raised.value.code == 400
    assert json.loads(raised.value.response.body)["message"] == "`notebook` is not a notebook: it has no `cells` list"
