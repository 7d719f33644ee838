"""`jupyter prod runs JOB_DIR`: the job's run history, with its data contract and drift."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import api

NAME = "runs"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="list a job's runs: status, parameters, duration, contract violations, drift",
        description="List the runs recorded under JOB_DIR/runs/, oldest first: status, "
        "parameters, duration, the data contract's violations (frame.column) and the columns "
        "that drifted beyond job.yaml's thresholds. Exit status: 0, or 2 when JOB_DIR is not "
        "a job.",
    )
    parser.add_argument("job", metavar="JOB_DIR", help="the job folder (with job.yaml)")
    parser.add_argument("--json", action="store_true", help="one JSON document, for machines")
    parser.add_argument("--last", type=int, metavar="N", help="only the N most recent runs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..contract.history import history_row
    from ..run import RunError
    from .errors import EXIT_CLEAN, UsageError

    if args.last is not None and args.last <= 0:
        raise UsageError("--last must be a positive number of runs")
    try:
        records = api.list_runs(args.job)
    except RunError as error:
        raise UsageError(error.message) from None
    rows = [history_row(r) for r in records][-args.last if args.last else None :]
    if args.json:  # machines get the record's own findings too (run.json's shape)
        shown = records[-len(rows) :] if rows else []
        detailed = [{**row, "findings": {"contract": r.contract, "drift": r.drift}}
                    for row, r in zip(rows, shown, strict=True)]  # fmt: skip
        json.dump({"job": str(args.job), "runs": detailed}, sys.stdout, indent=2, default=str)
        print()
    elif not rows:
        print(f"no runs recorded for {args.job}")
    else:
        for row in rows:
            print(_line(row))
    return EXIT_CLEAN


def _line(row: dict[str, Any]) -> str:
    parameters = " ".join(f"{k}={v}" for k, v in row["parameters"].items()) or "-"
    contract = "no contract" if row["contract"] is None else (
        f"contract {row['contract']}: " + (
            f"{row['violations']} violation(s) in {', '.join(row['violated'])}"
            if row["violations"] else "passed"
        )
    )  # fmt: skip
    drift = f"; drift in {', '.join(row['drifted'])}" if row["drifted"] else ""
    # A contract failure's message lists every violation, one a line: the first line here.
    failed = f"; {row['message'].splitlines()[0]}" if row["message"] else ""
    return (f"{row['id']}  {row['status']:<11} {row['seconds']:7.1f} s  {parameters}  "
            f"{contract}{drift}{failed}")  # fmt: skip
