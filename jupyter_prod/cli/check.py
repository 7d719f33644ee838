"""`jupyter prod check PATH...`: analyse notebooks and report findings."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .. import api
from ..config import ConfigError, load_settings
from ..findings.finding import SEVERITIES
from ..findings.redact import Redactor
from ..findings.reporters import REPORTERS
from ..rules.registry import unknown_selectors

NAME = "check"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="analyse notebooks for hidden state and hand-off hazards",
        description="Analyse notebooks (files or folders, recursively) and report findings. "
        "Exit status: 0 clean, 1 findings at or above --fail-on or an unreadable notebook, "
        "2 usage error.",
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
    parser.set_defaults(run=run)  # fmt: skip


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    from .main import EXIT_CLEAN, EXIT_FINDINGS, UsageError

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
    options = api.CheckOptions(select=select, ignore=ignore, jobs=args.jobs)
    progress = None if args.no_progress or not sys.stderr.isatty() else _ProgressBar()
    report = api.check_paths(args.paths, options, exclude=settings.exclude, progress=progress)
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
    return EXIT_FINDINGS if report.fails(args.fail_on or settings.fail_on) else EXIT_CLEAN


class _ProgressBar:
    """A progress bar on the terminal when many notebooks are checked."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 20:
                return
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="nb", file=sys.stderr, leave=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _write_atomically(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)
