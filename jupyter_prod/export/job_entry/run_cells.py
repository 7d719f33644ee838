"""The job notebook's code cells, run in this process (no kernel) as a notebook runs them.

Part of the job's kernel-free entry point (`entry_point.py`), copied into the job by jupyter-prod:
IPython's shell turns magics into Python and formats displayed values; what a cell prints goes
to the process's stdout (an orchestrator's task log) and into the cell's outputs.
"""

from __future__ import annotations

import ast
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class CellFailed(Exception):
    """A cell raised: `failed_cell` is the record's description of it."""

    def __init__(self, failed_cell: dict[str, Any]) -> None:
        super().__init__(failed_cell["error"])
        self.failed_cell = failed_cell


# ---------------------------------------------------------------------- the cells
def run_cells(notebook: Any, folder: Path, selected: list[int] | None = None,
              state: dict[str, Any] | None = None, state_at: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Each code cell in order in one namespace (only the `selected` ones, if given); the first
    failure raises `CellFailed`. `state` (values an earlier step left) enters the namespace
    before the cell `state_at` runs. Returns the namespace."""
    shell, real_stdout = _shell(), sys.stdout
    namespace: dict[str, Any] = {"__name__": "__main__", "get_ipython": lambda: shell}
    saved_namespace, saved_publisher = shell.user_ns, shell.display_pub
    shell.user_ns = namespace  # magics (`%time x`) read and write the job's namespace
    try:
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or (selected is not None and index not in selected):
                continue
            if index == state_at:
                namespace.update(state or {})
            cell.outputs = []
            shell.display_pub = _Publisher(cell.outputs, real_stdout)
            with _streams(cell.outputs):
                try:
                    _run_cell(shell, cell.source, namespace, cell.outputs, real_stdout)
                except Exception as error:  # noqa: BLE001 - recorded, and the run fails
                    failed = _failed_cell(index, cell, error, folder, cell.outputs)
                    raise CellFailed(failed) from error
    finally:
        shell.user_ns, shell.display_pub = saved_namespace, saved_publisher
    return namespace


def _shell() -> Any:
    """IPython's shell (the one running, else a new one without a history file): magics, and
    `display()` in the job's code (`get_ipython()` is not None, as in a notebook)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if InteractiveShell.initialized():
        return InteractiveShell.instance()
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


def _run_cell(shell: Any, source: str, namespace: dict[str, Any], outputs: list[Any],
              real_stdout: Any) -> None:  # fmt: skip
    """Run one cell; the value of a last expression is shown as the notebook shows it."""

    python = shell.transform_cell(source)
    filename = "<job notebook cell>"
    tree = ast.parse(python, filename=filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - the job's own code
    if last is None:
        return
    value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
    if value is None or python.rstrip().endswith(";"):
        return
    data, metadata = shell.display_formatter.format(value)
    outputs.append(_new_output("execute_result", data=data, metadata=metadata,
                                          execution_count=None))  # fmt: skip
    print(data.get("text/plain", ""), file=real_stdout)


def _failed_cell(index: int, cell: Any, error: BaseException, folder: Path,
                 outputs: list[Any]) -> dict[str, Any]:  # fmt: skip
    """The record's `failed_cell`, and the error as the cell's output."""

    lines = traceback.format_exception(type(error), error, error.__traceback__)
    outputs.append(_new_output("error", ename=type(error).__name__,
                                          evalue=str(error), traceback=lines))  # fmt: skip
    sys.stderr.write("".join(lines))
    source = next((line for line in cell.source.splitlines() if line.strip()), "")
    message = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return {"number": index + 1, "source": source[:120], "error": message[:500],
            "location": _location(error, folder)}  # fmt: skip


def _location(error: BaseException, folder: Path) -> str | None:
    """The last frame of the traceback inside the job folder, as `path, line N`."""
    root, found = str(folder.resolve()), None
    for frame in traceback.extract_tb(error.__traceback__):
        path = os.path.abspath(frame.filename)
        if path.startswith(root + os.sep):
            found = f"{os.path.relpath(path, root)}, line {frame.lineno}"
    return found


def _new_output(output_type: str, **fields: Any) -> Any:
    import nbformat

    return nbformat.v4.new_output(output_type, **fields)  # type: ignore[no-untyped-call]


class _Publisher:
    """IPython's display publisher for one cell: `display(x)` becomes a `display_data`
    output, and its text is printed to the process's stdout (the task's log)."""

    is_publishing = False

    def __init__(self, outputs: list[Any], real_stdout: Any) -> None:
        self.outputs, self.real_stdout = outputs, real_stdout

    def publish(self, data: dict[str, Any], metadata: dict[str, Any] | None = None,
                **_ignored: Any) -> None:  # fmt: skip

        output = _new_output("display_data", data=data, metadata=metadata or {})
        self.outputs.append(output)
        print(data.get("text/plain", ""), file=self.real_stdout)

    def clear_output(self, wait: bool = False) -> None:
        self.outputs.clear()


class _Tee:
    """A stream that writes through to the real one and into the cell's stream outputs."""

    def __init__(self, name: str, real: Any, outputs: list[Any]) -> None:
        self.name, self.real, self.outputs = name, real, outputs

    def write(self, text: str) -> int:

        if not text:
            return 0
        self.real.write(text)
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == self.name:
            last.text += text
        else:
            self.outputs.append(_new_output("stream", name=self.name, text=text))
        return len(text)

    def flush(self) -> None:
        self.real.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return str(getattr(self.real, "encoding", "utf-8"))


@contextmanager
def _streams(outputs: list[Any]) -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = _Tee("stdout", saved[0], outputs)
    sys.stderr = _Tee("stderr", saved[1], outputs)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
