"""A job's own warnings (`runs/<id>/warnings.txt`: what a Spark job ran with pandas) reach the
run record and the CLI, once each, masked like the record."""

from __future__ import annotations

import json

from helpers import code, notebook, write_notebook

WARNS = (
    "import os\n"
    "folder = os.environ['JUPYTER_PROD_RUN_FOLDER']\n"
    "with open(os.path.join(folder, 'warnings.txt'), 'a') as handle:\n"
    "    handle.write('`pd.cut` is not in pandas API on Spark: it ran with pandas\\n' * 2)\n"
    "    handle.write('token ' + api_token + '\\n')\n"
)


def test_the_job_s_warnings_are_recorded_and_shown(cli, tmp_path, monkeypatch):
    token = "ghp_" + "W4rn1ngT0kenAbCdEfGh1jKlMnOpQrStUvWx"
    write_notebook(tmp_path, "warns.ipynb", notebook(
        code('api_token = ""', 1, ["parameters"]), code(WARNS, 2)))  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert cli("export", "warns.ipynb", "--no-run", "--force").status == 0

    result = cli("run", "jobs/warns", "--no-progress", "-p", "api_token", token)

    assert result.status == 0, result.err
    record = json.loads(next((tmp_path / "jobs" / "warns" / "runs").glob("*/run.json")).read_text())
    assert record["warnings"][0] == "`pd.cut` is not in pandas API on Spark: it ran with pandas"
    assert len(record["warnings"]) == 2
    assert token not in json.dumps(record) and token not in result.err
    assert "warning: `pd.cut` is not in pandas API on Spark: it ran with pandas" in result.err
