"""The job's Python package: `functions.py`, `steps.py` and two small helpers, black-formatted.

- `functions.py`: the notebook's imports that its functions use, its constants, then its
  functions and classes in document order (comments kept);
- `steps.py`: the imports the steps use (and those nothing uses: an import can matter by
  itself), what it needs from `functions.py`, then one function per step;
- `notebook_display.py`: `show()`, which displays a value as a cell's last expression was;
- `engine.py` (Spark engine only): the pandas module the package uses, see `spark.py`.
"""

from __future__ import annotations

import ast
import re

from .formatting import format_python
from .plan import IPYTHON_IMPORTS, ExportPlan, bound_names
from .slicing import Step
from .source_text import Statement, indent
from .statements import constant_name

SHOW_MODULE = '''"""Show a value the way a notebook shows the value of a cell's last expression."""

import sys
from typing import Any


def show(value: Any) -> None:
    """Display `value` when running in a notebook kernel; do nothing elsewhere (tests, scripts)."""
    if value is None:
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display(value)


def end_of_cell() -> None:
    """Show the figures drawn so far, as a notebook kernel does at the end of every cell: a step
    running several cells' code would otherwise draw their plots into one figure."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is not None and "inline" in str(pyplot.get_backend()):
        pyplot.show()
'''


def render_package(plan: ExportPlan, engine: str = "local") -> dict[str, str]:
    """Relative path → text of every file of the package."""
    package = plan.package
    source = plan.facts.path.replace("\\", "/").rsplit("/", 1)[-1]
    files = {
        f"{package}/__init__.py": f'"""The `{plan.name}` job, exported from `{source}` by jupyter-prod."""\n'
    }
    has_functions = bool(plan.functions or plan.constants)
    if has_functions:
        files[f"{package}/functions.py"] = format_python(
            _functions_module(plan, engine, source), "functions.py"
        )
    files[f"{package}/steps.py"] = format_python(
        _steps_module(plan, engine, source, has_functions), "steps.py"
    )
    files[f"{package}/notebook_display.py"] = format_python(SHOW_MODULE, "notebook_display.py")
    if engine == "spark":
        from .spark import ENGINE_MODULE

        files[f"{package}/engine.py"] = format_python(ENGINE_MODULE, "engine.py")
    return files


# ---------------------------------------------------------------------- functions.py
def _functions_module(plan: ExportPlan, engine: str, source: str) -> str:
    reads = _functions_reads(plan)
    parts = [f'"""Functions, classes and constants of the notebook `{source}`."""']
    parts.append(import_lines(plan, reads, engine, "functions" in plan.partial_in))
    parts += [_rendered(plan, s) for s in plan.constants]
    definitions = sorted(plan.functions.values(), key=lambda f: (f.cell, f.statement.start))
    parts += [_rendered(plan, f.statement) for f in definitions]
    return "\n\n\n".join(p for p in parts if p) + "\n"


def _functions_reads(plan: ExportPlan) -> set[str]:
    nodes = [f.statement.node for f in plan.functions.values()]
    nodes += [s.node for s in plan.constants]
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


# ---------------------------------------------------------------------- steps.py
def _steps_module(plan: ExportPlan, engine: str, source: str, has_functions: bool) -> str:
    moved = [s for s in plan.steps if not s.kept]
    reads = set().union(*(s.module_reads for s in moved)) if moved else set()
    used_by_functions = _functions_reads(plan)
    unused = {n for s in plan.imports for n in bound_names(s.node)} - reads - used_by_functions
    parts = [f'"""The top-level code of the notebook `{source}`, one function per step."""']
    imports = import_lines(plan, reads | unused, engine, "steps" in plan.partial_in)
    from_functions = _from_functions(plan, reads) if has_functions else ""
    alias = f" as {plan.show}" if plan.show != "show" else ""
    shows = f"from .notebook_display import show{alias}"
    if any(_cell_ends(plan, step) for step in moved):
        shows += ", end_of_cell"
    parts.append("\n".join(p for p in (imports, from_functions, shows) if p))
    parts += [step_function(plan, step) for step in moved]
    return "\n\n\n".join(p for p in parts if p) + "\n"


