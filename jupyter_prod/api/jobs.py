"""Jobs: the parameters an export would use, the export (and its preview), runs and what they
recorded. papermill, black and the rest are imported on first use, not at start-up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..analysis.facts import NotebookFacts, analyse
from ..findings.redact import Redactor
from ..notebook.reader import NotebookReadError, load_notebook
from .checks import secret_values

if TYPE_CHECKING:
    from ..export import ExportOptions, ExportResult, ParameterPlan
    from ..export.preview import ExportPreview
    from ..run import RunOptions, RunRecord

_T = TypeVar("_T")


# ---------------------------------------------------------------------- jobs
def infer_parameters(path: str | os.PathLike[str]) -> ParameterPlan:
    """The parameters `export_notebook` would give the job (`ExportError` if unreadable);
    a secret in a default is masked, as every face shows it."""
    from dataclasses import replace

    from ..export import infer_parameters as infer
    from ..export import read_notebook

    facts = analyse(read_notebook(path))
    plan = infer(facts)
    redact = _redactor(facts)
    masked = [
        replace(p, default=redact(p.default), origin=redact(p.origin)) for p in plan.parameters
    ]
    return replace(plan, parameters=masked)


def export_notebook(
    path: str | os.PathLike[str], options: ExportOptions | None = None
) -> ExportResult:
    """Write a job folder from a notebook (see `jupyter_prod.export`); raises `ExportError`s,
    their messages redacted (a failed `--verify` quotes outputs, a failed run its error)."""
    from ..export import ExportError
    from ..export import export_notebook as export

    try:
        return export(path, options)
    except ExportError as error:
        _redact_error(error, path)
        raise


def _redact_error(error: Any, path: str | os.PathLike[str]) -> None:
    from ..export.recorded_secrets import redact_message

    facts = _job_facts(path)
    error.message = redact_message(facts, error.message)
    error.args = (error.message,)
    if getattr(error, "reasons", None):
        error.reasons = [redact_message(facts, reason) for reason in error.reasons]


def run_job(folder: str | os.PathLike[str], options: RunOptions | None = None) -> RunRecord:
    """Run an exported job with papermill and record the run; raises `RunError`s
    (`RunFailed`, carrying the record, when the job itself failed). The record is redacted
    before each time it is written (`run.json` never holds a secret, not even for a moment)."""
    from dataclasses import replace

    from ..run import RunOptions
    from ..run import run_job as run

    # The failure's message is the redacted record's (`RunFailed` is raised after the save);
    # the HTML report's texts go through the same masking as the record's messages.
    masked = _text_redactor(folder)
    redact = _record_redactor(masked)
    return run(folder, replace(options or RunOptions(), redact=redact, redact_text=masked))


def _mask_parameters(record: Any) -> bool:
    """Mask the values given to parameters with secret-sounding names; True if any."""
    from ..analysis.secret_values import secret_name
    from ..findings.redact import MASK

    secret = {n for n, v in record.parameters.items() if secret_name(n) and v != MASK}
    record.parameters = {n: MASK if n in secret else v for n, v in record.parameters.items()}
    return bool(secret)


def _text_redactor(folder: str | os.PathLike[str]) -> Any:
    """What masks a run's texts (its record's messages, its report): the job notebook's
    secrets, the values of the environment variables the job's code reads and any secret the
    text quotes. The job's facts are read once, when a first text is masked."""
    from ..export.recorded_secrets import redact_message
    from ..run import load_job

    cache: dict[str, Any] = {}

    def masked(text: str) -> str:
        if "redact" not in cache:
            job = load_job(folder)
            facts = _job_facts(job.notebook_path)
            redact = _environment_redactor(_job_variables(job.folder / job.package))
            cache["redact"] = lambda value: redact(redact_message(facts, value))
        result: str = cache["redact"](text)
        return result

    return masked


def _record_redactor(masked: Any) -> Any:
    """What masks a run's record before it is saved: values passed to parameters with
    secret-sounding names, and its messages through `masked` (`_text_redactor`)."""
    from dataclasses import replace

    def redact_record(record: Any) -> None:
        _mask_parameters(record)
        if record.message:
            record.message = masked(record.message)
        if record.failed_cell is not None:
            cell = record.failed_cell
            record.failed_cell = replace(cell, error=masked(cell.error), source=masked(cell.source))

    return redact_record


