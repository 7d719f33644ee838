"""A rule: code, kebab-case name, category, default severity, docs, and its check.

A rule module holds one rule: its docstring is the rule's documentation ("What it does",
"Why is this bad?", "Example", "Use instead"), and the `@rule(...)` decorator turns its
check function into a `Rule`. Checks read `NotebookFacts` and yield `Finding`s built with
`Rule.at` (a cell position) or `Rule.on_notebook` (the notebook as a whole).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..analysis.facts import CellFacts, NotebookFacts
from ..analysis.scopes import Site
from ..findings.finding import Finding, Fix

HIDDEN_STATE = "hidden-state"
HANDOFF = "handoff"
PANDAS = "pandas"
UNTESTED = "untested"
NOTEBOOK = "notebook"
CATEGORIES = (HIDDEN_STATE, PANDAS, UNTESTED, HANDOFF, NOTEBOOK)

Check = Callable[[NotebookFacts], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    check: Check
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    def at(
        self,
        cell: CellFacts,
        site: Site | None,
        message: str,
        *,
        fix: Fix | None = None,
        severity: str | None = None,
    ) -> Finding:
        """A finding on `cell` at `site` (AST coordinates already shifted to cell lines)."""
        if site is None:
            return self.on_cell(cell, message, fix=fix, severity=severity)
        lines = cell.cell.lines
        text = lines[site.line - 1] if 0 < site.line <= len(lines) else None
        end_text = lines[site.end_line - 1] if 0 < site.end_line <= len(lines) else None
        return self._finding(
            cell,
            message,
            fix,
            severity,
            line=site.line,
            column=_char_column(text, site.col) + 1,
            end_line=site.end_line,
            end_column=_char_column(end_text, site.end_col) + 1,
            source_line=text,
        )

    def on_cell(self, cell: CellFacts, message: str, line: int = 1, **kw: Any) -> Finding:
        """A finding on a cell's line (no AST node: magics, shell lines, whole cells)."""
        lines = cell.cell.lines
        text = lines[line - 1] if 0 < line <= len(lines) else None
        width = len(text) if text is not None else 0
        return self._finding(cell, message, kw.get("fix"), kw.get("severity"), line=line,
                             column=1, end_line=line, end_column=width + 1, source_line=text)  # fmt: skip

    def on_notebook(
        self, message: str, *, fix: Fix | None = None, severity: str | None = None
    ) -> Finding:
        return Finding(self.code, self.name, self.category, severity or self.severity, message,
                       fix=fix)  # fmt: skip

    def _finding(self, cell: CellFacts, message: str, fix: Fix | None, severity: str | None,
                 **position: Any) -> Finding:  # fmt: skip
        return Finding(
            self.code,
            self.name,
            self.category,
            severity or self.severity,
            message,
            cell=cell.index,
            cell_id=cell.cell.cell_id,
            fix=fix,
            **position,
        )


def rule(code: str, name: str, category: str, severity: str) -> Callable[[Check], Rule]:
    """Make a check function a `Rule`; its module's docstring is the rule's documentation."""

    def make(check: Check) -> Rule:
        module = sys.modules.get(check.__module__)
        doc = (module.__doc__ if module is not None else None) or check.__doc__ or ""
        return Rule(code, name, category, severity, check, doc)

    return make


def _char_column(text: str | None, byte_col: int) -> int:
    """`ast` columns count UTF-8 bytes; people count characters."""
    if text is None or text.isascii():
        return byte_col
    encoded = text.encode("utf-8", errors="surrogatepass")  # lone surrogates occur in real files
    return len(encoded[:byte_col].decode("utf-8", errors="ignore"))
