"""The notebook has no cell tagged `parameters`, so a job cannot pass it any values.

## What it does
Reports, once per notebook, a notebook with code but no cell carrying the `parameters` tag
that papermill (and `jupyter prod` jobs) look for.

## Why is this bad?
Papermill injects a job's values in a new cell right after the `parameters` cell. Without
one, a scheduled run can only repeat the author's hard-coded dates, paths and thresholds, or
someone edits the notebook for every run.

## Example
```python
import pandas as pd
orders = pd.read_csv("data/orders_2024-06.csv")
```

## Use instead
```python
# a cell tagged `parameters`
ORDERS_PATH = "data/orders_2024-06.csv"
```
then `papermill in.ipynb out.ipynb -p ORDERS_PATH data/orders_2024-07.csv`.

## Fix safety
Safe: it inserts a comment-only cell tagged `parameters` after the leading imports, for the
author to fill in; nothing that runs changes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...findings.finding import Edit, Finding, Fix
from ..base import HANDOFF, rule

PARAMETERS_TAG = "parameters"
PLACEHOLDER = "# Parameters (papermill): values a job may override"  # no trailing blank line


@rule("HO005", "no-parameters-cell", HANDOFF, "info")
def no_parameters_cell(facts: NotebookFacts) -> Iterator[Finding]:
    code = [cell for cell in facts.code_cells() if not cell.cell.is_empty]
    if not code or any(PARAMETERS_TAG in cell.cell.tags for cell in facts.cells):
        return
    index = parameters_cell_index(facts)
    fix = Fix(
        "insert a cell tagged `parameters` and move the values a run may change into it",
        "safe",
        (Edit("insert-cell", index, PLACEHOLDER, tags=(PARAMETERS_TAG,)),),
    )
    yield no_parameters_cell.on_notebook(
        "no cell is tagged `parameters`: a job (papermill) cannot pass this notebook any values",
        fix=fix,
    )


def parameters_cell_index(facts: NotebookFacts) -> int:
    """After the leading markdown, import and setup-magic cells: where papermill expects it."""
    for cell in facts.cells:
        if cell.cell.is_code and not cell.cell.is_empty and not _is_setup(cell):
            return cell.index
    return len(facts.cells)


def _is_setup(cell: CellFacts) -> bool:
    """Only imports, `%matplotlib`-style magics, installs, docstrings and `pass`."""
    if cell.tree is None:
        return cell.source is not None and cell.source.cell_magic is not None
    return all(
        isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass))
        or (isinstance(stmt, ast.Expr) and _is_magic_or_text(stmt.value))
        for stmt in cell.tree.body
    )


def _is_magic_or_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    # `%matplotlib inline`, `!pip install x`: a call on get_ipython() after IPython rewrites it
    func = node.func if isinstance(node, ast.Call) else None
    owner = func.value if isinstance(func, ast.Attribute) else None
    return (
        isinstance(owner, ast.Call)
        and isinstance(owner.func, ast.Name)
        and owner.func.id == "get_ipython"
    )
