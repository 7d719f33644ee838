"""What goes where: the export plan of one notebook, before any file is written.

    plan = build_plan(analyse(notebook), name="sales_report", package="sales_report")

- parameters (`parameters.py`), then constants, then each cell's statements sorted
  (`statements.py`);
- the notebook's functions and classes, with the notebook globals they read turned into
  keyword-only parameters (`function_globals.py`);
- the top-level code sliced into steps at markdown headings (`sections.py`), connected by data
  flow (`slicing.py`), and the source edits that keep it computing the same (`call_edits.py`);
- the cells that stay in the job notebook as written (`kept_cells.py`): each is a step of its
  own, run by the kernel in the notebook's namespace.
What cannot be exported at all (a kernel that is not Python, a cell that does not parse) is
collected in `blockers`; what was dropped or changed, in `notes`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..analysis.cell_scan import FunctionInfo
from ..analysis.facts import NotebookFacts
from ..notebook.ipython import PYTHON_CELL_MAGICS
from .call_edits import displays_value, global_edits, header_edit, reference_edits, show_edit
from .function_globals import (
    FunctionPlan,
    data_names_of,
    mutated_globals,
    plan_functions,
    reads_namespace,
)
from .kept_cells import KeptCell, kept_cells, names_used
from .parameters import ParameterPlan, binding_counts, changed_names, infer_parameters
from .slicing import Step
from .source_text import Statement
from .statements import (
    CODE,
    CONSTANT,
    DEFINITION,
    IMPORT,
    CellStatements,
    Magic,
    classify,
    constant_name,
    magics_of,
    pip_requirements,
)  # fmt: skip
from .step_plan import plan_steps

# IPython gives every cell these names; a module has to import them.
IPYTHON_IMPORTS = {"display": "from IPython.display import display",
                   "get_ipython": "from IPython import get_ipython"}  # fmt: skip


@dataclass
class ExportPlan:
    facts: NotebookFacts
    name: str
    package: str
    parameters: ParameterPlan
    cells: list[CellStatements]
    imports: list[Statement] = field(default_factory=list)
    constants: list[Statement] = field(default_factory=list)
    functions: dict[str, FunctionPlan] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    magics: list[Magic] = field(default_factory=list)
    pip_installs: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    partial_in: set[str] = field(default_factory=set)  # modules that use functools.partial
    show: str = "show"  # the display helper's name in steps.py (the notebook may use `show`)
    shown_cells: set[int] = field(default_factory=set)  # cells whose last value is `show()`
    kept: dict[int, KeptCell] = field(default_factory=dict)  # cells kept as written, and why

    def text_of(self, cell: int) -> CellStatements:
        found = self.statements_of(cell)
        if found is None:
            raise KeyError(f"cell {cell} is not a Python cell")
        return found

    def statements_of(self, cell: int) -> CellStatements | None:
        """The Python cell `cell` with its statements; None for other cells."""
        return self._by_index.get(cell)

    @cached_property
    def _by_index(self) -> dict[int, CellStatements]:
        return {c.cell.index: c for c in self.cells}  # `cells` is fixed once the plan is made

    @property
    def module_names(self) -> set[str]:
        names = set(self.functions) | {constant_name(s.node) or "" for s in self.constants}
        for statement in self.imports:
            names |= bound_names(statement.node)
        return names - {""}


def build_plan(facts: NotebookFacts, name: str, package: str,
               keep: dict[int, KeptCell] | None = None) -> ExportPlan:  # fmt: skip
    """The plan; `keep`: cells to keep as written beyond those the plan finds itself."""
    parameters = infer_parameters(facts)
    cells = classify(facts, parameters, _constants(facts, parameters))
    plan = ExportPlan(facts, name, package, parameters, cells)
    plan.blockers += _unexportable_cells(facts)
    plan.kept = kept_cells(facts, cells)
    plan.kept.update(keep or {})
    for cell in cells:
        plan.imports += cell.of_kind(IMPORT)
        plan.constants += cell.of_kind(CONSTANT)
    plan.pip_installs = pip_requirements(magics_of(cells))
    _plan_functions(plan)
    plan.magics = magics_of([c for c in cells if c.cell.index not in plan.kept])
    plan.show = _free_helper_name(facts)
    plan_steps(plan)
    _edit_sources(plan)
    return plan


def _free_helper_name(facts: NotebookFacts) -> str:
    """`show`, unless the notebook has a name `show` of its own."""
    used = {n.id for c in facts.python_cells() for n in c.nodes if isinstance(n, ast.Name)}
    used |= set(facts.functions) | set(facts.imports)
    name, number = "show", 1
    while name in used:
        name, number = f"show_value{'' if number == 1 else f'_{number}'}", number + 1
    return name


def bound_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {a.asname or a.name.split(".")[0] for a in node.names if a.name != "*"}
    return set()


def _constants(facts: NotebookFacts, parameters: ParameterPlan) -> set[str]:
    """Names bound once, to an immutable literal, never changed (not even inside a function).

    A list, dict or set stays with the code that builds on it: as a module global it would
    outlive a call, and calling a step twice would see the first call's changes."""
    counts, changed = binding_counts(facts), changed_names(facts)
    for infos in facts.functions.values():
        for info in infos:
            changed |= mutated_globals(info.node, set(info.free_reads)) if info.node else set()
    found: set[str] = set()
    for cell in facts.python_cells():
        if cell.index == parameters.tagged_cell or cell.tree is None:
            continue
        for node in cell.tree.body:
            name = constant_name(node)
            if (
                name
                and _immutable_literal(node)
                and counts[name] == 1
                and name not in changed
                and name not in parameters.names
            ):
                found.add(name)
    return found


