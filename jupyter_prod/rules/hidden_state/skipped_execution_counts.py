"""Execution counts jump: some executions left no trace in the saved notebook.

## What it does
Sorts the execution counts and reports each cell whose count is more than one above the
previous one (starting from 0), as Pimentel et al. count skips.

## Why is this bad?
A skip means cells were run that are no longer in the notebook as saved (deleted, edited, or
run several times). It is a proxy for hidden state, so it is reported as `info`.

## Example
Counts `1, 2, 7`: five executions happened between the second and third cell.

## Use instead
Restart and run all, then save, before handing the notebook on.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.facts import NotebookFacts
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import run_label


@rule("HS002", "skipped-execution-counts", HIDDEN_STATE, "info")
def skipped_execution_counts(facts: NotebookFacts) -> Iterator[Finding]:
    ran = sorted(
        (cell.execution_count, cell.index, cell)
        for cell in facts.code_cells()
        if cell.execution_count is not None and not cell.cell.is_empty
    )
    previous = 0
    for count, _index, cell in ran:
        if count - previous > 1:
            missing = count - previous - 1
            after = "the start of the session" if previous == 0 else run_label(previous)
            yield skipped_execution_counts.at(
                cell,
                None,
                f"{run_label(count)} follows {after}: {missing} execution"
                f"{'s' if missing > 1 else ''} left no trace in the saved notebook",
            )
        previous = count
