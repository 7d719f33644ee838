"""`jupyter prod schedule`: an exported job, run by the schedulers teams already have.

- `airflow_dag.py`: a DAG file for Airflow 3 whose task calls the job package's kernel-free
  entry point (`PACKAGE/entry_point.py`, see `export/entry_point.py`), the job's parameters as
  DAG params with their types and defaults;
- `scheduler_jobs.py`: jupyter-scheduler job definitions (a cron schedule, the parameters) that
  run the job through a small launcher notebook calling the same entry point.
Both record each run under the job's `runs/`, where `jupyter prod run --list` and the panel
find it, and fail the orchestrator's task or job when the job fails (a strict data contract
included), with the job's message in its log.
"""

from __future__ import annotations

from .errors import ScheduleError

__all__ = ["ScheduleError"]
