"""The engines a job runs on, reached through the kernel's environment.

- `local`: pandas, in the kernel's own process;
- `spark`: pandas API on Spark. The job's `engine.py` reads `JUPYTER_PROD_ENGINE` and starts
  a Spark session on `SPARK_MASTER` (default `local[*]`: a local Spark), see `export/spark.py`.
A job exported for the local engine has no Spark code: asking it for Spark is an error; a
Spark job can run on pandas (`--engine local`), which is how both are compared.
"""

from __future__ import annotations

import os

from .errors import EngineMismatch
from .job import Job

ENGINES = ("local", "spark")


def engine_environment(job: Job, engine: str | None, spark_master: str | None) -> dict[str, str]:
    chosen = engine or job.engine
    if chosen not in ENGINES:
        raise EngineMismatch(f"unknown engine {chosen!r} (choose from {', '.join(ENGINES)})")
    if chosen == "spark" and job.engine != "spark":
        raise EngineMismatch(
            f"the job {job.name!r} was exported for the {job.engine} engine: export it again "
            "with `--engine spark` to run it on Spark"
        )
    environment = {"JUPYTER_PROD_ENGINE": chosen}
    master = spark_master or os.environ.get("SPARK_MASTER")
    if chosen == "spark" and master:
        environment["SPARK_MASTER"] = master
    return environment
