"""Every `jupyter prod run` writes `runs/<id>/report.html`: the output notebook rendered by
nbconvert (outputs only unless `--report-input`), with the run's status, duration and
parameters at the top; secrets are masked in it as in `run.json`; a report that cannot be
rendered is noted in the record and does not fail the run."""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api

pytestmark = pytest.mark.slow

# Made up for this test: a GitHub token in the environment, which the job reads.
ENV_TOKEN = "ghp_" + "Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL7zX9cV2b"
PASSED_KEY = "Zq8xT3vLp9Wm2Rb7Kd4N"  # given on the command line to a secret-named parameter

SHARES = notebook(
    "DIVISOR = 4\nLABEL = 'share'",
    "def part(n):\n    return n / DIVISOR",
    "shares = [part(n) for n in (8, 12)]\nprint(LABEL, shares)",
)
SERVICE = notebook(
    "import os",
    "FAIL = False\nAPI_KEY = ''",
    'token = os.environ.get("SVC_TOKEN", "")\nheaders = {"Authorization": "Bearer " + token}',
    'print("calling with", headers)',
    'if FAIL:\n    raise ValueError("the service refused " + headers["Authorization"])',
)


def _job(tmp_path: Path, name: str, nb: dict[str, object]) -> Path:
    path = write_notebook(tmp_path, f"{name}.ipynb", nb)
    return Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)


def _text(report: Path) -> str:
    """The page's text as a reader sees it: tags (syntax highlighting...) removed."""
    return unescape(re.sub(r"<[^>]+>", "", report.read_text(encoding="utf-8")))


def _record(job: Path) -> dict[str, object]:
    [path] = (job / "runs").glob("*/run.json")
    return json.loads(path.read_text())


@pytest.fixture
def shares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _job(tmp_path, "shares", SHARES)


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SVC_TOKEN", ENV_TOKEN)
    return _job(tmp_path, "service", SERVICE)


def test_a_run_writes_a_report_of_its_results_without_the_code(shares: Path, cli) -> None:
    ran = cli("run", shares, "-p", "LABEL", "half", "--no-progress")
    assert ran.status == 0, ran.err
    output = Path(ran.out.strip())
    report = output.with_name("report.html")
    assert f"report: {report}" in ran.err.splitlines()
    page = _text(report)
    assert "half [2.0, 3.0]" in page  # the printed result
    assert "succeeded" in page and "Duration" in page
    assert "LABEL" in page and "'half'" in page  # the parameters given
    assert "import steps" not in page and "steps.cell_" not in page  # no input code
    saved = _record(shares)
    assert saved["report"] == str(report) and saved["report_error"] is None
    assert not list(report.parent.glob(".*.tmp"))  # written through a temporary file


def test_report_input_keeps_the_code(shares: Path, cli) -> None:
    ran = cli("run", shares, "--report-input", "--no-progress")
    assert ran.status == 0, ran.err
    page = _text(Path(ran.out.strip()).with_name("report.html"))
    assert "from shares import steps" in page and "share [2.0, 3.0]" in page
    assert "steps.cell_3(LABEL=LABEL, DIVISOR=DIVISOR)" in page


def test_a_secret_the_job_prints_or_is_given_is_masked_in_the_report(service: Path, cli) -> None:
    ran = cli("run", service, "-p", "API_KEY", PASSED_KEY, "--report-input", "--no-progress")
    assert ran.status == 0, ran.err
    report = Path(ran.out.strip()).with_name("report.html")
    page, text = report.read_text(encoding="utf-8"), _text(report)
    assert "calling with {'Authorization': 'Bearer [REDACTED]'}" in text
    assert 'API_KEY = "[REDACTED]"' in text  # papermill's injected-parameters cell
    for shown in (page, text):
        assert ENV_TOKEN not in shown and ENV_TOKEN[4:24] not in shown
        assert PASSED_KEY not in shown and PASSED_KEY[:12] not in shown


def test_a_failed_run_reports_why_without_the_secret_its_error_quotes(service: Path, cli) -> None:
    ran = cli("run", service, "-p", "FAIL", "true", "--no-progress")
    assert ran.status == 1
    lines = ran.err.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("output notebook: "))
    assert lines[at + 1].startswith("report: ") and lines[at + 1].endswith("report.html")
    report = Path(lines[at + 1].removeprefix("report: "))
    page, text = report.read_text(encoding="utf-8"), _text(report)
    assert "Status: failed" in text and "ValueError: the service refused Bearer [REDACTED]" in text
    for shown in (page, text):
        assert ENV_TOKEN not in shown and ENV_TOKEN[4:24] not in shown
    assert _record(service)["report"] == str(report)


def test_a_report_that_cannot_be_rendered_does_not_fail_the_run(
    shares: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbconvert import HTMLExporter

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("template not found")

    monkeypatch.setattr(HTMLExporter, "from_notebook_node", broken)
    ran = cli("run", shares, "--no-progress")
    assert ran.status == 0, ran.err
    output = Path(ran.out.strip())
    assert output.is_file() and not output.with_name("report.html").exists()
    assert "report: none (the report could not be written: RuntimeError: template" in ran.err
    assert "Traceback" not in ran.err
    saved = _record(shares)
    assert saved["status"] == "succeeded" and saved["report"] is None
    assert (
        saved["report_error"] == "the report could not be written: RuntimeError: template not found"
    )


def test_records_written_before_reports_still_load(shares: Path, cli) -> None:
    assert cli("run", shares, "--no-progress").status == 0
    [path] = (shares / "runs").glob("*/run.json")
    old = json.loads(path.read_text())
    del old["report"], old["report_error"]
    path.write_text(json.dumps(old))
    [record] = api.list_runs(shares)
    assert record.status == "succeeded" and record.report is None


def test_the_job_launcher_links_to_the_report(shares: Path) -> None:
    from jupyter_prod.widgets import JobLauncher

    launcher = JobLauncher(shares, timeout=60)
    launcher.run(wait=True)
    assert launcher.result is not None and launcher.result.status == "succeeded", launcher.error
    report = Path(launcher.result.report)
    assert report.is_file() and report.name == "report.html"
    assert f"href='{os.path.relpath(report)}'" in launcher.status.value
    assert f"report {report}" in launcher.text()


@pytest.fixture
def jp_server_config(jp_server_config):  # type: ignore[no-untyped-def]
    return {"ServerApp": {"jpserver_extensions": {"jupyter_prod": True},
                          "allow_unauthenticated_access": False}}  # fmt: skip


async def test_the_runs_route_gives_the_report_relative_to_the_root(  # type: ignore[no-untyped-def]
    jp_fetch, jp_root_dir, monkeypatch
) -> None:
    monkeypatch.chdir(jp_root_dir)
    job = _job(jp_root_dir, "shares", SHARES)
    api.run_job(job, api.RunOptions())
    response = await jp_fetch("jupyter-prod", "runs", params={"job": "jobs/shares"})
    [run] = json.loads(response.body)["runs"]
    assert run["output"].startswith("jobs/shares/runs/") and run["output"].endswith("output.ipynb")
    assert run["report"] == run["output"].replace("output.ipynb", "report.html")
    assert (jp_root_dir / run["report"]).is_file()
