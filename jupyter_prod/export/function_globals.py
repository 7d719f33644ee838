"""What the notebook's functions read from the notebook, and how they get it in the package.

nbdev's measured failure (FIELD.md) is a module function that reads a notebook global nobody
exported: NameError when called. Here every global a function reads is sorted:
- imports, other functions and classes, constants: the function's module provides them;
- parameters and data computed by the notebook: they become keyword-only parameters of the
  function (`def total(df, *, rate)`), and every call passes them on (`total(df, rate=rate)`),
  transitively: a function calling one that needs `rate` needs `rate` too.
A function also *changes* the globals it mutates through method calls (`log.append(x)`); the
steps that call it produce them. What cannot move faithfully stays in the job notebook as
written (`kept_cells.py`): a function assigning a global (`global x`), a class or a default
value reading notebook data.

A function defined again with another body (the notebook's author improving it) gets one copy
per version: `f_v1`, `f_v2`... and the last one keeps `f`; the top-level code calls the version
in effect where it stands. That is exact only when no function calls it (a call from a function
body finds whichever version is current at run time): then its definitions stay in the notebook,
and the functions calling it get the version current at each call passed in.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.cell_scan import FunctionInfo
from ..analysis.mutations import mutations_of_statement
from ..analysis.scopes import outer_parts, walk_scope
from .kept_cells import KeptCell
from .source_text import Statement


@dataclass
class FunctionPlan:
    """A function or class moved to `functions.py`."""

    name: str  # its name in the package
    cell: int
    statement: Statement
    info: FunctionInfo
    original: str = ""  # its name in the notebook (versions of a redefined function differ)
    extra: list[str] = field(default_factory=list)  # keyword-only parameters it gains
    mutates: set[str] = field(default_factory=set)  # globals it changes in place

    @property
    def is_class(self) -> bool:
        return self.info.is_class


def plan_functions(
    definitions: list[tuple[Statement, FunctionInfo]],
    module_names: set[str],
    data_names: set[str],
    lifted: dict[int, str],
) -> tuple[dict[str, FunctionPlan], list[KeptCell]]:
    """Plans by their name in the package, and the cells that must stay in the notebook."""
    blockers: list[KeptCell] = []
    plans: dict[str, FunctionPlan] = {}
    direct: dict[str, list[str]] = {}
    for name, statement, info in versions(definitions, blockers):
        plans[name] = FunctionPlan(name, statement.cell, statement, info, info.name)
        free = list(info.free_reads) + _lifted_in(statement.node, lifted)
        direct[name] = [n for n in dict.fromkeys(free) if n in data_names]
        plans[name].mutates = mutated_globals(statement.node, set(info.free_reads))
        blockers += _blockers(info, statement, data_names)
    _close_over_calls(plans, direct)
    for plan in plans.values():
        if plan.is_class and plan.extra:
            blockers.append(
                _kept(
                    plan.statement,
                    f"class `{plan.name}` reads the notebook "
                    f"variable(s) {_names(plan.extra)} in its methods",
                )
            )
    return plans, blockers


def _close_over_calls(plans: dict[str, FunctionPlan], direct: dict[str, list[str]]) -> None:
    """Extra parameters and mutated globals of the functions each function uses, to a fixed point."""
    for plan in plans.values():
        plan.extra = list(direct[plan.name])
    changed = True
    while changed:
        changed = False
        for plan in plans.values():
            for used in plan.info.free_reads:
                other = plans.get(used)
                if other is None or other is plan:
                    continue
                missing = [n for n in other.extra if n not in plan.extra]
                if missing or not other.mutates <= plan.mutates:
                    plan.extra += missing
                    plan.mutates |= other.mutates
                    changed = True


def _lifted_in(node: ast.AST, lifted: dict[int, str]) -> list[str]:
    return [lifted[id(n)] for n in ast.walk(node) if id(n) in lifted]


def mutated_globals(node: ast.AST, free: set[str]) -> set[str]:
    """Globals the function changes through method calls, items or in-place operators."""
    changed: set[str] = set()
    body = getattr(node, "body", [])
    if not isinstance(body, list):  # a lambda's body is one expression: no statement to change
        return changed
    for statement in (n for part in body for n in ast.walk(part) if isinstance(n, ast.stmt)):
        changed |= {m.name for m in mutations_of_statement(statement, 0, lambda n: n in free)}
    return changed


def _kept(statement: Statement, reason: str) -> KeptCell:
    return KeptCell(statement.cell, statement.node.lineno, reason)


def _blockers(info: FunctionInfo, statement: Statement, data: set[str]) -> list[KeptCell]:
    found: list[KeptCell] = []
    where = f"`{info.name}`"
    if info.global_writes:
        found.append(_kept(statement, f"{where} assigns the notebook variable(s) "
                           f"{_names(sorted(info.global_writes))} with `global`"))  # fmt: skip
    outer = {n.id for part in outer_parts(statement.node) for n in walk_scope([part])
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}  # fmt: skip
    if outer & data:
        found.append(_kept(statement, f"a default value or decorator of {where} reads the "
                           f"notebook variable(s) {_names(sorted(outer & data))}"))  # fmt: skip
    dynamic = _namespace_calls(statement.node)
    if dynamic:
        found.append(_kept(statement, f"{where} reads the notebook's names at run time "
                           f"(`{dynamic}()`)"))  # fmt: skip
    body = _class_body_reads(statement.node) & data
    if body:
        found.append(_kept(statement, f"the class body of {where} reads the notebook "
                           f"variable(s) {_names(sorted(body))} when it is defined"))  # fmt: skip
    return found


NAMESPACE_CALLS = frozenset({"eval", "exec", "globals", "locals", "vars", "execfile"})


def _namespace_calls(node: ast.AST) -> str | None:
    """`eval("df1")`, `globals()`... inside a function: it looks names up in the namespace it
    was defined in, which must stay the notebook's (`vars(obj)` with an argument does not)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
            name = child.func.id
            if name in NAMESPACE_CALLS and not (name == "vars" and child.args):
                return name
    return None


