"""A job folder as `jupyter prod run` sees it: what its `job.yaml` says."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import JobNotFound

JOB_FILE = "job.yaml"


@dataclass(frozen=True)
class Job:
    folder: Path
    name: str
    notebook: str
    package: str
    kernel: str
    engine: str
    workdir: str
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> type, default

    @property
    def notebook_path(self) -> Path:
        return self.folder / self.notebook

    @property
    def runs(self) -> Path:
        return self.folder / "runs"


def load_job(folder: str | os.PathLike[str]) -> Job:
    import yaml  # type: ignore[import-untyped]

    root = Path(folder)
    path = root / JOB_FILE
    if not path.is_file():
        raise JobNotFound(
            f"{root} is not a job folder: it has no {JOB_FILE} (see `jupyter prod export`)"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise JobNotFound(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict) or not data.get("notebook"):
        raise JobNotFound(f"{path} does not describe a job (no `notebook`)")
    job = Job(root, str(data.get("name") or root.name), str(data["notebook"]),
              str(data.get("package") or ""), str(data.get("kernel") or "python3"),
              str(data.get("engine") or "local"), str(data.get("workdir") or "."),
              dict(data.get("parameters") or {}))  # fmt: skip
    if not job.notebook_path.is_file():
        raise JobNotFound(f"the job's notebook {job.notebook_path} is missing")
    return job
