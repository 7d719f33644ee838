"""A job folder as `jupyter prod run` sees it: what its `job.yaml` says.

A job folder is shared and committed, so what its `job.yaml` names is checked before anything
runs: the file itself and the notebook must resolve (symlinks followed) inside the job folder,
and the notebook must read as a notebook. Errors name the path and never quote the content of
a file: a `notebook: /etc/passwd` must not come back as its first line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..notebook.reader import NotebookReadError, load_notebook
from .errors import JobNotFound, JobRefused

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
    root = Path(folder)
    path = root / JOB_FILE
    if not path.is_file():
        raise JobNotFound(
            f"{root} is not a job folder: it has no {JOB_FILE} (see `jupyter prod export`)"
        )
    _confine(root, path, f"its {JOB_FILE}")
    data = _read_yaml(path)
    if not isinstance(data, dict) or not data.get("notebook"):
        raise JobNotFound(f"{path} does not describe a job (no `notebook`)")
    job = Job(root, str(data.get("name") or root.name), str(data["notebook"]),
              str(data.get("package") or ""), str(data.get("kernel") or "python3"),
              str(data.get("engine") or "local"), str(data.get("workdir") or "."),
              dict(data.get("parameters") or {}))  # fmt: skip
    _check_notebook(job)
    return job


def _read_yaml(path: Path) -> Any:
    """`job.yaml`'s data; its errors say where, not what (a YAML error quotes the line)."""
    import yaml  # type: ignore[import-untyped]

    try:
        return yaml.safe_load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise JobNotFound(f"cannot read {path}: it is not UTF-8 text") from None
    except OSError as error:
        raise JobNotFound(f"cannot read {path}: {error.strerror}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise JobNotFound(f"cannot read {path}: it is not valid YAML{where}") from None


def _check_notebook(job: Job) -> None:
    """The notebook `job.yaml` names: inside the job folder, a `.ipynb` file, a notebook."""
    path = job.notebook_path
    named = " ".join(job.notebook.split())[:200]  # a path, shown on one line
    _confine(job.folder, path, f"the notebook `{named}` its {JOB_FILE} names")
    if path.suffix != ".ipynb":
        raise JobRefused(f"the job's notebook {path} is not a .ipynb file")
    if not path.is_file():
        raise JobNotFound(f"the job's notebook {path} is missing")
    try:
        load_notebook(path)
    except NotebookReadError as error:
        raise JobRefused(f"the job's notebook {path} cannot be run: {error.message}") from None


def _confine(folder: Path, path: Path, what: str) -> None:
    real_folder, real_path = os.path.realpath(folder), os.path.realpath(path)
    if os.path.commonpath([real_folder, real_path]) != real_folder or real_path == real_folder:
        raise JobRefused(f"{folder} is refused: {what} leads outside the job folder")
