"""How a job wants to be scheduled: `job.yaml`'s optional `schedule:` section, overridden by
the command line.

    schedule:
      cron: "0 6 * * *"     # when it runs (Airflow's and jupyter-scheduler's cron); none: by hand
      retries: 2            # a failed run is tried again this many times (Airflow)
      retry_delay: 300      # seconds between tries
      timeout: 3600         # seconds a run may take before it is stopped

The job's parameters (types, defaults) come from `job.yaml` itself (`run.load_job`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ScheduleError

# Airflow's and croniter's presets, and five fields of the characters cron allows.
_PRESETS = {"@once", "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually",
            "@midnight", "@continuous"}  # fmt: skip
_FIELD = re.compile(r"^[0-9A-Za-z*/,\-?LW#]+$")


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None  # None: triggered by hand (or by the API) only
    retries: int = 0
    retry_delay: int = 300  # seconds
    timeout: int | None = None  # seconds; None: no limit


def job_schedule(folder: Path, **given: Any) -> Schedule:
    """`job.yaml`'s `schedule:` section with the values `given` (not None) on top."""
    section = _section(folder / "job.yaml")
    merged = {**section, **{k: v for k, v in given.items() if v is not None}}
    cron = merged.get("cron")
    schedule = Schedule(
        cron=check_cron(str(cron)) if cron not in (None, "") else None,
        retries=_number(merged, "retries", 0, folder),
        retry_delay=_number(merged, "retry_delay", 300, folder),
        timeout=_number(merged, "timeout", None, folder),
    )
    return schedule


def check_cron(expression: str) -> str:
    """The expression, stripped, if cron can read it; `ScheduleError` otherwise."""
    text = " ".join(expression.split())
    fields = text.split(" ")
    if text in _PRESETS or (len(fields) == 5 and all(_FIELD.match(f) for f in fields)):
        return text
    raise ScheduleError(
        f"--cron {expression!r} is not a cron expression: give five fields "
        "(minute hour day-of-month month day-of-week, e.g. '0 6 * * *') or a preset like @daily"
    )


def _section(path: Path) -> dict[str, Any]:
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # `load_job` has already said what is wrong with the file
    section = data.get("schedule") if isinstance(data, dict) else None
    return section if isinstance(section, dict) else {}


def _number(values: dict[str, Any], name: str, default: int | None, folder: Path) -> Any:
    value = values.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ScheduleError(f"{folder / 'job.yaml'}: schedule.{name} must be a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ScheduleError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0 or (name == "timeout" and number == 0):
        raise ScheduleError(f"{name} must be a positive whole number, not {value!r}")
    return number
