"""The files of a Spark job beyond the pandas job's: its engine, settings, requirements, README.

- `engine.py` is `spark_job_engine.py` with the export's choices filled in: the escape hatch
  (`FALLBACKS`), the steps whose frames later steps reuse (`CACHED_STEPS`, cached on Spark),
  the steps that combine frames (`DIFF_FRAME_STEPS`, learnt by the sample run).
- `job.yaml` gets a `spark:` section: driver memory, shuffle partitions, the collect limit of
  the escape hatch and the sample size of the export's run; `engine.py` reads it at start.
- `requirements.txt` and `pyproject.toml` leave pyspark to the cluster's runtime (an extra,
  `local-spark`, installs it for a local run); pyarrow stays (pandas API on Spark needs it).
- The README says how to run the job locally, with `spark-submit --master`, and on a managed
  runtime.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from .formatting import format_python
from .plan import ExportPlan
from .slicing import Step

ENGINE_TEMPLATE = Path(__file__).with_name("spark_job_engine.py")
SAMPLE_ROWS = 2000
# Written into job.yaml; the engine applies them to a session it creates (never to one it finds).
DEFAULT_SETTINGS: dict[str, Any] = {
    "driver_memory": "2g",
    "shuffle_partitions": 64,  # adaptive query execution coalesces small shuffles anyway
    "collect_limit": 1_000_000,  # rows a fallback may collect to the driver
    "sample_rows": SAMPLE_ROWS,  # rows per input in the export's sample run
}
RUNTIME_PROVIDED = ("pyspark",)  # the cluster's runtime has its own


def engine_source(fallbacks: dict[str, str], cached: list[str], diff_frames: list[str]) -> str:
    """`engine.py` for this job."""
    text = ENGINE_TEMPLATE.read_text(encoding="utf-8")
    choices = {
        "FALLBACKS: dict[str, str] = {}": f"FALLBACKS: dict[str, str] = {dict(sorted(fallbacks.items()))!r}",
        "CACHED_STEPS: tuple[str, ...] = ()": f"CACHED_STEPS: tuple[str, ...] = {tuple(cached)!r}",
        "DIFF_FRAME_STEPS: tuple[str, ...] = ()": f"DIFF_FRAME_STEPS: tuple[str, ...] = {tuple(diff_frames)!r}",
        "SPARK_SETTINGS: dict[str, Any] = {}": f"SPARK_SETTINGS: dict[str, Any] = {DEFAULT_SETTINGS!r}",
        "# Filled in at export (see jupyter_prod/export/spark_job.py).": "# Chosen at export by jupyter-prod.",
    }  # fmt: skip
    for template, chosen in choices.items():
        assert template in text, template
        text = text.replace(template, chosen)
    return format_python(text, "engine.py")


def cached_steps(plan: ExportPlan) -> list[str]:
    """Steps whose outputs two or more later steps read: computed once, cached on Spark.

    Not once the notebook has sorted: a cached frame loses the order `sort_values` gave it
    (measured: a grouped `rolling` on a cached sorted frame gave other windows than pandas),
    and order-dependent steps (`shift`, `cumsum`, `rolling`) follow sorts."""
    readers: dict[str, int] = {}
    for step in plan.steps:
        for name in set(step.inputs):
            readers[name] = readers.get(name, 0) + 1
    cached, sorted_yet = [], False
    for step in plan.steps:
        sorted_yet = sorted_yet or _sorts(step)
        if not sorted_yet and not step.kept and any(readers.get(o, 0) >= 2 for o in step.outputs):
            cached.append(step.name)
    return cached


def _sorts(step: Step) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr in ("sort_values", "sort_index")
               for statement in step.statements for node in ast.walk(statement.node))  # fmt: skip


def adapt_files(plan: ExportPlan, files: dict[str, str], fallbacks: dict[str, str]) -> list[str]:
    """The Spark job's own versions of the files the export wrote for it; the report's lines."""
    files[f"{plan.package}/engine.py"] = engine_source(fallbacks, cached_steps(plan), [])
    files["job.yaml"] = files["job.yaml"].rstrip("\n") + "\n" + spark_section() + "\n"
    files["requirements.txt"] = _without_runtime(files["requirements.txt"])
    files["pyproject.toml"] = _pyproject(files["pyproject.toml"])
    files["README.md"] = files["README.md"].rstrip("\n") + "\n\n" + readme_section(plan) + "\n"
    from .spark import spark_plan

    return spark_plan(plan.facts).notes


def spark_section() -> str:
    import yaml  # type: ignore[import-untyped]

    comment = ("# Spark settings for a session this job creates (one that already exists, as on a\n"
               "# managed runtime, is used as it is). collect_limit: rows an API that pandas API on\n"
               "# Spark lacks may collect to run on pandas; sample_rows: per input, for the export's run.\n")  # fmt: skip
    return comment + str(yaml.safe_dump({"spark": DEFAULT_SETTINGS}, sort_keys=False))


def _without_runtime(text: str) -> str:
    lines = []
    for line in text.splitlines():
        name = re.split(r"[=<>!~ \[]", line, maxsplit=1)[0].strip().lower()
        if name in RUNTIME_PROVIDED:
            lines.append(
                f"# {line}  (provided by the Spark runtime; pip install it to run locally)"
            )
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _pyproject(text: str) -> str:
    pinned = re.findall(r'^\s*"(pyspark[^"]*)",?\n', text, flags=re.M)
    text = re.sub(r'^\s*"pyspark[^"]*",?\n', "", text, flags=re.M)
    extra = ", ".join(f'"{p}"' for p in pinned) or '"pyspark"'
    return text.replace("[project.optional-dependencies]\n",
                        f"[project.optional-dependencies]\nlocal-spark = [{extra}]\n")  # fmt: skip


def readme_section(plan: ExportPlan) -> str:
    package = plan.package
    return "\n".join(
        [
            "## Run it on Spark",
            "",
            "The job runs on pandas API on Spark (`JUPYTER_PROD_ENGINE=spark`, the default) or on pandas",
            "(`JUPYTER_PROD_ENGINE=local`). Its settings are under `spark:` in `job.yaml`. The commands",
            "below run from this folder (the job finds its data from `workdir` in `job.yaml`).",
            "",
            "Locally (a Spark in this process, `local[*]`; needs Java 17 and `pip install .[local-spark]`):",
            "",
            "```sh",
            "jupyter prod run . --engine spark",
            "SPARK_MASTER=local[2] jupyter prod run .",
            "```",
            "",
            "On a cluster, with `spark-submit` (its `--master` is never overridden; the job ships its",
            f"package `{package}` to the executors itself; pyspark must match the cluster's version):",
            "",
            "```sh",
            f"spark-submit --master spark://head:7077 {package}/__main__.py --engine spark",
            f"spark-submit --master yarn --conf spark.driver.memory=4g {package}/__main__.py",
            "SPARK_MASTER=spark://head:7077 jupyter prod run .   # client mode, through papermill",
            "```",
            "",
            "(`__main__.py` is the job's kernel-free entry point: it takes the parameters as options,",
            "see `--help`.)",
            "",
            "On a managed runtime (Databricks, EMR, Dataproc): install the wheel of this folder",
            "(`pip wheel .`) on the cluster, without pyspark (the runtime has it), and run the notebook or",
            "its package there: the job uses the session the runtime made and sets no session option.",
        ]
    )
