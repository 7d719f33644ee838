"""`--format json`: the stable contract other tools, the panel and our own checks read."""

from __future__ import annotations

import json
from typing import Any

from ..report import JSON_VERSION, CheckReport, NotebookReport, tool_info


def render(report: CheckReport, color: bool = False) -> str:
    """The report as JSON, laid out one finding per line.

    `json.dumps(indent=2)` would put every field on its own line, and indenting makes `json`
    fall back from its C encoder to the pure-Python one: for a thousand notebooks that was
    seconds of the run, spent after the parallel part. One line a finding reads and diffs
    as well, and every line is written by the C encoder (or comes from the report cache
    already encoded).
    """
    notebooks = report.notebooks
    lines = ["{", f'  "version": {JSON_VERSION},', f'  "tool": {_dump(tool_info())},']
    if notebooks:
        lines.append('  "notebooks": [')
        lines += [_notebook(n, last=i == len(notebooks) - 1) for i, n in enumerate(notebooks)]
        lines.append("  ],")
    else:
        lines.append('  "notebooks": [],')
    lines.append(f'  "summary": {_dump(report.summary())}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _notebook(notebook: NotebookReport, last: bool) -> str:
    head: dict[str, Any] = {"path": notebook.path,
                            "error": notebook.error.to_dict() if notebook.error else None}  # fmt: skip
    if notebook.text_format is not None:
        head["text_format"] = notebook.text_format
    opening = _dump(head)[:-1] + ', "findings": ['
    end = "]}" if last else "]},"
    if not notebook.findings:
        return f"    {opening}{end}"
    rows = ",\n".join(f"      {finding.json_line()}" for finding in notebook.findings)
    return f"    {opening}\n{rows}\n    {end}"


# One encoder for every line: `json.dumps` with a non-default argument builds a new encoder on
# each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)
