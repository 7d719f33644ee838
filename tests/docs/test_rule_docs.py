"""The committed rule reference matches the rules' docstrings, and every rule is documented."""

from __future__ import annotations

from pathlib import Path

from jupyter_prod.rules.docs import render_pages
from jupyter_prod.rules.registry import ALL_RULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_committed_rule_docs_are_up_to_date() -> None:
    expected = render_pages()
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert committed == expected, "run: python -m jupyter_prod.rules.docs docs/rules"


def test_every_rule_has_a_real_doc() -> None:
    for rule in ALL_RULES:
        assert "## What it does" in rule.doc or len(rule.doc.strip().splitlines()) >= 3, rule.code
        assert rule.code[:2].isalpha() and rule.code[2:].isdigit(), rule.code
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.name
