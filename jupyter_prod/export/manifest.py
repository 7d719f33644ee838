"""A job folder's manifest: the files an export wrote there, so `--force` replaces only those.

- every export writes `.jupyter-prod-manifest.json` at the top of the job folder:
  `{"manifest": 1, "files": [...]}`, the sorted relative paths of the regular files it wrote;
- `contents(folder)` walks a folder without following symbolic links and sorts each entry:
  *ours* (a regular file the manifest names), *kept* (`runs/`, the run history, always carried
  over) or *foreign* (everything else: the user's files, symlinks, empty folders of their own);
- caches Python and pytest rebuild on their own (`__pycache__/`, `.pytest_cache/`) are neither:
  a replaced job starts without them;
- a manifest is a file on the user's disk like any other, so it is read defensively: only
  relative paths without `..` count, and only when they name a regular file reached without
  going through a symlink. A manifest that names `../thesis.docx` or a link therefore claims
  nothing, and an unreadable one counts as no manifest at all.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath

MANIFEST_FILE = ".jupyter-prod-manifest.json"
KEPT = "runs"  # the run history: never the export's to replace
DISPOSABLE = frozenset({"__pycache__", ".pytest_cache"})
MANIFEST_LIMIT = 16 * 1024 * 1024  # bytes; a bigger "manifest" is not one we wrote


@dataclass
class FolderContents:
    """What a job folder holds, sorted by whose it is (relative POSIX paths)."""

    ours: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # runs/ and everything in it
    foreign: list[str] = field(default_factory=list)  # files, links, own empty folders

    @property
    def carried(self) -> list[str]:
        """What a replacement must carry into the new job: its runs and the user's files."""
        return self.kept + self.foreign


def manifest_text(folder: Path) -> str:
    """The manifest of the job built in `folder`: every regular file in it, runs/ aside."""
    files = [
        path for path, kind in _walk(folder) if kind == "file" and _top(path) != KEPT
    ]  # fmt: skip
    return json.dumps({"manifest": 1, "files": sorted(files)}, indent=1) + "\n"


def read_manifest(folder: Path) -> frozenset[str] | None:
    """The paths the folder's manifest names (confined as the module says); None without a
    readable manifest."""
    path = folder / MANIFEST_FILE
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_LIMIT:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, list):
        return None
    return frozenset(str(PurePosixPath(p)) for p in files if isinstance(p, str) and _confined(p))


def contents(folder: Path, owned: frozenset[str]) -> FolderContents:
    """Sort what `folder` holds against the paths `owned` by the export that wrote it."""
    owned_folders = {str(parent) for p in owned for parent in PurePosixPath(p).parents}
    found = FolderContents()
    for path, kind in _walk(folder):
        if path == MANIFEST_FILE:
            continue
        if _top(path) == KEPT:
            found.kept.append(path)
        elif (kind == "file" and path in owned) or (kind == "empty" and path in owned_folders):
            found.ours.append(path)
        else:
            found.foreign.append(path)
    return found


def described(folder: Path, path: str) -> str:
    """`path` as a refusal lists it: a folder ends with `/`, a link says where it points."""
    full = folder / path
    if full.is_symlink():
        return f"{path} (a symbolic link)"
    return f"{path}/" if full.is_dir() else path


def first_foreign(folder: Path, limit: int) -> list[str]:
    """Up to `limit` entries of a folder without a manifest, all foreign, in walking order:
    enough to refuse it, without walking the whole of a home folder given by mistake."""
    return [path for path, _kind in islice(_owned_by_nobody(folder), limit)]


def _owned_by_nobody(folder: Path) -> Iterator[tuple[str, str]]:
    return ((path, kind) for path, kind in _walk(folder) if _top(path) != KEPT)


def _walk(folder: Path, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(relative path, kind) of every entry under `folder`, symlinks not followed; kinds:
    `file`, `link`, `empty` (a folder with nothing in it), `other` (a fifo, a socket...).
    Folders that hold something are not listed themselves: their entries are."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        path = f"{prefix}{entry.name}"
        if entry.is_symlink():
            yield path, "link"
        elif entry.is_dir(follow_symlinks=False):
            if entry.name in DISPOSABLE:
                continue
            empty = True
            for inside in _walk(Path(entry.path), path + "/"):
                empty = False
                yield inside
            if empty:
                yield path, "empty"
        else:
            yield path, "file" if entry.is_file(follow_symlinks=False) else "other"


def _top(path: str) -> str:
    return path.split("/", 1)[0]


def _confined(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return (
        bool(parts) and not path.startswith("/") and "\\" not in path and "\x00" not in path
        and ".." not in parts and str(PurePosixPath(path)) != "."
    )  # fmt: skip
