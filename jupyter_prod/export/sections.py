"""Where the notebook's top-level code is split into steps: at markdown headings.

A heading is an ATX (`## Clean the data`), setext (`Title` over `====`) or HTML (`<h2>`)
heading anywhere in a markdown cell. A notebook without headings gets one step per code cell,
and so does one whose headings do not split its code (a title above everything): one function
holding the whole notebook would be neither reviewable nor testable piece by piece.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from ..analysis.facts import NotebookFacts

_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_SETEXT = re.compile(r"^ {0,3}(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[`*_~\[\]()]|\{[^}]*\}")


@dataclass
class Section:
    """Code cells under one heading (`title` None: before any heading, or no headings)."""

    title: str | None
    cells: list[int] = field(default_factory=list)


def heading(markdown: str) -> str | None:
    """The first heading of a markdown cell, as plain text."""
    found = [m for pattern in (_ATX, _SETEXT, _HTML) if (m := pattern.search(markdown))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    text = _MARKUP.sub("", _TAG.sub("", first.group(1))).strip()
    return text or None


def sections(facts: NotebookFacts, kept: set[int] | frozenset[int] = frozenset()) -> list[Section]:
    """The code cells (Python, and the `kept` ones that stay as written) under each heading."""
    titles = {
        c.index: heading(c.cell.source) for c in facts.cells if c.cell.cell_type == "markdown"
    }
    found: list[Section] = [Section(None)]
    for cell in facts.cells:
        title = titles.get(cell.index)
        if title:
            found.append(Section(title))
        elif cell.scan is not None or cell.index in kept:
            found[-1].cells.append(cell.index)
    found = [s for s in found if s.cells]
    if len(found) < 2:
        return [Section(None, [i]) for s in found for i in s.cells]
    return found


def identifier(text: str, limit: int = 5) -> str:
    """`"1. Load & clean the data!"` → `load_clean_the_data` (at most `limit` words)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    words = [w for w in words if not w.isdigit()][:limit]
    name = "_".join(words)
    if not name:
        return ""
    if name[0].isdigit():
        name = "step_" + name
    return name + "_" if keyword.iskeyword(name) else name


def unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken or keyword.iskeyword(candidate):
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate
