"""Type facts about pandas code: which names hold DataFrames, Series, GroupBy and window objects.

`track_pandas(facts)` runs only when a cell imports pandas (or pandas API on Spark); the
compatibility table (`compat.py`) is read on first use. See `tracker.py` for the algorithm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compat import Member, SparkCompat, spark_compat
from .tracker import Tracker
from .types import PandasTypes

if TYPE_CHECKING:
    from ..facts import NotebookFacts

__all__ = ["Member", "PandasTypes", "SparkCompat", "spark_compat", "track_pandas"]


def track_pandas(facts: NotebookFacts) -> PandasTypes | None:
    """The pandas types of the notebook; None when no cell imports pandas (nothing to pay)."""
    if not (facts.imports_module("pandas") or facts.imports_module("pyspark.pandas")):
        return None
    tracker = Tracker(spark_compat())
    for cell in facts.python_cells():
        assert cell.tree is not None and cell.scan is not None
        tracker.run_cell(cell.index, cell.tree, cell.scan)
    return tracker.types
