"""`jupyter prod run`: run an exported job with papermill, and keep a record of every run.

    record = run_job("jobs/orders", RunOptions(parameters={"min_qty": "3"}))

- `job.py` reads `job.yaml`; `values.py` checks and converts parameters;
- `runner.py` runs the notebook (papermill) in the caller's folder, the package importable;
- `engines.py`: local (pandas) or Spark (pandas API on Spark) through the environment;
- `records.py`: `runs/<id>/run.json` and `runs/<id>/output.ipynb`;
- `report.py`: `runs/<id>/report.html`, the output notebook rendered by nbconvert.
"""

from __future__ import annotations

from .errors import (
    BadParameter,
    EngineMismatch,
    JobNotFound,
    JobRefused,
    RunError,
    RunFailed,
    RunInterrupted,
)
from .job import Job, load_job
from .records import FailedCell, RunRecord, list_runs
from .runner import RunOptions, run_job

__all__ = [
    "BadParameter", "EngineMismatch", "FailedCell", "Job", "JobNotFound", "JobRefused", "RunError",
    "RunFailed", "RunInterrupted", "RunOptions", "RunRecord", "list_runs", "load_job", "run_job",
]  # fmt: skip
