"""Run the selected rules over one notebook's facts, once each, and apply suppressions."""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.facts import NotebookFacts
from ..findings.finding import Finding
from ..findings.suppression import read_suppressions
from .base import NOTEBOOK, Rule


def run_rules(facts: NotebookFacts, rules: Sequence[Rule]) -> list[Finding]:
    """Findings of `rules` on the notebook, sorted by cell and line, suppressions applied.

    A rule that crashes is a bug of ours, not the user's: it becomes one `error` finding
    naming the rule, and the other rules still run.
    """
    if not facts.notebook.is_python:
        rules = [r for r in rules if r.category == NOTEBOOK]
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.check(facts))
        except Exception as error:  # noqa: BLE001 - one broken rule must not hide the others
            findings.append(
                Finding(
                    "JP000",
                    "internal-error",
                    NOTEBOOK,
                    "error",
                    f"rule {rule.code} ({rule.name}) failed on this notebook: "
                    f"{type(error).__name__}: {error}. Please report it.",
                )  # fmt: skip
            )
    suppressions = read_suppressions(facts.notebook)
    kept = [f for f in findings if not suppressions.silences(f)]
    return sorted(kept, key=lambda f: f.sort_key)
