"""Run the original notebook once in a fresh kernel, recording what the tests will check.

The run reuses `execution.run_fresh` (an in-memory copy of the notebook, in its own folder,
the user's file untouched) with one cell prepended that installs `kernel_capture.py`.
`PYTHONHASHSEED` is fixed for the run, so that sets and dicts pickle the same way each time
and the same notebook gives the same test data.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..execution.errors import ExecutionError
from ..execution.fresh_run import run_fresh
from ..notebook.model import Cell, Notebook
from .plan import ExportPlan
from .recorded_secrets import SecretGuard, secret_guard

CAPTURE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel_capture.py")
MAX_CALLS = 2  # calls recorded per function
MAX_BYTES = 5_000_000  # larger values are not kept as test data


@dataclass
class RecordedRun:
    """What the run recorded: `manifest` (see `kernel_capture.py`), each cell's outputs,
    why the run did not complete (None: it did), and what must not be written down (`guard`:
    the values withheld from the manifest, what to search printed text for)."""

    manifest: dict[str, Any] = field(default_factory=dict)
    outputs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    failure: str | None = None
    failed_cell: int | None = None
    guard: SecretGuard = field(default_factory=lambda: SecretGuard(frozenset(), {}))


def cell_keys(notebook: Notebook) -> dict[int, str]:
    """Each non-empty code cell's key: sha1 of its source, and how many identical cells ran
    before it (the kernel counts the same way; empty cells never run)."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for cell in notebook.cells:
        if not cell.is_code or not cell.source.strip():
            continue
        digest = hashlib.sha1(cell.source.encode("utf-8", "surrogatepass")).hexdigest()
        keys[cell.index] = f"{digest}:{seen.get(digest, 0)}"
        seen[digest] = seen.get(digest, 0) + 1
    return keys


def capture_plan(
    plan: ExportPlan, out: str, withheld: frozenset[str] = frozenset()
) -> dict[str, Any]:
    keys = cell_keys(plan.facts.notebook)
    steps = [
        {
            "name": s.name,
            "start": keys.get(s.cells[0]),
            "end": keys.get(s.cells[-1]),
            "inputs": s.inputs,
            "outputs": s.outputs,
            "shows": [keys.get(i) for i in s.cells if i in plan.shown_cells],
        }
        for s in plan.steps
        if not s.kept  # a cell kept as written is not a function a test could call
    ]
    functions = [
        {
            "name": f.name,
            "global": f.original,
            "after": keys.get(f.cell),
            "extra": f.extra,
            "mutated": mutated_parameters(f.statement.node),
            "mutated_globals": sorted(f.mutates & set(f.extra)),
        }  # fmt: skip
        for f in plan.functions.values()
        if not f.is_class and _last_version_in_its_cell(plan, f)
    ]
    from .contract_step import capture_steps

    profiled = capture_steps(plan)
    for step in steps:  # the data contract's frames, profiled in the kernel (any size)
        step.update(profiled.get(str(step["name"]), {}))
    return {
        "out": out,
        "steps": steps,
        "functions": functions,
        "max_calls": MAX_CALLS,
        "max_bytes": MAX_BYTES,
        "withheld": sorted(withheld),
    }


def _last_version_in_its_cell(plan: ExportPlan, function: Any) -> bool:
    """After its cell ran, the kernel holds only the cell's last version of a name."""
    return not any(
        other.original == function.original and other.cell == function.cell
        and other.statement.start > function.statement.start
        for other in plan.functions.values()
    )  # fmt: skip


def mutated_parameters(node: Any) -> list[str]:
    """The function's own parameters that its body changes in place."""
    import ast

    from ..analysis.mutations import mutations_of_statement

    arguments = node.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    changed: list[str] = []
    for statement in (n for part in node.body for n in ast.walk(part) if isinstance(n, ast.stmt)):
        changed += [m.name for m in mutations_of_statement(statement, 0, lambda n: n in names)]
    return sorted(set(changed))


def record_run(plan: ExportPlan, out: str, *, kernel: str | None, timeout: float) -> RecordedRun:
    """Run the notebook with the recorder; test data files are written to `out`. Values from
    the environment and secrets are withheld (`recorded_secrets`), from the failure too."""
    out = os.path.abspath(out)  # the kernel runs in the notebook's folder, not ours
    guard = secret_guard(plan.facts)
    os.makedirs(out, exist_ok=True)
    with open(CAPTURE_FILE, encoding="utf-8") as handle:
        capture = handle.read()
    install = (
        "import sys as _jp_sys, types as _jp_types\n"
        "_jp_module = _jp_types.ModuleType('_jupyter_prod_capture')\n"
        f"exec(compile({capture!r}, {CAPTURE_FILE!r}, 'exec'), _jp_module.__dict__)\n"
        "_jp_sys.modules[_jp_module.__name__] = _jp_module\n"
        f"_jp_module.install({json.dumps(capture_plan(plan, out, guard.derived))!r})\n"
        + _profiles_install()
        + "del _jp_sys, _jp_types, _jp_module\n"
    )
    notebook = plan.facts.notebook
    shifted = [Cell(0, "code", install)] + [
        Cell(c.index + 1, c.cell_type, c.source, tags=c.tags) for c in notebook.cells
    ]
    runnable = Notebook(notebook.path, shifted, notebook.metadata)
    folder = os.path.dirname(os.path.abspath(notebook.path))
    with patched_environment({"PYTHONHASHSEED": "0"}):
        run = run_fresh(runnable, kernel=kernel, timeout=timeout, folder=folder)
    recorded = RecordedRun(outputs={i - 1: o for i, o in run.outputs.items() if i > 0}, guard=guard)
    recorded.manifest = _manifest(out)
    guard.screen(recorded.manifest, out)
    _describe_failure(recorded, run.error)
    if recorded.failure is not None:
        recorded.failure = guard.redact(recorded.failure)
    return recorded


def _profiles_install() -> str:
    """Kernel code installing the contract's profiler as `_jupyter_prod_profiles`."""
    from .contract_step import PROFILES_SOURCE

    source = PROFILES_SOURCE.read_text(encoding="utf-8")
    return (
        "_jp_module = _jp_types.ModuleType('_jupyter_prod_profiles')\n"
        f"exec(compile({source!r}, {str(PROFILES_SOURCE)!r}, 'exec'), _jp_module.__dict__)\n"
        "_jp_sys.modules[_jp_module.__name__] = _jp_module\n"
    )


@contextmanager
def patched_environment(values: dict[str, str]) -> Iterator[None]:
    """Kernels inherit this process's environment: set `values` for a run, then restore them."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _manifest(out: str) -> dict[str, Any]:
    path = os.path.join(out, "manifest.json")
    if not os.path.exists(path):
        return {"steps": {}, "calls": {}, "failed": []}
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    os.remove(path)
    return data


def _describe_failure(recorded: RecordedRun, error: ExecutionError | None) -> None:
    if error is not None:  # the run's own message counts the prepended cell: say it again
        cell = error.cell - 1 if error.cell is not None and error.cell > 0 else None
        recorded.failed_cell = cell
        where = f" at cell {cell + 1}" if cell is not None else ""
        recorded.failure = f"the run stopped{where}: {error.code.replace('-', ' ')}"
        return
    for index, outputs in sorted(recorded.outputs.items()):
        for output in outputs:
            if output.get("output_type") == "error":
                recorded.failed_cell = index
                recorded.failure = f"cell {index + 1} raised {output.get('ename')}: {str(output.get('evalue', ''))[:200]}"
                return
