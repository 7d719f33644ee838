"""The notebook's top-level code, sliced into step functions by data flow.

- A step is the top-level code of one section (`sections.py`), in document order.
- Its inputs are the names it reads that a parameter or an earlier step provides; the names
  the functions it calls read (their new keyword-only parameters) count as read here.
- Its outputs are the names it produces that a later step reads. "Produces" is not only
  `x = ...`: a name changed through a method call, an item assignment, `inplace=True` or an
  augmented assignment (`log.append(...)`, `model.fit(...)`, `df["c"] = ...`, `d.update(...)`,
  `n += 1`) is produced too, and so is a global a called function changes in place. Objects
  pass by reference, so an in-place change reaches later steps even when not returned; it is
  returned anyway, which makes the flow visible and lets the tests check it.
- A name a step produces that was already available is an input too: code that changes it
  only on some paths must start from the earlier value.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.cell_scan import scan_cell
from .function_globals import FunctionPlan
from .source_text import Statement


@dataclass
class Step:
    """One step function of `steps.py`."""

    title: str | None
    cells: list[int]
    statements: list[Statement]
    name: str = ""
    reads: list[str] = field(default_factory=list)
    produced: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    module_reads: set[str] = field(default_factory=set)  # every name its code loads
    kept: bool = False  # a cell kept as written: it runs in the job notebook, not in steps.py

    @property
    def first_cell(self) -> int:
        return self.cells[0]


def step_flow(step: Step, functions: dict[str, list[FunctionPlan]], lifted: dict[int, str]) -> None:
    """Fill in what the step reads and produces (before inputs and outputs are known)."""
    module = ast.Module(body=[s.node for s in step.statements], type_ignores=[])
    scan = scan_cell(module, 0)
    # Builtins stay in: `connect` keeps only what a parameter or an earlier step provides,
    # which is exactly a builtin the notebook rebinds (`id = ...`).
    reads = list(scan.reads)
    reads += [lifted[id(n)] for s in step.statements for n in ast.walk(s.node) if id(n) in lifted]
    produced = list(scan.defines) + [m.name for m in scan.mutations]
    for name, _site, _local in scan.references:
        for plan in functions.get(name, []):  # every version: the one called is among them
            reads += plan.extra
            produced += sorted(plan.mutates)
    step.reads = list(dict.fromkeys(reads))
    order = _first_changes(step)
    step.produced = sorted(dict.fromkeys(produced), key=lambda n: order.get(n, len(order)))
    step.module_reads = {n for n, _s, _l in scan.references} | set(step.reads)


def _first_changes(step: Step) -> dict[str, int]:
    """Where each name is first bound or changed in the step (outputs read in that order)."""
    found: dict[str, int] = {}
    for index, statement in enumerate(step.statements):
        scan = scan_cell(ast.Module(body=[statement.node], type_ignores=[]), 0)
        for name in [*scan.defines, *(m.name for m in scan.mutations)]:
            found.setdefault(name, index)
    return found


def connect(steps: list[Step], parameters: list[str], module_names: set[str]) -> None:
    """Inputs and outputs of every step, given what each reads and produces."""
    later: list[set[str]] = [set() for _ in steps]
    for index in range(len(steps) - 2, -1, -1):
        later[index] = later[index + 1] | set(steps[index + 1].reads)
    available = set(parameters)
    for step, read_later in zip(steps, later, strict=True):
        step.outputs = [n for n in step.produced if n in read_later and n not in module_names]
        carried = [n for n in step.outputs if n in available]
        step.inputs = [n for n in dict.fromkeys(step.reads + carried) if n in available]
        available |= set(step.produced) - module_names
