"""jupyter-scheduler job definitions that run an exported job.

jupyter-scheduler runs notebooks: it copies the definition's notebook into its staging folder,
injects the parameters after the `parameters` cell (`name = <value as Python source>`) and
executes it in a kernel. A job notebook run there would find neither its package nor its data
(relative paths resolve in the staging folder) and would record nothing. So a definition runs a
small launcher notebook, `scheduled_run.ipynb` in the job folder: a `parameters` cell with the
job's parameters and their defaults, and a cell that runs `python -m PACKAGE --name value ...`
(the job's entry point) with the job folder on PYTHONPATH, in the job's working folder. The run
is recorded under the job's `runs/` (where the panel's runs view finds it), its output is the
launcher's output, and a failed run (a strict data contract included) raises, so the
scheduler's job is FAILED with the entry point's message.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.secret_values import secret_name
from ..run import Job, load_job
from ..run.values import typed_parameters
from .errors import ScheduleError, SchedulerMissing
from .files import write_atomically
from .settings import check_cron

LAUNCHER = "scheduled_run.ipynb"
_MARK = "scheduled_run"  # metadata.jupyter_prod.launcher: the file is ours to rewrite


@dataclass(frozen=True)
class DefinitionRequest:
    job_folder: str  # a real path inside the server root
    cron: str | None = None  # None: a definition run only when triggered
    parameters: dict[str, Any] = field(default_factory=dict)  # text (a form) or typed values
    name: str | None = None  # default: the job's name
    timezone: str = "UTC"
    contract: str | None = None  # strict, warn, off; None: job.yaml's contract.mode
    run_now: bool = False  # also start one run right away


def scheduler_of(settings: dict[str, Any]) -> Any | None:
    """jupyter-scheduler's scheduler, when its server extension runs in this server."""
    scheduler = settings.get("scheduler")
    if scheduler is None:
        return None
    try:
        from jupyter_scheduler.scheduler import BaseScheduler  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    return scheduler if isinstance(scheduler, BaseScheduler) else None


def availability(settings: dict[str, Any]) -> dict[str, Any]:
    """What the panel needs to offer "Schedule…": whether jupyter-scheduler runs here."""
    scheduler = scheduler_of(settings)
    if scheduler is None:
        return {"available": False, "version": None}
    from jupyter_scheduler import __version__  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return {"available": True, "version": str(__version__)}


async def create_definition(
    scheduler: Any, root_dir: str, request: DefinitionRequest
) -> dict[str, Any]:
    """Write the launcher, create the job definition (and a first run, if asked for).

    Returns `definition_id`, `job_id` (None unless `run_now`), `launcher` (relative to the root),
    `name`, `schedule` and the `parameters` given to the scheduler."""
    if scheduler is None:
        raise SchedulerMissing("jupyter-scheduler is not installed in this server's environment")
    job = load_job(request.job_folder)
    values = typed_parameters(request.parameters, job.parameters)
    cron = check_cron(request.cron) if request.cron else None
    if request.contract not in (None, "strict", "warn", "off"):
        raise ScheduleError(f"contract {request.contract!r}: choose from strict, warn, off")
    launcher = write_launcher(job, request.contract)
    relative = os.path.relpath(launcher, os.path.realpath(root_dir)).replace(os.sep, "/")
    from jupyter_core.utils import ensure_async
    from jupyter_scheduler.models import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
        CreateJobDefinition,
        CreateJobFromDefinition,
    )

    injected = {name: repr(value) for name, value in values.items()}  # Python source, see above
    model = CreateJobDefinition(
        input_uri=relative, name=request.name or job.name, schedule=cron,
        timezone=request.timezone, parameters=injected or None, output_formats=["ipynb"],
        runtime_environment_name=_environment(scheduler),
    )  # fmt: skip
    # On the server's own thread, as jupyter-scheduler's handlers call it: its task runner
    # keeps the schedules in an in-memory SQLite database, one per thread.
    definition_id = await ensure_async(scheduler.create_job_definition(model))
    job_id = None
    if request.run_now:
        first = CreateJobFromDefinition(parameters=injected or None)
        job_id = await ensure_async(scheduler.create_job_from_definition(definition_id, first))
    return {"definition_id": definition_id, "job_id": job_id, "launcher": relative,
            "name": model.name, "schedule": cron, "parameters": values}  # fmt: skip


