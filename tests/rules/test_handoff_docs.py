"""Each hand-off rule's documented Example is reported by the rule, its Use instead is not."""

from __future__ import annotations

import re

import pytest
from helpers import notebook, only

from jupyter_prod.rules.registry import ALL_RULES

HANDOFF = [rule for rule in ALL_RULES if rule.category == "handoff"]


def _block(doc: str, section: str) -> str | None:
    match = re.search(rf"## {section}\n(?:.*?\n)??```python\n(.*?)```", doc, re.S)
    return match.group(1) if match else None


@pytest.mark.parametrize("rule", HANDOFF, ids=lambda r: r.code)
def test_documented_example_is_reported(rule):
    example = _block(rule.doc, "Example")
    assert example is not None
    assert only(notebook(example), rule.code), rule.code


@pytest.mark.parametrize("rule", [r for r in HANDOFF if r.code != "HO005"], ids=lambda r: r.code)
def test_documented_alternative_is_not_reported(rule):
    instead = _block(rule.doc, "Use instead")
    if instead is None:  # HO003: the alternative is a requirements file, not code
        pytest.skip("no code in Use instead")
    assert only(notebook("import os\n" + instead), rule.code) == []


def test_every_handoff_rule_documents_what_why_example_and_instead():
    for rule in HANDOFF:
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in rule.doc, (rule.code, section)
