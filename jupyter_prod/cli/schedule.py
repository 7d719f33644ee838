"""`jupyter prod schedule JOB_DIR --airflow`: a DAG file that runs the job under Airflow 3."""

from __future__ import annotations

import argparse
import sys
from typing import Any

NAME = "schedule"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="write an Airflow DAG that runs an exported job (jupyter-scheduler: the panel)",
        description="Write an Airflow 3 DAG file for the job: one task that runs the job "
        "package's entry point without a kernel, the job's parameters as DAG params with their "
        "types and defaults, retries and a timeout from job.yaml's `schedule:` section. Each run "
        "is recorded under JOB_DIR/runs/. Exit status: 0 written, 1 the file exists (see "
        "--force) or cannot be written, 2 usage error.",
    )
    parser.add_argument("job", metavar="JOB_DIR", help="the job folder (with job.yaml)")
    parser.add_argument("--airflow", action="store_true", required=True,
                        help="write an Airflow DAG file (the one orchestrator a file can serve)")  # fmt: skip
    parser.add_argument("--cron", metavar="EXPR",
                        help="when it runs, e.g. '0 6 * * *' or @daily (default: job.yaml's "
                        "schedule.cron, else only when triggered)")  # fmt: skip
    parser.add_argument("-o", "--output", metavar="DIR", default="dags",
                        help="the folder to write <dag_id>.py to (default: dags)")  # fmt: skip
    parser.add_argument("--dag-id", metavar="ID", help="default: jupyter_prod_<job name>")
    parser.add_argument("--retries", type=int, metavar="N", help="default: job.yaml's, else 0")
    parser.add_argument("--timeout", type=int, metavar="SECONDS",
                        help="a run's time limit (default: job.yaml's, else none)")  # fmt: skip
    parser.add_argument("--contract", choices=("strict", "warn", "off"),
                        help="the data contract's mode in these runs (default: job.yaml's "
                        "contract.mode); strict fails the task on a violation")  # fmt: skip
    parser.add_argument("--steps", action="store_true",
                        help="one task per step of the job, the data passed through files in "
                        "the run's folder (default: one task for the whole job)")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="replace an existing DAG file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..api.schedules import write_airflow_dag
    from ..run import RunError
    from ..schedule import ScheduleError
    from ..schedule.airflow_dag import AirflowOptions
    from .errors import EXIT_CLEAN, EXIT_FAILED, UsageError

    options = AirflowOptions(output=args.output, cron=args.cron, dag_id=args.dag_id,
                             retries=args.retries, timeout=args.timeout,
                             contract=args.contract, steps=args.steps, force=args.force)  # fmt: skip
    try:
        path = write_airflow_dag(args.job, options)
    except RunError as error:  # not a job folder, a job.yaml that leads outside it
        raise UsageError(error.message) from None
    except ScheduleError as error:
        if "--force" in error.message:
            print(f"jupyter prod schedule: error: {error.message}", file=sys.stderr)
            return EXIT_FAILED
        raise UsageError(error.message) from None
    print(path)
    print("Airflow loads it from its dags folder; the job's requirements must be installed "
          "in the workers' Python.", file=sys.stderr)  # fmt: skip
    return EXIT_CLEAN
