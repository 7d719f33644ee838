"""`jupyter prod run JOB_DIR`: run an exported job with papermill and record the run."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import api

NAME = "run"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="run an exported job (papermill), recording the run under the job's runs/",
        description="Run a job's notebook with papermill, in the current folder (so relative "
        "data paths behave as in the notebook), and record the run under JOB_DIR/runs/. "
        "Prints the output notebook's path (on stdout) and its HTML rendering, "
        "runs/<id>/report.html (a `report: ...` line on stderr). Exit status: 0 succeeded, "
        "1 the job failed (or a file could not be written), 2 usage error, 130 interrupted "
        "(143 on SIGTERM).",
    )
    parser.add_argument("job", metavar="JOB_DIR", help="the job folder (with job.yaml)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="a parameter value (repeatable)")  # fmt: skip
    parser.add_argument(
        "--output", metavar="OUT.ipynb", help="the output notebook (default: in runs/)"
    )
    parser.add_argument("--cwd", metavar="DIR", help="run in DIR (default: the current folder)")
    parser.add_argument("--engine", choices=("local", "spark"), help="default: the job's engine")
    parser.add_argument("--spark-master", metavar="URL",
                        help="Spark master for --engine spark (default: $SPARK_MASTER, else local[*])")  # fmt: skip
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="per-cell time limit")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--report-input", action="store_true",
                        help="keep the input cells in the run's HTML report (default: outputs only)")  # fmt: skip
    parser.add_argument("--contract", choices=("strict", "warn", "off"),
                        help="a frame breaking the job's data contract fails the run (strict), is "
                        "recorded and warned (warn) or is not checked (off); default: job.yaml's "
                        "contract.mode")  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the job's recorded runs instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..run import RunError, RunFailed, RunInterrupted
    from .errors import EXIT_CLEAN, EXIT_FINDINGS, UsageError, interrupted_status

    if args.list:
        return _list(args)
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    options = api.RunOptions(parameters=dict(args.parameter), output=args.output, cwd=args.cwd,
                             engine=args.engine, spark_master=args.spark_master,
                             progress=not args.no_progress and sys.stderr.isatty(),
                             timeout=args.timeout, report_input=args.report_input,
                             contract=args.contract)  # fmt: skip
    try:
        record = api.run_job(args.job, options)
    except RunFailed as failed:
        print(f"jupyter prod run: the job failed: {failed.message}", file=sys.stderr)
        print(f"output notebook: {failed.record.output}", file=sys.stderr)
        _print_report(failed.record)
        print(f"run record: {failed.record.folder}/run.json", file=sys.stderr)
        return EXIT_FINDINGS
    except RunInterrupted as stopped:
        print(f"jupyter prod run: {stopped.message}", file=sys.stderr)
        _print_report(stopped.record)
        print(f"run record: {stopped.record.folder}/run.json", file=sys.stderr)
        return interrupted_status(stopped.signal_number)
    except RunError as error:
        raise UsageError(error.message) from None
    print(record.output)  # stdout stays the output notebook's path alone, for scripts
    _print_report(record)
    return EXIT_CLEAN


def _print_report(record: Any) -> None:
    from ..contract.run_findings import summary_lines

    for line in summary_lines(record.contract, record.drift):  # the data contract, drift
        print(line, file=sys.stderr)
    for warning in record.warnings:  # what the job did another way (pandas inside Spark)
        print(f"warning: {warning}", file=sys.stderr)
    if record.report:
        print(f"report: {record.report}", file=sys.stderr)
    elif record.report_error:
        print(f"report: none ({record.report_error})", file=sys.stderr)


def _list(args: argparse.Namespace) -> int:
    from ..run import RunError
    from .errors import EXIT_CLEAN, UsageError

    try:
        records = api.list_runs(args.job)
    except RunError as error:
        raise UsageError(error.message) from None
    for record in records:  # each with its effective status: a killed run is `interrupted`
        explained = record.status in ("failed", "interrupted")
        outcome = f"{record.status}: {record.describe_failure()}" if explained else record.status
        print(f"{record.id}  {record.seconds:7.1f} s  {outcome}  {record.output}")
    if not records:
        print(f"no runs recorded for {args.job}")
    return EXIT_CLEAN
