"""HO001 in metadata: papermill's recorded parameters, custom keys, widget state, on the notebook
and on cells; named by key, never shown, in any format; look-alikes stay silent."""

from __future__ import annotations

import json

import pytest
from helpers import code, notebook, only, write_notebook

# Built from parts so that secret scanners do not flag this file; random, not real.
GH = "ghp_" + "M3kQ8pZ1xR5tW9vL2nC7yB4dF6gH0jS8aE1u"
KEY = "Vb7xQ2mLp4Wz9Rk3Td8N"
TYPED = "tr0ub4dor&3-horse"
WIDGETS = "application/vnd.jupyter.widget-state+json"


def widget_state(model: str, value: str, description: str = "") -> dict[str, object]:
    state = {"_model_name": model, "value": value, "description": description}
    return {"widgets": {WIDGETS: {"version_major": 2, "version_minor": 0,
                                  "state": {"3f2a9c": {"model_name": model, "state": state}}}}}


LEAKING = [
    ({"papermill": {"parameters": {"api_token": GH, "region": "eu"}}}, None,
     "token", "metadata key `papermill.parameters.api_token`"),
    ({"deployment": {"service": {"apiKey": KEY}}}, None,
     "API key", "metadata key `deployment.service.apiKey`"),
    (widget_state("PasswordModel", TYPED, "Password"), None,
     "password", "the saved state of a widget (ipywidgets)"),
    (widget_state("TextModel", GH, "Token"), None,
     "GitHub token", "the saved state of a widget (ipywidgets)"),
    ({"tags": ["parameters"], "connection": {"password": TYPED}}, 1,
     "password", "metadata key `connection.password`"),
]  # fmt: skip

SILENT = [
    {"papermill": {"parameters": {"api_token_env": "GITHUB_TOKEN", "password_file": "~/.pw"}}},
    {"tags": ["parameters"], "jupyter": {"source_hidden": True}, "scrolled": True},
    widget_state("TextModel", "customer_id", "Primary key"),
    widget_state("PasswordModel", "", "Password"),
    {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    {"execution": {"iopub.execute_input": "2024-01-01T10:00:00.000Z"}},
    {"secret_name": "prod/db/readonly", "token_url": "https://auth.example.com/token"},
]


def with_metadata(metadata: dict[str, object], cell: int | None) -> dict[str, object]:
    nb = notebook("import os", code('region = "eu"', 2, ["parameters"]), "print(region)")
    if cell is None:
        nb["metadata"].update(metadata)
    else:
        nb["cells"][cell]["metadata"].update(metadata)
    return nb


@pytest.mark.parametrize(("metadata", "cell", "kind", "where"), LEAKING)
def test_a_secret_in_metadata_is_reported_by_key_as_a_warning(metadata, cell, kind, where):
    [finding] = only(with_metadata(metadata, cell), "HO001")

    assert finding.cell == cell
    assert finding.severity == "warning"
    assert f"a secret ({kind})" in finding.message and where in finding.message
    owner = "the notebook's" if cell is None else f"cell {cell + 1}'s"
    assert owner in finding.message
    assert finding.fix is not None and finding.fix.safety == "display-only"


@pytest.mark.parametrize("metadata", SILENT)
@pytest.mark.parametrize("cell", [None, 1])
def test_look_alikes_in_metadata_stay_silent(metadata, cell):
    assert only(with_metadata(metadata, cell), "HO001") == []


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_no_metadata_secret_reaches_any_output(cli, tmp_path, format_):
    nb = with_metadata(LEAKING[0][0], None)
    nb["metadata"].update(widget_state("PasswordModel", TYPED))
    nb["cells"][2]["metadata"]["connection"] = {"api_key": KEY}
    write_notebook(tmp_path, "leaky.ipynb", nb)

    result = cli("check", tmp_path / "leaky.ipynb", "--format", format_)

    assert result.status == 1
    assert result.out.count("HO001") >= 3
    for secret in (GH, KEY, TYPED):
        assert secret not in result.out and secret not in result.err


def test_a_markdown_cell_s_metadata_is_read_too():
    nb = notebook(("md", "# Notes"), "x = 1")
    nb["cells"][0]["metadata"]["attachments_token"] = {"github": GH}

    [finding] = only(nb, "HO001")

    assert finding.cell == 0 and finding.cell_id == "cell-0"
    assert "GitHub token" in finding.message and GH not in json.dumps(finding.to_dict())