def _immutable_literal(node: ast.stmt) -> bool:
    try:
        value = ast.literal_eval(getattr(node, "value", None))  # type: ignore[arg-type]
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return _immutable(value)


def _immutable(value: object) -> bool:
    if isinstance(value, (tuple, frozenset)):
        return all(_immutable(item) for item in value)
    return value is None or isinstance(value, (bool, int, float, complex, str, bytes))


def _unexportable_cells(facts: NotebookFacts) -> list[str]:
    """What no job can run: another language, a cell that is not valid Python."""
    if not facts.notebook.is_python:
        return [f"the notebook's kernel is {facts.notebook.language!r}, not Python"]
    blockers: list[str] = []
    for cell in facts.code_cells():
        source = cell.source
        if cell.tree is not None or source is None or cell.cell.is_empty:
            continue
        if source.cell_magic is None or source.cell_magic in PYTHON_CELL_MAGICS:
            blockers.append(f"cell {cell.index + 1} is not valid Python: {source.syntax_error}")
    return blockers


def _plan_functions(plan: ExportPlan) -> None:
    """The functions that move into the package; the cells of those that cannot (and of the
    code bound to them) join `plan.kept`, until nothing more has to stay."""
    while True:
        definitions = _definitions(plan)
        module = _base_module_names(plan) | {s.node.name for s, _i in definitions}  # type: ignore[attr-defined]
        defined = set(plan.facts.dataflow.definers) | set(plan.parameters.lifted.values())
        data = data_names_of(defined, plan.parameters.names, module)
        functions, unmovable = plan_functions(definitions, module, data, plan.parameters.lifted)
        new = {k.cell: k for k in unmovable if k.cell not in plan.kept}
        if not new:
            new = _bound_to_notebook(plan, functions, data)
        if not new:
            plan.functions = functions
            return
        plan.kept.update(new)


def _definitions(plan: ExportPlan) -> list[tuple[Statement, FunctionInfo]]:
    """The `def` and `class` statements of the cells that are not kept as written."""
    definitions: list[tuple[Statement, FunctionInfo]] = []
    for cell in plan.cells:
        if cell.cell.index in plan.kept:
            continue
        scan = cell.cell.scan
        assert scan is not None
        for statement in cell.of_kind(DEFINITION):
            info = scan.functions.get(getattr(statement.node, "name", ""))
            if info is not None and info.node is statement.node:
                definitions.append((statement, info))
            elif info is not None:  # a second `def` of the same name in one cell
                definitions.append((statement, _info_for(statement, info)))
    return definitions


