"""Notebooks kept as text (jupytext): `py:percent` scripts and Markdown notebooks.

Teams review notebooks as text: a `.py` file whose cells start with `# %%`, or a `.md` file
with a jupytext header. When jupytext is installed, `check` reads them with jupytext itself
(the library that writes them) and reports findings at the text file's own lines, so an
editor or a code-review annotation lands on the right line. Without jupytext they are
skipped with a note, never reported as broken notebooks.

A text file that is the twin of a `.ipynb` beside it (same name) is not checked on its own:
the `.ipynb` holds what the hidden-state rules read (execution counts, outputs), and the two
would report the same findings twice.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import replace

from .model import Notebook, source_lines
from .reader import NotebookReadError, notebook_from_dict

TEXT_SUFFIXES = (".py", ".md")
_PERCENT_CELL = re.compile(r"^\s*#\s?%%", re.MULTILINE)
_HEADER_LIMIT = 4096
MAX_TEXT_BYTES = 20_000_000


def jupytext_installed() -> bool:
    return importlib.util.find_spec("jupytext") is not None


def is_text_notebook(path: str) -> bool:
    """A `.py` file with `# %%` cells or a jupytext header, or a `.md` file with one."""
    if not path.endswith(TEXT_SUFFIXES):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_TEXT_BYTES)
    except OSError:
        return False
    head = text[:_HEADER_LIMIT]
    if "jupytext:" in head and ("jupyter:" in head):
        return True
    return path.endswith(".py") and bool(_PERCENT_CELL.search(text))


def has_ipynb_twin(path: str) -> bool:
    return os.path.isfile(os.path.splitext(path)[0] + ".ipynb")


def load_text_notebook(path: str, display_path: str) -> tuple[Notebook, list[int]]:
    """The notebook in a text file, and for each cell the 0-based file line its source starts
    at (a finding's cell line L is then file line `start + L`)."""
    import jupytext  # type: ignore[import-untyped]

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise NotebookReadError("not-found", "no such file") from None
    except UnicodeDecodeError as error:
        raise NotebookReadError("binary", f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise NotebookReadError("unreadable", f"cannot read the file ({error.strerror})") from None
    extension = os.path.splitext(path)[1]
    try:
        document = jupytext.reads(text, fmt=extension.lstrip("."))
    except Exception as error:  # noqa: BLE001 - jupytext raises many kinds on odd text
        raise NotebookReadError(
            "not-a-notebook", f"jupytext cannot read it as a notebook: {error}"
        ) from None
    plain = {
        "nbformat": 4,
        "nbformat_minor": 4,  # jupytext gives no ids to keep: made-up ones would not be stable
        "metadata": dict(document.metadata),
        "cells": [{"cell_type": cell.cell_type, "source": cell.source,
                   "metadata": dict(cell.metadata), "outputs": [], "execution_count": None}
                  if cell.cell_type == "code" else
                  {"cell_type": cell.cell_type, "source": cell.source,
                   "metadata": dict(cell.metadata)}
                  for cell in document.cells],
    }  # fmt: skip
    notebook = notebook_from_dict(plain, display_path)
    # A text file has no schema of its own to break: what jupytext made is ours.
    notebook = replace(notebook, schema_problem=None)
    return notebook, cell_starts(source_lines(text), [c.source for c in notebook.cells])


def cell_starts(file_lines: list[str], sources: list[str]) -> list[int]:
    """Where each cell's source starts in the file, found in order: a cell's first line is
    written as it is (code, a fenced Markdown block) or commented (`# ` in py:percent for
    Markdown and for magics jupytext escapes). A cell that cannot be placed starts where the
    previous one ended, so its findings stay close."""
    starts: list[int] = []
    cursor = 0
    for source in sources:
        lines = source_lines(source)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            starts.append(cursor)
            continue
        wanted = lines[first].strip()
        found = None
        for number in range(cursor, len(file_lines)):
            written = file_lines[number].strip()
            if written == wanted or written.lstrip("#").strip() == wanted.lstrip("#").strip():
                found = number
                break
        start = (found - first) if found is not None else cursor
        starts.append(max(start, 0))
        cursor = max(cursor, start + len(lines))
    return starts
