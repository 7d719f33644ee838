"""Checking notebooks: one read, a document, a folder tree; the rules and the cell graph."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from ..analysis.facts import NotebookFacts, analyse
from ..findings.finding import Finding
from ..findings.fingerprint import with_fingerprints
from ..findings.redact import Redactor
from ..findings.report import CheckReport, NotebookError, NotebookReport
from ..gc_pause import gc_paused
from ..notebook.model import Notebook
from ..notebook.reader import NotebookReadError, load_notebook, notebook_from_dict
from ..notebook.text_notebooks import (
    TEXT_SUFFIXES,
    has_ipynb_twin,
    is_text_notebook,
    jupytext_installed,
    load_text_notebook,
)
from ..rules.base import Rule
from ..rules.checker import run_rules
from ..rules.registry import ALL_RULES, select_rules
from .report_cache import ReportCache

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
        from ..execution import measure

        error = measure(facts, kernel=options.kernel, timeout=options.timeout)
    findings = run_rules(facts, options.rules())
    secrets = secret_values(facts)
    redact = Redactor(secrets)
    if redact:
        findings = [redact.finding(f) for f in findings]
        if error is not None:
            error = NotebookError(error.code, redact(error.message))
    findings = with_fingerprints(findings, facts.notebook.cells, redact if redact else None)
    return NotebookReport(facts.path, findings, error=error, secrets=secrets)


def secret_values(facts: NotebookFacts) -> list[str]:
    """The secrets of an analysed notebook, in its code, its saved outputs and its metadata,
    to redact (none unless it is Python)."""
    if not facts.notebook.is_python:
        return []
    return ([hit.value for hit in facts.secrets] + [hit.value for hit in facts.output_secrets]
            + [hit.value for hit in facts.metadata_secrets])  # fmt: skip


def check_file(
    path: str | os.PathLike[str],
    options: CheckOptions | None = None,
    display_path: str | None = None,
) -> NotebookReport:
    """Read and analyse one file; an unreadable file is a report with an `error`."""
    shown = display_path if display_path is not None else os.fspath(path)
    try:
        with _paused_collector(options):
            if os.fspath(path).endswith(TEXT_SUFFIXES):
                return _check_text_file(os.fspath(path), shown, options)
            return check_notebook(load_notebook(path, shown), options)
    except NotebookReadError as error:
        return NotebookReport(shown, error=NotebookError(error.code, error.message))
    except RecursionError:
        return NotebookReport(
            shown, error=NotebookError("too-complex", "a cell is nested too deeply to analyse")
        )
    except Exception as error:  # noqa: BLE001 - a bug on one notebook must not lose the others
        return _internal_error(shown, error)


def _check_text_file(path: str, shown: str, options: CheckOptions | None) -> NotebookReport:
    """A jupytext notebook, with its findings at the text file's lines."""
    notebook, starts = load_text_notebook(path, shown)
    report = check_notebook(notebook, options)
    report.findings = [_at_file_line(f, starts) for f in report.findings]
    report.text_format = os.path.splitext(path)[1].lstrip(".")
    return report


def _at_file_line(finding: Finding, starts: list[int]) -> Finding:
    if finding.cell is None or finding.line is None or not 0 <= finding.cell < len(starts):
        return finding
    offset = starts[finding.cell]
    end = finding.end_line + offset if finding.end_line is not None else None
    return finding.with_changes(line=finding.line + offset, end_line=end)


def check_document(
    document: Any, path: str = "<unsaved>", options: CheckOptions | None = None
) -> NotebookReport:
    """Analyse a notebook given as parsed JSON (the open, possibly unsaved, document)."""
    try:
        with _paused_collector(options):
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
    from ..analysis.graph import dependency_graph as graph

    try:
        with _paused_collector(options):
            facts = analyse(notebook_from_dict(document, path))
            report = _check_facts(facts, options or CheckOptions())
            return report, graph(facts, Redactor(secret_values(facts)))
    except NotebookReadError as error:
        return NotebookReport(path, error=NotebookError(error.code, error.message)), None
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, error), None


