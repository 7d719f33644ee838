"""A run's HTML report: `runs/<id>/report.html`, the output notebook rendered by nbconvert's
HTML exporter, readable without Jupyter.

- the output notebook is read (nbformat, its sources joined) and copied; every text in the copy (sources, outputs, metadata)
  goes through the run's redaction, so a secret printed by the job never reaches the page;
- input cells are hidden unless asked for (nbconvert's `exclude_input`);
- a header with the run's status, duration, parameters (as masked in `run.json`) and, for a
  failed or interrupted run, why, is inserted at the top of the page, every text escaped;
- the page is written to a temporary file and renamed (a reader never sees half of it).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from .records import RunRecord

REPORT_FILE = "report.html"
_BODY = re.compile(r"<body[^>]*>")
_STYLE = (
    "font-family:sans-serif;margin:1em auto;max-width:1000px;padding:0.8em 1.2em;"
    "border:1px solid #ccc;border-radius:4px;background:#fafafa"
)
_COLORS = {"succeeded": "#2e7d32", "failed": "#c62828", "interrupted": "#ef6c00"}


def write_report(record: RunRecord, redact: Callable[[str], str], input_cells: bool) -> Path:
    """Render `record.output` to `report.html` in the run's folder; its path. Raises what
    reading or rendering raises (the runner notes it in the record)."""
    import nbformat
    from nbconvert import HTMLExporter

    text = Path(record.output).read_text(encoding="utf-8")
    read = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    notebook = nbformat.from_dict(_redacted(read, redact))  # type: ignore[no-untyped-call]
    exporter = HTMLExporter(exclude_input=not input_cells)  # type: ignore[no-untyped-call]
    resources = {"metadata": {"name": f"Run {record.id}"}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    page = _with_header(str(body), header(record, redact))
    path = Path(record.folder) / REPORT_FILE
    _write_atomically(path, page)
    return path


def header(record: RunRecord, redact: Callable[[str], str]) -> str:
    """The run as an HTML block: status, start, duration, parameters, why it failed."""

    def shown(value: object) -> str:
        return escape(redact(str(value)))

    color = _COLORS.get(record.status, "#666")
    rows = "".join(
        f"<tr><td><code>{shown(name)}</code></td><td><code>{shown(repr(value))}</code></td></tr>"
        for name, value in record.parameters.items()
    )
    parameters = f"<table>{rows}</table>" if rows else "<p>no parameters passed</p>"
    why = ""
    if record.status in ("failed", "interrupted"):
        why = f"<p><b>Why</b>: {shown(record.describe_failure())}</p>"
    return (
        f'<div class="jp-prod-run-report" style="{_STYLE}">'
        f"<h2>Run {shown(record.id)}</h2>"
        f"<p><b>Status</b>: <span style='color:{color}'>{shown(record.status)}</span> · "
        f"<b>Started</b>: {shown(record.started)} · <b>Duration</b>: {record.seconds:.1f} s · "
        f"<b>Engine</b>: {shown(record.engine)}</p>{why}"
        f"<p><b>Parameters</b>:</p>{parameters}</div>"
    )


def _with_header(page: str, block: str) -> str:
    match = _BODY.search(page)
    if match is None:
        return block + page
    return page[: match.end()] + block + page[match.end() :]


def _redacted(value: Any, redact: Callable[[str], str], key: str = "") -> Any:
    """A copy of the notebook's JSON with every string redacted; images are left as they are
    (base64 data is no text, and a secret pattern could match inside it)."""
    if isinstance(value, str):
        return value if key.startswith("image/") and key != "image/svg+xml" else redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v, redact, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(item, redact, key) for item in value]
    return value


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
