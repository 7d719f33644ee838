"""The fidelity corpus: the manifest of public repositories, and laying their files out.

The notebooks are public code from other repositories: they are never copied into this repo.
`manifest.json` names each repository, the commit, the folders to lay out (notebooks and their
data) and the notebooks to measure; `--prepare` writes those files from a local bare mirror of
the repository (`git --git-dir MIRROR cat-file`), one folder per repository under the corpus
folder. Blobs the mirror lacks (snapshots here skip files of 4 MiB and more) are reported and
skipped: a notebook that needs one fails its original run and is left out of the figures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class CorpusError(Exception):
    """The manifest or the corpus cannot be used as asked (a clear message, no traceback)."""


@dataclass
class Repo:
    """One public repository of the corpus, as the manifest describes it."""

    repo: str  # owner/name
    commit: str
    mirror: str  # a bare git directory holding the commit
    layout: list[str]  # paths (files or folders) to write into the corpus
    notebooks: list[str]  # paths of the notebooks to measure, relative to the repo's root
    notes: str = ""

    @property
    def folder_name(self) -> str:
        """The repository's folder in the corpus: `owner+name`."""
        return self.repo.replace("/", "+")


@dataclass
class Manifest:
    """The corpus: its repositories, in the manifest's order."""

    repos: list[Repo] = field(default_factory=list)

    def notebooks(self, corpus: Path) -> list[tuple[Repo, Path]]:
        """Every notebook of the corpus with the repository it comes from."""
        return [(r, corpus / r.folder_name / nb) for r in self.repos for nb in r.notebooks]


def load_manifest(path: Path) -> Manifest:
    """Read `manifest.json`; a missing or malformed file is a `CorpusError`."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        repos = [Repo(**entry) for entry in data["repos"]]
    except FileNotFoundError as error:
        raise CorpusError(f"no manifest at {path}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise CorpusError(f"the manifest {path} is malformed: {error}") from error
    return Manifest(repos)


def check_corpus(manifest: Manifest, corpus: Path) -> list[str]:
    """The notebooks the manifest lists that are not in the corpus folder."""
    return [str(nb) for _, nb in manifest.notebooks(corpus) if not nb.is_file()]


def prepare(manifest: Manifest, corpus: Path, log: Any = print) -> None:
    """Lay every repository's files out under `corpus`, replacing what was there.

    - check that each mirror exists and holds the commit (else `CorpusError`, before writing);
    - list the blobs under the manifest's layout paths at that commit (`git ls-tree -r`);
    - write them with one `git cat-file --batch`, skipping (and counting) absent blobs.
    """
    for repo in manifest.repos:
        _check_mirror(repo)
    for repo in manifest.repos:
        target = corpus / repo.folder_name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        written, missing = _write_blobs(repo, target)
        note = f", {len(missing)} absent from the mirror (e.g. {missing[0]})" if missing else ""
        log(f"prepared {repo.repo}@{repo.commit[:10]}: {written} files in {target}{note}")


def _git(repo: Repo, *arguments: str, stdin: bytes | None = None) -> bytes:
    command = ["git", "--git-dir", repo.mirror, *arguments]
    done = subprocess.run(command, input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise CorpusError(f"{' '.join(command)} failed: {message}")
    return done.stdout


def _check_mirror(repo: Repo) -> None:
    if not Path(repo.mirror).is_dir():
        raise CorpusError(
            f"the mirror of {repo.repo} is absent: {repo.mirror} (bring a bare clone of "
            f"https://github.com/{repo.repo} at commit {repo.commit} there, or fix `mirror` "
            "in the manifest)"
        )
    try:
        _git(repo, "cat-file", "-e", f"{repo.commit}^{{commit}}")
    except CorpusError as error:
        raise CorpusError(f"the mirror of {repo.repo} lacks commit {repo.commit}") from error


def _write_blobs(repo: Repo, target: Path) -> tuple[int, list[str]]:
    listing = _git(repo, "ls-tree", "-r", "-z", repo.commit, "--", *repo.layout)
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":  # files, not symlinks
            entries.append((sha.decode(), path.decode()))
    batch = subprocess.run(
        ["git", "--git-dir", repo.mirror, "cat-file", "--batch"],
        input="".join(f"{sha}\n" for sha, _ in entries).encode(),
        capture_output=True,
        check=False,
    ).stdout
    written, missing, offset = 0, [], 0
    for _sha, path in entries:
        end = batch.index(b"\n", offset)
        header = batch[offset:end].split()
        if header[-1] == b"missing":
            missing.append(path)
            offset = end + 1
            continue
        size = int(header[2])
        data = batch[end + 1 : end + 1 + size]
        offset = end + 1 + size + 1
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        written += 1
    return written, missing
