"""Read a notebook file into a `Notebook`, or fail with a `NotebookReadError` that says why.

Real notebooks often break the nbformat schema (markdown cells with `outputs`, odd
`prompt_number`s, cell ids in 4.4) and are perfectly usable: such problems are recorded on
the notebook (`schema_problem`) and the notebook is analysed anyway.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

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
    # nbformat invents a random id for every cell it upgrades; an old file has none, and an
    # id made up afresh at each read would make two reports of the same file differ.
    for cell in plain.get("cells", []):
        if isinstance(cell, dict):
            cell.pop("id", None)
    plain["nbformat_minor"] = 4  # the last 4.x without cell ids
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
        metadata=metadata if isinstance(metadata, dict) else {},
    )


def _schema_problem(document: dict[str, Any]) -> str | None:
    """The first nbformat schema violation, in words, or None when the notebook is valid."""
    minor = document.get("nbformat_minor")
    minor = minor if isinstance(minor, int) and not isinstance(minor, bool) else 0
    validators = _validators(min(max(minor, 0), 5))
    if validators is None:
        return None
    cells = document.get("cells")
    try:
        validators.notebook(dict(document, cells=[]) if isinstance(cells, list) else document)
    except Exception as error:  # fastjsonschema's JsonSchemaException (and odd values in it)
        return _first_line(error)
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        # The schema's `oneOf` would try every cell type, raising on each miss: a cell is
        # checked against the definition its own `cell_type` names, three times faster.
        kind = cell.get("cell_type") if isinstance(cell, dict) else None
        validate = validators.cells.get(kind) if isinstance(kind, str) else None
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        try:
            if validate is not None and isinstance(outputs, list):  # each output by its type
                validate(_cell_skeleton(cell, with_outputs=False))
                for output in outputs:
                    kind = output.get("output_type") if isinstance(output, dict) else None
                    check = validators.outputs.get(kind) if isinstance(kind, str) else None
                    (check or validators.any_output)(_output_skeleton(output))
            else:
                (validate or validators.any_cell)(_cell_skeleton(cell))
        except Exception as error:  # noqa: BLE001
            message = _first_line(error).replace("data", f"data.cells[{index}]", 1)
            return _cell_problem(document, message, minor) or message
    return None


def _first_line(error: Exception) -> str:
    return str(getattr(error, "message", None) or error).splitlines()[0][:300]


def _cell_skeleton(cell: Any, with_outputs: bool = True) -> Any:
    """The cell with its bulky text (source, output text, images) emptied, for validation.

    The schema only asks these to be strings or lists of strings; checking megabytes of
    base64 and log lines against it was most of the time spent reading a notebook. A shallow
    copy: the caller's document is not changed.
    """
    if not isinstance(cell, dict):
        return cell
    light = dict(cell)
    if isinstance(light.get("source"), list):
        light["source"] = ""
    outputs = light.get("outputs")
    if isinstance(outputs, list):
        light["outputs"] = [_output_skeleton(o) for o in outputs] if with_outputs else []
    return light


def _output_skeleton(output: Any) -> Any:
    if not isinstance(output, dict):
        return output
    light = dict(output)
    if isinstance(light.get("data"), dict):
        light["data"] = dict.fromkeys(light["data"], "")
    for key in ("text", "traceback"):
        if isinstance(light.get(key), list):
            light[key] = [] if key == "traceback" else ""
    return light


_CELL_KEYS = {
    "code": {"id", "cell_type", "metadata", "source", "outputs", "execution_count"},
    "markdown": {"id", "cell_type", "metadata", "source", "attachments"},
    "raw": {"id", "cell_type", "metadata", "source", "attachments"},
}
_CELL_INDEX = re.compile(r"^data\.cells\[(\d+)\]")


def _cell_problem(document: dict[str, Any], message: str, minor: int) -> str | None:
    """The schema's "cells[3] must be valid exactly by one definition" in a person's words."""
    match = _CELL_INDEX.match(message)
    cells = document.get("cells")
    if match is None or not isinstance(cells, list) or int(match.group(1)) >= len(cells):
        return None
    index = int(match.group(1))
    cell = cells[index]
    where = f"cell {index + 1}"
    if not isinstance(cell, dict):
        return f"{where} is not a JSON object"
    kind = cell.get("cell_type")
    if not isinstance(kind, str) or kind not in _CELL_KEYS:  # a list is not hashable
        return f"{where} has an unknown cell_type {kind!r}"
    extra = sorted(set(cell) - _CELL_KEYS[kind] - ({"id"} if minor >= 5 else set()))
    if "id" in cell and minor < 5:
        extra = sorted(set(extra) | {"id"})
    if extra:
        keys = ", ".join(f"`{key}`" for key in extra)
        return f"{where}: a {kind} cell may not carry {keys} in nbformat 4.{minor}"
    missing = sorted(_CELL_KEYS[kind] - {"id", "attachments"} - set(cell))
    if minor >= 5 and "id" not in cell:
        missing.append("id")
    if missing:
        return f"{where} ({kind}) lacks " + ", ".join(f"`{key}`" for key in missing)
    return None


def warm_up() -> None:
    """Compile the schemas of the usual versions now (before worker processes fork)."""
    for minor in (4, 5):
        _validators(minor)


def _compile(schema: dict[str, Any]) -> _Validators:
    import fastjsonschema

    definitions = schema.get("definitions", {})

    def part(name: str) -> Callable[[Any], Any]:
        ref = {"$ref": f"#/definitions/{name}", "definitions": definitions}
        compiled: Callable[[Any], Any] = fastjsonschema.compile(ref)
        return compiled

    cells = [k for k in ("code", "markdown", "raw") if f"{k}_cell" in definitions]
    outputs = [k for k in _OUTPUT_TYPES if k in definitions]
    # The notebook is validated with its cells left out (they are checked one by one), so its
    # validator need not generate the code for every cell and output type a second time.
    without_cells = dict(
        schema, properties=dict(schema.get("properties", {}), cells={"type": "array"})
    )
    return _Validators(
        fastjsonschema.compile(without_cells),
        {kind: part(f"{kind}_cell") for kind in cells},
        part("cell"),
        {kind: part(kind) for kind in outputs},
        part("output"),
    )


_OUTPUT_TYPES = ("execute_result", "display_data", "stream", "error")


class _Validators(NamedTuple):
    notebook: Callable[[Any], Any]  # the notebook with its cells left out
    cells: dict[str, Callable[[Any], Any]]  # by cell_type: "code", "markdown", "raw"
    any_cell: Callable[[Any], Any]  # the schema's own `cell` (for an unknown cell_type)
    outputs: dict[str, Callable[[Any], Any]]  # by output_type: "stream", "error"...
    any_output: Callable[[Any], Any]


@lru_cache(maxsize=8)
def _validators(minor: int) -> _Validators | None:
    """nbformat's own v4.x schema, compiled with fastjsonschema once per process.

    `import nbformat` costs about 2 s (its validator imports jsonschema and builds parsers);
    reading the schema file where nbformat installed it costs nothing, so every worker of a
    parallel check starts fast.
    """
    spec = importlib.util.find_spec("nbformat")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = os.path.join(folder, "v4", f"nbformat.v4.{minor}.schema.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                return _compile(json.load(handle))
    return None
