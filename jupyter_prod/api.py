"""The public surface: every face (CLI, server, widgets, panel) calls these functions.

    report = check_paths(["notebooks/"], CheckOptions(select=["hidden-state"]))
    for notebook in report.notebooks: ...

Nothing here prints, exits or knows about HTTP; results are plain data with `to_dict()`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .analysis.facts import NotebookFacts, analyse
from .findings.redact import Redactor
from .findings.report import CheckReport, NotebookError, NotebookReport
from .notebook.model import Notebook
from .notebook.reader import NotebookReadError, load_notebook, notebook_from_dict
from .rules.base import Rule
from .rules.checker import run_rules
from .rules.registry import ALL_RULES, select_rules

if TYPE_CHECKING:  # export and run load papermill, black and more: only when used
    from .export import ExportOptions as ExportOptions
    from .export import ExportResult, ParameterPlan
    from .export.extract import Extraction
    from .export.parameter_cell import ParameterSuggestion
    from .export.pip_installs import PipInstalls
    from .export.preview import ExportPreview
    from .run import RunOptions as RunOptions
    from .run import RunRecord


def __getattr__(name: str) -> Any:
    """`api.ExportOptions` and `api.RunOptions`, imported on first use, not at start-up."""
    if name == "ExportOptions":
        from .export import ExportOptions

        return ExportOptions
    if name == "RunOptions":
        from .run import RunOptions

        return RunOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_T = TypeVar("_T")

# Below this many notebooks, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24
SKIPPED_DIRECTORIES = frozenset({".ipynb_checkpoints", "node_modules", "__pycache__"})


@dataclass(frozen=True)
class CheckOptions:
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    jobs: int | None = None  # worker processes; None: one per core
    execute: bool = False  # also run each notebook in a fresh kernel (`check --execute`)
    kernel: str | None = None  # kernel for --execute; None: the notebook's kernelspec
    timeout: float = 300.0  # seconds per cell for --execute

    def rules(self) -> list[Rule]:
        return select_rules(list(self.select or []), list(self.ignore or []))


# ---------------------------------------------------------------------- one notebook
def check_notebook(notebook: Notebook, options: CheckOptions | None = None) -> NotebookReport:
    """Analyse a notebook already read; secrets are redacted from everything returned."""
    return _check_facts(analyse(notebook), options or CheckOptions())


def _check_facts(facts: NotebookFacts, options: CheckOptions) -> NotebookReport:
    error = None
    if options.execute:  # what the fresh run measures, the rules below report
        from .execution import measure

        error = measure(facts, kernel=options.kernel, timeout=options.timeout)
    findings = run_rules(facts, options.rules())
    redact = Redactor(_secrets(facts))
    if redact:
        findings = [redact.finding(f) for f in findings]
        if error is not None:
            error = NotebookError(error.code, redact(error.message))
    return NotebookReport(facts.path, findings, error=error, secrets=_secrets(facts))


def _secrets(facts: NotebookFacts) -> list[str]:
    return [hit.value for hit in facts.secrets] if facts.notebook.is_python else []


def check_file(
    path: str | os.PathLike[str],
    options: CheckOptions | None = None,
    display_path: str | None = None,
) -> NotebookReport:
    """Read and analyse one file; an unreadable file is a report with an `error`."""
    shown = display_path if display_path is not None else os.fspath(path)
    try:
        return check_notebook(load_notebook(path, shown), options)
    except NotebookReadError as error:
        return NotebookReport(shown, error=NotebookError(error.code, error.message))
    except RecursionError:
        return NotebookReport(
            shown, error=NotebookError("too-complex", "a cell is nested too deeply to analyse")
        )
    except Exception as error:  # noqa: BLE001 - a bug on one notebook must not lose the others
        return _internal_error(shown, error)


def check_document(
    document: Any, path: str = "<unsaved>", options: CheckOptions | None = None
) -> NotebookReport:
    """Analyse a notebook given as parsed JSON (the open, possibly unsaved, document)."""
    try:
        return check_notebook(notebook_from_dict(document, path), options)
    except NotebookReadError as error:
        return NotebookReport(path, error=NotebookError(error.code, error.message))
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, error)


def check_document_with_graph(
    document: Any, path: str = "<unsaved>", options: CheckOptions | None = None
) -> tuple[NotebookReport, dict[str, Any] | None]:
    """What the panel shows of the open document: its report and its dependency graph, from
    one analysis (the graph is None when the document cannot be read)."""
    from .analysis.graph import dependency_graph as graph

    try:
        facts = analyse(notebook_from_dict(document, path))
        report = _check_facts(facts, options or CheckOptions())
        return report, graph(facts, Redactor(_secrets(facts)))
    except NotebookReadError as error:
        return NotebookReport(path, error=NotebookError(error.code, error.message)), None
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, error), None


def _internal_error(path: str, error: Exception) -> NotebookReport:
    message = (
        f"jupyter-prod failed on this notebook ({type(error).__name__}: {error}); please report it"
    )
    return NotebookReport(path, error=NotebookError("internal-error", message))


# ---------------------------------------------------------------------- many notebooks
def find_notebooks(
    paths: Sequence[str], exclude: Sequence[str] = (), exclude_base: str | None = None
) -> list[str]:
    """Files as given, and `.ipynb` files under folders (recursively, in sorted order),
    skipping checkpoints, hidden folders, `node_modules` and `exclude` glob patterns
    (matched against the path relative to `exclude_base`, the configuration's folder)."""
    found: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRECTORIES
            )
            found += [os.path.join(root, f) for f in sorted(files) if f.endswith(".ipynb")]
    return [p for p in found if not _excluded(p, exclude, exclude_base)]


