"""The Spark export's sample run: the job, as written, on a local Spark, on a few thousand rows
of each input, before the export reports success (seconds, not minutes into a real run).

- The job notebook runs in a fresh kernel with `JUPYTER_PROD_ENGINE=spark`, `SPARK_MASTER=local[2]`
  and `JUPYTER_PROD_SAMPLE_ROWS` (every `read_*` keeps that many rows, see the job's engine).
- A failure refuses the export, naming the notebook's cell and line: the line of `steps.py` or
  `functions.py` in the traceback is found again in the cells the step came from.
- What the run learnt goes into the job: the steps that combine frames get
  `compute.ops_on_diff_frames` (and no other step does); the fallbacks it took are listed.
- The job's own checks (the recorded tests, `--verify`) run on pandas: they compare the
  extraction with the notebook, this run checks Spark.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..notebook.reader import load_notebook
from .errors import ExportRefused
from .plan import ExportPlan
from .recording import patched_environment
from .report import ExportReport
from .spark_job import SAMPLE_ROWS, cached_steps, engine_source
from .staging import Staging

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PACKAGE_FRAME = re.compile(r"File [^\n]*?[/\\](steps|functions)\.py:(\d+)")
CELL_FRAME = re.compile(r"Cell In\[\d+\], line (\d+)")


@contextlib.contextmanager
def checks_on_pandas(engine: str) -> Iterator[None]:
    """The job's runs that compare it with the notebook use pandas (the sample run is Spark's)."""
    if engine != "spark":
        yield
        return
    with patched_environment({"JUPYTER_PROD_ENGINE": "local"}):
        yield


def run_sample(plan: ExportPlan, stage: Staging, report: ExportReport, *, kernel: str,
               timeout: float, fallbacks: dict[str, str]) -> None:  # fmt: skip
    """Run the staged job on Spark on sampled inputs; `ExportRefused` naming the cell and line."""
    from ..execution.fresh_run import run_fresh

    assert stage.path is not None
    job = stage.path
    learnt_file = Path(tempfile.mkdtemp(prefix="jupyter-prod-sample-")) / "learnt.jsonl"
    python_path = os.pathsep.join(
        p for p in (str(job.resolve()), os.environ.get("PYTHONPATH", "")) if p
    )
    environment = {"PYTHONPATH": python_path, "JUPYTER_PROD_ENGINE": "spark",
                   "SPARK_MASTER": "local[2]", "JUPYTER_PROD_SAMPLE_ROWS": str(SAMPLE_ROWS),
                   "JUPYTER_PROD_SAMPLE_REPORT": str(learnt_file),
                   # a sample is not the data the contract describes: its drift means nothing
                   "JUPYTER_PROD_CONTRACT": "off"}  # fmt: skip
    notebook = load_notebook(job / f"{plan.name}.ipynb")
    folder = os.path.dirname(os.path.abspath(plan.facts.path))
    with patched_environment(environment):
        run = run_fresh(notebook, kernel=kernel, timeout=timeout, folder=folder)
    learnt = _learnt(learnt_file)
    failure = run.error.message if run.error is not None else None
    for index, outputs in sorted(run.outputs.items()):
        error = next((o for o in outputs if o.get("output_type") == "error"), None)
        if error is not None:
            raise ExportRefused(
                f"the job failed on a local Spark, on a sample of {SAMPLE_ROWS} rows per input "
                f"({run.seconds:.0f} s), so it would fail on Spark:",
                [_where(plan, job, index, error)],
            )
    if failure is not None:
        raise ExportRefused("the job's sample run on a local Spark did not finish:", [failure])
    diff_frames = sorted({e["diff_frames"] for e in learnt if "diff_frames" in e})
    if diff_frames:
        stage.write(
            f"{plan.package}/engine.py", engine_source(fallbacks, cached_steps(plan), diff_frames)
        )
    report.spark += _summary(run.seconds, diff_frames, learnt, plan)


def _summary(seconds: float, diff_frames: list[str], learnt: list[dict[str, Any]],
             plan: ExportPlan) -> list[str]:  # fmt: skip
    lines = [f"ran on a local Spark on a sample of {SAMPLE_ROWS} rows per input in {seconds:.0f} s"]
    lines += [f"step `{s}` combines frames: it alone runs with `compute.ops_on_diff_frames`"
              for s in diff_frames]  # fmt: skip
    taken = sorted({e["fallback"] for e in learnt if "fallback" in e})
    lines += [f"in the sample run: {t}" for t in taken]
    cached = cached_steps(plan)
    if cached:
        lines.append("cached on Spark, as later steps read them again: the outputs of "
                     + ", ".join(f"`{s}`" for s in cached))  # fmt: skip
    return lines


def _learnt(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _job_cell(job: Path, plan: ExportPlan, index: int) -> dict[str, Any]:
    cells: list[dict[str, Any]] = json.loads((job / f"{plan.name}.ipynb").read_text("utf-8"))[
        "cells"
    ]
    return cells[index] if index < len(cells) else {}


def _where(plan: ExportPlan, job: Path, index: int, error: dict[str, Any]) -> str:
    """`cell 4, line 2: KeyError: '-1' (step `totals`, steps.py line 18)`."""
    evalue = str(error.get("evalue") or "").strip()
    message = f"{error.get('ename', 'Error')}: {evalue.splitlines()[0] if evalue else ''}".rstrip(
        ": "
    )
    traceback = ANSI.sub("", "\n".join(error.get("traceback", [])))
    cell = _job_cell(job, plan, index)
    step_name = cell.get("metadata", {}).get("jupyter_prod", {}).get("step")
    step = next((s for s in plan.steps if s.name == step_name), None)
    if step is None:  # the job's own cells: set-up, contract checks
        source = "".join(cell.get("source", "")).strip().splitlines()
        return f"the job notebook's cell {index + 1} (`{source[0] if source else ''}`): {message}"
    frames = PACKAGE_FRAME.findall(traceback)
    cells = CELL_FRAME.findall(traceback)
    if frames:
        module, number = frames[-1]
        code = _line_of(job / plan.package / f"{module}.py", int(number))
        found = _find_in_cells(plan, step.cells, code)
        package_line = f"{module}.py line {number}"
        if found is not None:
            return f"cell {found[0] + 1}, line {found[1]}: {message} (step `{step.name}`, {package_line})"
        return f"cell {step.cells[0] + 1}: {message} (step `{step.name}`, {package_line}: `{code}`)"
    if step.kept and cells:  # a cell kept as written: its own line numbers
        return f"cell {step.cells[0] + 1}, line {cells[-1]}: {message}"
    return f"cell {step.cells[0] + 1}: {message} (step `{step.name}`)"


def _line_of(path: Path, number: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _find_in_cells(plan: ExportPlan, cells: list[int], code: str) -> tuple[int, int] | None:
    """(cell, line) of the notebook line the package line came from (same text, or the same
    text without spaces: the package is formatted)."""
    if not code:
        return None
    squeezed = re.sub(r"\s+", "", code)
    by_index = {c.index: c for c in plan.facts.code_cells()}
    for index in cells:
        cell = by_index.get(index)
        if cell is None:
            continue
        for number, line in enumerate(cell.cell.lines, start=1):
            text = re.sub(r"\s+", "", line.split("#")[0])
            if text and (text == squeezed or (len(squeezed) >= 6 and squeezed in text)):
                return index, number
    return None
