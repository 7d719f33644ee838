"""What a worker process does for a task: call `api`, and turn the outcome into JSON data.

Each function returns `{"ok": True, "result": {...}}` or `{"ok": False, "error": {"message":
...}}`; paths in it are relative to the server's root, and secrets of the notebook or job are
masked. No exception leaves a worker: a traceback would reach the user otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .. import api


def relative(path: str | os.PathLike[str], root: str) -> str:
    """`path` relative to the server's root (the panel opens files by such paths)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, base]) != base:
        return os.path.basename(real)
    return Path(os.path.relpath(real, base)).as_posix()


def export_job(notebook: str, options: dict[str, Any], root: str) -> dict[str, Any]:
    """Export `notebook` (the real export: the notebook runs to record the tests)."""
    from ..export import ExportError, ExportRefused

    redact = api.secrets_redactor(notebook)
    try:
        result = api.export_notebook(notebook, api.ExportOptions(**options))
    except ExportRefused as refused:
        # Paths as the panel shows them, relative to the root.
        message = refused.message.replace(os.path.join(os.path.realpath(root), ""), "")
        error = {"message": message, "reasons": refused.reasons, "status": 422}
        return api.redacted({"ok": False, "error": error}, redact)
    except ExportError as failed:
        return api.redacted({"ok": False, "error": {"message": failed.message}}, redact)
    except Exception as error:  # noqa: BLE001
        return _internal(error, redact)
    report = result.report.to_dict()
    job_notebook = Path(result.job_dir) / f"{result.report.name}.ipynb"
    data = {"job_dir": relative(result.job_dir, root), "notebook": relative(job_notebook, root),
            "tests": report["tests"], "tests_note": report["tests_note"],
            "files": report["files"], "notes": report["notes"]}  # fmt: skip
    return api.redacted({"ok": True, "result": data}, redact)


def run_job(folder: str, parameters: dict[str, Any], engine: str | None, cwd: str,
            root: str) -> dict[str, Any]:  # fmt: skip
    """Run the job in `folder`; a failed run is an error naming the cell and the error."""
    from ..run import RunError, RunFailed, RunInterrupted, load_job

    try:
        redact = api.secrets_redactor(load_job(folder).notebook_path)
        record = api.run_job(folder, api.RunOptions(parameters=parameters, cwd=cwd, engine=engine))
    except RunFailed as failed:
        run = run_data(failed.record.to_dict(), root)
        error = {"message": failed.message, "failed_cell": run["failed_cell"],
                 "output": run["output"], "run": run}  # fmt: skip
        return api.redacted({"ok": False, "error": error}, redact)
    except RunInterrupted as stopped:  # the worker was sent SIGTERM: the record says so
        run = run_data(stopped.record.to_dict(), root)
        error = {"message": stopped.message, "output": run["output"], "run": run}
        return api.redacted({"ok": False, "error": error}, redact)
    except RunError as error:
        return {"ok": False, "error": {"message": error.message}}
    except Exception as error:  # noqa: BLE001
        return _internal(error, api.secrets_redactor(None))
    run = run_data(record.to_dict(), root)
    return api.redacted({"ok": True, "result": {"output": run["output"], "run": run}}, redact)


def run_data(record: dict[str, Any], root: str) -> dict[str, Any]:
    """A run record with its paths relative to the server root."""
    data = dict(record)
    data["output"] = relative(data["output"], root) if data.get("output") else None
    data["cwd"] = relative(data["cwd"], root) if data.get("cwd") else None
    return data


def run_progress(folder: str, since: float) -> dict[str, Any] | None:
    """Cells done / cells in the output notebook of the run started after `since` (papermill
    saves it after every cell, marking each cell's status). Every cell counts, markdown and
    the injected parameters too, as the widgets' launcher counts them (`on_cell`): one job,
    one number of cells wherever its run is followed."""
    runs = sorted(Path(folder, "runs").glob("*/output.ipynb"), key=lambda p: p.stat().st_mtime)
    latest = [p for p in runs if p.parent.stat().st_mtime >= since - 1]
    if not latest:
        return None
    try:
        cells = json.loads(latest[-1].read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return None  # being written: the next poll reads it
    done = sum(1 for c in cells if c.get("metadata", {}).get("papermill", {}).get("status")
               == "completed")  # fmt: skip
    return {"done": done, "total": len(cells), "unit": "cells"}


def _internal(error: Exception, redact: Any) -> dict[str, Any]:
    message = f"jupyter-prod failed ({type(error).__name__}: {error}); please report it"
    return api.redacted({"ok": False, "error": {"message": message}}, redact)
