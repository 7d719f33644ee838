"""The notebook breaks the nbformat schema, but is usable and was analysed.

## What it does
Validates the file against the nbformat schema of its version and reports the first problem
as `info` (markdown cells carrying `outputs`, cell ids in nbformat 4.4, odd `prompt_number`s).

## Why is this bad?
Most tools open such files anyway; some strict ones (validators in CI, some converters)
refuse them. Saving the notebook again from a current JupyterLab usually repairs it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import NOTEBOOK, rule


@rule("NB001", "schema-violation", NOTEBOOK, "info")
def schema_violation(facts: NotebookFacts) -> Iterator[Finding]:
    problem = facts.notebook.schema_problem
    if problem:
        yield schema_violation.on_notebook(
            f"does not validate against the nbformat schema ({problem}); analysed anyway"
        )