def reads_namespace(node: ast.AST | None) -> bool:
    return node is not None and _namespace_calls(node) is not None


def _class_body_reads(node: ast.AST) -> set[str]:
    """Names a class body loads when the class is defined (its methods' bodies excluded)."""
    if not isinstance(node, ast.ClassDef):
        return set()
    found: set[str] = set()
    for statement in node.body:
        for child in walk_scope([statement]):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                found.add(child.id)
    return found


def versions(definitions: list[tuple[Statement, FunctionInfo]],
             blockers: list[KeptCell]) -> list[tuple[str, Statement, FunctionInfo]]:  # fmt: skip
    """Each distinct definition with its name in the package (a definition run again
    unchanged is the same version)."""
    grouped: dict[str, list[tuple[Statement, FunctionInfo]]] = {}
    for statement, info in definitions:
        kept = grouped.setdefault(info.name, [])
        if not kept or ast.dump(kept[-1][0].node) != ast.dump(statement.node):
            kept.append((statement, info))
    found: list[tuple[str, Statement, FunctionInfo]] = []
    for name, kept in grouped.items():
        callers = sorted({i.name for _s, i in definitions if name in i.free_reads})
        if len(kept) > 1 and callers:
            blockers += [_kept(s, f"`{name}` is defined {len(kept)} times with different "
                               f"bodies and called from {_names(callers)}") for s, _i in kept]  # fmt: skip
        for number, (statement, info) in enumerate(kept, start=1):
            found.append((name if number == len(kept) else f"{name}_v{number}", statement, info))
    return found


def data_names_of(defined: set[str], parameters: list[str], module_names: set[str]) -> set[str]:
    """Names that hold the notebook's data: defined by its code, or parameters (a builtin the
    notebook rebinds, `id = ...`, included: the function must get the notebook's value)."""
    return {n for n in defined | set(parameters) if n not in module_names}


def _names(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)