def _excluded(path: str, patterns: Sequence[str], base: str | None) -> bool:
    from fnmatch import fnmatch

    if not patterns:
        return False
    shown = os.path.normpath(path).replace(os.sep, "/")
    candidates = {shown}
    if base is not None:
        candidates.add(os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/"))
    return any(fnmatch(c, p) for c in candidates for p in patterns)


def check_paths(
    paths: Sequence[str],
    options: CheckOptions | None = None,
    *,
    exclude: Sequence[str] = (),
    exclude_base: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckReport:
    """Check files and folders; many notebooks are spread over the machine's cores."""
    options = options or CheckOptions()
    files = find_notebooks(paths, exclude, exclude_base)
    jobs = options.jobs or os.cpu_count() or 1
    reports: list[NotebookReport] = []
    if jobs > 1 and len(files) >= PARALLEL_THRESHOLD:
        chunk = max(1, min(32, len(files) // (jobs * 8)))
        _warm_up()  # forked workers inherit what the parent has loaded
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for report in pool.map(check_file, files, [options] * len(files), chunksize=chunk):
                reports.append(report)
                if progress:
                    progress(len(reports), len(files))
    else:
        for file in files:
            reports.append(check_file(file, options))
            if progress:
                progress(len(reports), len(files))
    return CheckReport(reports, rules=_describe(options.rules()))


def _warm_up() -> None:
    """Load once, before forking, what every worker would otherwise load on its own."""
    from .notebook.ipython import warm_up as warm_up_parser
    from .notebook.reader import warm_up as warm_up_reader

    warm_up_reader()
    warm_up_parser()


def dependency_graph(notebook: Notebook) -> dict[str, Any]:
    """Code cells and the def→use edges between them (`analysis.graph`); an edge only the
    recorded execution order passes is `hidden`. Secrets are masked in the cell labels."""
    from .analysis.graph import dependency_graph as graph

    facts = analyse(notebook)
    return graph(facts, Redactor(_secrets(facts)))


def list_rules() -> list[dict[str, str]]:
    """Every rule: code, name, category, default severity, one-line summary and full docs."""
    return _describe(ALL_RULES)


def _describe(rules: Sequence[Rule]) -> list[dict[str, str]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "category": r.category,
            "severity": r.severity,
            "summary": r.summary,
            "doc": r.doc,
        }  # fmt: skip
        for r in rules
    ]


# ---------------------------------------------------------------------- jobs
def infer_parameters(path: str | os.PathLike[str]) -> ParameterPlan:
    """The parameters `export_notebook` would give the job (`ExportError` if unreadable)."""
    from .export import infer_parameters as infer
    from .export import read_notebook

    return infer(analyse(read_notebook(path)))


def export_notebook(
    path: str | os.PathLike[str], options: ExportOptions | None = None
) -> ExportResult:
    """Write a job folder from a notebook (see `jupyter_prod.export`); raises `ExportError`s."""
    from .export import export_notebook as export

    return export(path, options)


def run_job(folder: str | os.PathLike[str], options: RunOptions | None = None) -> RunRecord:
    """Run an exported job with papermill and record the run; raises `RunError`s
    (`RunFailed`, carrying the record, when the job itself failed)."""
    from .run import run_job as run

    return run(folder, options)


def list_runs(folder: str | os.PathLike[str]) -> list[RunRecord]:
    """The job's recorded runs, oldest first (`JobNotFound` if it is not a job)."""
    from .run import list_runs as runs
    from .run import load_job

    return runs(load_job(folder).runs)


# ---------------------------------------------------------------------- the panel's actions
def suggest_parameters(notebook: Notebook) -> ParameterSuggestion:
    """The `parameters` cell to insert (from `infer_parameters`), where it goes, and the edits
    that make it take effect (assignments removed, path literals replaced by their names).
    A parameter whose value is a secret is left out (with a note)."""
    from .export.parameter_cell import suggest_parameters as suggest

    return suggest(analyse(notebook))


def extract_function(
    notebook: Notebook, cells: Sequence[int], name: str | None = None,
    module: str = "notebook_functions.py",
) -> Extraction:  # fmt: skip
    """The function the export's planner makes of `cells` (inputs, outputs, black-formatted
    source), the module code to add, and the cell (import + call) that replaces them; `module`
    is a path relative to the notebook's folder. Raises `ExtractRefused` with the reasons."""
    from .export.extract import extract_function as extract
    from .export.extract import module_name

    return extract(analyse(notebook), list(cells), name, module_name(module))


def add_to_module(path: str | os.PathLike[str], source: str) -> bool:
    """Append an extraction's module code to a module (created if missing; atomic write);
    True when created. Raises `ModuleConflict` if it defines one of the names already."""
    from .export.extract import add_to_module as add

    return add(os.fspath(path), source)


def pip_install_lines(notebook: Notebook) -> PipInstalls:
    """The notebook's `!pip install` lines, their packages, and the edits removing the lines
    that only install (to move them into a requirements file)."""
    from .export.pip_installs import pip_install_lines as find

    return find(notebook)


def add_requirements(path: str | os.PathLike[str], packages: Sequence[str]) -> dict[str, Any]:
    """Add to a requirements file the packages it does not list yet (created if missing;
    atomic write): `{"added": [...], "created": bool}`."""
    from .export.pip_installs import add_requirements as add

    return add(os.fspath(path), list(packages))


def check_export(path: str | os.PathLike[str], options: ExportOptions | None = None) -> None:
    """Raise what `export_notebook` would refuse (`JobExists`, `ExportRefused`, `BadOption`,
    `NotebookUnreadable`) without writing anything or running the notebook."""
    from .export import ExportOptions
    from .export.exporter import plan_export

    plan_export(path, options or ExportOptions())


def preview_export(
    path: str | os.PathLike[str], options: ExportOptions | None = None
) -> ExportPreview:
    """The job folder and the files an export would write, without touching the target and
    without running the notebook (its tests are recorded only by the real export)."""
    from .export import ExportOptions
    from .export.preview import preview_export as preview

    return preview(path, options or ExportOptions())


def describe_job(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """An exported job: name, notebook, engine, kernel, parameters (name, type, default) and
    its recorded runs; secrets the job's notebook holds are masked. `JobNotFound` otherwise."""
    from .run import list_runs as runs
    from .run import load_job

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
    return Redactor(hit.value for hit in facts.secrets) if facts.notebook.is_python else Redactor()


def redacted(data: _T, redact: Redactor) -> _T:
    """`data` (JSON-like) with every string masked by `redact`."""
    if not redact:
        return data
    found: Any = data
    if isinstance(data, str):
        found = redact(data)
    elif isinstance(data, dict):
        found = {key: redacted(value, redact) for key, value in data.items()}
    elif isinstance(data, list):
        found = [redacted(value, redact) for value in data]
    return cast(_T, found)


def check_run(folder: str | os.PathLike[str], options: RunOptions | None = None) -> None:
    """Raise what `run_job` would refuse before running (`JobNotFound`, `BadParameter`,
    `EngineMismatch`), without running anything."""
    from .run import RunOptions, load_job
    from .run.engines import engine_environment
    from .run.values import typed_parameters

    options = options or RunOptions()
    job = load_job(folder)
    typed_parameters(options.parameters, job.parameters)
    engine_environment(job, options.engine, options.spark_master)
