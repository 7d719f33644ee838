"""The job's notebook: the parameters cell, then thin cells that call the package.

- the markdown and raw cells of the notebook are kept where they were, so the job reads as the
  notebook did; leading ones stay in front of the parameters cell;
- one cell tagged `parameters` (papermill's contract) with annotated defaults
  (`min_qty: int = 2`), so that `papermill.inspect_notebook` infers the types;
- a cell importing the package, then one thin cell per step at its first cell's place, with
  the visible outputs the original cells had (stdout, displayed values, plots; not errors or
  stderr), so the notebook shows what a run shows; an output holding a secret is left out;
- a cell kept as written (`kept_cells.py`) runs here, in the notebook's namespace: the setup
  cell imports what it uses from the package, and it reads the earlier steps' results there;
- each code cell's metadata names the notebook cells it stands for
  (`{"jupyter_prod": {"cells": [3, 4], "step": "clean"}}`, 0-based), so a run of the job can
  be compared with the notebook cell by cell.
"""

from __future__ import annotations

import ast
import copy
import json
from typing import Any

from .formatting import format_python
from .parameters import Parameter
from .plan import ExportPlan
from .slicing import Step
from .statements import MAGIC, PARAMETER

PARAMETERS_COMMENT = "# Parameters: a run may pass its own values (papermill -p NAME VALUE)"
_VISIBLE = ("display_data", "execute_result")


def job_notebook(plan: ExportPlan, engine: str = "local") -> dict[str, Any]:
    """The job notebook as an nbformat 4.5 document (plain JSON data)."""
    cells: list[dict[str, Any]] = []
    first_code = next((c.index for c in plan.facts.cells if c.cell.is_code), len(plan.facts.cells))
    starts = {step.first_cell: step for step in plan.steps}
    cleared = outputs_with_secrets(plan)
    for cell in plan.facts.cells[:first_code]:
        cells += _kept(cell.cell.cell_type, cell.cell.source)
    cells.append(_code(parameters_source(plan), tags=["parameters"]))
    cells.append(_code(setup_source(plan, engine)))
    for cell in plan.facts.cells[first_code:]:
        if cell.index in starts:
            step = starts[cell.index]
            source = kept_source(plan, step) if step.kept else call_source(step)
            built = _code(source, outputs=_outputs_of(plan, step, cleared))
            built["metadata"]["jupyter_prod"] = {"cells": step.cells, "step": step.name}
            cells.append(built)
        elif cell.cell.is_code and cell.index not in plan.kept and _only_comments(cell.cell.source):
            cells.append(_code(cell.cell.source.strip("\n")))  # a licence header stays
        else:
            cells += _kept(cell.cell.cell_type, cell.cell.source)
    for number, built in enumerate(cells, start=1):
        built["id"] = f"cell-{number}"
    return {"cells": cells, "metadata": _metadata(plan, engine), "nbformat": 4, "nbformat_minor": 5}


def parameters_source(plan: ExportPlan) -> str:
    lines = [PARAMETERS_COMMENT]
    if plan.parameters.tagged_cell is not None:
        lines += _tagged_lines(plan)
        inferred = [p for p in plan.parameters.parameters if p.kind == "path"]
    else:
        inferred = plan.parameters.parameters
    comments = _assignment_comments(plan)
    for parameter in inferred:
        leading, trailing = comments.get(parameter.name, ([], ""))
        lines += [*leading, annotated(parameter, trailing)]
    return format_python("\n".join(lines) + "\n", "parameters cell").rstrip("\n")


def annotated(parameter: Parameter, comment: str = "") -> str:
    """`name: type = default  # comment (origin)` (no annotation when the type is unknown)."""
    annotation = f": {parameter.type_name}" if parameter.type_name else ""
    said = comment.lstrip("#").strip()
    note = f"{said} ({parameter.origin})" if said else parameter.origin
    return f"{parameter.name}{annotation} = {parameter.default}  # {note}"


def _assignment_comments(plan: ExportPlan) -> dict[str, tuple[list[str], str]]:
    """The comments above and after each inferred parameter's assignment in the notebook."""
    found: dict[str, tuple[list[str], str]] = {}
    for cell in plan.cells:
        for statement, kind in zip(cell.statements, cell.kinds, strict=True):
            name = _assigned_name(statement.node)
            if kind == PARAMETER and name is not None:
                found[name] = (statement.leading, statement.trailing)
    return found


def _tagged_lines(plan: ExportPlan) -> list[str]:
    cell = plan.text_of(plan.parameters.tagged_cell or 0)
    by_name = {p.name: p for p in plan.parameters.parameters if p.kind == "parameters-cell"}
    lines: list[str] = []
    for statement, kind in zip(cell.statements, cell.kinds, strict=True):
        if kind == MAGIC:
            continue
        name = _assigned_name(statement.node)
        if kind == PARAMETER and name in by_name:
            parameter = by_name[name]
            annotation = f": {parameter.type_name}" if parameter.type_name else ""
            code = f"{name}{annotation} = {parameter.default}"
            trailing = f"  {statement.trailing}" if statement.trailing else ""
            lines += [*statement.leading, code + trailing, *statement.after]
        else:
            lines.append(statement.render(cell.text.data))
    return lines


