"""Realistic notebooks: every expected finding is reported, and nothing else is alarming."""

from __future__ import annotations

import pytest

from jupyter_prod import api

from .notebooks import ALL, build

HIDDEN_STATE_AND_HANDOFF = ["hidden-state", "handoff", "notebook"]


@pytest.mark.parametrize("name", sorted(ALL))
def test_expected_findings_and_no_false_alarms(name: str) -> None:
    cells, expected, allowed = ALL[name]
    report = api.check_document(build(cells), name, api.CheckOptions(select=HIDDEN_STATE_AND_HANDOFF))
    assert report.error is None
    alarming = {
        (f.rule, f.cell) for f in report.findings if f.severity in ("warning", "error") and f.cell is not None
    }
    assert expected <= alarming, f"missed: {sorted(expected - alarming)}"
    assert alarming <= expected | allowed, f"false alarms: {sorted(alarming - expected - allowed)}"
