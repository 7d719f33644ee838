"""Suppressions a user writes in the notebook itself.

- a comment `# prod: ignore[HS001, undefined-name]` (or bare `# prod: ignore`) at the end of
  a line silences those rules on that line; on a line of its own, in the whole cell;
- a cell tag `prod-ignore` (everything) or `prod-ignore:HS001` / `prod-ignore:undefined-name`;
- notebook metadata `{"jupyter_prod": {"ignore": ["HS002"]}}` for the whole notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..notebook.model import Cell, Notebook
from .finding import Finding

_COMMENT = re.compile(r"#\s*prod:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
EVERYTHING = "*"


@dataclass
class Suppressions:
    notebook: set[str] = field(default_factory=set)
    cells: dict[int, set[str]] = field(default_factory=dict)
    lines: dict[tuple[int, int], set[str]] = field(default_factory=dict)

    def silences(self, finding: Finding) -> bool:
        keys = {finding.rule.upper(), finding.name.lower()}
        if _hits(self.notebook, keys):
            return True
        if finding.cell is None:
            return False
        if _hits(self.cells.get(finding.cell, set()), keys):
            return True
        return _hits(self.lines.get((finding.cell, finding.line or 0), set()), keys)


def _hits(selectors: set[str], keys: set[str]) -> bool:
    return EVERYTHING in selectors or bool(selectors & keys)


def _selectors(text: str | None) -> set[str]:
    if text is None or not text.strip():
        return {EVERYTHING}
    return {_normal(part) for part in text.split(",") if part.strip()}


def _normal(selector: str) -> str:
    selector = selector.strip()
    return selector.upper() if re.fullmatch(r"[A-Za-z]+\d+", selector) else selector.lower()


def read_suppressions(notebook: Notebook) -> Suppressions:
    found = Suppressions()
    settings: Any = notebook.metadata.get("jupyter_prod")
    if isinstance(settings, dict) and isinstance(settings.get("ignore"), list):
        found.notebook = {_normal(str(s)) for s in settings["ignore"]}
    for cell in notebook.cells:
        _cell_suppressions(cell, found)
    return found


def _cell_suppressions(cell: Cell, found: Suppressions) -> None:
    for tag in cell.tags:
        if tag.lower() == "prod-ignore":
            found.cells.setdefault(cell.index, set()).add(EVERYTHING)
        elif tag.lower().startswith("prod-ignore:"):
            found.cells.setdefault(cell.index, set()).update(_selectors(tag.split(":", 1)[1]))
    if "prod:" not in cell.source.lower():
        return
    for number, line in enumerate(cell.lines, start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        selectors = _selectors(match.group(1))
        if line[: match.start()].strip():
            found.lines.setdefault((cell.index, number), set()).update(selectors)
        else:
            found.cells.setdefault(cell.index, set()).update(selectors)
