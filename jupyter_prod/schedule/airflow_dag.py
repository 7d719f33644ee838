"""`jupyter prod schedule JOB --airflow`: a DAG file for Airflow 3 that runs the job.

- one `PythonOperator` task that calls the job package's entry point (`PACKAGE/entry_point.py`)
  in the worker's Python, no Jupyter kernel; the run record is the task's XCom value;
- the job's parameters as DAG params (JSON-schema types from `job.yaml`, its defaults); a param
  left at its default is not passed, so the notebook's own parameters cell decides it (a default
  computed there, `os.environ[...]`, stays computed);
- retries, the delay between them and a timeout from `job.yaml`'s `schedule:` (`settings.py`);
- the file is Python written with `repr` of every value (nothing from `job.yaml` is pasted in
  as code), black-formatted.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis.secret_values import secret_name
from ..run import load_job
from .errors import ScheduleError
from .files import write_atomically
from .settings import Schedule, job_schedule

# JSON-schema types of the Python types `job.yaml` declares (Airflow validates params with them).
_JSON_TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean",
               "list": "array", "tuple": "array", "dict": "object"}  # fmt: skip
_DAG_ID = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


@dataclass(frozen=True)
class AirflowOptions:
    output: str = "dags"  # the folder the DAG file is written to
    cron: str | None = None  # None: job.yaml's schedule.cron, else triggered by hand
    dag_id: str | None = None  # None: jupyter_prod_<job name>
    retries: int | None = None
    timeout: int | None = None
    contract: str | None = None  # strict, warn, off; None: job.yaml's contract.mode
    steps: bool = False  # one task per step of the job, the data passed through the run folder
    force: bool = False  # replace an existing DAG file


def write_dag(job_folder: str | os.PathLike[str], options: AirflowOptions) -> Path:
    """Write the DAG file; its path. `ScheduleError` if it exists (without `force`)."""
    text, dag_id = dag_text(job_folder, options)
    path = Path(options.output) / f"{dag_id}.py"
    if path.exists() and not options.force:
        raise ScheduleError(f"{path} exists: pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    return path


def dag_text(job_folder: str | os.PathLike[str], options: AirflowOptions) -> tuple[str, str]:
    """(the DAG file's text, its dag_id)."""
    job = load_job(job_folder)
    if not job.package or not job.package.isidentifier():
        raise ScheduleError(f"{job.folder} has no package to run: export the notebook again")
    entry = job.folder / job.package / "entry_point.py"
    if not entry.is_file():
        raise ScheduleError(f"{entry} is missing: export the notebook again with this "
                            "jupyter-prod to get the job's entry point")  # fmt: skip
    schedule = job_schedule(job.folder, cron=options.cron, retries=options.retries,
                            timeout=options.timeout)  # fmt: skip
    if options.contract not in (None, "strict", "warn", "off"):
        raise ScheduleError(f"--contract {options.contract}: choose from strict, warn, off")
    dag_id = options.dag_id or f"jupyter_prod_{job.name}"
    if not _DAG_ID.match(dag_id):
        raise ScheduleError(f"--dag-id {dag_id!r}: use letters, digits, '_', '.' and '-' only")
    from ..export.formatting import format_python

    parameters = {name: spec or {} for name, spec in job.parameters.items()}
    steps = _steps(job.notebook_path) if options.steps else None
    if steps is not None and not steps:
        raise ScheduleError(f"{job.notebook_path} has no steps: schedule it without --steps")
    text = _render(job.name, job.package, str(job.folder.resolve()), dag_id, schedule, parameters,
                   options.contract, steps)  # fmt: skip
    return format_python(text, "DAG file"), dag_id


def _steps(notebook: Path) -> list[str]:
    """The job notebook's steps, in order (the cells that call one carry its name)."""
    import nbformat

    document = nbformat.read(str(notebook), as_version=4)  # type: ignore[no-untyped-call]
    found = []
    for cell in document.cells:
        step = (cell.get("metadata", {}).get("jupyter_prod") or {}).get("step")
        if cell.cell_type == "code" and isinstance(step, str) and step.isidentifier():
            found.append(step)
    return found


def _render(name: str, package: str, folder: str, dag_id: str, schedule: Schedule,
            parameters: dict[str, dict[str, Any]], contract: str | None,
            steps: list[str] | None) -> str:  # fmt: skip
    defaults = {
        n: None if secret_name(n) else spec.get("default") for n, spec in parameters.items()
    }
    params = "".join(f"        {n!r}: {_param(n, spec, defaults[n])},\n"
                     for n, spec in parameters.items())  # fmt: skip
    retry = f"datetime.timedelta(seconds={schedule.retry_delay})"
    timeout = f"datetime.timedelta(seconds={schedule.timeout})" if schedule.timeout else "None"
    today = datetime.datetime.now(datetime.timezone.utc).date()
    template = _TEMPLATE + (_STEP_TASKS if steps else _ONE_TASK)
    task_function = _RUN_STEP.format(steps=steps) if steps else _RUN_JOB
    return template.format(task_function=task_function.rstrip("\n"),
        name=name, folder=folder, package=package, dag_id=dag_id, defaults=defaults,
        description=f"The jupyter-prod job {name}", schedule=schedule.cron,
        start=f"datetime.datetime({today.year}, {today.month}, {today.day}, "
        "tzinfo=datetime.timezone.utc)",
        params=params, retries=schedule.retries, retry=retry, timeout=timeout,
        task_id=package, contract=contract,
    )  # fmt: skip


def _param(name: str, spec: dict[str, Any], default: Any) -> str:
    """`Param(default, type=..., description=...)` for one parameter."""
    declared = spec.get("type")
    json_type: Any = _JSON_TYPES.get(str(declared)) if declared else None
    if json_type is not None and default is None:
        json_type = [json_type, "null"]
    described = f"{declared or 'any'} parameter of the job"
    if secret_name(name):
        described += " (secret-named: its value is masked in the run record)"
    typed = f", type={json_type!r}" if json_type is not None else ""
    return f"Param({default!r}{typed}, description={described!r})"


_TEMPLATE = '''"""Airflow DAG for the jupyter-prod job `{name}` (written by `jupyter prod schedule --airflow`).

The task runs the job in the worker's Python through the job package's entry point, no Jupyter
kernel: install the job's requirements there (`pip install -r {folder}/requirements.txt`).
Each run is recorded under {folder}/runs/ (`jupyter prod run --list`, the JupyterLab panel)
and its record is the task's XCom value; a failing cell, a strict data-contract violation
included, fails the task with the job's message in the task log.
"""

from __future__ import annotations

import datetime
import importlib
import sys

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Param

JOB_FOLDER = {folder!r}
PACKAGE = {package!r}
CONTRACT = {contract!r}  # the data contract's mode: strict, warn, off; None: job.yaml's
# The job's defaults: a param left at its default is not passed, the notebook's parameters
# cell decides it.
DEFAULTS = {defaults!r}


{task_function}

with DAG(
    dag_id={dag_id!r},
    description={description!r},
    schedule={schedule!r},
    start_date={start},
    catchup=False,
    max_active_runs=1,
    tags=["jupyter-prod"],
    params={{
{params}    }},
    default_args={{
        "retries": {retries!r},
        "retry_delay": {retry},
        "execution_timeout": {timeout},
    }},
) as dag:
'''

_ONE_TASK = """\
    PythonOperator(task_id={task_id!r}, python_callable=run_job)
"""

_STEP_TASKS = """\
    tasks = [
        PythonOperator(task_id=step, python_callable=run_step, op_kwargs={{"step": step}})
        for step in STEPS
    ]
    for before, after in zip(tasks, tasks[1:]):
        before >> after
"""

_RUN_JOB = '''def run_job(params, **_context):
    """Run the job with the DAG run's params; returns the run record (the XCom value)."""
    if JOB_FOLDER not in sys.path:
        sys.path.insert(0, JOB_FOLDER)
    entry_point = importlib.import_module(PACKAGE + ".entry_point")
    given = {n: v for n, v in params.items() if n in DEFAULTS and v != DEFAULTS[n]}
    record = entry_point.run(given, contract=CONTRACT)
    record.pop("folder", None)
    return record


'''

_RUN_STEP = '''STEPS = {steps!r}


def run_step(step, params, ti, **_context):
    """Run one step: the first starts the run, the next ones continue the run of the task before
    (its record, the XCom value, names it); the data passes through files in the run's folder."""
    if JOB_FOLDER not in sys.path:
        sys.path.insert(0, JOB_FOLDER)
    run_steps = importlib.import_module(PACKAGE + ".run_steps")
    given = {{n: v for n, v in params.items() if n in DEFAULTS and v != DEFAULTS[n]}}
    position = STEPS.index(step)
    run_id = ti.xcom_pull(task_ids=STEPS[position - 1])["id"] if position else None
    record = run_steps.run_step(step, given, run_id=run_id, contract=CONTRACT)
    record.pop("folder", None)
    return record
'''
