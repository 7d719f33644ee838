"""What the recorder withholds, without a kernel: names computed from the environment, values
holding secrets (inline or pickled), printed text; and what the job notebook leaves out."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from helpers import code, notebook

from jupyter_prod import api
from jupyter_prod.analysis.environment_values import environment_reads
from jupyter_prod.analysis.facts import analyse
from jupyter_prod.export.recorded_secrets import SecretGuard, environment_secrets, secret_guard
from jupyter_prod.notebook.reader import notebook_from_dict

TOKEN = "ghp_" + "Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL7zX9cV2b"
SERVICE_KEY = "Xk29Lm4Pq7Rt1Vw8Zb3N"  # no known format: found as the environment's value


def reads(*cells: str) -> tuple[set[str], set[str]]:
    found = environment_reads(analyse(notebook_from_dict(notebook(*cells), "t.ipynb")))
    return set(found.variables), set(found.derived)


@pytest.mark.parametrize(
    "cells",
    [
        ('import os\ntoken = os.environ.get("SVC_TOKEN")',),
        ('from os import environ as env\ntoken = env["SVC_TOKEN"]',),
        ('from os import getenv\ntoken: str = getenv("SVC_TOKEN", "")',),
        ("import os", 'if True:\n    token = os.environ.setdefault("SVC_TOKEN", "x")'),
        ("token = %env SVC_TOKEN",),
    ],
)
def test_names_read_from_the_environment(cells: tuple[str, ...]) -> None:
    assert reads(*cells) == ({"SVC_TOKEN"}, {"token"})


def test_names_computed_from_the_environment_through_the_cells() -> None:
    variables, derived = reads(
        "import os, getpass\nfrom dotenv import dotenv_values",
        'headers = {"Accept": "json"}\nrows = 3',
        'headers["Authorization"] = "Bearer " + token',  # before the cell that reads it
        'token = os.environ["SVC_TOKEN"]\nsecret = getpass.getpass()',
        "config = dotenv_values('.env')\nfor key, value in config.items():\n    last = value",
        "session.headers.update(auth=secret)\nif (n := len(token)) > 3:\n    pass",
        "def auth():\n    return token\ncheck = auth()\ntotal = rows * 2",
    )
    assert variables == {"SVC_TOKEN"}
    assert derived == {"token", "headers", "secret", "config", "key", "value", "last",
                       "session", "n", "auth", "check"}  # fmt: skip


def test_the_values_of_environment_variables_that_may_be_secrets(monkeypatch) -> None:
    monkeypatch.setenv("SVC_TOKEN", TOKEN)
    monkeypatch.setenv("DATA_DIR", "/srv/data/sales")
    monkeypatch.setenv("SERVICE_URL_ID", SERVICE_KEY)
    monkeypatch.setenv("STAGE", "prod")
    found = environment_secrets({"SVC_TOKEN", "DATA_DIR", "SERVICE_URL_ID", "STAGE", "UNSET"})
    assert found == {"SVC_TOKEN": TOKEN, "SERVICE_URL_ID": SERVICE_KEY}


def manifest(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "load__out__frame.pkl").write_bytes(pickle.dumps({"who": ["ci"], "key": [TOKEN]}))
    (tmp_path / "load__out__prices.pkl").write_bytes(pickle.dumps({"price": [1.5, 2.0]}))
    inline = {"kind": "inline", "type": "dict", "length": 1}
    return {
        "steps": {"load": {
            "inputs": {"limit": {"kind": "inline", "repr": "3", "type": "int"}},
            "outputs": {
                "token": {"kind": "withheld", "type": "str", "length": 40},
                "frame": {"kind": "object", "file": "load__out__frame.pkl", "type": "dict"},
                "prices": {"kind": "object", "file": "load__out__prices.pkl", "type": "dict"},
                "conf": {**inline, "repr": repr({"password": "c4rb0nF1bre_2024"})},
                "plain": {**inline, "repr": repr({"password": "password_field"})},
                "copy": {"kind": "inline", "repr": repr(f"x{SERVICE_KEY}x"), "type": "str"},
                "client": {"kind": "unsaved", "reason": f"TypeError: cannot pickle {TOKEN!r}"},
            },
        }},
        "calls": {"send": [{"args": [{"kind": "inline", "repr": repr(TOKEN), "type": "str"}],
                            "kwargs": {}, "globals": {},
                            "result": {"kind": "inline", "repr": "200", "type": "int"}}]},
    }  # fmt: skip


def test_values_holding_secrets_are_withheld_and_their_files_deleted(tmp_path: Path) -> None:
    recorded = manifest(tmp_path)
    guard = SecretGuard(frozenset({"token"}), {"SERVICE_ID": SERVICE_KEY})
    guard.screen(recorded, str(tmp_path))
    outputs = recorded["steps"]["load"]["outputs"]  # type: ignore[index]
    kinds = {name: value["kind"] for name, value in outputs.items()}
    assert kinds == {"token": "withheld", "frame": "withheld", "prices": "object",
                     "conf": "withheld", "plain": "inline", "copy": "withheld",
                     "client": "unsaved"}  # fmt: skip
    assert outputs["client"]["reason"] == "TypeError: cannot pickle '[REDACTED]'"
    assert outputs["token"]["length"] == 40 and "repr" not in outputs["conf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["load__out__prices.pkl"]
    call = recorded["calls"]["send"][0]  # type: ignore[index]
    assert call["args"][0]["kind"] == "withheld" and call["result"]["kind"] == "inline"
    assert "output `frame` of step `load`: not recorded, it holds a secret (GitHub token)" in (
        guard.withheld
    )
    assert any("`SERVICE_ID`" in line for line in guard.withheld)
    assert all(TOKEN not in line and SERVICE_KEY not in line for line in guard.withheld)
    assert guard.redact(f"failed: {TOKEN} and {SERVICE_KEY}") == "failed: [REDACTED] and [REDACTED]"


def test_printed_text_holding_a_secret_is_not_expected() -> None:
    guard = SecretGuard(frozenset(), {"SERVICE_ID": SERVICE_KEY})
    assert guard.text_reason("rows 3\n") is None
    assert guard.text_reason(f"{{'Authorization': 'Bearer {TOKEN}'}}\n") is not None
    assert guard.text_reason(f"key {SERVICE_KEY}\n") is not None


def test_the_job_notebook_leaves_out_outputs_holding_secrets(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SERVICE_ID", SERVICE_KEY)
    cells = [code('import os\nsid = os.environ["SERVICE_ID"]\nprint(sid)', 1),
             code("print('rows', 3)\nsid", 2)]  # fmt: skip
    cells[0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": SERVICE_KEY}]
    cells[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "rows 3\n"},
                           {"output_type": "execute_result", "metadata": {}, "execution_count": 2,
                            "data": {"text/plain": f"'{TOKEN}'"}}]  # fmt: skip
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook(*cells)), encoding="utf-8")
    result = api.export_notebook(path, api.ExportOptions(run=False, output=str(tmp_path / "job")))
    text = (Path(result.job_dir) / "nb.ipynb").read_text(encoding="utf-8")
    assert "rows 3" in text  # outputs without secrets stay
    assert TOKEN not in text and SERVICE_KEY not in text
    assert secret_guard(analyse(notebook_from_dict(notebook(*cells), "nb"))).derived == {"sid"}
