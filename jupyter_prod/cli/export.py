"""`jupyter prod export NOTEBOOK`: write a production job from a notebook."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import api

NAME = "export"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="turn a notebook into a job: parameters, a package, tests, a thin notebook",
        description="Export a notebook into a job folder (default: jobs/<name> beside the "
        "notebook): a parameters cell, a Python package sliced by data flow, a thin job "
        "notebook, characterisation tests recorded from a run of the notebook, job.yaml, "
        "requirements and a README. The notebook itself is never changed. Exit status: 0 "
        "exported, 1 refused, --verify found a difference or the job folder cannot be "
        "written, 2 usage error.",
    )
    parser.add_argument("notebook", metavar="NOTEBOOK", help="the notebook (.ipynb)")
    parser.add_argument("-o", "--output", metavar="DIR", help="the job folder")
    parser.add_argument("--name", help="the job's name (default: from the notebook's file name)")
    parser.add_argument("--engine", choices=("local", "spark"), default="local",
                        help="local: pandas; spark: pandas API on Spark (default: local)")  # fmt: skip
    parser.add_argument("--force", action="store_true",
                        help="replace an existing job (its runs/ are kept), and export despite "
                        "hidden-state errors")  # fmt: skip
    parser.add_argument("--verify", action="store_true", default=None,
                        help="fail if any cell's output differs between the notebook and the job "
                        "(by default the job is run and compared whenever the notebook ran: a "
                        "step that differs is kept as written in the job notebook)")  # fmt: skip
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="do not run the job to compare it with the notebook (faster)")  # fmt: skip
    parser.add_argument("--no-run", action="store_true",
                        help="do not run the notebook: no recorded tests (faster)")  # fmt: skip
    parser.add_argument(
        "--kernel", metavar="NAME", help="kernel for the runs (default: the notebook's)"
    )
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                        help="per-cell time limit for the runs (default: 300)")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..export import (
        BadOption,
        ExportError,
        ExportRefused,
        JobExists,
        NotebookUnreadable,
        VerificationFailed,
    )
    from .errors import EXIT_CLEAN, EXIT_FINDINGS, PathError, UsageError

    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    options = api.ExportOptions(output=args.output, name=args.name, engine=args.engine,
                                force=args.force, verify=args.verify, run=not args.no_run,
                                kernel=args.kernel, timeout=args.timeout)  # fmt: skip
    try:
        result = api.export_notebook(args.notebook, options)
    except (BadOption, JobExists, NotebookUnreadable) as error:
        raise UsageError(error.message) from None
    except ExportRefused as error:
        print(f"jupyter prod export: refused: {error.message}", file=sys.stderr)
        for reason in error.reasons:
            print(f"  - {reason}", file=sys.stderr)
        return EXIT_FINDINGS
    except (VerificationFailed, ExportError) as error:
        print(f"jupyter prod export: failed: {error.message}", file=sys.stderr)
        return EXIT_FINDINGS
    except OSError as error:  # a read-only or full disk: the user's to fix, so name the folder
        target, where = _job_folder(args, error)
        raise PathError("write the job folder", target, error, where) from None
    _summary(result)
    return EXIT_CLEAN


def _job_folder(args: argparse.Namespace, error: OSError) -> tuple[str, str | None]:
    """The job folder the export was writing, as the user named it (its files are first
    written to a hidden staging folder beside it, whose name would mean nothing), and the
    path the system named if it is elsewhere (a parent folder, a temporary file)."""
    from pathlib import Path

    from ..export.exporter import job_folder, job_name

    notebook = Path(args.notebook)
    target = str(job_folder(notebook, args.output, job_name(args.name or notebook.stem)))
    written = str(error.filename or "")
    elsewhere = written and ".export-" not in written and not written.startswith(target)
    return target, written if elsewhere else None


def _summary(result: Any) -> None:
    report = result.report
    print(f"exported {report.notebook} to {result.job_dir}/")
    print(f"  {len(report.parameters)} parameter(s), {len(report.steps)} step(s), "
          f"{len(report.functions)} function(s)/class(es), {report.tests} test(s)")  # fmt: skip
    if report.tests_note:
        print(f"  tests: {report.tests_note}")
    risky = [f for f in report.findings if f.severity != "info"]
    if risky:
        print(f"  {len(risky)} risk(s) found in the notebook (see the report)")
    if report.kept:
        print(f"  {len(report.kept)} cell(s) kept as written in the job notebook "
              f"({report.moved_share:.0%} of the code went into the package):")  # fmt: skip
        for kept in report.kept:
            print(f"    {kept}")
    for note in report.notes:
        print(f"  note: {note}")
    if report.verified:
        print(f"  verified: {report.verified}")
    print(f"  report: {result.job_dir}/export-report.md")
