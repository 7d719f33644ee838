"""The parameters a job takes: the notebook's own `parameters` cell, or inferred.

- A cell tagged `parameters` is kept: each of its top-level assignments is a parameter.
- Otherwise: top-level assignments of a scalar literal (`min_qty = 2`) in the early code cells
  whose name is bound nowhere else and changed by nothing, plus path literals bound to a
  path-like name anywhere (`DATA_DIR = "/Users/me/data"`).
- Either way, hard-coded paths given to I/O calls are lifted into parameters (`paths.py`).
Each parameter has a type papermill can read from its annotation (`min_qty: int = 2`).
"""

from __future__ import annotations

import ast
import math
from collections import Counter
from dataclasses import dataclass, field

from ..analysis.facts import CellFacts, NotebookFacts
from ..analysis.scopes import walk_scope
from ..rules.handoff.path_context import name_context
from .paths import PathLiteral, descriptive_name, io_path_literals, looks_like_path

PARAMETERS_TAG = "parameters"
SCALARS = (bool, int, float, str)


@dataclass(frozen=True)
class Parameter:
    """`name: type_name = default`; `origin` says in words where it came from."""

    name: str
    type_name: str  # "int", "float", "str", "bool", "list", "dict", "NoneType"... or "" unknown
    default: str  # Python source of the default value
    origin: str
    cell: int | None = None
    kind: str = "literal"  # "parameters-cell" | "literal" | "path"
    writes: bool = False  # a lifted path that the notebook writes to

    @property
    def value(self) -> object:
        """The default as a Python value (None when it is not a literal)."""
        try:
            return ast.literal_eval(self.default)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type_name or None, "default": self.default,
                "origin": self.origin, "cell": self.cell, "kind": self.kind}  # fmt: skip


@dataclass
class ParameterPlan:
    """The parameters, which statements define them, and which literals are lifted."""

    parameters: list[Parameter] = field(default_factory=list)
    tagged_cell: int | None = None
    # (cell, id of the top-level Assign node) of inferred parameters, to be moved out
    assignments: set[tuple[int, int]] = field(default_factory=set)
    # id of a lifted path literal node -> its parameter name
    lifted: dict[int, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]


def infer_parameters(facts: NotebookFacts) -> ParameterPlan:
    plan = ParameterPlan()
    tagged = next(
        (c for c in facts.cells if c.cell.is_code and PARAMETERS_TAG in c.cell.tags), None
    )
    if tagged is not None:
        plan.tagged_cell = tagged.index
        plan.parameters += _from_tagged_cell(tagged)
    else:
        for cell, node, parameter in _inferred(facts):
            plan.parameters.append(parameter)
            plan.assignments.add((cell.index, id(node)))
    _lift_paths(facts, plan)
    return plan


