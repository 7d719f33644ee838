"""The report cache: a repeat check reuses what did not change, and is never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from helpers import REPO_ROOT, notebook, write_notebook

from jupyter_prod.api import checks, report_cache

TOKEN = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose cache is where a user's would be: `.jupyter_prod_cache/` at its root."""
    monkeypatch.delenv("JUPYTER_PROD_CACHE_DIR")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n", encoding="utf-8")
    write_notebook(tmp_path, "nb/analysis.ipynb", notebook(
        "def add(a, b):\n    return a + b", "print(add(1, 2), missing_x)"))  # fmt: skip
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(cli, *args):
    result = cli("check", "nb", "--format", "json", *args)
    return result, json.loads(result.out)


def rules(document):
    return sorted((f["rule"], f["cell"]) for n in document["notebooks"] for f in n["findings"])


def test_a_repeat_check_reads_the_cache_and_reports_the_same_bytes(cli, project, monkeypatch):
    first, _ = report(cli)
    cache = project / ".jupyter_prod_cache"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"

    def forbidden(*args, **kwargs):
        raise AssertionError("analysed again instead of read from the cache")

    monkeypatch.setattr(checks, "check_file", forbidden)
    second, _ = report(cli)

    assert second.out == first.out
    assert second.status == first.status == 1
    text = cli("check", "nb")
    assert "missing_x" in text.out and "print(add(1, 2), missing_x)" in text.out  # the line too


def test_an_edited_notebook_is_analysed_again(cli, project):
    report(cli)
    write_notebook(project, "nb/analysis.ipynb", notebook("print(other_missing)"))

    _, document = report(cli)

    assert "other_missing" in json.dumps(document)
    assert "missing_x" not in json.dumps(document)


def test_another_configuration_is_another_entry(cli, project):
    _, everything = report(cli)
    (project / "pyproject.toml").write_text(
        '[tool.jupyter-prod]\nselect = ["HS004"]\n', encoding="utf-8"
    )

    _, selected = report(cli)

    assert rules(selected) == [("HS004", 1)]
    assert len(rules(everything)) > 1
    _, ignored = report(cli, "--ignore", "HS004")
    assert rules(ignored) == []


def test_a_test_added_beside_the_notebook_changes_its_untested_findings(cli, project):
    _, before = report(cli, "--select", "UT001")
    assert ("UT001", 0) in rules(before)
    (project / "tests").mkdir()
    (project / "tests" / "test_analysis.py").write_text(textwrap.dedent('''
        from testbook import testbook

        @testbook("nb/analysis.ipynb", execute=True)
        def test_add(tb):
            assert tb.ref("add")(1, 2) == 3
    '''), encoding="utf-8")  # fmt: skip

    _, after = report(cli, "--select", "UT001")

    assert ("UT001", 0) not in rules(after)


def test_an_upgrade_of_the_tool_starts_afresh(cli, project, monkeypatch):
    report(cli)
    monkeypatch.setattr(report_cache, "tool_identity", lambda: ["99.0", "another build"])
    analysed = []
    real = checks.check_file
    monkeypatch.setattr(checks, "check_file", lambda *a, **k: analysed.append(a) or real(*a, **k))

    report(cli)

    assert len(analysed) == 1


def test_no_cache_neither_reads_nor_writes_it(cli, project, monkeypatch):
    report(cli, "--no-cache")

    assert not (project / ".jupyter_prod_cache").exists()


def test_secrets_never_reach_the_cache(cli, project):
    write_notebook(project, "nb/keys.ipynb", notebook(f'token = "{TOKEN}"\nprint(token)'))

    report(cli)

    stored = "".join(p.read_text(encoding="utf-8")
                     for p in (project / ".jupyter_prod_cache").rglob("*.json"))  # fmt: skip
    assert "HO001" in stored
    assert TOKEN not in stored and TOKEN[4:20] not in stored


def test_a_cache_that_cannot_be_written_only_costs_time(cli, project):
    (project / ".jupyter_prod_cache").write_text("a file where the folder would be")

    result, document = report(cli)

    assert result.status == 1
    assert ("HS004", 1) in rules(document)
    assert "Traceback" not in result.err


def test_a_corrupt_entry_is_a_miss(cli, project):
    first, _ = report(cli)
    entries = list((project / ".jupyter_prod_cache").rglob("v2/*/*.json"))
    assert entries  # the test corrupts something
    for entry in entries:
        entry.write_text('{"findings": [{"rule": ', encoding="utf-8")

    second, _ = report(cli)

    assert second.out == first.out


def test_concurrent_checks_share_the_cache_safely(project, tmp_path):
    for index in range(30):
        write_notebook(project, f"nb/many_{index}.ipynb", notebook(f"x{index} = y{index} + 1"))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("JUPYTER_PROD_CACHE_DIR", None)
    command = [sys.executable, "-m", "jupyter_prod.cli.main", "check", "nb", "--format", "json",
               "-j", "1"]  # fmt: skip
    runs = [subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(3)]  # fmt: skip
    outputs = [run.communicate(timeout=300)[0] for run in runs]

    assert [run.returncode for run in runs] == [1, 1, 1]
    assert outputs[0] == outputs[1] == outputs[2]
    leftovers = [p.name for p in (project / ".jupyter_prod_cache").rglob("*")
                 if p.is_file() and p.name.startswith(".") and p.name != ".gitignore"]  # fmt: skip
    assert leftovers == []
    again = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert again.stdout == outputs[0]


def test_a_touched_notebook_with_the_same_bytes_is_still_read_from_the_cache(
    cli, project, monkeypatch
):
    first, _ = report(cli)
    notebook_file = project / "nb" / "analysis.ipynb"
    os.utime(notebook_file, (1_700_000_000, 1_700_000_000))  # a checkout, a copy: a new time

    def forbidden(*args, **kwargs):
        raise AssertionError("analysed again instead of read from the cache")

    monkeypatch.setattr(checks, "check_file", forbidden)
    second, _ = report(cli)

    assert second.out == first.out
    hashes = json.loads((project / ".jupyter_prod_cache" / "v2" / "content-hashes.json").read_text())
    assert hashes[str(notebook_file.resolve())][1] == 1_700_000_000 * 10**9


def test_an_edit_of_the_same_size_is_seen(cli, project):
    report(cli)
    path = project / "nb" / "analysis.ipynb"
    path.write_text(path.read_text().replace("missing_x", "missing_y"))

    _, document = report(cli)

    assert "missing_y" in json.dumps(document) and "missing_x" not in json.dumps(document)