def _base_module_names(plan: ExportPlan) -> set[str]:
    names = {constant_name(s.node) or "" for s in plan.constants}
    for statement in plan.imports:
        names |= bound_names(statement.node)
    return names - {""}


def _bound_to_notebook(plan: ExportPlan, functions: dict[str, FunctionPlan],
                       data: set[str]) -> dict[int, KeptCell]:  # fmt: skip
    """Cells that must run in the notebook's namespace too: those using a function that stays
    there and reads or assigns notebook variables (its globals are the notebook's: a step's
    local variables would not reach it), and those defining a name a kept cell defines again."""
    kept_names: dict[str, int] = {}
    bound: set[str] = set()
    for cell in plan.facts.python_cells():
        if cell.index in plan.kept and cell.scan is not None:
            for name, info in cell.scan.functions.items():
                kept_names.setdefault(name, cell.index)
                if info.global_writes or set(info.free_reads) & data or reads_namespace(info.node):
                    bound.add(name)
    found: dict[int, KeptCell] = {}
    for cell in plan.facts.python_cells():
        if cell.index in plan.kept:
            continue
        used = sorted(names_used(cell) & bound)
        redefined = sorted(set(f.original for f in functions.values() if f.cell == cell.index)
                           & set(kept_names))  # fmt: skip
        if used:
            found[cell.index] = KeptCell(cell.index, 1, f"uses `{used[0]}`, which runs in the "
                                         "notebook's namespace (see its cell)")  # fmt: skip
        elif redefined:
            found[cell.index] = KeptCell(cell.index, 1, f"defines `{redefined[0]}`, which "
                                         "another kept cell defines too")  # fmt: skip
    return found


def _info_for(statement: Statement, later: FunctionInfo) -> FunctionInfo:
    from ..analysis.scopes import summarise_scope

    summary = summarise_scope(statement.node)
    return FunctionInfo(later.name, later.cell, later.site, summary.free_reads,
                        summary.global_writes, later.is_class, statement.node)  # fmt: skip


def _edit_sources(plan: ExportPlan) -> None:
    extra = {name: f.extra for name, f in plan.functions.items() if f.extra}
    lifted = plan.parameters.lifted
    for function in plan.functions.values():
        text = plan.text_of(function.cell).text
        if reference_edits(function.statement, text, extra, lifted):
            plan.partial_in.add("functions")
        if (function.extra and not function.is_class) or function.name != function.original:
            header_edit(function.statement, text, function.extra, function.name)
        if function.extra and not function.is_class:
            global_edits(function.statement, text, function.extra)
    for step in plan.steps:
        for statement in step.statements:
            text = plan.text_of(statement.cell).text
            rename = _versions_called(plan, statement, text)
            if reference_edits(statement, text, extra, lifted, rename):
                plan.partial_in.add("steps")
    for cell in plan.cells:
        if cell.cell.index in plan.kept:
            continue  # the kernel shows its last value itself
        last = cell.statements[-1] if cell.statements else None
        if last is not None and cell.kinds[-1] == CODE and _shows(cell, last):
            show_edit(last, plan.show)
            plan.shown_cells.add(cell.cell.index)


def _versions_called(plan: ExportPlan, statement: Statement, text: Any) -> dict[int, str]:
    """For each name in the statement that calls a redefined function: the version in effect
    there (the last definition above it; the last of all if none is above)."""
    versions: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for function in plan.functions.values():
        position = (function.cell, function.statement.start)
        versions.setdefault(function.original, []).append((position, function.name))
    found: dict[int, str] = {}
    for node in ast.walk(statement.node):
        if isinstance(node, ast.Name) and len(versions.get(node.id, [])) > 1:
            here = (statement.cell, text.start_of(node))
            above = [name for position, name in sorted(versions[node.id]) if position < here]
            found[id(node)] = above[-1] if above else sorted(versions[node.id])[-1][1]
    return found


def _shows(cell: CellStatements, last: Statement) -> bool:
    source = cell.cell.source
    if source is not None and source.cell_magic in ("capture", "timeit"):
        return False
    return displays_value(last, cell.text)
