"""The cell tagged `parameters`, as papermill reads it: where a job's values replace defaults.

A parameters cell that holds only literal assignments (`SALES_PATH = "data/sales.csv"`,
`THRESHOLD: int = 5`) and comments declares defaults: a job run overrides them in the cell
papermill injects after it, so whether the author's kernel ever ran it says nothing about the
job. The hidden-state rules leave such a cell alone when it never ran; the panel's stale
tracker still marks the cells that read a default edited in the open notebook.
"""

from __future__ import annotations

import ast

from .facts import CellFacts

PARAMETERS_TAG = "parameters"


def is_parameters_cell(cell: CellFacts) -> bool:
    return cell.cell.is_code and PARAMETERS_TAG in cell.cell.tags


def declares_defaults(cell: CellFacts) -> bool:
    """Whether the cell is tagged `parameters` and only assigns literals to names."""
    if not is_parameters_cell(cell) or cell.tree is None:
        return False
    return all(_literal_assignment(statement) for statement in cell.tree.body)


def _literal_assignment(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Assign):
        targets, value = statement.targets, statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets, value = [statement.target], statement.value
    else:
        return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    if not all(isinstance(target, ast.Name) for target in targets):
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True
