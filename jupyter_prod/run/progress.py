"""Per-cell progress of a papermill run, for callers that draw their own progress bar.

papermill's only progress hook is its tqdm bar. Its engines, though, report every cell to a
`NotebookExecutionManager` (`cell_start`, `cell_complete`); `ProgressEngine` is papermill's
own nbclient engine with `cell_complete` also calling `on_cell(done, total)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from papermill.engines import NBClientEngine, papermill_engines  # type: ignore[import-untyped]

ENGINE_NAME = "jupyter-prod-progress"

CellCallback = Callable[[int, int], None]


class ProgressEngine(NBClientEngine):  # type: ignore[misc]
    """papermill's nbclient engine, telling `on_cell(done, total)` after each cell (the
    injected-parameters cell counts)."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, on_cell: CellCallback | None = None, **kwargs: Any
    ) -> Any:
        if on_cell is not None:
            _report_cells(nb_man, on_cell)
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)


def _report_cells(nb_man: Any, on_cell: CellCallback) -> None:
    complete = nb_man.cell_complete
    total = len(nb_man.nb.cells)

    def cell_complete(cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        complete(cell, cell_index=cell_index, **kwargs)
        _tell(on_cell, (cell_index or 0) + 1, total)

    nb_man.cell_complete = cell_complete
    _tell(on_cell, 0, total)


def _tell(on_cell: CellCallback, done: int, total: int) -> None:
    try:
        on_cell(done, total)
    except Exception:  # noqa: BLE001 - a progress display must never fail the job it shows
        pass


def register() -> str:
    """The engine's name, registered with papermill (idempotent)."""
    papermill_engines.register(ENGINE_NAME, ProgressEngine)
    return ENGINE_NAME
