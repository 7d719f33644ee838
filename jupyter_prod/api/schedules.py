"""Schedules: the exported job run by Airflow or jupyter-scheduler (see `jupyter_prod.schedule`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..schedule.airflow_dag import AirflowOptions
    from ..schedule.scheduler_jobs import DefinitionRequest


def write_airflow_dag(
    folder: str | os.PathLike[str], options: AirflowOptions | None = None
) -> Path:
    """Write an Airflow 3 DAG file that runs the job (`ScheduleError`, `RunError`s); its path."""
    from ..schedule.airflow_dag import AirflowOptions, write_dag

    return write_dag(folder, options or AirflowOptions())


def scheduler_availability(settings: dict[str, Any]) -> dict[str, Any]:
    """Whether jupyter-scheduler runs in this server (`settings`: the web app's), its version."""
    from ..schedule.scheduler_jobs import availability

    return availability(settings)


async def create_scheduler_definition(
    settings: dict[str, Any], root_dir: str, request: DefinitionRequest
) -> dict[str, Any]:
    """A jupyter-scheduler job definition running the job (`SchedulerMissing` without it,
    `ScheduleError`, `RunError`s); its id, the launcher's path, the typed parameters."""
    from ..schedule.scheduler_jobs import create_definition, scheduler_of

    return await create_definition(scheduler_of(settings), root_dir, request)
