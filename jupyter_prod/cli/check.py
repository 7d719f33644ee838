"""`jupyter prod check PATH...`: analyse notebooks and report findings."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import Any

from .. import api
from ..config import ConfigError, load_settings
from ..findings.baseline import Baseline, BaselineError, load_baseline, write_baseline
from ..findings.finding import SEVERITIES
from ..findings.redact import Redactor
from ..findings.report import CheckReport
from ..findings.reporters import REPORTERS
from ..rules.registry import unknown_selectors

NAME = "check"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="analyse notebooks for hidden state and hand-off hazards",
        description="Analyse notebooks (files or folders, recursively) and report findings. "
        "Exit status: 0 clean, 1 findings at or above --fail-on, an unreadable notebook or a "
        "report that cannot be written, 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="notebooks or folders")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format")
    parser.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="RULES",
        help="only these rules: codes, prefixes, names or categories, comma-separated",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=None,
        metavar="RULES",
        help="skip these rules (same forms as --select)",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default=None,
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE (atomically)"
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: one per core)"
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument(
        "--execute",
        action="store_true",
        help="also run each notebook top to bottom in a fresh kernel (an in-memory copy, in the "
        "notebook's folder): compare fresh and saved outputs, measure what the tests run",
    )
    parser.add_argument(
        "--kernel", metavar="NAME", help="kernel for --execute (default: the notebook's kernelspec)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="per-cell time limit for --execute (default: 300)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report (and fail on) only findings not recorded in FILE (see --write-baseline)",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE, to accept them with --baseline",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="analyse every notebook again instead of reusing results from .jupyter_prod_cache/",
    )
    parser.set_defaults(run=run)  # fmt: skip


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    from .errors import EXIT_CLEAN, EXIT_FINDINGS, UsageError

    try:
        settings = load_settings(args.paths[0])
    except ConfigError as error:
        raise UsageError(str(error)) from None
    select = _split(args.select) if args.select is not None else settings.select
    ignore = _split(args.ignore) if args.ignore is not None else settings.ignore
    unknown = unknown_selectors(list(select or []) + list(ignore or []))
    if unknown:
        raise UsageError(
            f"unknown rule selector(s): {', '.join(unknown)} (see `jupyter prod rules`)"
        )
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    options = api.CheckOptions(select=select, ignore=ignore, jobs=args.jobs,
                               execute=args.execute, kernel=args.kernel, timeout=args.timeout)  # fmt: skip
    if args.baseline and args.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    progress = None if args.no_progress or not sys.stderr.isatty() else _ProgressBar()
    base = os.path.dirname(settings.source) if settings.source else None
    _refuse_overwriting_an_input(args)
    baseline = _load_baseline(args.baseline) if args.baseline else None
    cache = (
        None
        if args.no_cache or args.execute
        else api.ReportCache.for_project(settings.source, args.paths[0])
    )
    report = api.check_paths(
        args.paths,
        options,
        exclude=settings.exclude,
        exclude_base=base,
        progress=progress,
        cache=cache,
    )
    if baseline is not None:
        report, report.baselined = baseline.leave_out(report)
    for path, reason in report.skipped:
        print(f"jupyter prod check: skipped {path}: {reason}", file=sys.stderr)
    if not report.notebooks and not report.skipped:
        print("jupyter prod check: no notebooks found in " + ", ".join(args.paths), file=sys.stderr)
    if progress is not None:
        progress.close()
    color = args.output is None and args.format == "text" and sys.stdout.isatty()
    output = REPORTERS[args.format](report, color)
    # Belt and braces: messages are redacted at the source; the whole text is checked again.
    output = Redactor(report.secrets).__call__(output) if report.secrets else output
    if args.output:
        _write_atomically(args.output, output)
    else:
        sys.stdout.write(output)
    if args.write_baseline:
        return _write_baseline(args.write_baseline, report)
    return EXIT_FINDINGS if report.fails(args.fail_on or settings.fail_on) else EXIT_CLEAN


def _load_baseline(path: str) -> Baseline:
    from .errors import UsageError

    try:
        return load_baseline(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def _write_baseline(path: str, report: CheckReport) -> int:
    """Record the findings; the run succeeds unless a notebook could not be read (those are
    never baselined, and stay failures)."""
    from .errors import EXIT_CLEAN, EXIT_FINDINGS, UsageError

    try:
        count = write_baseline(path, report)
    except BaselineError as error:
        raise UsageError(str(error)) from None
    print(f"jupyter prod check: {count} finding{'s' if count != 1 else ''} recorded in {path}",
          file=sys.stderr)  # fmt: skip
    return EXIT_FINDINGS if any(n.error for n in report.notebooks) else EXIT_CLEAN


def _refuse_overwriting_an_input(args: argparse.Namespace) -> None:
    from .errors import UsageError

    for flag, given in (("--output", args.output), ("--write-baseline", args.write_baseline)):
        if given is None:
            continue
        target = os.path.realpath(given)
        for path in args.paths:
            real = os.path.realpath(path)
            if target == real or (os.path.isdir(real) and target.endswith(".ipynb")
                                  and target.startswith(real + os.sep)):  # fmt: skip
                raise UsageError(f"{flag} {given} would overwrite a notebook being checked")


class _ProgressBar:
    """A progress bar on the terminal when many notebooks are checked."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 20:
                return
            from tqdm import tqdm  # type: ignore[import-untyped]

            self.bar = tqdm(total=total, unit="nb", file=sys.stderr, leave=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _write_atomically(path: str, text: str) -> None:
    """Write through a temporary file beside `path`; a failure (read-only folder, full disk)
    names `path`, leaves it as it was and leaves no temporary file."""
    from .errors import PathError

    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise PathError("write the report to", path, error) from None