def _job_facts(path: Any) -> NotebookFacts | None:
    try:
        return analyse(load_notebook(path))
    except (NotebookReadError, RecursionError, OSError):
        return None


def _job_variables(package: Any) -> set[str]:
    """The environment variables the job's package reads (the notebook's code moved there)."""
    from ..analysis.environment_values import module_variables

    found: set[str] = set()
    for module in sorted(package.glob("*.py")) if package.is_dir() else []:
        try:
            found |= module_variables(module.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return found


def _environment_redactor(variables: set[str]) -> Redactor:
    from ..export.recorded_secrets import environment_secrets

    return Redactor(environment_secrets(variables).values())


def list_runs(folder: str | os.PathLike[str]) -> list[RunRecord]:
    """The job's recorded runs, oldest first (`JobNotFound` if it is not a job)."""
    from ..run import list_runs as runs
    from ..run import load_job

    return runs(load_job(folder).runs)


def cancel_run(folder: str | os.PathLike[str], run_id: str) -> RunRecord:
    """Ask a running run of the job in `folder` to stop (`run/cancel.py`): it ends `cancelled`.
    `RunError` when there is no such run or it is not running on this host."""
    from ..run.cancel import cancel_run as cancel

    return cancel(folder, run_id)


def export_target(path: str | os.PathLike[str], options: ExportOptions | None = None) -> str:
    """The folder `export_notebook(path, options)` writes (`output`, or `jobs/<name>` beside
    the notebook), as given: not resolved, nothing checked."""
    from ..export import ExportOptions
    from ..export.exporter import job_folder, job_name

    options = options or ExportOptions()
    name = job_name(options.name or os.path.splitext(os.path.basename(path))[0])
    return str(job_folder(Path(path), options.output, name))


def check_export(path: str | os.PathLike[str], options: ExportOptions | None = None) -> None:
    """Raise what `export_notebook` would refuse (`JobExists`, `ExportRefused`, `BadOption`,
    `NotebookUnreadable`) without writing anything or running the notebook."""
    from ..export import ExportOptions
    from ..export.exporter import plan_export

    plan_export(path, options or ExportOptions())


def preview_export(
    path: str | os.PathLike[str], options: ExportOptions | None = None
) -> ExportPreview:
    """The job folder and the files an export would write, without touching the target and
    without running the notebook (its tests are recorded only by the real export)."""
    from ..export import ExportOptions
    from ..export.preview import preview_export as preview

    return preview(path, options or ExportOptions())


def describe_job(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """An exported job: name, notebook, engine, kernel, parameters (name, type, default) and
    its recorded runs; secrets the job's notebook holds are masked. `JobNotFound` otherwise."""
    from ..run import list_runs as runs
    from ..run import load_job

    job = load_job(folder)
    redact = secrets_redactor(job.notebook_path)
    parameters = [
        {"name": name, "type": (spec or {}).get("type"), "default": (spec or {}).get("default")}
        for name, spec in job.parameters.items()
    ]
    data = {"name": job.name, "notebook": job.notebook, "package": job.package,
            "engine": job.engine, "kernel": job.kernel, "workdir": job.workdir,
            "parameters": parameters,
            "runs": [record.to_dict() for record in runs(job.runs)]}  # fmt: skip
    return redacted(data, redact)


def secrets_redactor(notebook: str | os.PathLike[str] | None) -> Redactor:
    """A `Redactor` for the secrets a notebook holds (none for None or an unreadable file)."""
    if notebook is None:
        return Redactor()
    try:
        facts = analyse(load_notebook(notebook))
    except (NotebookReadError, RecursionError):
        return Redactor()
    return _redactor(facts)


def _redactor(facts: NotebookFacts) -> Redactor:
    """The one `Redactor` of a notebook: its secrets in code and in saved outputs."""
    return Redactor(secret_values(facts))


def redacted(data: _T, redact: Redactor) -> _T:
    """`data` (JSON-like) with every string masked by `redact`."""
    return redact.data(data)


def check_run(folder: str | os.PathLike[str], options: RunOptions | None = None) -> None:
    """Raise what `run_job` would refuse before running (`JobNotFound`, `BadParameter`,
    `EngineMismatch`), without running anything."""
    from ..run import RunOptions, load_job
    from ..run.engines import engine_environment
    from ..run.values import typed_parameters

    options = options or RunOptions()
    job = load_job(folder)
    typed_parameters(options.parameters, job.parameters)
    engine_environment(job, options.engine, options.spark_master)
