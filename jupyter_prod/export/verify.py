"""`--verify`: run the notebook and the exported job with the same (default) parameters, and
compare their outputs cell by cell, normalised as `check --execute` normalises them.

Each step's thin cell in the job is compared with the cells of the notebook it replaces, their
outputs taken together (stdout, displayed values, the error if any; not stderr). Notebook cells
whose magics print something the job does not repeat (`!ls`, `%timeit`, `%%time`) are not
compared, and the result says so. Any difference fails the export.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from ..execution.fresh_run import run_fresh
from ..execution.outputs import CellOutputs, describe_difference, normalise, shorten
from ..notebook.reader import load_notebook
from .errors import ExportError, VerificationFailed
from .plan import ExportPlan
from .recording import patched_environment
from .slicing import Step
from .statements import magics_of

QUIET_MAGICS = frozenset({"matplotlib", "load_ext", "autoreload", "config", "reload_ext"})


def verify(plan: ExportPlan, job: Path, *, kernel: str, timeout: float,
           original: dict[int, list[dict[str, Any]]] | None = None) -> str:  # fmt: skip
    """A sentence saying what was compared; `VerificationFailed` on the first difference."""
    folder = os.path.dirname(os.path.abspath(plan.facts.path))
    if original is None:
        with patched_environment({"PYTHONHASHSEED": "0"}):
            run = run_fresh(plan.facts.notebook, kernel=kernel, timeout=timeout, folder=folder)
        if run.error is not None:
            raise ExportError(f"--verify: the notebook did not run: {run.error.message}")
        original = run.outputs
    job_outputs = _run_job(plan, job, kernel, timeout, folder)
    noisy = _noisy_cells(plan)
    compared, skipped = 0, []
    for step in plan.steps:
        if noisy & set(step.cells):
            skipped += sorted(noisy & set(step.cells))
            continue
        expected = _together(original.get(i, []) for i in step.cells)
        actual = job_outputs.get(step.name)
        if actual is None:
            raise VerificationFailed(f"--verify: the job never ran the cell calling `{step.name}`")
        _compare(step, expected, normalise(actual))
        compared += 1
    return _summary(compared, len(plan.steps), skipped)


def _run_job(
    plan: ExportPlan, job: Path, kernel: str, timeout: float, folder: str
) -> dict[str, list[dict[str, Any]]]:
    path = job / f"{plan.name}.ipynb"
    notebook = load_notebook(path)
    python_path = os.pathsep.join(
        p for p in (str(job.resolve()), os.environ.get("PYTHONPATH", "")) if p
    )
    with patched_environment({"PYTHONPATH": python_path, "PYTHONHASHSEED": "0"}):
        run = run_fresh(notebook, kernel=kernel, timeout=timeout, folder=folder)
    step_of = _steps_of_cells(path)
    if run.error is not None:
        name = step_of.get(run.error.cell) if run.error.cell is not None else None
        step = next((s for s in plan.steps if s.name == name), None)
        raise VerificationFailed(
            f"--verify: the exported job did not run: {run.error.message}",
            step.cells if step is not None else [],
            step.kept if step is not None else False,
        )
    steps = {s.name for s in plan.steps}
    return {step_of[i]: outputs for i, outputs in run.outputs.items() if step_of.get(i) in steps}


def _steps_of_cells(notebook: Path) -> dict[int, str]:
    """The step each cell of the job notebook stands for (its `jupyter_prod` metadata)."""
    with open(notebook, encoding="utf-8") as handle:
        cells: list[dict[str, Any]] = json.load(handle)["cells"]
    found = {
        i: c.get("metadata", {}).get("jupyter_prod", {}).get("step") for i, c in enumerate(cells)
    }
    return {i: str(name) for i, name in found.items() if name}


def _noisy_cells(plan: ExportPlan) -> set[int]:
    """Cells whose magics print what the job does not (a kept cell runs its magics itself)."""
    noisy = {m.cell for m in magics_of(plan.cells) if m.name not in QUIET_MAGICS}
    noisy -= set(plan.kept)
    for cell in plan.cells:
        if cell.cell.index in plan.kept:
            continue
        source = cell.cell.source
        if source is not None and source.cell_magic is not None:
            noisy.add(cell.cell.index)
    return noisy


def _together(outputs: Any) -> CellOutputs:
    parts = [normalise(o) for o in outputs]
    stdout = "\n".join(p.stdout for p in parts if p.stdout)
    shown = tuple(s for p in parts for s in p.shown)
    error = next((p.error for p in parts if p.error), None)
    return CellOutputs(stdout, shown, error)


def _compare(step: Step, expected: CellOutputs, actual: CellOutputs) -> None:
    # The notebook's stdout was normalised cell by cell (leading and trailing blank lines
    # dropped), the job's in one go: where one cell's text ends and the next begins (a blank
    # line, or none after `print(x, end=" ")`) is not a difference.
    if _comparable(expected.stdout) == _comparable(actual.stdout):
        actual = CellOutputs(expected.stdout, actual.shown, actual.error)
    difference = describe_difference(expected, actual)
    if difference is None:
        return
    where = ", ".join(str(c + 1) for c in step.cells)
    saved, new = (shorten(text) for text in difference)
    raise VerificationFailed(
        f"--verify: the job's cell for `{step.name}` differs from notebook cell(s) {where}: "
        f"the notebook gave {saved!r}, the job gave {new!r}",
        step.cells,
        step.kept,
    )


# What `%time`, `%%time` and `%timeit` print: the job runs the statement, not the timer.
_TIMING_LINE = re.compile(r"<timeit>|CPU times: |Wall time: ")


def _comparable(text: str) -> str:
    kept = (line for line in text.split("\n") if line and not _TIMING_LINE.match(line))
    return " ".join(" ".join(kept).split())


def _summary(compared: int, steps: int, skipped: list[int]) -> str:
    text = f"the outputs of {compared} of {steps} step cell(s) are the same as the notebook's"
    if skipped:
        cells = ", ".join(str(c + 1) for c in skipped)
        text += f" (cell(s) {cells} not compared: their magics print what the job does not)"
    return text
