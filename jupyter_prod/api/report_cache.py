"""Results of `check` kept per notebook, so that a repeat run analyses only what changed.

The cache lives in `.jupyter_prod_cache/` at the project root (the folder of the
`pyproject.toml` the settings came from, else the git work tree's top, else the current
folder; `JUPYTER_PROD_CACHE_DIR` chooses another), as ruff's and pytest's do, with a `.gitignore` and a `CACHEDIR.TAG` so that git and
backup tools leave it alone.

An entry is keyed by everything a notebook's report depends on, so it is never stale:
- the notebook's bytes and where it is (tests find a notebook by its path); the bytes' hash is
  kept with the file's size and modification time (`content-hashes.json`), so an unchanged
  notebook is not read again;
- the tool: its version and the size and time of every file of the installed package, so
  an upgrade, or an edit of a development checkout, starts afresh;
- the effective configuration: the rules selected and ignored;
- the test files the untested rules read (`analysis.test_files.test_inputs`): adding a test
  changes the report of a notebook that did not change.

Entries are written atomically (a temporary file, then a rename), so concurrent checks of
the same project never read half an entry; an unreadable entry is a miss. A cache that cannot
be written (a read-only checkout) is skipped silently: it only ever saves time. Secrets are
never written: findings are redacted before they are cached, and the secret values kept to
redact other outputs are not stored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .. import __version__
from ..analysis.test_files import test_inputs
from ..atomic_write import write_atomically
from ..findings.finding import Finding
from ..findings.report import NotebookError, NotebookReport

CACHE_DIR = ".jupyter_prod_cache"
FORMAT = "v2"  # the entries' layout: a new one starts afresh beside the old
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by jupyter-prod.\n"
)
_NOT_CACHED = frozenset({"internal-error", "not-found", "permission-denied", "unreadable"})


class ReportCache:
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.writable = True
        # realpath -> [size, mtime_ns, sha256 of the bytes]: a notebook whose size and time
        # have not changed is not read and hashed again (most of a warm run's time otherwise:
        # notebooks with outputs are large). The key itself stays the bytes' hash.
        self._hashes: dict[str, list[Any]] | None = None
        self._hashes_changed = False

    @classmethod
    def for_project(cls, pyproject: str | None, start: str) -> ReportCache:
        """The project's cache, or the folder `JUPYTER_PROD_CACHE_DIR` names (as
        `RUFF_CACHE_DIR` does for ruff: CI caches it between jobs)."""
        chosen = os.environ.get("JUPYTER_PROD_CACHE_DIR")
        return cls(chosen or os.path.join(project_folder(pyproject, start), CACHE_DIR))

    def key(self, path: str, selection: Sequence[Sequence[str]]) -> str | None:
        """The entry's key for the notebook at `path`; None when it cannot be read (the
        check then reports why)."""
        real = os.path.realpath(path)
        content = self._content_hash(real)
        if content is None:
            return None
        digest = hashlib.sha256(content.encode())
        digest.update(json.dumps([real, tool_identity(), selection, test_inputs(path)]).encode())
        return digest.hexdigest()

    def _content_hash(self, real: str) -> str | None:
        try:
            status = os.stat(real)
            if self._hashes is None:
                self._hashes = self._read_hashes()
            known = self._hashes.get(real)
            if known is not None and known[:2] == [status.st_size, status.st_mtime_ns]:
                return str(known[2])
            with open(real, "rb") as handle:
                content = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return None
        self._hashes[real] = [status.st_size, status.st_mtime_ns, content]
        self._hashes_changed = True
        return content

    def _read_hashes(self) -> dict[str, list[Any]]:
        try:
            with open(self._hashes_file(), encoding="utf-8") as handle:
                found = json.load(handle)
            return found if isinstance(found, dict) else {}
        except (OSError, ValueError):
            return {}

    def save(self) -> None:
        """Keep the content hashes of this run for the next (merged with what another run
        wrote meanwhile; the last writer wins for a notebook both saw)."""
        if not self._hashes_changed or not self.writable or self._hashes is None:
            return
        merged = {**self._read_hashes(), **self._hashes}
        try:
            self._prepare()
            write_atomically(self._hashes_file(), json.dumps(merged, separators=(",", ":")))
        except OSError:
            self.writable = False

    def _hashes_file(self) -> str:
        return os.path.join(self.folder, FORMAT, "content-hashes.json")

    def get(self, key: str, shown_path: str) -> NotebookReport | None:
        try:
            with open(self._entry(key), encoding="utf-8") as handle:
                entry = json.load(handle)
            error = entry["error"]
            loads = json.loads
            return NotebookReport(
                shown_path,
                [Finding.from_dict(loads(text), line, text) for text, line in entry["findings"]],
                error=NotebookError(error["code"], error["message"]) if error else None,
                text_format=entry.get("text_format"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, or written by another version of this format: a miss

    def put(self, key: str, report: NotebookReport) -> None:
        if not self.writable or (report.error is not None and report.error.code in _NOT_CACHED):
            return
        entry = {
            "error": report.error.to_dict() if report.error else None,
            # Each finding as the JSON report writes it, and the line it shows: a cached report
            # is written out without encoding its findings again.
            "findings": [[f.json_line(), f.source_line] for f in report.findings],
            "text_format": report.text_format,
        }
        try:
            self._prepare()
            write_atomically(self._entry(key), json.dumps(entry, separators=(",", ":")))
        except OSError:
            self.writable = False

    def _entry(self, key: str) -> str:
        return os.path.join(self.folder, FORMAT, key[:2], key + ".json")

    def _prepare(self) -> None:
        if os.path.isdir(self.folder):
            return
        os.makedirs(self.folder, exist_ok=True)
        for name, text in (
            (".gitignore", "# created by jupyter-prod\n*\n"),
            ("CACHEDIR.TAG", _TAG),
        ):
            write_atomically(os.path.join(self.folder, name), text)


def project_folder(pyproject: str | None, start: str) -> str:
    """Where the cache goes: beside the configuration, else the git work tree's top, else
    the current folder."""
    if pyproject is not None:
        return os.path.dirname(os.path.abspath(pyproject))
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.getcwd()
        folder = parent


@lru_cache(maxsize=1)
def tool_identity() -> list[Any]:
    """The version and a digest of the installed package's files (name, size, mtime)."""
    digest = hashlib.sha256()
    for current, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "labextension"))
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                status = os.stat(os.path.join(current, name))
                digest.update(f"{current}/{name}:{status.st_size}:{status.st_mtime_ns};".encode())
    return [__version__, digest.hexdigest()]
