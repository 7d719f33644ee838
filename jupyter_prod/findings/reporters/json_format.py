"""`--format json`: the stable contract other tools, the panel and our own checks read."""

from __future__ import annotations

import json

from ..report import CheckReport


def render(report: CheckReport, color: bool = False) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