def literal_type(node: ast.expr) -> str | None:
    """The type name of a literal expression, or None when it is not a literal."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # `float("nan")` has no literal form papermill could write back
    return type(value).__name__


# ---------------------------------------------------------------------- the tagged cell
def _from_tagged_cell(cell: CellFacts) -> list[Parameter]:
    found: list[Parameter] = []
    for node in cell.tree.body if cell.tree is not None else []:
        target = _single_name(node)
        value = getattr(node, "value", None)
        if target is None or value is None:
            continue
        found.append(
            Parameter(
                target,
                _declared_type(node) or literal_type(value) or "",
                ast.unparse(value),
                f"the parameters cell (cell {cell.index + 1})",
                cell.index,
                "parameters-cell",
            )  # fmt: skip
        )
    return found


def _declared_type(node: ast.stmt) -> str | None:
    annotation = getattr(node, "annotation", None)
    return ast.unparse(annotation) if annotation is not None else None


def _single_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target: ast.expr = node.targets[0]
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


# ---------------------------------------------------------------------- inferred
def _inferred(facts: NotebookFacts) -> list[tuple[CellFacts, ast.stmt, Parameter]]:
    code = [c for c in facts.python_cells() if not c.cell.is_empty]
    early = {c.index for c in code[: max(3, math.ceil(len(code) / 4))]}
    bindings = binding_counts(facts)
    changed = changed_names(facts)
    computed = names_computed_with(facts)
    read = {name for c in facts.python_cells() if c.scan is not None for name in c.scan.reads}
    found: list[tuple[CellFacts, ast.stmt, Parameter]] = []
    for cell in code:
        assert cell.tree is not None
        for node in cell.tree.body:
            name = _single_name(node)
            value = getattr(node, "value", None)
            if name is None or value is None or name.startswith("_"):
                continue
            if bindings[name] != 1 or name in changed:
                continue
            kind = _parameter_kind(name, value, cell.index in early)
            if kind == "literal" and name in read and name not in computed:
                continue  # only looked at (`an_integer = 3`, then `type(an_integer)`): scratch
            if kind is not None:
                origin = f"cell {cell.index + 1}, line {node.lineno + cell.line_offset}"
                parameter = Parameter(name, literal_type(value) or "", ast.unparse(value),
                                      origin, cell.index, kind)  # fmt: skip
                found.append((cell, node, parameter))
    return found


_LOOKING_CALLS = frozenset({"display", "type", "repr", "id", "dir", "help", "isinstance"})


def names_computed_with(facts: NotebookFacts) -> set[str]:
    """Names some code uses for more than looking at them: a bare `x`, `type(x)`,
    `print(type(x))` only look at a value (a tutorial's scratch value does no more); `x * 2`,
    `f(x)`, `print(x)` use it (function bodies included)."""
    used: set[str] = set()
    for cell in facts.python_cells():
        assert cell.tree is not None
        for statement in cell.tree.body:
            looked_at = _looked_at(statement)
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    if id(node) not in looked_at:
                        used.add(node.id)
    return used


def _looked_at(statement: ast.stmt) -> set[int]:
    """The Name nodes a statement only looks at: `x`, `x, y`, `type(x)`, `print(type(x))`."""
    if not isinstance(statement, ast.Expr):
        return set()
    value = statement.value
    if isinstance(value, ast.Name):
        return {id(value)}
    if isinstance(value, ast.Tuple):
        return {id(e) for e in value.elts if isinstance(e, ast.Name)}
    if not isinstance(value, ast.Call):
        return set()
    calls = [value]
    if getattr(value.func, "id", None) == "print":
        calls = [a for a in value.args if isinstance(a, ast.Call)]
    looked: set[int] = set()
    for call in calls:
        if getattr(call.func, "id", None) in _LOOKING_CALLS:
            looked |= {id(a) for a in call.args if isinstance(a, ast.Name)}
    return looked


def _parameter_kind(name: str, value: ast.expr, early: bool) -> str | None:
    try:
        literal = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(literal, str) and looks_like_path(literal) and name_context(name) == "path-name":
        return "path"
    if isinstance(literal, str) and "\n" in literal:
        return None  # a multi-line text (a query, a template) is the code's, not a run's
    if early and isinstance(literal, SCALARS) and literal_type(value) is not None:
        return "literal"
    return None


def binding_counts(facts: NotebookFacts) -> Counter[str]:
    """How many times each name is bound at top level (and by `global` writes) overall."""
    counts: Counter[str] = Counter()
    for cell in facts.python_cells():
        assert cell.tree is not None and cell.scan is not None
        for node in walk_scope(list(cell.tree.body)):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                counts[node.id] += 1
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                counts[node.name] += 1
        counts.update(cell.scan.imports.keys())
        for info in cell.scan.functions.values():
            counts.update(info.global_writes)
    return counts


def changed_names(facts: NotebookFacts) -> set[str]:
    changed: set[str] = set()
    for cell in facts.python_cells():
        assert cell.scan is not None
        changed |= {m.name for m in cell.scan.mutations}
        changed |= set(cell.scan.deletes)
    return changed


# ---------------------------------------------------------------------- lifted paths
def _lift_paths(facts: NotebookFacts, plan: ParameterPlan) -> None:
    taken = set(facts.dataflow.definers) | set(facts.imports) | set(plan.names)
    by_value: dict[str, str] = {p.value: p.name for p in plan.parameters
                                if isinstance(p.value, str)}  # fmt: skip
    found = [(cell, literal) for cell in facts.python_cells() if cell.index != plan.tagged_cell
             for literal in io_path_literals(cell)]  # fmt: skip
    # A file read into a variable names its parameter best (`movies = read_csv("u.item")`),
    # even where a cell above wrote it first.
    readers = {lit.value: lit for _c, lit in found if lit.target and not lit.writes}
    for cell, literal in found:
        name = by_value.get(literal.value)
        if name is None:
            named_by = readers.get(literal.value, literal)
            name = _free_name(descriptive_name(named_by, taken), taken)
            taken.add(name)
            by_value[literal.value] = name
            plan.parameters.append(_lifted_parameter(name, literal, cell))
        plan.lifted[id(literal.node)] = name


def _lifted_parameter(name: str, literal: PathLiteral, cell: CellFacts) -> Parameter:
    direction = "written by" if literal.writes else "read by"
    line = literal.node.lineno + cell.line_offset
    origin = f"{direction} `{literal.call}(...)` in cell {cell.index + 1}, line {line}"
    return Parameter(name, "str", repr(literal.value), origin, cell.index, "path", literal.writes)


def _free_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate
