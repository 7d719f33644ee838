"""The notebook's kernel is not Python, so it was not analysed.

## What it does
Reports, as `info`, a notebook whose kernelspec or language_info names another language
(R, Julia, Scala...). Nothing else is reported for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import NOTEBOOK, rule


@rule("NB003", "non-python-kernel", NOTEBOOK, "info")
def non_python_kernel(facts: NotebookFacts) -> Iterator[Finding]:
    if not facts.notebook.is_python:
        yield non_python_kernel.on_notebook(
            f"skipped: the kernel language is {facts.notebook.language!r}, not Python"
        )
