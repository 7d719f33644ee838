"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards.

ruff's SARIF loses the cell (FIELD.md); ours keeps it in every location: a logical location
`cell N` (with the cell id), and the region's lines counted within that cell. Notebook-level
findings have the notebook file as their only location. Each result carries its finding's
fingerprint in `partialFingerprints`, which survives cells moving around it.
"""

from __future__ import annotations

import json
from typing import Any

from ..finding import Finding
from ..fingerprint import VERSION
from ..report import CheckReport, tool_info

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = f"jupyterProdFinding/{VERSION}"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: CheckReport, color: bool = False) -> str:
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for notebook in report.notebooks:
        if notebook.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{notebook.path}: {notebook.error.message}"},
                "descriptor": {"id": notebook.error.code},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": notebook.path}}}],
            })  # fmt: skip
        results += [_result(notebook.path, f) for f in notebook.findings]
    info = tool_info()
    run = {
        "tool": {
            "driver": {
                "name": info["name"],
                "version": info["version"],
                "informationUri": "https://github.com/jupyter-prod/jupyter-prod",
                "rules": [_rule(r) for r in report.rules],
            }
        },  # fmt: skip
        "results": results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: dict[str, str]) -> dict[str, Any]:
    return {
        "id": rule["code"],
        "name": rule["name"],
        "shortDescription": {"text": rule["summary"]},
        "fullDescription": {"text": rule["doc"].strip()},
        "defaultConfiguration": {"level": _LEVELS.get(rule["severity"], "warning")},
        "properties": {"category": rule["category"]},
    }


def _fingerprints(finding: Finding) -> dict[str, Any]:
    """The finding's identity across commits (`fingerprint.py`), as code scanning tracks it:
    a result keeps its alert when cells move around it."""
    if finding.fingerprint is None:
        return {}
    return {"partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint}}


def _result(path: str, finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": path}}}
    if finding.cell is not None:
        location["logicalLocations"] = [{
            "name": f"cell {finding.cell + 1}",
            "fullyQualifiedName": f"{path}#cell={finding.cell}",
            "kind": "notebookCell",
            "properties": {"cell": finding.cell, "cell_id": finding.cell_id},
        }]  # fmt: skip
        if finding.line is not None:
            location["physicalLocation"]["region"] = {
                "startLine": finding.line,
                "startColumn": finding.column or 1,
                "endLine": finding.end_line or finding.line,
                "endColumn": finding.end_column or (finding.column or 1),
                "properties": {"cell": finding.cell},
            }
    return {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {
            "text": finding.message
            if finding.cell is None
            else f"cell {finding.cell + 1}: {finding.message}"
        },  # fmt: skip
        "locations": [location],
        **_fingerprints(finding),
        "properties": {
            "cell": finding.cell,
            "cell_id": finding.cell_id,
            "category": finding.category,
            "name": finding.name,
        },  # fmt: skip
    }
