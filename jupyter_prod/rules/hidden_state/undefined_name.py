"""A name is read that no cell defines: a deleted cell, or state left only in the kernel.

## What it does
Reports a name read by a cell, or inside a function it defines, that no cell of the notebook
binds (assignment, import, definition, loop or `with` target...), that a `del` removed, or a
module used without any import. Builtins and IPython's own names are known, and so is a line
holding only an automagic name (`ls`, `pwd`, `whos`: IPython runs the magic or shell alias); a
star import, `%pylab` or dynamic definitions (`%run`, `exec`, `globals()`) silence it for the
cells below.

## Why is this bad?
The value exists only in the kernel that produced the saved outputs. Restart it and the
notebook raises `NameError`: the cell that made the value is gone.

## Example
```python
features = customers.merge(activity_summary, on="customer_id")  # no cell defines it
```

## Use instead
Restore the cell that computed the value (or the import), above its first use.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.names import AUTOMAGIC_NAMES
from ...analysis.scopes import Site
from ...findings.finding import Finding
from ..base import HIDDEN_STATE, rule
from ..words import cell_label, code

# Usual aliases, to say which import is missing.
MODULE_ALIASES = {
    "np": "numpy", "pd": "pandas", "plt": "matplotlib.pyplot", "sns": "seaborn", "tf": "tensorflow",
    "torch": "torch", "os": "os", "sys": "sys", "re": "re", "json": "json", "math": "math",
    "random": "random", "time": "time", "datetime": "datetime", "sp": "scipy", "sm": "statsmodels.api",
    "px": "plotly.express", "go": "plotly.graph_objects", "nx": "networkx", "F": "torch.nn.functional",
    "nn": "torch.nn", "pl": "polars", "dd": "dask.dataframe", "ps": "pyspark.pandas",
}  # fmt: skip


@rule("HS004", "undefined-name", HIDDEN_STATE, "error")
def undefined_name(facts: NotebookFacts) -> Iterator[Finding]:
    flow = facts.dataflow
    dynamic = _first_dynamic_cell(facts)
    for cell in facts.python_cells():
        if dynamic is not None and cell.index >= dynamic:
            return
        if flow.star_import_above(cell.index):
            return
        automagic = _automagic_lines(cell)
        for name, read in flow.reads[cell.index].items():
            if read.via is not None or facts.is_known_without_cells(name):
                continue  # a function's free reads are judged where it is defined, below
            if name in automagic and not flow.defined_anywhere(name):
                continue
            source = flow.doc_sources[cell.index][name]
            if source.deleted_by is not None and source.cell is None:
                yield undefined_name.at(cell, read.site, _deleted(name, source.deleted_by))
            elif not flow.defined_anywhere(name):
                yield undefined_name.at(cell, read.site, _missing(name, cell, read.site))
        assert cell.scan is not None
        for name, site in cell.scan.deleted_reads.items():
            yield undefined_name.at(cell, site, _deleted(name, cell.index))
        yield from _in_functions(facts, cell)


def _in_functions(facts: NotebookFacts, cell: CellFacts) -> Iterator[Finding]:
    assert cell.scan is not None
    for function in cell.scan.functions.values():
        for name, site in function.free_reads.items():
            if facts.dataflow.defined_anywhere(name) or facts.is_known_without_cells(name):
                continue
            kind = "class" if function.is_class else "function"
            yield undefined_name.at(
                cell,
                site,
                f"{code(name)}, read inside {kind} {code(function.name)}, is defined by no cell: "
                "calling it raises NameError",
            )


def _automagic_lines(cell: CellFacts) -> set[str]:
    """Automagic names standing alone as a top-level statement (`ls`, `whos`)."""
    tree = cell.tree
    if tree is None:
        return set()
    return {
        node.value.id
        for node in tree.body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Name)
        and node.value.id in AUTOMAGIC_NAMES
    }


def _missing(name: str, cell: CellFacts, site: Site) -> str:
    module = MODULE_ALIASES.get(name)
    if module is not None and _used_as_module(cell, name):
        alias = "" if module.endswith(name) and "." not in module else f" as {name}"
        return (
            f"module {code(name)} is used but never imported (add `import {module}{alias}`): "
            "a fresh kernel raises NameError"
        )
    return (
        f"{code(name)} is defined by no cell (a deleted cell, or state left in the kernel): "
        "a fresh kernel raises NameError"
    )


def _deleted(name: str, deleted_by: int) -> str:
    return (
        f"{code(name)} was removed by `del` in {cell_label(deleted_by)}: this cell raises NameError"
    )


def _used_as_module(cell: CellFacts, name: str) -> bool:
    return any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == name
        for node in cell.nodes
    )


def _first_dynamic_cell(facts: NotebookFacts) -> int | None:
    """The first cell that may define names we cannot see (`%run`, `exec`, `globals()`...)."""
    from ...analysis.ipython_calls import defines_names_dynamically

    for cell in facts.python_cells():
        if defines_names_dynamically(cell):
            return cell.index
    return None
