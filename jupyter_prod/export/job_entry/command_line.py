"""`python -m PACKAGE [--name VALUE ...]`: the job's command line (see `entry_point.py`).

Exit status: 0 succeeded, 1 failed, 2 a usage error, 130/143 stopped by a signal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .entry_point import (
    CONTRACT_MODES,
    ENGINES,
    JobFailed,
    JobInterrupted,
    parameterized,
    run,
)
from .job_file import JOB_FOLDER, JobError, load_job
from .run_record import MASK, SECRET_PARAMETERS


def main(argv: list[str] | None = None) -> int:
    """The command line: exit status 0 succeeded, 1 failed, 2 usage error, 130/143 stopped."""
    program = f"python -m {Path(__file__).resolve().parent.name}"
    try:
        job = load_job()
        options = _parser(program, job).parse_args(argv)
        given = {n: getattr(options, n) for n in job["parameters"]
                 if getattr(options, n) is not None}  # fmt: skip
        if options.steps:
            return _list_steps(job)
        record = _run_asked(options, given)
    except JobError as error:
        print(f"{program}: error: {error}", file=sys.stderr)
        return 2
    except JobFailed as failure:
        print(f"{program}: the job failed: {failure}", file=sys.stderr)
        print(f"run record: {Path(failure.record['folder']) / 'run.json'}", file=sys.stderr)
        return 1
    except JobInterrupted as interrupt:
        print(f"{program}: {interrupt}", file=sys.stderr)
        return 128 + interrupt.signal_number
    if options.json:
        print(json.dumps({k: v for k, v in record.items() if k != "folder"}, default=repr))
    elif record["status"] == "running":  # a step, and more to come
        print(f"{program}: step {options.step} done; the run {record['id']} goes on with the "
              "next step (--run-id)", file=sys.stderr)  # fmt: skip
    else:
        print(f"{program}: succeeded in {record['seconds']:.1f} s", file=sys.stderr)
        print(f"run record: {Path(record['folder']) / 'run.json'}", file=sys.stderr)
    return 0


def _run_asked(options: argparse.Namespace, given: dict[str, Any]) -> dict[str, Any]:
    """The whole run, or the one step `--step` names."""
    if options.run_id and not options.step:
        raise JobError("--run-id continues a run by steps: give the --step to run")
    if not options.step:
        return run(given, engine=options.engine, cwd=options.cwd, contract=options.contract)
    from .run_steps import run_step

    return run_step(options.step, given, run_id=options.run_id, engine=options.engine,
                    cwd=options.cwd, contract=options.contract)  # fmt: skip


def _list_steps(job: dict[str, Any]) -> int:
    from .run_steps import step_names

    for name in step_names(parameterized(JOB_FOLDER / str(job["notebook"]), {})):
        print(name)
    return 0


def _parser(program: str, job: dict[str, Any]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=program, description=f"Run the {job.get('name')} job.")
    for name, spec in job["parameters"].items():
        spec = spec or {}
        flags = sorted({f"--{name}", f"--{name.replace('_', '-')}"})
        shown = MASK if name in SECRET_PARAMETERS else spec.get("default")
        parser.add_argument(*flags, dest=name, metavar=str(spec.get("type") or "VALUE").upper(),
                            help=f"{spec.get('type') or 'any'}, default {shown!r}")  # fmt: skip
    parser.add_argument("--engine", choices=ENGINES, help="default: the job's engine")
    parser.add_argument("--cwd", help="run in this folder (default: the job's `workdir`)")
    parser.add_argument("--contract", choices=CONTRACT_MODES,
                        help="the data contract's mode (default: job.yaml's contract.mode)")  # fmt: skip
    parser.add_argument(
        "--step",
        metavar="NAME",
        help="run one step (an orchestrator's task); the first starts a run",
    )
    parser.add_argument(
        "--run-id",
        metavar="ID",
        help="with --step: the run the earlier steps began (their record's id)",
    )
    parser.add_argument("--steps", action="store_true", help="list the job's steps, in order")
    parser.add_argument("--json", action="store_true", help="print the run record as JSON")
    return parser
