"""Extract cells into a function of a module: what the panel's refactoring guide shows.

    extraction = extract_function(notebook, cells=[3, 4], module="cleaning.py")

The export's own machinery decides, for the selected cells alone:
- `statements.classify` sorts their statements: imports go to the module (and stay in the
  notebook when later cells use them), functions and classes go to the module, magics refuse;
- `slicing.step_flow` + `slicing.connect` give the function's inputs (what the cells read from
  the cells above) and outputs (what they produce that the cells below read), mutations
  included (`df.dropna(inplace=True)` produces `df`);
- `modules` renders the function as a step is rendered, and `formatting` black-formats it.
The notebook keeps working after the cells are replaced by `from module import f` and
`a, b = f(x, y)`: the function gets every notebook value it reads as an argument.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass, field

from ..analysis.facts import NotebookFacts
from ..analysis.scopes import summarise_scope
from ..atomic_write import write_atomically
from .errors import ExportError
from .formatting import format_python
from .modules import import_lines, step_function
from .parameters import ParameterPlan
from .plan import ExportPlan, bound_names
from .slicing import Step, connect, step_flow
from .source_text import Statement
from .statements import CODE, DEFINITION, IMPORT, MAGIC, CellStatements, classify


class ExtractRefused(ExportError):
    """The cells cannot become a function as they are: the reasons are listed."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons


@dataclass
class Extraction:
    """The function made of some cells, and the cell that replaces them in the notebook."""

    name: str
    cells: list[int]
    module: str  # dotted module name, as the notebook imports it
    inputs: list[str]
    outputs: list[str]
    function: str  # the function alone, black-formatted
    source: str  # what goes into the module: imports, moved definitions, the function
    import_line: str
    call: str
    replacement: str  # the code cell that replaces the selected cells
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "cells": self.cells, "module": self.module,
                "inputs": self.inputs, "outputs": self.outputs, "function": self.function,
                "source": self.source, "import_line": self.import_line, "call": self.call,
                "replacement": self.replacement, "notes": self.notes}  # fmt: skip


def extract_function(
    facts: NotebookFacts,
    cells: list[int],
    name: str | None = None,
    module: str = "notebook_functions",
) -> Extraction:
    """The function `cells` would become (`ExtractRefused` when they cannot)."""
    selected = _check_cells(facts, cells)
    _refuse_secrets(facts, selected)
    statements = classify(facts, ParameterPlan(), set())
    chosen = [c for c in statements if c.cell.index in selected]
    _refuse_magics(chosen)
    plan = ExportPlan(facts, "extract", "extract", ParameterPlan(), statements)
    plan.imports = [s for c in statements for s in c.of_kind(IMPORT)]
    definitions = [s for c in chosen for s in c.of_kind(DEFINITION)]
    step = Step(None, sorted(selected), [s for c in chosen for s in c.of_kind(CODE)])
    step_flow(step, {}, {})
    moved = {getattr(s.node, "name", "") for s in definitions}
    imported = {n for s in plan.imports for n in bound_names(s.node)}
    _refuse_moved_reads(facts, definitions, imported | moved)
    module_names = moved | (imported & (step.module_reads | _reads_of(definitions)))
    before, after = _around(facts, statements, selected)
    connect([before, step, after], [], module_names)
    step.name = _function_name(facts, name, step)
    function = format_python(step_function(plan, step), "function")
    reads = step.module_reads | _reads_of(definitions)
    source = _module_source(plan, definitions, function, reads)
    kept = _kept_imports(chosen, after.reads)
    later_moved = sorted(n for n in moved if n in after.reads)
    import_line = f"from {module} import {', '.join([step.name, *later_moved])}"
    call = _call(step)
    replacement = "\n".join([*kept, import_line, call])
    notes = _notes(facts, chosen, step, before)
    return Extraction(step.name, sorted(selected), module, step.inputs, step.outputs,
                      function, source, import_line, call, replacement, notes)  # fmt: skip


