"""Before an export reports success: the package it wrote compiles, and each error is traced
back to the notebook cells whose code it holds (the export then keeps those cells as written);
papermill reads the job notebook's parameters as `job.yaml` lists them.

`compile()` finds what `ast.parse` lets through and Python refuses on import: a name that is
both a parameter and `global`, `nonlocal` at module level, a `return` outside a function.
"""

from __future__ import annotations

import ast
import re

from .errors import BrokenPackage
from .plan import ExportPlan

_CELL_COMMENT = re.compile(r"^\s*# cell (\d+)$")


def check_package(plan: ExportPlan, files: dict[str, str]) -> None:
    """Raise `BrokenPackage` naming the cells behind the first module that does not compile."""
    for relative, text in sorted(files.items()):
        if not relative.endswith(".py"):
            continue
        try:
            compile(text, relative, "exec", dont_inherit=True)
        except SyntaxError as error:
            line = error.lineno or 1
            cells = _cells_at(plan, relative, text, line)
            where = f"{relative}, line {line}"
            raise BrokenPackage(f"the exported package does not compile ({where}): {error.msg}",
                                cells) from None  # fmt: skip


def _cells_at(plan: ExportPlan, relative: str, text: str, line: int) -> list[int]:
    """The notebook cells whose code is at `line` of a module of the package."""
    lines = text.split("\n")[:line]
    if relative.endswith("/steps.py"):
        for number in range(len(lines) - 1, -1, -1):
            found = _CELL_COMMENT.match(lines[number])
            if found:
                return [int(found.group(1)) - 1]
        return []
    try:
        tree = ast.parse(text)
    except SyntaxError:
        tree = None
    for node in tree.body if tree is not None else []:
        name = getattr(node, "name", None)
        if name in plan.functions and node.lineno <= line <= (node.end_lineno or node.lineno):
            return [plan.functions[name].cell]
    return []


def check_job_parameters(plan: ExportPlan, job_notebook: str) -> None:
    """`papermill.inspect_notebook` finds exactly the job's parameters (its `-p` contract)."""
    import papermill  # type: ignore[import-untyped]

    found = set(papermill.inspect_notebook(job_notebook))
    missing = [p.name for p in plan.parameters.parameters if p.name not in found]
    if missing:
        raise BrokenPackage(f"papermill does not find the parameter(s) {', '.join(missing)} in "
                            "the job notebook: please report this", [])  # fmt: skip
