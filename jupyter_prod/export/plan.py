"""What goes where: the export plan of one notebook, before any file is written.

    plan = build_plan(analyse(notebook), name="sales_report", package="sales_report")

- parameters (`parameters.py`), then constants, then each cell's statements sorted
  (`statements.py`);
- the notebook's functions and classes, with the notebook globals they read turned into
  keyword-only parameters (`function_globals.py`);
- the top-level code sliced into steps at markdown headings (`sections.py`), connected by data
  flow (`slicing.py`), and the source edits that keep it computing the same (`call_edits.py`).
What cannot be exported faithfully is collected in `blockers`; what was dropped or changed, in
`notes`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from ..analysis.cell_scan import FunctionInfo
from ..analysis.facts import CellFacts, NotebookFacts
from ..analysis.ipython_calls import defines_names_dynamically
from ..analysis.scopes import walk_scope
from ..notebook.ipython import PYTHON_CELL_MAGICS
from .call_edits import displays_value, header_edit, reference_edits, show_edit
from .function_globals import FunctionPlan, data_names_of, mutated_globals, plan_functions
from .parameters import ParameterPlan, binding_counts, changed_names, infer_parameters
from .sections import identifier, sections, unique
from .slicing import Step, connect, step_flow
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

# IPython gives every cell these names; a module has to import them.
IPYTHON_IMPORTS = {"display": "from IPython.display import display",
                   "get_ipython": "from IPython import get_ipython"}  # fmt: skip
_DISPLAY_ONLY_MAGICS = frozenset({"html", "markdown", "latex", "javascript", "js", "svg"})


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

    def text_of(self, cell: int) -> CellStatements:
        return next(c for c in self.cells if c.cell.index == cell)

    @property
    def module_names(self) -> set[str]:
        names = set(self.functions) | {constant_name(s.node) or "" for s in self.constants}
        for statement in self.imports:
            names |= bound_names(statement.node)
        return names - {""}


def build_plan(facts: NotebookFacts, name: str, package: str) -> ExportPlan:
    parameters = infer_parameters(facts)
    cells = classify(facts, parameters, _constants(facts, parameters))
    plan = ExportPlan(facts, name, package, parameters, cells)
    plan.blockers += _unexportable_cells(facts, plan.notes)
    for cell in cells:
        plan.imports += cell.of_kind(IMPORT)
        plan.constants += cell.of_kind(CONSTANT)
    plan.magics = magics_of(cells)
    plan.pip_installs = pip_requirements(plan.magics)
    _plan_functions(plan)
    plan.show = _free_helper_name(facts)
    _plan_steps(plan)
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
    """Names bound once, to a literal, never changed (not even inside a function)."""
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
            if name and counts[name] == 1 and name not in changed and name not in parameters.names:
                found.add(name)
    return found


def _unexportable_cells(facts: NotebookFacts, notes: list[str]) -> list[str]:
    blockers: list[str] = []
    if not facts.notebook.is_python:
        return [f"the notebook's kernel is {facts.notebook.language!r}, not Python"]
    for cell in facts.code_cells():
        source = cell.source
        blockers += _dynamic_names(cell)
        if cell.tree is not None or source is None or cell.cell.is_empty:
            continue
        magic = source.cell_magic
        if magic is None or magic in PYTHON_CELL_MAGICS:
            blockers.append(f"cell {cell.index + 1} is not valid Python: {source.syntax_error}")
        elif magic in _DISPLAY_ONLY_MAGICS:
            notes.append(f"cell {cell.index + 1} (`%%{magic}`) only displays: left out of the job")
        else:
            notes.append(
                f"cell {cell.index + 1} (`%%{magic}`) is not Python and is left out of the job: "
                "whatever it does must happen before the job runs"
            )
    return blockers


def _dynamic_names(cell: CellFacts) -> list[str]:
    """Names a cell creates that the job could not: `%%capture out`, `%run`, `%store -r`."""
    source, where = cell.source, f"cell {cell.index + 1}"
    if source is not None and source.cell_magic == "capture":
        words = [w for w in source.magic_line.split()[1:] if not w.startswith("-")]
        if words and words[0].isidentifier():
            return [f"{where} keeps its output in a variable (`%%{source.magic_line}`): "
                    "compute the value instead of capturing what it prints"]  # fmt: skip
    if cell.tree is not None and defines_names_dynamically(cell):
        return [f"{where} creates names the job cannot see (`%run`, `%store`, `exec`...): "
                "import or compute them in the notebook instead"]  # fmt: skip
    return []


def _plan_functions(plan: ExportPlan) -> None:
    definitions: list[tuple[Statement, FunctionInfo]] = []
    for cell in plan.cells:
        scan = cell.cell.scan
        assert scan is not None
        for statement in cell.of_kind(DEFINITION):
            info = scan.functions.get(getattr(statement.node, "name", ""))
            if info is not None and info.node is statement.node:
                definitions.append((statement, info))
            elif info is not None:  # a second `def` of the same name in one cell
                definitions.append((statement, _info_for(statement, info)))
    module = plan.module_names | {s.node.name for s, _i in definitions}  # type: ignore[attr-defined]
    defined = set(plan.facts.dataflow.definers) | set(plan.parameters.lifted.values())
    data = data_names_of(defined, plan.parameters.names, module)
    plan.functions, blockers = plan_functions(definitions, module, data, plan.parameters.lifted)
    plan.blockers += blockers


def _info_for(statement: Statement, later: FunctionInfo) -> FunctionInfo:
    from ..analysis.scopes import summarise_scope

    summary = summarise_scope(statement.node)
    return FunctionInfo(later.name, later.cell, later.site, summary.free_reads,
                        summary.global_writes, later.is_class, statement.node)  # fmt: skip


def _plan_steps(plan: ExportPlan) -> None:
    for section in sections(plan.facts):
        statements = [s for i in section.cells for s in plan.text_of(i).of_kind(CODE)]
        if statements:
            cells = sorted({s.cell for s in statements})
            plan.steps.append(Step(section.title, cells, statements))
    for step in plan.steps:
        step_flow(step, _by_original(plan.functions), plan.parameters.lifted)
        plan.blockers += _kernel_only(step)
    connect(plan.steps, plan.parameters.names, plan.module_names)
    taken = plan.module_names | set(plan.parameters.names) | {plan.show, "functools"}
    for step in plan.steps:
        step.name = unique(_step_name(step), taken)


_HISTORY = re.compile(r"_+|_i+|_i?\d+|In|Out")
_ASYNC = (ast.Await, ast.AsyncFor, ast.AsyncWith)


def _kernel_only(step: Step) -> list[str]:
    """Top-level code that only works in a kernel: `await` outside a function, and IPython's
    output history (`_`, `Out[3]`), which a function of a module does not have."""
    found: list[str] = []
    for statement in step.statements:
        nodes = list(walk_scope([statement.node]))
        if any(isinstance(n, _ASYNC) for n in nodes):
            found.append(f"cell {statement.cell + 1} uses `await` outside a function: wrap it in "
                         "`asyncio.run(...)` in the notebook first")  # fmt: skip
        loaded = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        history = sorted(n for n in loaded - set(step.produced) if _HISTORY.fullmatch(n))
        if history:
            names = ", ".join(f"`{n}`" for n in history)
            found.append(f"cell {statement.cell + 1} reads IPython's output history ({names}): "
                         "name the value instead")  # fmt: skip
    return list(dict.fromkeys(found))


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


def _edit_sources(plan: ExportPlan) -> None:
    extra = {name: f.extra for name, f in plan.functions.items() if f.extra}
    lifted = plan.parameters.lifted
    for function in plan.functions.values():
        text = plan.text_of(function.cell).text
        if reference_edits(function.statement, text, extra, lifted):
            plan.partial_in.add("functions")
        if (function.extra and not function.is_class) or function.name != function.original:
            header_edit(function.statement, text, function.extra, function.name)
    for step in plan.steps:
        for statement in step.statements:
            text = plan.text_of(statement.cell).text
            rename = _versions_called(plan, statement, text)
            if reference_edits(statement, text, extra, lifted, rename):
                plan.partial_in.add("steps")
    for cell in plan.cells:
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
