"""`export --force` replaces only what an export wrote (its manifest): the user's files in the
job folder, at the top or inside the folders the export writes, stay byte for byte; a folder
with files of someone else's and no manifest is refused with the list of them; a manifest is
read as untrusted input; the replacement stays atomic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import notebook, write_notebook

from jupyter_prod import api
from jupyter_prod.export import ExportRefused, staging
from jupyter_prod.export.manifest import MANIFEST_FILE

THESIS = b"PK\x03\x04 my thesis, three years of work \x00\xff"


def export(cli, tmp_path: Path, *cells: object, args: tuple[str, ...] = ()):
    path = write_notebook(tmp_path, "analysis.ipynb", notebook(*cells))
    return cli("export", path, "--no-run", *args)


def manifest(job: Path) -> list[str]:
    return json.loads((job / MANIFEST_FILE).read_text())["files"]


def test_the_manifest_lists_every_file_the_export_wrote(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    written = sorted(p.relative_to(job).as_posix() for p in job.rglob("*") if p.is_file())
    assert manifest(job) == [p for p in written if p != MANIFEST_FILE]
    assert {"job.yaml", "analysis.ipynb", "export-report.md"} <= set(manifest(job))


def test_force_keeps_the_users_files_byte_for_byte(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    package = next(p.parent.name for p in job.glob("*/steps.py"))
    mine = {
        "thesis_draft.docx": THESIS,
        "tests/test_my_own_case.py": b"def test_mine():\n    assert True\n",
        f"{package}/my_helpers.py": b"HELPER = 1\n",
        "notes/todo.md": b"- ship it\n",
        "runs/20240101T000000Z/run.json": b'{"status": "succeeded"}',
    }
    for relative, data in mine.items():
        (job / relative).parent.mkdir(parents=True, exist_ok=True)
        (job / relative).write_bytes(data)
    (job / "empty_folder_of_mine").mkdir()
    os.symlink("thesis_draft.docx", job / "latest.docx")
    inode = (job / "thesis_draft.docx").stat().st_ino

    forced = export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",))

    assert forced.status == 0, forced.err
    assert "default: 2" in (job / "job.yaml").read_text()  # the job itself was replaced
    for relative, data in mine.items():
        assert (job / relative).read_bytes() == data, relative
    assert (job / "thesis_draft.docx").stat().st_ino == inode  # linked across, never copied
    assert (job / "empty_folder_of_mine").is_dir()
    assert os.readlink(job / "latest.docx") == "thesis_draft.docx"
    assert not set(mine) & set(manifest(job))  # still not ours: a later --force keeps them too
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == ["analysis"]  # no leftovers


def test_a_file_the_old_job_wrote_and_the_new_does_not_is_removed(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    (job / "tests" / "data").mkdir(parents=True, exist_ok=True)
    (job / "tests" / "data" / "old.pkl").write_bytes(b"old")
    listed = json.loads((job / MANIFEST_FILE).read_text())
    listed["files"].append("tests/data/old.pkl")  # as if the old export had recorded it
    (job / MANIFEST_FILE).write_text(json.dumps(listed))
    assert export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",)).status == 0
    assert not (job / "tests" / "data" / "old.pkl").exists()


def test_a_folder_with_foreign_files_and_no_manifest_is_refused_listing_them(tmp_path: Path, cli) -> None:
    target = tmp_path / "Documents"
    (target / "chapters").mkdir(parents=True)
    (target / "thesis_draft.docx").write_bytes(THESIS)
    (target / "chapters" / "one.md").write_text("# One\n")
    (target / "job.yaml").write_text("name: not ours\n")

    result = export(cli, tmp_path, "x = 1\nprint(x)", args=("-o", str(target), "--force"))

    assert result.status == 1
    assert f"{target} holds files jupyter-prod did not write" in result.err
    assert "a job exported by jupyter-prod 0.1 has no manifest" in result.err  # it has a job.yaml
    listed = [line.strip() for line in result.err.splitlines() if line.startswith("  - ")]
    assert listed == ["- chapters/one.md", "- job.yaml", "- thesis_draft.docx"]
    assert "Traceback" not in result.err
    assert (target / "thesis_draft.docx").read_bytes() == THESIS
    assert (target / "job.yaml").read_text() == "name: not ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents", "analysis.ipynb"]


def test_a_big_folder_is_refused_with_the_first_files_only(tmp_path: Path, cli) -> None:
    target = tmp_path / "home"
    for number in range(120):
        (target / f"d{number:03}").mkdir(parents=True)
        (target / f"d{number:03}" / "photo.jpg").write_bytes(b"\xff\xd8")
    result = export(cli, tmp_path, "x = 1\nprint(x)", args=("-o", str(target), "--force"))
    assert result.status == 1
    listed = [line for line in result.err.splitlines() if line.startswith("  - ")]
    assert listed[0] == "  - d000/photo.jpg" and listed[-1] == "  - ... and more"
    assert len(listed) == 51 and len(list(target.rglob("*.jpg"))) == 120


def test_an_empty_folder_is_exported_into(tmp_path: Path, cli) -> None:
    (tmp_path / "empty").mkdir()
    result = export(cli, tmp_path, "x = 1\nprint(x)", args=("-o", str(tmp_path / "empty"), "--force"))
    assert result.status == 0, result.err
    assert (tmp_path / "empty" / "job.yaml").is_file()


def test_a_foreign_file_where_the_new_job_writes_its_own_is_refused(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    listed = json.loads((job / MANIFEST_FILE).read_text())
    listed["files"].remove("README.md")  # the user's README now, not the export's
    (job / MANIFEST_FILE).write_text(json.dumps(listed))
    (job / "README.md").write_text("my own words\n")
    before = {p: p.read_bytes() for p in job.rglob("*") if p.is_file()}

    result = export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",))

    assert result.status == 1
    assert "where this export writes its own" in result.err and "  - README.md" in result.err
    assert {p: p.read_bytes() for p in job.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == ["analysis"]


@pytest.mark.parametrize("claimed", ["../precious.txt", "/tmp/../{outside}/precious.txt",
                                     "link/inside.txt", "link", "sub/../thesis_draft.docx"])  # fmt: skip
def test_a_manifest_claims_nothing_outside_the_folder_or_through_a_link(tmp_path: Path, cli, claimed: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "inside.txt").write_text("keep")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "precious.txt").write_text("keep")
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    os.symlink(outside, job / "link")
    (job / "thesis_draft.docx").write_bytes(THESIS)
    listed = json.loads((job / MANIFEST_FILE).read_text())
    listed["files"].append(claimed.format(outside=outside))
    (job / MANIFEST_FILE).write_text(json.dumps(listed))

    assert export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",)).status == 0

    assert (tmp_path / "jobs" / "precious.txt").read_text() == "keep"
    assert (outside / "inside.txt").read_text() == "keep"
    assert os.readlink(job / "link") == str(outside)
    assert (job / "thesis_draft.docx").read_bytes() == THESIS


def test_an_unreadable_manifest_counts_as_none(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    (job / MANIFEST_FILE).write_text("{not json")
    result = export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",))
    assert result.status == 1 and "  - job.yaml" in result.err
    assert "default: 1" in (job / "job.yaml").read_text()


def test_the_server_face_gets_the_same_refusal(tmp_path: Path) -> None:
    """`api.check_export` (what the server calls before answering 202) refuses at once."""
    path = write_notebook(tmp_path, "analysis.ipynb", notebook("x = 1\nprint(x)"))
    (tmp_path / "jobs" / "analysis").mkdir(parents=True)
    (tmp_path / "jobs" / "analysis" / "thesis_draft.docx").write_bytes(THESIS)
    with pytest.raises(ExportRefused) as refused:
        api.check_export(path, api.ExportOptions(force=True, run=False))
    assert refused.value.reasons == ["thesis_draft.docx"]


def test_an_interrupted_replacement_keeps_the_old_job_and_the_users_files(tmp_path: Path, monkeypatch) -> None:
    path = write_notebook(tmp_path, "analysis.ipynb", notebook("x = 1\nprint(x)"))
    job = Path(api.export_notebook(path, api.ExportOptions(run=False)).job_dir)
    (job / "thesis_draft.docx").write_bytes(THESIS)
    before = {p: p.read_bytes() for p in job.rglob("*") if p.is_file()}
    carried: list[str] = []

    def interrupted(source: Path, destination: Path) -> None:
        carried.append(source.name)
        raise KeyboardInterrupt  # Ctrl-C while the user's files are being carried over

    monkeypatch.setattr(staging, "_carry", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.export_notebook(path, api.ExportOptions(run=False, force=True))
    assert carried == ["thesis_draft.docx"]
    assert {p: p.read_bytes() for p in job.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in job.parent.iterdir()) == ["analysis"]


def test_an_old_job_moved_aside_by_a_killed_export_is_put_back(tmp_path: Path, cli) -> None:
    assert export(cli, tmp_path, "x = 1\nprint(x)").status == 0
    job = tmp_path / "jobs" / "analysis"
    (job / "thesis_draft.docx").write_bytes(THESIS)
    aside = tmp_path / "jobs" / ".analysis.old-999999999-abc"  # a process that is gone
    aside.mkdir()
    job.rename(aside / "job")  # killed between its two renames: nothing at the target

    again = export(cli, tmp_path, "x = 2\nprint(x)")

    assert again.status == 2 and "already exists" in again.err  # found where it was
    assert (job / "thesis_draft.docx").read_bytes() == THESIS
    assert "default: 1" in (job / "job.yaml").read_text()
    forced = export(cli, tmp_path, "x = 2\nprint(x)", args=("--force",))
    assert forced.status == 0, forced.err
    assert (job / "thesis_draft.docx").read_bytes() == THESIS
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == ["analysis"]