def _from_functions(plan: ExportPlan, reads: set[str]) -> str:
    names = package_names_read(plan, reads)
    return f"from .functions import {', '.join(names)}" if names else ""


def package_names_read(plan: ExportPlan, reads: set[str]) -> list[str]:
    """The constants and functions of `functions.py` that code reading `reads` needs."""
    names = [n for s in plan.constants if (n := constant_name(s.node) or "") in reads]
    functions = sorted(plan.functions.values(), key=lambda f: (f.cell, f.statement.start))
    names += [f.name for f in functions if f.original in reads]  # every version of a name read
    return list(dict.fromkeys(names))


def step_function(plan: ExportPlan, step: Step) -> str:
    lines = [f"def {step.name}({', '.join(step.inputs)}):", indent(f'"""{_docstring(step)}"""')]
    ends = _cell_ends(plan, step)
    for cell in step.cells:
        statements = [s for s in step.statements if s.cell == cell]
        if not statements:
            continue  # its imports and definitions went to the top of the module
        lines.append(f"    # cell {cell + 1}")
        data = plan.text_of(cell).text.data
        lines += [indent(statement.render(data)) for statement in statements]
        if cell in ends:
            lines.append("    end_of_cell()")
    if step.outputs:
        lines.append(f"    return {', '.join(step.outputs)}")
    return "\n".join(lines)


_PLOTTING = re.compile(r"\b(?:plt|sns|pyplot|seaborn)\.|\.(?:plot|hist|boxplot|imshow)\b")


def _cell_ends(plan: ExportPlan, step: Step) -> set[int]:
    """The step's cells (all but its last) after which a notebook would have shown figures."""
    if not (plan.facts.imports_module("matplotlib") or plan.facts.imports_module("seaborn")):
        return set()
    return {c for c in step.cells[:-1] if _PLOTTING.search(plan.facts.cells[c].cell.source)}


def _docstring(step: Step) -> str:
    cells = _cells_in_words(step.cells)
    if step.title:
        title = re.sub(r'["\\]', "", step.title).strip().rstrip(".")
        return f"{title} ({cells})."
    return f"The code of {cells}."


def _cells_in_words(cells: list[int]) -> str:
    numbers = [str(c + 1) for c in cells]
    if len(numbers) == 1:
        return f"cell {numbers[0]}"
    return f"cells {', '.join(numbers[:-1])} and {numbers[-1]}"


# ---------------------------------------------------------------------- imports
def import_lines(plan: ExportPlan, reads: set[str], engine: str, partial: bool) -> str:
    chosen: list[str] = []
    for statement in plan.imports:
        node = statement.node
        star = isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
        if star or bound_names(node) & reads:
            chosen.append(_import_text(plan, statement, engine))
    bound = {n for s in plan.imports for n in bound_names(s.node)}
    own = bound | {f.original for f in plan.functions.values()}  # the notebook's `display` class
    chosen += [text for name, text in IPYTHON_IMPORTS.items() if name in reads and name not in own]
    if partial and "functools" not in bound:
        chosen.append("import functools")
    future = [t for t in chosen if t.lstrip().startswith("from __future__")]
    rest = [t for t in chosen if t not in future]
    return "\n".join(dict.fromkeys(future + rest))


def _import_text(plan: ExportPlan, statement: Statement, engine: str) -> str:
    if engine == "spark":
        from .spark import engine_import

        replaced = engine_import(statement.node)
        if replaced is not None:
            return replaced
    return statement.render(plan.text_of(statement.cell).text.data)


def _rendered(plan: ExportPlan, statement: Statement) -> str:
    return statement.render(plan.text_of(statement.cell).text.data)
