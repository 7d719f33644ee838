"""Schedules: the exported job run by Airflow or jupyter-scheduler (see `jupyter_prod.schedule`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..schedule.airflow_dag import AirflowOptions


def write_airflow_dag(
    folder: str | os.PathLike[str], options: AirflowOptions | None = None
) -> Path:
    """Write an Airflow 3 DAG file that runs the job (`ScheduleError`, `RunError`s); its path."""
    from ..schedule.airflow_dag import AirflowOptions, write_dag

    return write_dag(folder, options or AirflowOptions())
