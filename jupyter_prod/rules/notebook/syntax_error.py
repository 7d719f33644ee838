"""A code cell is not valid Python (IPython syntax understood).

## What it does
Reports a code cell that does not parse, after IPython's magics, shell escapes and help
syntax are understood. The other cells are analysed as usual; names this cell would define
are unknown to the other rules.

## Why is this bad?
The cell raises `SyntaxError` when run, so the notebook cannot run top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...analysis.scopes import Site
from ...findings.finding import Finding
from ..base import NOTEBOOK, rule


@rule("NB002", "syntax-error", NOTEBOOK, "error")
def syntax_error(facts: NotebookFacts) -> Iterator[Finding]:
    for cell in facts.code_cells():
        if cell.source is None or cell.source.syntax_error is None:
            continue
        message, line, column = cell.source.syntax_error
        site = Site(line, max(column - 1, 0), line, max(column - 1, 0))
        yield syntax_error.at(cell, site, f"syntax error: {message}")
