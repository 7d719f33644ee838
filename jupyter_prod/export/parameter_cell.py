"""The `parameters` cell the panel offers to insert, and the edits that make it take effect.

    suggestion = suggest_parameters(analyse(notebook))

Built on `parameters.infer_parameters` (the export's own inference):
- a parameter the notebook assigns (`MIN_QTY = 2` in an early cell) moves into the new cell:
  its assignment is removed from where it was, else that line would overwrite the value a job
  injects;
- a hard-coded path given to an I/O call is lifted: the literal becomes the parameter's name;
- the cell goes where papermill expects it: after the leading import and setup cells.
Edits use the fix format of findings (1-based lines and character columns in the cell's
source). A parameter whose statement shares a line with other code gets no edit and a note.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..analysis.facts import CellFacts, NotebookFacts
from ..findings.redact import Redactor
from ..rules.handoff.no_parameters_cell import parameters_cell_index
from .parameters import Parameter, infer_parameters
from .paths import io_path_literals
from .source_text import parsed_text


@dataclass
class SuggestedParameter:
    parameter: Parameter
    edits: list[dict[str, Any]] | None  # None: the notebook's code could not be edited safely

    def to_dict(self) -> dict[str, Any]:
        return {**self.parameter.to_dict(), "edits": self.edits}


@dataclass
class ParameterSuggestion:
    parameters: list[SuggestedParameter]
    tagged_cell: int | None  # the notebook's own `parameters` cell, if it has one
    insert_index: int | None  # where the new cell goes (None: it has one already)
    notes: list[str] = field(default_factory=list)

    @property
    def cell_source(self) -> str:
        return parameters_cell_source([p.parameter for p in self.parameters])

    def to_dict(self) -> dict[str, Any]:
        return {"parameters": [p.to_dict() for p in self.parameters],
                "tagged_cell": self.tagged_cell, "insert_index": self.insert_index,
                "cell_source": self.cell_source, "notes": self.notes}  # fmt: skip


def parameters_cell_source(parameters: list[Parameter]) -> str:
    """`NAME: type = default` lines under a comment, as papermill reads them."""
    lines = ["# Parameters: values a job run may override"]
    for p in parameters:
        annotation = f": {p.type_name}" if p.type_name and p.type_name != "NoneType" else ""
        lines.append(f"{p.name}{annotation} = {p.default}")
    return "\n".join(lines) + "\n"


def suggest_parameters(facts: NotebookFacts) -> ParameterSuggestion:
    plan = infer_parameters(facts)
    secrets = Redactor(hit.value for hit in facts.secrets)
    notes: list[str] = []
    found: list[SuggestedParameter] = []
    by_cell = {c.index: c for c in facts.cells}
    for parameter in plan.parameters:
        if secrets and secrets(parameter.default) != parameter.default:
            notes.append(f"`{parameter.name}` holds a secret: read it from the environment "
                         "instead of making it a parameter (see HO001's fix)")  # fmt: skip
            continue
        if plan.tagged_cell is not None:
            found.append(SuggestedParameter(parameter, []))
            continue
        edits = _edits(parameter, by_cell, facts)
        if edits is None:
            notes.append(f"`{parameter.name}` ({parameter.origin}) shares its line with other "
                         "code: remove or change that assignment by hand")  # fmt: skip
        found.append(SuggestedParameter(parameter, edits))
    index = None if plan.tagged_cell is not None else parameters_cell_index(facts)
    if plan.tagged_cell is not None:
        notes.append(f"cell {plan.tagged_cell + 1} is already tagged `parameters`")
    return ParameterSuggestion(found, plan.tagged_cell, index, notes)


def _edits(parameter: Parameter, cells: dict[int, CellFacts],
           facts: NotebookFacts) -> list[dict[str, Any]] | None:  # fmt: skip
    """Remove the parameter's assignment; replace the path literals it lifts by its name."""
    edits = _lifted_edits(parameter, facts) if parameter.kind == "path" else []
    if edits is None:
        return None
    cell = cells.get(parameter.cell) if parameter.cell is not None else None
    node = None
    if cell is not None and cell.tree is not None:
        node = next((n for n in cell.tree.body if _assigns(n, parameter.name)), None)
    if node is None:
        return edits if edits else None
    removal = _removal(cell, node) if cell is not None and _editable(cell) else None
    return None if removal is None else removal + edits


def _lifted_edits(parameter: Parameter, facts: NotebookFacts) -> list[dict[str, Any]] | None:
    """Replace every I/O path literal with this parameter's value by its name."""
    edits: list[dict[str, Any]] = []
    for cell in facts.python_cells():
        for literal in io_path_literals(cell):
            if repr(literal.value) != parameter.default:
                continue
            if not _editable(cell):
                return None
            edits.append(_replace(cell, literal.node, parameter.name))
    return edits


def _editable(cell: CellFacts) -> bool:
    """Edits need the parse to be of the cell's own text (no magic rewritten, no `%%` line)."""
    source = cell.cell.source.replace("\r\n", "\n")
    return cell.tree is not None and cell.line_offset == 0 and parsed_text(source) == source


def _assigns(node: ast.stmt, name: str) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return any(isinstance(t, ast.Name) and t.id == name for t in targets)


def _removal(cell: CellFacts, node: ast.stmt) -> list[dict[str, Any]] | None:
    """Remove the statement's whole lines, if nothing else is on them."""
    lines = cell.cell.source.replace("\r\n", "\n").split("\n")
    first, last = node.lineno, node.end_lineno or node.lineno
    before = _line_bytes(lines, first)[: node.col_offset].decode("utf-8", "replace")
    after = _line_bytes(lines, last)[node.end_col_offset or 0 :].decode("utf-8", "replace")
    if before.strip() or (after.strip() and not after.strip().startswith("#")):
        return None
    # Whole lines, so that two removals in one cell never overlap; the last line keeps its
    # (now empty) place rather than eat the line break of the line above.
    if last < len(lines):
        span = (first, 1, last + 1, 1)
    else:
        span = (first, 1, last, len(lines[last - 1]) + 1)
    return [_edit(cell.index, *span, "")]


def _replace(cell: CellFacts, node: ast.expr, text: str) -> dict[str, Any]:
    lines = cell.cell.source.replace("\r\n", "\n").split("\n")
    line, end_line = node.lineno, node.end_lineno or node.lineno
    column = len(_line_bytes(lines, line)[: node.col_offset].decode("utf-8", "replace")) + 1
    end = _line_bytes(lines, end_line)[: node.end_col_offset or 0].decode("utf-8", "replace")
    return _edit(cell.index, line, column, end_line, len(end) + 1, text)


def _line_bytes(lines: list[str], number: int) -> bytes:
    return lines[number - 1].encode("utf-8", "surrogatepass")


def _edit(cell: int, line: int, column: int, end_line: int, end_column: int,
          text: str) -> dict[str, Any]:  # fmt: skip
    return {"kind": "replace", "cell": cell, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "text": text}  # fmt: skip
