"""`--format json`: the stable contract other tools, the panel and our own checks read."""

from __future__ import annotations

import json
from typing import Any

from ..report import CheckReport


def render(report: CheckReport, color: bool = False) -> str:
    """The report as JSON, laid out one finding per line.

    `json.dumps(indent=2)` would put every field on its own line, and indenting makes `json`
    fall back from its C encoder to the pure-Python one: for a thousand notebooks that was
    seconds of the run, spent after the parallel part. One line a finding reads and diffs
    as well, and every line is written by the C encoder.
    """
    document = report.to_dict()
    lines = ["{"]
    for index, (key, value) in enumerate(document.items()):
        comma = "," if index < len(document) - 1 else ""
        if key == "notebooks" and value:
            lines.append(f"  {_dump(key)}: [")
            lines += [_notebook(n, last=i == len(value) - 1) for i, n in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_dump(key)}: {_dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _notebook(notebook: dict[str, Any], last: bool) -> str:
    findings = notebook["findings"]
    head = {k: v for k, v in notebook.items() if k != "findings"}
    opening = _dump(head)[:-1] + ', "findings": ['
    end = "]}" if last else "]},"
    if not findings:
        return f"    {opening}{end}"
    rows = ",\n".join(f"      {_dump(finding)}" for finding in findings)
    return f"    {opening}\n{rows}\n    {end}"


# One encoder for every line: `json.dumps` with a non-default argument builds a new encoder on
# each call, a tenth of a second over the 33,000 findings of the benchmark corpus.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)
