"""Read a notebook file into a `Notebook`, or fail with a `NotebookReadError` that says why.

Real notebooks often break the nbformat schema (markdown cells with `outputs`, odd
`prompt_number`s, cell ids in 4.4) and are perfectly usable: such problems are recorded on
the notebook (`schema_problem`) and the notebook is analysed anyway.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .model import Cell, Notebook


class NotebookReadError(Exception):
    """The file cannot be read as a notebook; `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def load_notebook(path: str | os.PathLike[str], display_path: str | None = None) -> Notebook:
    """Read `path`; `display_path` is how the path is shown (defaults to `path` as given)."""
    shown = display_path if display_path is not None else os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise NotebookReadError("not-found", "no such file") from None
    except PermissionError:
        raise NotebookReadError(
            "permission-denied", "permission denied: cannot read the file"
        ) from None
    except IsADirectoryError:
        raise NotebookReadError("unreadable", "is a directory, not a notebook file") from None
    except OSError as error:
        raise NotebookReadError("unreadable", f"cannot read the file ({error.strerror})") from None
    return notebook_from_bytes(data, shown)


def notebook_from_bytes(data: bytes, path: str) -> Notebook:
    if not data.strip():
        raise NotebookReadError("empty", "the file is empty")
    if b"\x00" in data[:4096]:
        raise NotebookReadError("binary", "this is a binary file, not a notebook (JSON text)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotebookReadError(
            "binary", f"not UTF-8 text (byte {error.start}); a notebook is JSON text"
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookReadError(
            "invalid-json",
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            " (was the file truncated or merged with conflict markers?)",
        ) from None
    except RecursionError:
        raise NotebookReadError("invalid-json", "not valid JSON: nested too deeply") from None
    return notebook_from_dict(document, path)


def notebook_from_dict(document: Any, path: str) -> Notebook:
    """Normalise a notebook already parsed from JSON (a file, or a document sent to the server)."""
    if not isinstance(document, dict):
        raise NotebookReadError(
            "not-a-notebook", f"the JSON is a {type(document).__name__}, not a notebook object"
        )
    major = document.get("nbformat")
    if isinstance(major, int) and not isinstance(major, bool) and major < 4:
        document = _upgrade(document)
    elif major is not None and major != 4:
        raise NotebookReadError("unsupported-version", f"nbformat {major!r} is not supported")
    if "cells" not in document:
        raise NotebookReadError("no-cells", 'the notebook has no "cells" list')
    raw_cells = document["cells"]
    if not isinstance(raw_cells, list):
        raise NotebookReadError(
            "cells-not-a-list", f'"cells" is a {type(raw_cells).__name__}, not a list'
        )
    metadata = document.get("metadata")
    minor = document.get("nbformat_minor")
    return Notebook(
        path=path,
        cells=[_cell(index, raw) for index, raw in enumerate(raw_cells)],
        metadata=metadata if isinstance(metadata, dict) else {},
        nbformat=4,
        nbformat_minor=minor if isinstance(minor, int) and not isinstance(minor, bool) else 0,
        schema_problem=_schema_problem(document),
    )


def _upgrade(document: dict[str, Any]) -> dict[str, Any]:
    import nbformat

    try:
        # `reads` rejoins multi-line sources before converting, as old files need.
        upgraded = nbformat.reads(json.dumps(document), as_version=4)  # type: ignore[no-untyped-call]
    except Exception as error:  # nbformat raises many kinds on malformed old files
        raise NotebookReadError(
            "unsupported-version",
            f"nbformat {document.get('nbformat')} notebook could not be upgraded to v4: {error}",
        ) from None
    plain: dict[str, Any] = json.loads(json.dumps(upgraded))
    return plain


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part) for part in value)
    return "" if value is None else str(value)


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        try:
            return int(value.strip()) or None
        except ValueError:  # "²" is a digit to str.isdigit, not to int()
            return None
    return None


def _cell(index: int, raw: Any) -> Cell:
    if not isinstance(raw, dict):
        return Cell(index=index, cell_type="unknown", source="")
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    outputs = raw.get("outputs")
    cell_id = raw.get("id")
    return Cell(
        index=index,
        cell_type=str(raw.get("cell_type") or "unknown"),
        source=_text(raw.get("source")),
        cell_id=cell_id if isinstance(cell_id, str) else None,
        execution_count=_count(raw.get("execution_count")),
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        outputs=tuple(out for out in outputs if isinstance(out, dict))
        if isinstance(outputs, list)
        else (),
    )


def _schema_problem(document: dict[str, Any]) -> str | None:
    """The first nbformat schema violation, in words, or None when the notebook is valid."""
    from nbformat.validator import get_validator

    minor = document.get("nbformat_minor")
    minor = minor if isinstance(minor, int) and not isinstance(minor, bool) else 0
    validator = get_validator(version=4, version_minor=min(minor, 5), name="fastjsonschema")  # type: ignore[no-untyped-call]
    if validator is None:
        return None
    try:
        validator.validate(document)
    except Exception as error:  # fastjsonschema's JsonSchemaException, and nbformat's wrapper
        message = getattr(error, "message", None) or str(error)
        return str(message).splitlines()[0][:300]
    return None
