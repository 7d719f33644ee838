"""The notebook's top-level code cut into steps: the sections of `sections.py`, each kept
cell a step of its own, long sections split at their cells.

- a step's statements are its cells' code; a kept cell's are all its statements but the
  parameters' (they are in the parameters cell);
- what each step reads and produces (`slicing.py`), what the kept cells need in the notebook's
  namespace for the functions they define or call, then the inputs and outputs (`connect`);
- a step whose results nothing reads and that calls nothing is left out (a note says so);
- step names that hide nothing: not a builtin (a section titled "zip"), not a module name.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from .function_globals import FunctionPlan
from .kept_cells import captured_names
from .sections import identifier, sections, unique
from .slicing import Step, connect, step_flow
from .source_text import Statement
from .statements import CODE, PARAMETER

if TYPE_CHECKING:
    from .plan import ExportPlan


def plan_steps(plan: ExportPlan) -> None:
    """Fill in `plan.steps` (functions and kept cells are planned already)."""
    for section in sections(plan.facts, set(plan.kept)):
        for cells, kept in _step_cells(plan, section.cells):
            statements = [s for i in cells for s in _step_statements(plan, i, kept)]
            if kept:
                plan.steps.append(Step(section.title, cells, statements, kept=True))
            elif statements:  # the cells holding code (not only imports and definitions)
                holding = sorted({s.cell for s in statements})
                plan.steps.append(Step(section.title, holding, statements))
    kept_reads = _kept_function_reads(plan)
    for step in plan.steps:
        step_flow(step, _by_original(plan.functions), plan.parameters.lifted)
        if step.kept:
            _add_kept_reads(step, kept_reads)
            step.produced += captured_names(plan.facts.cells[step.first_cell])
    connect(plan.steps, plan.parameters.names, plan.module_names)
    rebound = set(plan.facts.dataflow.definers) | plan.module_names
    for step in [s for s in plan.steps if _without_effect(s, rebound)]:
        plan.steps.remove(step)
        plan.notes.append(f"{_cells_words(step.cells)}: left out, nothing it computes is used "
                          "and it prints, shows and changes nothing")  # fmt: skip
    # A step named like a builtin (a section titled "zip") would hide it for every step of
    # the module; a step's own variables and inputs are local to it and hide nothing.
    taken = plan.module_names | set(plan.parameters.names) | {plan.show, "functools", "end_of_cell"}
    taken |= set(dir(builtins))
    for step in plan.steps:
        step.name = unique(_step_name(step), taken)


def _kept_function_reads(plan: ExportPlan) -> dict[str, set[str]]:
    """What each function of a kept cell reads from the notebook's namespace when it runs,
    through the other kept functions it calls too."""
    reads: dict[str, set[str]] = {}
    for index in plan.kept:
        scan = plan.facts.cells[index].scan
        for name, info in scan.functions.items() if scan is not None else []:
            reads.setdefault(name, set()).update(info.free_reads)
    changed = True
    while changed:
        changed = False
        for name, names in reads.items():
            more = set().union(*(reads[n] for n in names if n in reads and n != name)) - names
            if more:
                names |= more
                changed = True
    return reads


def _add_kept_reads(step: Step, kept_reads: dict[str, set[str]]) -> None:
    """A kept cell needs in the namespace what the kept functions it defines or calls read."""
    used = step.module_reads | set(step.produced)
    extra = sorted(set().union(*(kept_reads[n] for n in used if n in kept_reads)) - set(step.reads))
    step.reads += extra
    step.module_reads |= set(extra)


# Builtins that compute a value and change nothing (unless the notebook rebinds the name).
PURE_BUILTINS = frozenset({"abs", "all", "any", "bool", "dict", "divmod", "enumerate", "float",
                           "frozenset", "int", "len", "list", "max", "min", "pow", "range",
                           "reversed", "round", "set", "sorted", "str", "sum", "tuple", "zip"})  # fmt: skip


def _without_effect(step: Step, rebound: set[str]) -> bool:
    """A step whose results no later step reads, and whose code calls only pure builtins (no
    print, no show, no method that could change something): running it changes nothing."""
    if step.kept or step.outputs:
        return False
    effects = (ast.Delete, ast.Global, ast.Raise, ast.Assert, ast.Await, ast.Yield,
               ast.Subscript, ast.Attribute, ast.AugAssign, ast.Expr)  # fmt: skip
    for node in (n for s in step.statements for n in ast.walk(s.node)):
        if isinstance(node, effects) or (isinstance(node, ast.Call) and not _pure(node, rebound)):
            return False
    return True


def _pure(call: ast.Call, rebound: set[str]) -> bool:
    name = call.func.id if isinstance(call.func, ast.Name) else None
    return name in PURE_BUILTINS and name not in rebound


def _cells_words(cells: list[int]) -> str:
    return ("cell " if len(cells) == 1 else "cells ") + ", ".join(str(c + 1) for c in cells)


MAX_STEP_LINES = 60  # a longer section is split at its cells: one function stays readable


def _step_cells(plan: ExportPlan, cells: list[int]) -> list[tuple[list[int], bool]]:
    """A section's cells grouped into steps: each kept cell alone, the others together, split
    where a step would pass `MAX_STEP_LINES`, and after a cell that may leave a line of its
    printed text open (`print(x, end=" ")`): the notebook showed the next cell's text apart."""
    groups: list[tuple[list[int], bool]] = []
    current: list[int] = []
    size = 0
    for cell in cells:
        if cell in plan.kept:
            groups += [(current, False)] if current else []
            groups.append(([cell], True))
            current, size = [], 0
            continue
        lines = sum(_lines_of(s) for s in _step_statements(plan, cell, False))
        if current and size + lines > MAX_STEP_LINES:
            groups.append((current, False))
            current, size = [], 0
        current.append(cell)
        size += lines
        if _leaves_line_open(plan, cell):
            groups.append((current, False))
            current, size = [], 0
    return groups + ([(current, False)] if current else [])


def _leaves_line_open(plan: ExportPlan, cell: int) -> bool:
    """Whether the cell prints without ending its line: `print(..., end=...)` whose end is
    not a newline, or `sys.stdout.write(...)`."""
    for statement in _step_statements(plan, cell, False):
        for node in ast.walk(statement.node):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "write" and _is_stdout(func.value):
                return True
            if isinstance(func, ast.Name) and func.id == "print":
                end = next((k.value for k in node.keywords if k.arg == "end"), None)
                if end is not None and not (isinstance(end, ast.Constant) and end.value == "\n"):
                    return True
    return False


def _is_stdout(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "stdout"


def _step_statements(plan: ExportPlan, cell: int, kept: bool) -> list[Statement]:
    """A step's statements from one cell: its code, or (kept as written) all but parameters."""
    found = plan.statements_of(cell)
    if found is None:
        return []
    if not kept:
        return found.of_kind(CODE)
    return [s for s, k in zip(found.statements, found.kinds, strict=True) if k != PARAMETER]


def _lines_of(statement: Statement) -> int:
    node = statement.node
    return (node.end_lineno or node.lineno) - node.lineno + 1 + len(statement.leading)


def _by_original(functions: dict[str, FunctionPlan]) -> dict[str, list[FunctionPlan]]:
    found: dict[str, list[FunctionPlan]] = {}
    for function in functions.values():
        found.setdefault(function.original, []).append(function)
    return found


def _step_name(step: Step) -> str:
    if step.title and identifier(step.title):
        return identifier(step.title)
    if step.outputs:
        return "compute_" + step.outputs[0].lstrip("_").lower()
    return f"cell_{step.first_cell + 1}"
