"""Generate `docs/rules/` from the rules' docstrings: `python -m jupyter_prod.rules.docs docs/rules`.

A test compares the committed pages with a fresh rendering, so the docs cannot drift.
"""

from __future__ import annotations

import os
import sys

from .base import CATEGORIES, Rule
from .registry import ALL_RULES


def page_name(rule: Rule) -> str:
    return f"{rule.code}-{rule.name}.md"


def render_pages() -> dict[str, str]:
    """File name → Markdown, for every rule and the index."""
    pages = {page_name(r): _page(r) for r in ALL_RULES}
    pages["README.md"] = _index()
    return pages


def _page(rule: Rule) -> str:
    body = rule.doc.strip().split("\n", 1)
    title, rest = body[0], (body[1].strip() if len(body) > 1 else "")
    header = (
        f"# {rule.code} `{rule.name}`\n\n{title}\n\n"
        f"- Category: `{rule.category}`\n- Default severity: `{rule.severity}`\n"
        f"- Silence it: `# prod: ignore[{rule.code}]` on the line, the cell tag `prod-ignore:{rule.code}`,"
        f' or `ignore = ["{rule.code}"]` under `[tool.jupyter-prod]`\n'
    )
    return header + ("\n" + rest + "\n" if rest else "")


def _index() -> str:
    lines = ["# Rules", "", "Generated from the rules' own documentation "
             "(`python -m jupyter_prod.rules.docs docs/rules`).", ""]  # fmt: skip
    for category in CATEGORIES:
        rules = [r for r in ALL_RULES if r.category == category]
        if not rules:
            continue
        lines += [
            f"## {category}",
            "",
            "| code | name | severity | what it finds |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r.code} | [{r.name}]({page_name(r)}) | {r.severity} | {r.summary} |" for r in rules
        ]
        lines.append("")
    return "\n".join(lines)


def main(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".md"):
            os.remove(os.path.join(folder, name))
    for name, text in render_pages().items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
