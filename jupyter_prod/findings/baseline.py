"""Baselines: the findings a project accepts today, so that a check fails only on new ones.

`check --write-baseline FILE` records every finding of the run; `check --baseline FILE` then
leaves out the findings recorded there. A finding is recorded by notebook and fingerprint
(`fingerprint.py`), never by cell number or line, so moving, inserting and editing other cells
keeps it recognised. Notebook paths are stored relative to the baseline's folder (with `/`),
so the file means the same from any working directory and on any machine.

The file is JSON, sorted and without timestamps, so it diffs well in review; each entry keeps
the rule and the (redacted) message for the reviewer. A notebook that cannot be read is never
baselined: it is reported on every run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..atomic_write import write_atomically
from .report import CheckReport, NotebookReport

FORMAT = "jupyter-prod-baseline"
VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or written; the message names it and says why."""


@dataclass(frozen=True)
class Baseline:
    folder: str  # paths in the file are relative to it
    # (notebook path relative to `folder`, fingerprint) -> how many findings share it
    entries: Counter[tuple[str, str]]

    def leave_out(self, report: CheckReport) -> tuple[CheckReport, int]:
        """The report without the findings in the baseline, and how many were left out."""
        notebooks: list[NotebookReport] = []
        left_out = 0
        remaining = Counter(self.entries)
        for notebook in report.notebooks:
            where = _relative(notebook.path, self.folder)
            kept = []
            for finding in notebook.findings:
                key = (where, finding.fingerprint or "")
                if finding.fingerprint is not None and remaining[key] > 0:
                    remaining[key] -= 1
                    left_out += 1
                else:
                    kept.append(finding)
            notebooks.append(replace(notebook, findings=kept))
        return replace(report, notebooks=notebooks), left_out


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline (write one with --write-baseline {path})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}: not a baseline (invalid JSON: {error.msg})") from None
    if not _is_baseline(document):
        raise BaselineError(f"{path}: not a jupyter-prod baseline file")
    if document["version"] != VERSION:
        raise BaselineError(
            f"{path}: baseline version {document['version']} is not supported (this "
            f"jupyter-prod writes version {VERSION}; write it again with --write-baseline)"
        )
    entries: Counter[tuple[str, str]] = Counter()
    for entry in document["findings"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("fingerprint"), str)):  # fmt: skip
            raise BaselineError(f"{path}: an entry lacks its path or fingerprint: {entry!r}")
        entries[(entry["path"], entry["fingerprint"])] += 1
    return Baseline(_folder(path), entries)


def write_baseline(path: str, report: CheckReport) -> int:
    """Record every finding of `report` in `path` (atomically); the number recorded. A file
    that exists and is not a baseline is left alone."""
    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as handle:
                existing = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            existing = None
        if not _is_baseline(existing):
            raise BaselineError(f"{path} exists and is not a jupyter-prod baseline: not replaced")
    folder = _folder(path)
    entries = sorted(
        (
            {
                "path": _relative(notebook.path, folder),
                "rule": finding.rule,
                "fingerprint": finding.fingerprint,
                "message": finding.message,
            }
            for notebook in report.notebooks
            for finding in notebook.findings
            if finding.fingerprint is not None
        ),  # fmt: skip
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    document = {"format": FORMAT, "version": VERSION, "findings": entries}
    try:
        write_atomically(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write the baseline: {error.strerror}") from None
    return len(entries)


def _is_baseline(document: Any) -> bool:
    return (isinstance(document, dict) and document.get("format") == FORMAT
            and isinstance(document.get("findings"), list))  # fmt: skip


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def _relative(notebook: str, folder: str) -> str:
    return os.path.relpath(os.path.abspath(notebook), folder).replace(os.sep, "/")
