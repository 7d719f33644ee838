"""Run records: one folder per run under the job's `runs/`, with `run.json` and (by default)
the output notebook.

`run.json`: id, status (`running`, `succeeded`, `failed`), start time (UTC), seconds,
parameters, engine, kernel, working folder, the output notebook's path, and on failure the
failing cell (number, first line of its source, the error, where in the package it was raised).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD_FILE = "run.json"


@dataclass
class FailedCell:
    number: int  # 1-based, in the output notebook (papermill's injected cell counts)
    source: str  # its first line
    error: str  # `Name: message`
    location: str | None = None  # `package/steps.py, line 14`: where the error was raised


@dataclass
class RunRecord:
    id: str
    status: str
    started: str
    parameters: dict[str, Any] = field(default_factory=dict)
    engine: str = "local"
    kernel: str = "python3"
    cwd: str = ""
    output: str = ""
    seconds: float = 0.0
    failed_cell: FailedCell | None = None
    message: str | None = None  # a failure that is not a cell's (the kernel died, ...)
    folder: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("folder")
        return data

    def describe_failure(self) -> str:
        if self.failed_cell is None:
            return self.message or "the job failed"
        cell = self.failed_cell
        where = f" (raised in {cell.location})" if cell.location else ""
        return f"cell {cell.number} (`{cell.source}`) failed: {cell.error}{where}"


def new_run(runs: Path) -> tuple[str, Path]:
    """A fresh run id (UTC time, made unique) and its folder, created."""
    runs.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for number in range(1, 1000):
        run_id = stamp if number == 1 else f"{stamp}-{number}"
        try:
            (runs / run_id).mkdir()
            return run_id, runs / run_id
        except FileExistsError:
            continue
    raise RuntimeError("could not find a free run id")


def save(record: RunRecord) -> None:
    """Write `run.json` atomically (a reader never sees half of it)."""
    path = Path(record.folder) / RECORD_FILE
    temporary = path.with_name(f".{RECORD_FILE}.{os.getpid()}.tmp")
    temporary.write_text(
        json.dumps(record.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    os.replace(temporary, path)


def list_runs(runs: Path) -> list[RunRecord]:
    """Every readable run record, oldest first."""
    found: list[RunRecord] = []
    for path in sorted(runs.glob(f"*/{RECORD_FILE}")) if runs.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            failed = data.pop("failed_cell", None)
            record = RunRecord(**data, folder=str(path.parent))
            record.failed_cell = FailedCell(**failed) if failed else None
        except (OSError, ValueError, TypeError):
            continue  # a record written by another version, or damaged: skip it
        found.append(record)
    return found