def _check_cells(facts: NotebookFacts, cells: list[int]) -> set[int]:
    if not cells:
        raise ExtractRefused("nothing to extract:", ["select at least one code cell"])
    python = {c.index for c in facts.python_cells()}
    known = {c.index for c in facts.cells}
    reasons = [
        f"cell {i + 1} does not exist" if i not in known else f"cell {i + 1} is not Python code"
        for i in cells
        if i not in python
    ]
    if reasons:
        raise ExtractRefused("these cells cannot be extracted:", reasons)
    return set(cells)


def _refuse_secrets(facts: NotebookFacts, selected: set[int]) -> None:
    """A secret would be copied into a module file (and shown): it must leave the code first."""
    cells = sorted({hit.cell for hit in facts.secrets if hit.cell in selected})
    if cells:
        reasons = [f"cell {c + 1} holds a secret: read it from the environment first "
                   "(the HO001 quick fix)" for c in cells]  # fmt: skip
        raise ExtractRefused("the selected cells cannot move into a module:", reasons)


def _refuse_magics(chosen: list[CellStatements]) -> None:
    reasons = [
        f"cell {c.cell.index + 1}, line {s.node.lineno + c.cell.line_offset} runs a magic or a "
        "shell command, which a module function cannot: move it to a cell of its own first"
        for c in chosen
        for s in c.of_kind(MAGIC)
    ]
    if any(c.cell.source is not None and c.cell.source.cell_magic for c in chosen):
        reasons.append("a selected cell is a cell magic (`%%...`): leave it out of the selection")
    if reasons:
        raise ExtractRefused("the selected cells cannot move into a module:", reasons)


def _refuse_moved_reads(facts: NotebookFacts, definitions: list[Statement],
                        provided: set[str]) -> None:  # fmt: skip
    """A function moved to the module must not read notebook data it would no longer see."""
    data = set(facts.dataflow.definers) - provided
    reasons: list[str] = []
    for statement in definitions:
        name = getattr(statement.node, "name", "")
        free = summarise_scope(statement.node).free_reads
        needs = sorted(n for n in free if n in data)
        if needs:
            names = ", ".join(f"`{n}`" for n in needs)
            reasons.append(f"`{name}` (cell {statement.cell + 1}) reads the notebook "
                           f"variable(s) {names}: pass them as arguments first")  # fmt: skip
    if reasons:
        raise ExtractRefused("a function in the selection depends on notebook data:", reasons)


def _reads_of(definitions: list[Statement]) -> set[str]:
    return {n.id for s in definitions for n in ast.walk(s.node) if isinstance(n, ast.Name)}


def _around(facts: NotebookFacts, statements: list[CellStatements],
            selected: set[int]) -> tuple[Step, Step]:  # fmt: skip
    """What the cells above provide and what the cells below read, as two pseudo-steps."""
    first, last = min(selected), max(selected)
    before = Step(None, [c.cell.index for c in statements if c.cell.index < first], [])
    after = Step(None, [c.cell.index for c in statements if c.cell.index > last], [])
    flow = facts.dataflow
    before.produced = sorted({n for i in before.cells for n in flow.defines.get(i, set())})
    after.reads = sorted({n for i in after.cells for n in flow.reads.get(i, {})})
    return before, after


def _function_name(facts: NotebookFacts, name: str | None, step: Step) -> str:
    if name is None:
        base = "compute_" + step.outputs[0].lstrip("_").lower() if step.outputs else ""
        base = base if base.isidentifier() else f"cell_{step.first_cell + 1}"
        taken = set(facts.dataflow.definers)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}_{number}", number + 1
        return candidate
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ExtractRefused("the function needs another name:",
                             [f"`{name}` is not a Python identifier"])  # fmt: skip
    if name in facts.dataflow.definers:
        raise ExtractRefused("the function needs another name:",
                             [f"`{name}` is already a name in the notebook"])  # fmt: skip
    return name


def _module_source(
    plan: ExportPlan, definitions: list[Statement], function: str, reads: set[str]
) -> str:
    imports = import_lines(plan, reads, "local", partial=False)
    parts = [imports] if imports else []
    parts += [s.render(plan.text_of(s.cell).text.data) for s in definitions]
    parts.append(function)
    return format_python("\n\n\n".join(parts) + "\n", "module code")