def _environment(scheduler: Any) -> str:
    """The runtime environment jupyter-scheduler lists first (this server's Python)."""
    environments = scheduler.environments_manager.list_environments()
    if not environments:
        raise ScheduleError("jupyter-scheduler lists no runtime environment to run the job in")
    return str(environments[0].name)


def write_launcher(job: Job, contract: str | None = None) -> Path:
    """`JOB/scheduled_run.ipynb`, (re)written; a file of that name that is not a launcher is
    the user's and is never replaced."""
    import nbformat

    path = job.folder / LAUNCHER
    if path.exists() and not _is_launcher(path):
        raise ScheduleError(f"{path} exists and was not written by jupyter-prod: move it away")
    text = nbformat.writes(launcher_notebook(job, contract))  # type: ignore[no-untyped-call]
    write_atomically(path, text)
    return path.resolve()


def _is_launcher(path: Path) -> bool:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        return bool(metadata.get("jupyter_prod", {}).get("launcher") == _MARK)
    except (OSError, ValueError, AttributeError):
        return False


def launcher_notebook(job: Job, contract: str | None = None) -> Any:
    """The launcher: markdown, a `parameters` cell, the cell that runs the job."""
    from nbformat import v4

    new_code: Any = v4.new_code_cell
    new_markdown: Any = v4.new_markdown_cell
    defaults = {name: None if secret_name(name) else (spec or {}).get("default")
                for name, spec in job.parameters.items()}  # fmt: skip
    parameters = "\n".join(f"{name} = {value!r}" for name, value in defaults.items())
    cells = [
        new_markdown(
            f"# Scheduled run of the job `{job.name}`\n\nWritten by jupyter-prod for "
            "jupyter-scheduler: it runs the job's entry point (`python -m "
            f"{job.package}`) and records the run under the job's `runs/`. Edit the job, "
            "not this notebook."
        ),  # fmt: skip
        new_code(parameters or "# the job takes no parameters", metadata={"tags": ["parameters"]}),
        new_code(
            _RUN_CELL.format(
                folder=str(job.folder.resolve()),
                package=job.package,
                defaults=defaults,
                contract=contract,
            )
        ),  # fmt: skip
    ]
    notebook = v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    notebook.metadata["jupyter_prod"] = {"launcher": _MARK, "job": job.name}
    return notebook


_RUN_CELL = """import json, os, subprocess, sys

JOB_FOLDER = {folder!r}
PACKAGE = {package!r}
DEFAULTS = {defaults!r}  # a parameter left at its default is not passed: the job decides it
CONTRACT = {contract!r}  # the data contract's mode; None: job.yaml's


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value)


command = [sys.executable, "-m", PACKAGE, "--json"] + (["--contract", CONTRACT] if CONTRACT else [])
for name, default in DEFAULTS.items():
    value = globals()[name]
    if value is not None and value != default:
        command += ["--" + name, as_text(value)]
path = os.pathsep.join(p for p in (JOB_FOLDER, os.environ.get("PYTHONPATH")) if p)
done = subprocess.run(command, env={{**os.environ, "PYTHONPATH": path}}, capture_output=True, text=True)
*printed, last = done.stdout.splitlines() or [""]
print("\\n".join(printed))
print(done.stderr, file=sys.stderr)
if done.returncode != 0:
    lines = done.stderr.strip().splitlines()
    failed = next((i for i, line in enumerate(lines) if ": the job failed: " in line or ": error: " in line), 0)
    raise RuntimeError(f"exit status {{done.returncode}}: " + "\\n".join(lines[failed:]))
record = json.loads(last)
print(f"run {{record['id']}} {{record['status']}} in {{record['seconds']}} s: {{JOB_FOLDER}}/runs/{{record['id']}}/run.json")
"""
