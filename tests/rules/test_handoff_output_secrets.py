"""HO001 on saved outputs: a printed key, a password in a displayed table, a token in a
traceback or in an output's metadata is reported on its cell, as a warning, never shown."""

from __future__ import annotations

import json

import pytest
from helpers import code, notebook, only

from jupyter_prod import api

# Built from parts so that secret scanners do not flag this file; random, not real.
GH = "ghp_" + "R7mK2pQ9xV4tL8wZ3nB6cY1dF5gH0jS2aE7u"
KEY = "Zq8xT3vLp9Wm2Rb7Kd4N"
PASSWORD = "c4rb0nF1bre_2024"
STRIPE = "sk_live_" + "51HqT2kLp9XwR7vZ3mN8bC4d"


def with_outputs(*outputs: dict[str, object]) -> dict[str, object]:
    cell = code("show()", 2)
    cell["outputs"] = list(outputs)
    return notebook("import os", cell)


def stream(text: str) -> dict[str, object]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def shown(mime: str, text: str, metadata: dict[str, object] | None = None) -> dict[str, object]:
    return {"output_type": "display_data", "data": {mime: text}, "metadata": metadata or {}}


LEAKING = [
    (stream(f"connecting with api_key = '{KEY}'\n"), "API key"),
    (stream(["password: ", f"{PASSWORD}\n"]), "password"),
    (shown("text/plain", f"{{'token': '{GH}'}}"), "GitHub token"),
    (shown("text/html", f"<td>key</td><td>{STRIPE}</td>"), "Stripe secret key"),
    (
        {
            "output_type": "error",
            "ename": "AuthError",
            "evalue": "denied",
            "traceback": ["\x1b[0;31m---\x1b[0m", f"client = Client(token='\x1b[1m{GH}')"],
        },
        "GitHub token",
    ),  # fmt: skip
    (shown("image/png", "iVBORw0KGgo=", {"source": f"Bearer {GH}"}), "GitHub token"),
]


@pytest.mark.parametrize(("output", "kind"), LEAKING)
def test_a_secret_in_an_output_is_reported_on_its_cell(
    output: dict[str, object], kind: str
) -> None:
    found = only(with_outputs(output), "HO001")
    assert [(f.cell, f.line, f.severity) for f in found] == [(1, None, "warning")]
    assert f"a secret ({kind}) in the output of cell 2" in found[0].message
    dumped = json.dumps([f.to_dict() for f in found])
    assert all(secret not in dumped for secret in (GH, KEY, PASSWORD, STRIPE))


QUIET = [
    stream("rows: 1200\nprimary_key = 'customer_id'\ntoken_count: 53\n"),
    stream("password: ********\napi_key = YOUR_API_KEY\n"),
    shown("text/plain", "{'key': 'region', 'sort_key': 'a81Bc9dE2fG4hJ6k'}"),
    shown(
        "image/png",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    ),
]


@pytest.mark.parametrize("output", QUIET)
def test_outputs_without_secrets_stay_quiet(output: dict[str, object]) -> None:
    nb = with_outputs(output)
    leaking = code("show()", 3)
    leaking["outputs"] = [stream(f"token = {GH}\n")]
    nb["cells"].append({**leaking, "id": "cell-3"})
    assert [f.cell for f in only(nb, "HO001")] == [2]  # the secret, not the look-alikes


def test_the_check_command_never_prints_an_output_secret(tmp_path, cli) -> None:
    path = tmp_path / "printed.ipynb"
    path.write_text(json.dumps(with_outputs(stream(f"token = {GH}\n"))), encoding="utf-8")
    for format in ("text", "json", "sarif", "github"):
        result = cli("check", path, "--select", "HO001", "--format", format)
        assert result.status == 1 and GH not in result.out + result.err, format
    report = api.check_file(path, api.CheckOptions(select=["HO001"]))
    assert GH in report.secrets  # kept to redact everything else the faces show
