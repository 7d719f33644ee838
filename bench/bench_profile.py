"""Where the time goes: one `check_file` (phases, cProfile), a process's start, many notebooks.

The phase table calls the pipeline's stages one by one (read, parse, scan, dataflow, secrets,
rules); it uses internal functions, so when they move it says so and the cProfile part still runs.
Over a whole corpus every worker process also pays a one-time start (imports, schema set-up):
`cold_start` measures it in a fresh interpreter, `corpus_profile` profiles many notebooks.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

PHASE_RUNS = 9
COLD_START = """
import sys, time
start = time.perf_counter()
from jupyter_prod import api
imported = time.perf_counter()
api.check_file(sys.argv[1])
first = time.perf_counter()
api.check_file(sys.argv[1])
second = time.perf_counter()
print(imported - start, first - imported, second - first)
"""


def cold_start(path: str, env: dict[str, str], cwd: str) -> None:
    """What each fresh process (the CLI, every pool worker) pays before its first notebook."""
    command = [sys.executable, "-c", COLD_START, path]
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    try:
        imported, first, second = (float(x) * 1e3 for x in done.stdout.split())
    except ValueError:
        print(f"  cold start unavailable: {done.stderr.strip()[-300:]}")
        return
    print(
        f"  fresh process on {os.path.basename(path)}: import jupyter_prod.api {imported:.0f} ms, "
        f"first check_file {first:.0f} ms, second {second:.0f} ms -> one-time cost ~{imported + first - second:.0f} ms"
    )


def corpus_profile(files: list[str], top: int = 15) -> None:
    """cProfile of `check_file` over many notebooks in this process (one core, no pool)."""
    from jupyter_prod import api

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for file in files:
        api.check_file(file)
    profiler.disable()
    elapsed = time.perf_counter() - start
    print(
        f"\n  cProfile of check_file over {len(files)} corpus notebooks, one process "
        f"({elapsed:.1f} s under the profiler), top {top} by cumulative time:"
    )
    rules = rule_times(profiler)
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)
    print("  rules by cumulative time over the same notebooks (a rule that first asks for a lazy")
    print("  fact, such as the secrets or the pandas tracker, is charged for computing it):")
    for seconds, code, name in rules[:12]:
        print(f"    {code:<7} {name:<36} {seconds:7.2f} s  {seconds / elapsed * 100:5.1f}%")


def rule_times(profiler: cProfile.Profile) -> list[tuple[float, str, str]]:
    """(cumulative seconds, code, name) of every rule's check function, slowest first."""
    from jupyter_prod.rules.registry import ALL_RULES

    entries = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    found = []
    for rule in ALL_RULES:
        code = getattr(rule.check, "__code__", None)
        entry = code and entries.get((code.co_filename, code.co_firstlineno, code.co_name))
        if entry:
            found.append((entry[3], rule.code, rule.name))
    return sorted(found, reverse=True)


def profile_notebook(path: str, top: int = 15) -> None:
    from jupyter_prod import api

    api.check_file(path)  # warm
    try:
        phase_table(path)
    except Exception as error:  # noqa: BLE001 - internals renamed: keep the cProfile part
        print(f"  phase table unavailable ({type(error).__name__}: {error})")
    profiler = cProfile.Profile()
    profiler.enable()
    api.check_file(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    print(f"\n  cProfile, one run, top {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)
    print("  cProfile, same run, top 10 by own time (tottime):")
    stats.sort_stats("tottime").print_stats(10)


def phase_table(path: str) -> None:
    from jupyter_prod.analysis.facts import analyse
    from jupyter_prod.api import CheckOptions, check_file
    from jupyter_prod.notebook.ipython import parse_cell
    from jupyter_prod.notebook.reader import load_notebook
    from jupyter_prod.rules.checker import run_rules

    rules = CheckOptions().rules()
    samples: dict[str, list[float]] = {}

    def timed(name: str, work: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        result = work(*args)
        samples.setdefault(name, []).append(time.perf_counter() - start)
        return result

    def parse_all(notebook: Any) -> list[Any]:
        return [parse_cell(cell.source) for cell in notebook.cells if cell.is_code]

    for _ in range(PHASE_RUNS):
        timed("read: json.loads", _load_json, path)
        notebook = timed("read: load_notebook (json + normalise + validate)", load_notebook, path)
        timed("parse: parse_cell (IPython-aware)", parse_all, notebook)
        facts = timed("analyse (parse + scan)", analyse, notebook)
        timed("dataflow", getattr, facts, "dataflow")
        timed("secrets", getattr, facts, "secrets", None)
        timed("rules (facts above cached)", run_rules, facts, rules)
        timed("total: api.check_file", check_file, path)
    # The fastest of the runs: the least disturbed by other load, and the phases add up.
    ms = {name: min(values) * 1e3 for name, values in samples.items()}
    total = ms["total: api.check_file"]
    derived = {
        "read: normalise + validate": ms["read: load_notebook (json + normalise + validate)"]
        - ms["read: json.loads"],
        "scan (analyse - parse)": ms["analyse (parse + scan)"]
        - ms["parse: parse_cell (IPython-aware)"],
    }
    stages = (
        "read: load_notebook (json + normalise + validate)",
        "analyse (parse + scan)",
        "dataflow",
        "secrets",
        "rules (facts above cached)",
    )
    other = total - sum(ms[s] for s in stages)
    print(f"  phases, fastest of {PHASE_RUNS} runs each (ms, share of check_file):")
    rows = [
        ("read: json.loads", ms["read: json.loads"]),
        ("read: normalise + validate", derived["read: normalise + validate"]),
        ("parse: parse_cell (IPython-aware)", ms["parse: parse_cell (IPython-aware)"]),
        ("scan (analyse - parse)", derived["scan (analyse - parse)"]),
        ("dataflow", ms["dataflow"]),
        ("secrets", ms["secrets"]),
        ("rules (facts above cached)", ms["rules (facts above cached)"]),
        ("other (options, redaction, report)", other),
        ("total: api.check_file", total),
    ]
    for name, value in rows:
        print(f"    {name:<36} {value:8.2f}  {value / total * 100:5.1f}%")


def _load_json(path: str) -> Any:
    with open(path, "rb") as handle:
        return json.loads(handle.read())
