"""The public surface: every face (CLI, server, widgets, panel) calls these functions.

    report = check_paths(["notebooks/"], CheckOptions(select=["hidden-state"]))
    for notebook in report.notebooks: ...

Nothing here prints, exits or knows about HTTP; results are plain data with `to_dict()`.
One surface, three files by feature: `checks.py` (checking notebooks, the rules, the cell
graph), `jobs.py` (export, run, their previews and records), `edits.py` (the panel's edits to
an open notebook).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks import (
    PARALLEL_THRESHOLD,
    SKIPPED_DIRECTORIES,
    CheckOptions,
    check_document,
    check_document_with_graph,
    check_file,
    check_notebook,
    check_paths,
    dependency_graph,
    find_notebooks,
    list_rules,
)  # fmt: skip
from .edits import (
    add_requirements,
    add_to_module,
    extract_function,
    pip_install_lines,
    suggest_parameters,
)  # fmt: skip
from .jobs import (
    cancel_run,
    check_export,
    check_run,
    describe_job,
    export_notebook,
    export_target,
    infer_parameters,
    list_runs,
    preview_export,
    redacted,
    run_job,
    secrets_redactor,
)  # fmt: skip
from .report_cache import ReportCache

if TYPE_CHECKING:  # export and run load papermill, black and more: only when used
    from ..export import ExportOptions as ExportOptions
    from ..run import RunOptions as RunOptions

__all__ = [
    "PARALLEL_THRESHOLD", "SKIPPED_DIRECTORIES", "CheckOptions", "ExportOptions", "RunOptions",
    "ReportCache",
    "add_requirements", "add_to_module", "cancel_run", "check_document", "check_document_with_graph",
    "check_export", "check_file", "check_notebook", "check_paths", "check_run",
    "dependency_graph", "describe_job", "export_notebook", "export_target", "extract_function",
    "find_notebooks",
    "infer_parameters", "list_rules", "list_runs", "pip_install_lines", "preview_export",
    "redacted", "run_job", "secrets_redactor", "suggest_parameters",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """`api.ExportOptions` and `api.RunOptions`, imported on first use, not at start-up."""
    if name == "ExportOptions":
        from ..export import ExportOptions

        return ExportOptions
    if name == "RunOptions":
        from ..run import RunOptions

        return RunOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
