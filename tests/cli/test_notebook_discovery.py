"""Which files `check` reads, what it writes: folders searched recursively with the usual
skips, `--output` written whole, inputs untouched, many notebooks in parallel."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from helpers import FOUNDATION_ARGS, code, notebook, write_notebook

from jupyter_prod import api


def checked_paths(cli, *args) -> list[str]:
    result = cli("check", *args, "--format", "json", *FOUNDATION_ARGS)
    assert result.status in (0, 1), result.err
    return [n["path"] for n in json.loads(result.out)["notebooks"]]


def test_folders_are_searched_recursively_skipping_checkpoints_hidden_and_node_modules(
    cli, tmp_path, monkeypatch
):
    for name in [
        "a.ipynb",
        "sub/b.ipynb",
        "sub/deeper/c.ipynb",
        "sub/.ipynb_checkpoints/b-checkpoint.ipynb",
        ".hidden/h.ipynb",
        "sub/.git/g.ipynb",
        "node_modules/pkg/n.ipynb",
        "sub/node_modules/n.ipynb",
    ]:
        write_notebook(tmp_path, name, notebook("x = 1"))
    write_notebook(tmp_path, "notes.txt", "not a notebook")
    write_notebook(tmp_path, "script.py", "print(missing)")
    monkeypatch.chdir(tmp_path)

    found = checked_paths(cli, ".")

    assert found == ["./a.ipynb", "./sub/b.ipynb", "./sub/deeper/c.ipynb"]


def test_a_file_given_by_name_is_checked_whatever_its_folder_or_extension(cli, tmp_path):
    inside = write_notebook(tmp_path, ".ipynb_checkpoints/x-checkpoint.ipynb", notebook("x = 1"))
    other = write_notebook(tmp_path, "exported.json", notebook("print(missing)"))

    assert checked_paths(cli, inside, other) == [str(inside), str(other)]


def test_files_and_folders_mixed_keep_the_order_given(cli, tmp_path, monkeypatch):
    write_notebook(tmp_path, "z.ipynb", notebook("x = 1"))
    write_notebook(tmp_path, "dir/b.ipynb", notebook("x = 1"))
    write_notebook(tmp_path, "dir/a.ipynb", notebook("x = 1"))
    monkeypatch.chdir(tmp_path)

    assert checked_paths(cli, "z.ipynb", "dir") == ["z.ipynb", "dir/a.ipynb", "dir/b.ipynb"]


# ---------------------------------------------------------------------- --output
def test_output_writes_the_report_to_the_file_and_leaves_no_temporary_file(cli, tmp_path):
    nbs = tmp_path / "nbs"
    path = write_notebook(nbs, "n.ipynb", notebook("print(missing)"))
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    target = out_dir / "report.json"

    to_stdout = cli("check", path, "--format", "json", *FOUNDATION_ARGS)
    to_file = cli("check", path, "--format", "json", "--output", target, *FOUNDATION_ARGS)

    assert to_file.status == 1
    assert to_file.out == ""
    assert target.read_text(encoding="utf-8") == to_stdout.out
    assert sorted(os.listdir(out_dir)) == ["report.json"]
    assert sorted(os.listdir(nbs)) == ["n.ipynb"]


def test_output_replaces_an_existing_report(cli, tmp_path):
    path = write_notebook(tmp_path, "n.ipynb", notebook("x = 1"))
    target = tmp_path / "report.txt"
    target.write_text("an old, much longer report\n" * 100)

    cli("check", path, "--output", target, *FOUNDATION_ARGS)

    assert target.read_text() == "0 findings (0 errors, 0 warnings, 0 info) in 1 notebook.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.ipynb", "report.txt"]


# ---------------------------------------------------------------------- inputs untouched
def test_input_notebooks_are_byte_identical_after_a_check(cli, tmp_path):
    messy = notebook(code("x = 1", 3), code("x += 1\r\nprint(missing)", 1))
    messy["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "é\n"}]
    files = [
        write_notebook(tmp_path, "messy.ipynb", messy),
        write_notebook(
            tmp_path, "compact.ipynb", json.dumps(notebook("a = 1"), separators=(",", ":"))
        ),
        write_notebook(tmp_path, "broken.ipynb", b'{"cells": ['),
        write_notebook(
            tmp_path, "bom.ipynb", b"\xef\xbb\xbf" + json.dumps(notebook("b = 2")).encode()
        ),
    ]
    before = {f: (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files}

    for fmt in ("text", "json", "sarif", "github"):
        cli("check", tmp_path, "--format", fmt)

    after = {f: (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f.name for f in files)


def test_check_document_does_not_change_the_document_it_is_given():
    nb = notebook(code("x = 1", 2), code("x += 1", 1), ("md", "t"))
    nb["nbformat_minor"] = 4
    snapshot = json.dumps(nb, sort_keys=True)

    api.check_document(nb)

    assert json.dumps(nb, sort_keys=True) == snapshot


# ---------------------------------------------------------------------- many notebooks
def many_notebooks(folder, count: int = 40) -> None:
    for i in range(count):
        cells = [f"value_{i} = {i}", f"print(value_{i}, missing_{i % 7})"]
        if i % 5 == 0:
            cells = [code(f"a = {i}", 2), code("a += 1", 1)]
        if i % 11 == 0:
            write_notebook(folder, f"nb_{i:02d}.ipynb", b"{ truncated")
            continue
        write_notebook(folder, f"nb_{i:02d}.ipynb", notebook(*cells))


def test_many_notebooks_in_parallel_give_the_same_json_as_one_job(cli, tmp_path, monkeypatch):
    many_notebooks(tmp_path / "nbs")
    assert 40 >= api.PARALLEL_THRESHOLD
    pools: list[int] = []

    class RecordingPool(api.checks.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            pools.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(api.checks, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.chdir(tmp_path)

    # --no-cache: the second run would read the first one's results instead of analysing
    serial = cli("check", "nbs", "--format", "json", "--jobs", "1", "--no-cache")
    parallel = cli("check", "nbs", "--format", "json", "--jobs", "2", "--no-cache")

    assert pools == [2]  # only the --jobs 2 run used worker processes
    assert parallel.status == serial.status == 1
    assert parallel.out == serial.out
    report = json.loads(parallel.out)
    assert report["summary"]["notebooks"] == 40
    assert report["summary"]["errors"] == 4  # nb_00, nb_11, nb_22, nb_33
    assert report["summary"]["by_category"]["hidden-state"] >= 36  # at least one per notebook read
    assert [n["path"] for n in report["notebooks"]] == [f"nbs/nb_{i:02d}.ipynb" for i in range(40)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_is_reported_for_every_notebook(tmp_path, jobs):
    many_notebooks(tmp_path, 30)
    seen: list[tuple[int, int]] = []

    api.check_paths(
        [str(tmp_path)], api.CheckOptions(jobs=jobs), progress=lambda d, t: seen.append((d, t))
    )

    assert seen == [(i, 30) for i in range(1, 31)]
