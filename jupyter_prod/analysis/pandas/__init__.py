"""Type facts about pandas code: which names hold DataFrames, Series, GroupBy and window objects.

`track_pandas(facts)` runs only when a cell imports pandas (or pandas API on Spark); the
compatibility table (`compat.py`) is read on first use. See `tracker.py` for the algorithm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compat import Member, SparkCompat, spark_compat
from .tracker import Tracker, batch_functions, related
from .types import PandasTypes, Scope

if TYPE_CHECKING:
    import ast

    from ..cell_scan import CellScan
    from ..facts import NotebookFacts

__all__ = ["Member", "PandasTypes", "SparkCompat", "spark_compat", "track_pandas"]


def track_pandas(facts: NotebookFacts) -> PandasTypes | None:
    """The pandas types of the notebook; None when no cell imports pandas (nothing to pay).

    Cells are read in document order. A name that a cell reads before any cell above binds it
    (the notebook ran out of order) gets, in a second reading, the value its last binding
    below gives it: `df.value_counts()` above `df = pd.read_csv(...)` is still a DataFrame's.
    """
    if not (facts.imports_module("pandas") or facts.imports_module("pyspark.pandas")):
        return None
    cells = [(cell.index, cell.tree, cell.scan) for cell in facts.python_cells()]
    batch = batch_functions(facts.python_cells())
    tracker = _read(cells, None, batch)
    early = _read_before_bound(cells)
    late = {name: tracker.globals.lookup(name) for name in early}
    late = {name: value for name, value in late.items() if related(value)}
    if late:
        seed = Scope()
        seed.names.update(late)
        tracker = _read(cells, seed, batch)
    return tracker.types


Cells = list[tuple[int, "ast.Module | None", "CellScan | None"]]


def _read(cells: Cells, late: Scope | None, batch: frozenset[str]) -> Tracker:
    tracker = Tracker(spark_compat(), late, batch)
    for index, tree, scan in cells:
        assert tree is not None
        tracker.run_cell(index, tree, scan)
    return tracker


def _read_before_bound(cells: Cells) -> set[str]:
    """Names some cell reads before any cell above it binds them."""
    bound: set[str] = set()
    early: set[str] = set()
    for _, _, scan in cells:
        if scan is not None:
            early.update(name for name in scan.reads if name not in bound)
            bound.update(scan.defines)
    return early
