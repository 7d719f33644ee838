"""A planted secret never appears in any output: every format, the output file, the server."""

from __future__ import annotations

import json

import pytest

from jupyter_prod.cli.main import main

# Fake credentials of the shapes people paste into notebooks (none of them is real).
SECRETS = {
    "aws": "AKIAZ7Q4JX2MV3LPRT5K",
    "github": "ghp_4fT9kLm2Qx7Rv8Zp1Yw3Hs6Jd0Nc5Bg2Ae7U",
    "url_password": "Xq7!vR2#pL9wZt4k",
    "api_key": "f3b9c1d7e5a2948b6c0d1e7f3a9b5c2d",
    "pem_line": "MIIEowIBAAKCAQEAz8Qm3Yv7Hx2Lk9Pq4Rt6Ws1Uv3Xy5Za7Bc9De2Fg4Hi6Jk8Lm",
}

CELLS = [
    f'AWS_ACCESS_KEY_ID = "{SECRETS["aws"]}"',
    f'headers = {{"Authorization": "token {SECRETS["github"]}"}}',
    f'engine_url = "postgresql://analyst:{SECRETS["url_password"]}@db.internal:5432/sales"',
    f'api_key = "{SECRETS["api_key"]}"  # prod: ignore[HS004]',
    'PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----\n'
    + SECRETS["pem_line"]
    + '\n-----END RSA PRIVATE KEY-----"""',
    f'print(undefined_var, "{SECRETS["api_key"]}")',
]


def _notebook() -> dict[str, object]:
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": i + 1, "outputs": [], "source": src}
        for i, src in enumerate(CELLS)
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _assert_clean(text: str) -> None:
    for kind, secret in SECRETS.items():
        assert secret not in text, f"{kind} secret leaked"
        assert json.dumps(secret)[1:-1] not in text, f"{kind} secret leaked JSON-escaped"


@pytest.fixture
def planted(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "leaky.ipynb"
    path.write_text(json.dumps(_notebook()))
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_format_prints_a_secret(planted, capsys, fmt) -> None:  # type: ignore[no-untyped-def]
    status = main(["check", str(planted), "--format", fmt])
    out, err = capsys.readouterr()
    assert status == 1
    assert "HO001" in out  # the secrets were found...
    _assert_clean(out + err)  # ...and never shown


def test_the_report_file_holds_no_secret(planted, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.json"
    main(["check", str(planted), "--format", "json", "--output", str(report)])
    text = report.read_text()
    assert json.loads(text)["summary"]["findings"] > 0
    _assert_clean(text)


def test_every_secret_kind_is_reported_on_its_cell(planted, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["check", str(planted), "--format", "json", "--select", "HO001"])
    findings = json.loads(capsys.readouterr().out)["notebooks"][0]["findings"]
    assert {f["cell"] for f in findings} >= {0, 1, 2, 3, 4}


async def test_the_server_never_returns_a_secret(jp_fetch, jp_root_dir) -> None:  # type: ignore[no-untyped-def]
    (jp_root_dir / "leaky.ipynb").write_text(json.dumps(_notebook()))
    for body in ({"path": "leaky.ipynb"}, {"notebook": _notebook(), "path": "draft.ipynb"}):
        response = await jp_fetch("jupyter-prod", "check", method="POST", body=json.dumps(body))
        text = response.body.decode()
        assert "HO001" in text
        _assert_clean(text)