def _assigned_name(node: ast.stmt) -> str | None:
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    target = node.target if isinstance(node, ast.AnnAssign) else target
    return target.id if isinstance(target, ast.Name) else None


def setup_source(plan: ExportPlan, engine: str) -> str:
    if engine == "spark":
        from .spark import setup_lines

        lines = setup_lines(plan.package)
    else:
        lines = [f"from {plan.package} import steps"]
    return "\n".join(lines + _kept_cell_imports(plan, engine))


def _kept_cell_imports(plan: ExportPlan, engine: str) -> list[str]:
    """What the cells kept as written use from the package: its imports, functions, constants."""
    from .modules import import_lines, package_names_read

    reads = set().union(*(s.module_reads for s in plan.steps if s.kept))
    if not reads:
        return []
    lines = [import_lines(plan, reads & plan.module_names, engine, False)]
    names = package_names_read(plan, reads)
    if names:
        lines.append(f"from {plan.package}.functions import {', '.join(names)}")
    return [line for line in lines if line]


def kept_source(plan: ExportPlan, step: Step) -> str:
    """A kept cell's code: as written, unless calls into the package needed edits (a function
    that gained keyword-only parameters) or it assigns a parameter (the parameters cell does)."""
    cell = plan.facts.cells[step.first_cell]
    statements = plan.statements_of(cell.index)
    if statements is None:
        return cell.cell.source
    edited = any(s.edits for s in step.statements)
    if not edited and len(step.statements) == len(statements.statements):
        return cell.cell.source
    data = statements.text.data
    return "\n".join(s.render(data) for s in step.statements)


def _only_comments(source: str) -> bool:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("#") for line in lines)


def call_source(step: Step) -> str:
    arguments = ", ".join(f"{name}={name}" for name in step.inputs)
    call = f"steps.{step.name}({arguments})"
    code = f"{', '.join(step.outputs)} = {call}" if step.outputs else call
    return format_python(code + "\n", f"cell calling {step.name}").rstrip("\n")


def outputs_with_secrets(plan: ExportPlan) -> set[tuple[int, int]]:
    """(cell, output) of each saved output holding a secret, or the value of an environment
    variable the notebook reads: left out of the job (HO001 reports them in `check`)."""
    from ..analysis.environment_values import environment_reads
    from ..analysis.secrets_in_text import output_texts
    from .recorded_secrets import environment_secrets

    found = {(hit.cell, hit.output) for hit in plan.facts.output_secrets}
    values = environment_secrets(environment_reads(plan.facts).variables).values()
    for cell in plan.facts.code_cells() if values else ():
        for number, output in enumerate(cell.cell.outputs):
            texts = list(output_texts(output)) if isinstance(output, dict) else []
            if any(value in text for value in values for text in texts):
                found.add((cell.index, number))
    return found


def _outputs_of(
    plan: ExportPlan, step: Step, cleared: set[tuple[int, int]]
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for index in step.cells:
        for number, output in enumerate(plan.facts.cells[index].cell.outputs):
            if (index, number) in cleared:
                continue
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stdout":
                found.append(
                    {"output_type": "stream", "name": "stdout", "text": output.get("text", "")}
                )
            elif kind in _VISIBLE:
                data = copy.deepcopy(output.get("data") or {})
                metadata = copy.deepcopy(output.get("metadata") or {})
                found.append({"output_type": "display_data", "data": data, "metadata": metadata})
    return found


def _kept(cell_type: str, source: str) -> list[dict[str, Any]]:
    if cell_type not in ("markdown", "raw"):
        return []
    return [{"cell_type": cell_type, "metadata": {}, "source": source}]


def _code(
    source: str, tags: list[str] | None = None, outputs: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"tags": tags} if tags else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata,
            "outputs": outputs or [], "source": source}  # fmt: skip


def _metadata(plan: ExportPlan, engine: str) -> dict[str, Any]:
    original = plan.facts.notebook.metadata
    spec = original.get("kernelspec") if isinstance(original.get("kernelspec"), dict) else None
    kernelspec = (
        copy.deepcopy(spec)
        if spec
        else {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    metadata: dict[str, Any] = {"kernelspec": kernelspec}
    if isinstance(original.get("language_info"), dict):
        metadata["language_info"] = copy.deepcopy(original["language_info"])
    source = plan.facts.path.replace("\\", "/").rsplit("/", 1)[-1]
    metadata["jupyter_prod"] = {"exported_from": source, "engine": engine, "package": plan.package}
    return metadata


# Mime types whose text nbformat splits into lines, beside text/*.
_SPLIT_MIMES = frozenset({"application/javascript", "image/svg+xml"})


def notebook_text(document: dict[str, Any]) -> str:
    """The file `nbformat.writes` would write, without importing nbformat (1.5 s of imports)."""
    data = copy.deepcopy(document)
    for cell in data["cells"]:
        cell["source"] = _lines(cell["source"])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = _lines(output.get("text", ""))
            for key, value in output.get("data", {}).items():
                if key.startswith("text/") or key in _SPLIT_MIMES:
                    output["data"][key] = _lines(value)
    text = json.dumps(data, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)
    return text + "\n"


def _lines(value: Any) -> Any:
    if isinstance(value, list):
        value = "".join(str(part) for part in value)
    return value.splitlines(True) if isinstance(value, str) else value
