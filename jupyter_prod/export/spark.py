"""The Spark engine: the job's package runs on pandas API on Spark (`pyspark.pandas`).

- What cannot run is refused, naming each blocker, its cell and line: a parameter pandas API on
  Spark does not take (PD002), a form of a call the probes saw fail on Spark (PD009, with its
  fix), an API Spark lacks with no way around it, or a notebook that does not use pandas.
- The escape hatch: an API Spark lacks (PD001) runs through pandas where that is correct: row
  by row per batch (`pd.cut` with given bins, `.str.removeprefix`), per group (a GroupBy's
  `agg` with named functions), or on a collected frame when it is small (at most
  `collect_limit` rows, else the run stops with that message). Each is a warning in the export
  report, and in the run's output each time it is taken. See `spark_job_engine.py`.
- The package's pandas imports come from its `engine.py` (`import pandas as pd` →
  `from .engine import pandas as pd`). The job notebook calls `engine.start()` before it
  imports the steps, then `engine.watch(steps)`. The tests import the package without
  `start()`: they run on pandas, as the notebook did when they were recorded.
- The export runs the job on a sample of each input on a local Spark (`spark_sample.py`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.facts import NotebookFacts
from ..analysis.pandas import Member
from ..analysis.pandas.compat import MODULE
from ..findings.finding import Finding
from ..rules.checker import run_rules
from ..rules.pandas.missing_in_spark import missing_members
from ..rules.registry import select_rules
from .spark_job import engine_source

BLOCKING_RULES = ["PD002", "PD009"]
# Row by row: the same result whichever rows a batch holds.
PER_BATCH = {"pd.cut", "Series.tz_localize", "Series.tz_convert", "Series.str.removeprefix",
             "Series.str.removesuffix", "Series.str.fullmatch", "Series.str.casefold"}  # fmt: skip
# Per group: the GroupBy's own groups, whatever the partitions.
PER_GROUP = {"SeriesGroupBy.agg", "SeriesGroupBy.aggregate", "SeriesGroupBy.pct_change",
             "DataFrameGroupBy.pct_change"}  # fmt: skip
# A collected frame is a pandas frame: any pandas method of these kinds runs on it.
COLLECTABLE_KINDS = {MODULE, "DataFrame", "Series", "Index"}
HOW = {"batch": "with pandas on each batch of rows (`pandas_on_spark.transform_batch`)",
       "group": "per group (Spark aggregations for named functions, else `groupby().apply`)",
       "collect": "on a collected pandas frame, when it has at most `collect_limit` rows "
                  "(job.yaml); a bigger one stops the run with that message"}  # fmt: skip


def __getattr__(name: str) -> str:
    """`ENGINE_MODULE`: the engine with no export choices (built when first asked for)."""
    if name == "ENGINE_MODULE":
        return engine_source({}, [], [])
    raise AttributeError(name)


@dataclass
class SparkPlan:
    """What the export decided about running this notebook on Spark."""

    blockers: list[str] = field(default_factory=list)
    fallbacks: dict[str, str] = field(default_factory=dict)  # member -> batch | group | collect
    notes: list[str] = field(default_factory=list)  # for the export report


def spark_plan(facts: NotebookFacts) -> SparkPlan:
    """Blockers, and the escape hatch for each API pandas API on Spark lacks."""
    plan = SparkPlan()
    if not facts.imports_module("pandas"):
        plan.blockers.append(
            "the notebook does not use pandas: there is nothing for pandas API on Spark to run"
        )
        return plan
    for cell, node, member in missing_members(facts):
        where = f"cell {cell.index + 1}, line {getattr(node, 'lineno', 1) + cell.line_offset}"
        strategy = fallback_for(member)
        if strategy is None:
            plan.blockers.append(f"PD001 {where}: `{member.qualified}` is not in pandas API on "
                                 "Spark and cannot run through pandas there (it is not a frame's, a "
                                 "Series', an Index's or a top-level function)")  # fmt: skip
        elif member.qualified not in plan.fallbacks:
            plan.fallbacks[member.qualified] = strategy
            plan.notes.append(f"{where}: `{member.qualified}` is not in pandas API on Spark: the "
                              f"job runs it {HOW[strategy]} (a warning each time)")  # fmt: skip
    for finding in run_rules(facts, select_rules(BLOCKING_RULES)):
        if finding.rule == "PD009" and "fails on Spark" not in finding.message:
            plan.notes.append(_blocker(finding))  # it runs, with another result: a warning
        else:
            plan.blockers.append(_blocker(finding))
    return plan


def fallback_for(member: Member) -> str | None:
    """How the job runs an API Spark lacks: batch, group, collect, or None (refused)."""
    if member.qualified in PER_BATCH:
        return "batch"
    if member.qualified in PER_GROUP:
        return "group"
    if member.kind in COLLECTABLE_KINDS and member.type in ("method", "class"):
        return None if member.name == "__iter__" else "collect"
    return None


def _blocker(finding: Finding) -> str:
    where = f"cell {finding.cell + 1 if finding.cell is not None else '-'}, line {finding.line}"
    fix = f" (fix: {finding.fix.description})" if finding.fix is not None else ""
    return f"{finding.rule} {where}: {finding.message}{fix}"


def spark_blockers(facts: NotebookFacts) -> list[str]:
    """Why the notebook cannot run on pandas API on Spark (empty: it can)."""
    return spark_plan(facts).blockers


def engine_import(node: ast.stmt) -> str | None:
    """The engine's form of a pandas import; None for any other import."""
    if isinstance(node, ast.Import):
        if [a.name for a in node.names] != ["pandas"]:
            return None
        alias = node.names[0].asname
        return f"from .engine import pandas as {alias}" if alias else "from .engine import pandas"
    if isinstance(node, ast.ImportFrom) and node.module == "pandas" and node.level == 0:
        lines = ["from .engine import pandas as _engine_pandas"]
        lines += [
            f"{a.asname or a.name} = _engine_pandas.{a.name}" for a in node.names if a.name != "*"
        ]
        return "\n".join(lines)
    return None


def setup_lines(package: str) -> list[str]:
    """The job notebook's first code cell after the parameters, on the Spark engine."""
    return [
        f"from {package} import engine",
        "",
        "# A Spark session (spark-submit's master, else $SPARK_MASTER, else local[*]);",
        "# pandas when JUPYTER_PROD_ENGINE=local",
        "spark = engine.start()",
        f"from {package} import steps",
        "",
        "engine.watch(steps)  # on Spark: cache reused frames, per-step options",
    ]