def _paused_collector(options: CheckOptions | None) -> AbstractContextManager[None]:
    """The cycle collector paused for one analysis (`gc_pause`), but not for `--execute`,
    which waits on a kernel for minutes while messages come and go."""
    return nullcontext() if options is not None and options.execute else gc_paused()


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
            found += [os.path.join(root, f) for f in sorted(files) if _is_notebook_file(root, f)]
    return [p for p in found if not _excluded(p, exclude, exclude_base)]


def _is_notebook_file(folder: str, name: str) -> bool:
    """A `.ipynb`, or a text notebook (`text_notebooks.py`) that is not a `.ipynb`'s twin."""
    if name.endswith(".ipynb"):
        return True
    path = os.path.join(folder, name)
    return (name.endswith(TEXT_SUFFIXES) and not has_ipynb_twin(path)
            and is_text_notebook(path))  # fmt: skip


def _skip_reason(path: str) -> str | None:
    """Why a text file found or given is not checked (None: it is)."""
    if not path.endswith(TEXT_SUFFIXES) or not os.path.isfile(path):
        return None  # a missing file is reported as one, like a missing .ipynb
    if not jupytext_installed():
        return "a text notebook: install jupytext to check it (pip install jupytext)"
    if has_ipynb_twin(path):
        return "the text twin of a .ipynb beside it, which is checked instead"
    if not is_text_notebook(path):
        return "not a text notebook (no `# %%` cells and no jupytext header)"
    return None


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
    cache: ReportCache | None = None,
) -> CheckReport:
    """Check files and folders; many notebooks are spread over the machine's cores. With a
    `cache`, a notebook whose report is cached is not analysed again (`report_cache.py`)."""
    options = options or CheckOptions()
    files, skipped = [], []
    for file in find_notebooks(paths, exclude, exclude_base):
        reason = _skip_reason(file)
        if reason is None:
            files.append(file)
        else:
            skipped.append((file, reason))
    reports: list[NotebookReport | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    if cache is not None and not options.execute:
        selection = [sorted(options.select or []), sorted(options.ignore or [])]
        for index, file in enumerate(files):
            keys[index] = cache.key(file, selection)
            if keys[index] is not None:
                reports[index] = cache.get(keys[index], file)  # type: ignore[arg-type]
    pending = [index for index, report in enumerate(reports) if report is None]
    done = len(files) - len(pending)
    for index, report in zip(pending, _analyse([files[i] for i in pending], options), strict=True):
        reports[index] = report
        if cache is not None and keys[index] is not None:
            cache.put(keys[index], report)  # type: ignore[arg-type]
        done += 1
        if progress:
            progress(done, len(files))
    if cache is not None:
        cache.save()
    return CheckReport([r for r in reports if r is not None], rules=_describe(options.rules()),
                       skipped=skipped)  # fmt: skip


def _analyse(files: list[str], options: CheckOptions) -> Iterator[NotebookReport]:
    """Reports of `files`, in order, from worker processes when there are enough of them."""
    jobs = options.jobs or os.cpu_count() or 1
    if jobs > 1 and len(files) >= PARALLEL_THRESHOLD:
        # Small batches: the last ones decide when the run ends, and a batch of big notebooks
        # would leave the other cores idle while it finishes.
        chunk = max(1, min(8, len(files) // (jobs * 8)))
        _warm_up()  # forked workers inherit what the parent has loaded
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(check_file, files, [options] * len(files), chunksize=chunk)
    else:
        for file in files:
            yield check_file(file, options)


def _warm_up() -> None:
    """Load once, before forking, what every worker would otherwise load on its own."""
    from ..notebook.ipython import warm_up as warm_up_parser
    from ..notebook.reader import warm_up as warm_up_reader

    warm_up_reader()
    warm_up_parser()


def dependency_graph(notebook: Notebook) -> dict[str, Any]:
    """Code cells and the def→use edges between them (`analysis.graph`); an edge only the
    recorded execution order passes is `hidden`. Secrets are masked in the cell labels."""
    from ..analysis.graph import dependency_graph as graph

    facts = analyse(notebook)
    return graph(facts, Redactor(secret_values(facts)))


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
