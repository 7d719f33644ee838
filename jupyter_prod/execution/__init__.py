"""`check --execute`: run the notebook in a fresh kernel and measure what the static analysis
can only suspect.

    error = measure(facts, kernel=None, timeout=300)   # facts.test_map.execution is then set

- `fresh_run.py` runs an in-memory copy top to bottom with a line recorder in the kernel;
- `testbook_run.py` runs the project's testbook tests for the notebook, recorded the same way;
- `line_coverage.py` turns recorded lines into per-function coverage of the logic cells;
- `outputs.py` compares fresh and saved outputs after normalising what legitimately varies.
The rules read the resulting `analysis.measured.Measured`; a run that could not finish is a
per-notebook error (`findings.report.NotebookError`), beside whatever was measured before it.
"""

from __future__ import annotations

import os

from ..analysis.facts import NotebookFacts
from ..analysis.measured import FunctionCoverage, Measured, OutputDifference
from ..findings.report import NotebookError
from .errors import ExecutionError
from .fresh_run import FreshRun, Recording, run_fresh
from .line_coverage import branch_parser, function_coverage
from .outputs import describe_difference, normalise, shorten

DEFAULT_TIMEOUT = 300.0


def measure(
    facts: NotebookFacts, *, kernel: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> NotebookError | None:
    """Run the notebook fresh, record a `Measured` on `facts.test_map`; the error, if any."""
    if not facts.notebook.is_python:
        return None
    from .kernel_recorder import digest

    tests = facts.test_map
    code_cells = [c for c in facts.cells if c.cell.is_code]
    recording = Recording(
        tests=frozenset(digest(facts.cells[i].cell.source) for i in tests.test_cells),
        notebook=frozenset(digest(c.cell.source) for c in code_cells),
        logic=frozenset(digest(facts.cells[i].cell.source) for i in tests.logic_cells),
    )
    folder = os.path.dirname(os.path.abspath(facts.path)) if os.path.isfile(facts.path) else None
    try:
        run = run_fresh(facts.notebook, kernel=kernel, timeout=timeout, folder=folder,
                        recording=recording)  # fmt: skip
    except ExecutionError as error:  # the kernel could not even be chosen
        tests.execution = Measured(kernel=kernel or "?", completed=False)
        return NotebookError(error.code, error.message)
    measured = Measured(kernel=run.kernel, completed=run.error is None, seconds=run.seconds)
    if run.error is None and tests.test_files:
        from .testbook_run import run_testbook_tests

        note = run_testbook_tests(facts, tests.test_files, recording, run, timeout)
        if note:
            measured.notes.append(note)
    if run.missing:
        measured.notes.append(run.missing)
    measured.coverage = _coverage(facts, run)
    measured.difference, measured.compared_cells = _first_difference(facts, run)
    tests.execution = measured
    return NotebookError(run.error.code, run.error.message) if run.error is not None else None


def _coverage(facts: NotebookFacts, run: FreshRun) -> dict[int, list[FunctionCoverage]]:
    from .kernel_recorder import digest

    found: dict[int, list[FunctionCoverage]] = {}
    for index, functions in facts.test_map.logic_cells.items():
        cell = facts.cells[index]
        key = digest(cell.cell.source)
        if key not in run.measured or cell.source is None or cell.source.cell_magic:
            continue  # not measurable: never compiled as its own file (e.g. a %%time body)
        if any((index, f.name) in facts.test_map.reached_by_module for f in functions):
            continue  # its tests run the exported module's copy: the static map stands
        hits = run.hits.get(key, [])
        parser = branch_parser(_compiled_source(cell.cell.source))
        arcs = run.arcs.get(key, set())
        found[index] = [function_coverage(f, 0, hits, arcs, parser) for f in functions]
    return found


def _compiled_source(source: str) -> str:
    """The Python the kernel compiled for a cell: IPython's syntax turned into calls, with
    the same lines (what coverage.py's arcs are numbered by)."""
    from ..notebook.ipython import transform_ipython

    return transform_ipython(source) or source


def _first_difference(facts: NotebookFacts, run: FreshRun) -> tuple[OutputDifference | None, int]:
    compared = 0
    for index, fresh in sorted(run.outputs.items()):
        cell = facts.cells[index].cell
        if cell.execution_count is None and not cell.outputs:
            continue  # never ran in the saved notebook: nothing to compare with
        compared += 1
        saved_outputs, fresh_outputs = normalise(cell.outputs), normalise(fresh)
        difference = describe_difference(saved_outputs, fresh_outputs)
        if difference is None:
            continue
        raised = fresh_outputs.error if fresh_outputs.error and not saved_outputs.error else None
        saved, new = (shorten(text) for text in difference)
        return OutputDifference(index, saved, new, raised), compared
    return None, compared