def _kept_imports(chosen: list[CellStatements], later_reads: list[str]) -> list[str]:
    """The selection's imports that cells below still use: they stay in the notebook."""
    needed = set(later_reads)
    return [
        s.code(c.text.data)
        for c in chosen
        for s in c.of_kind(IMPORT)
        if bound_names(s.node) & needed
    ]


def _call(step: Step) -> str:
    call = f"{step.name}({', '.join(step.inputs)})"
    return f"{', '.join(step.outputs)} = {call}" if step.outputs else call


def _notes(
    facts: NotebookFacts, chosen: list[CellStatements], step: Step, before: Step
) -> list[str]:
    notes: list[str] = []
    missing = [n for n in step.reads if n not in before.produced and n in facts.dataflow.definers
               and n not in step.inputs]  # fmt: skip
    if missing:
        names = ", ".join(f"`{n}`" for n in missing)
        notes.append(f"the cells read {names}, which only cells below define: "
                     "the function cannot get them from the cells above")  # fmt: skip
    last = chosen[-1]
    if (
        last.statements
        and last.kinds[-1] == CODE
        and isinstance(last.statements[-1].node, ast.Expr)
    ):
        notes.append(f"cell {last.cell.index + 1} ends with an expression the notebook displayed; "
                     "the call does not display it (return it, or display it after the call)")  # fmt: skip
    return notes


_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*\.py$")


def module_name(relative: str) -> str:
    """`lib/cleaning.py` → `lib.cleaning` (a path relative to the notebook's folder)."""
    if not _MODULE.match(relative) or any(keyword.iskeyword(p) for p in relative[:-3].split("/")):
        raise ExtractRefused("the module path is not importable:",
                             [f"`{relative}` is not a path of Python identifiers ending in .py"])  # fmt: skip
    return relative[:-3].replace("/", ".")


class ModuleConflict(ExportError):
    """The module already defines a name the extraction would add."""


def add_to_module(path: str, source: str) -> bool:
    """Append `source` (an extraction's module code) to the module at `path`, or create it;
    True when it was created. Imports the module already has are not repeated; a function or
    class it already defines is refused. The file is replaced atomically."""
    import os

    added = _parse(source, "the code to add")
    existing = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            existing = handle.read()
    module = _parse(existing, f"{os.path.basename(path)} (as it is now)")
    clash = sorted(_defined(added) & _defined(module))
    if clash:
        names = ", ".join(f"`{n}`" for n in clash)
        raise ModuleConflict(f"{os.path.basename(path)} already defines {names}: "
                             "choose another name, or remove the old definition first")  # fmt: skip
    have = {ast.unparse(n) for n in module.body if isinstance(n, (ast.Import, ast.ImportFrom))}
    text = _new_part(source, added, have)
    result = (existing.rstrip("\n") + "\n\n\n" + text + "\n") if existing.strip() else text + "\n"
    _parse(result, "the module after the addition")
    write_atomically(path, result)
    return not existing


def _new_part(source: str, added: ast.Module, have: set[str]) -> str:
    """The statements of `source` (with the comments above each) minus imports already there."""
    lines = source.splitlines()
    parts: list[tuple[str, str]] = []
    previous_end = 0
    for node in added.body:
        chunk = "\n".join(lines[previous_end : node.end_lineno]).strip("\n")
        previous_end = node.end_lineno or previous_end
        is_import = isinstance(node, (ast.Import, ast.ImportFrom))
        if is_import and ast.unparse(node) in have:
            continue
        separator = "\n" if is_import and parts and parts[-1][0] == "import" else "\n\n\n"
        parts.append(("import" if is_import else "code", separator + chunk))
    return "".join(text for _kind, text in parts).lstrip("\n")


def _parse(source: str, what: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError as error:
        raise ExtractRefused(f"{what} is not valid Python:",
                             [f"line {error.lineno}: {error.msg}"]) from None  # fmt: skip


def _defined(module: ast.Module) -> set[str]:
    return {n.name for n in module.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}  # fmt: skip
