"""Benchmark the pandas family: what the type tracker, the table and the PD rules add to `check`.

    python bench/bench_pandas.py [--count 300] [--seed 0] [--repeats 3]

Machines here are shared and noisy: every number is printed beside its reference, measured
interleaved in the same run, and the target of issue 3 is checked on the ratio. This is a
benchmark, not a timed test: it never fails a build.

- (a) `api.check_notebook` over the generated corpus (`bench/make_corpus.py`) with every rule vs
  with the `pandas` rules ignored, interleaved per notebook, the best of `--repeats` per notebook
  (the minimum is what load spikes cannot inflate; garbage collection off during each call, as
  timeit does, and the loaded corpus frozen), summed; ratio (target <= 1.20).
- (b) the same on the corpus notebooks that never import pandas: the family must cost nothing
  there (ratio ~1.00: one `imports_module` look-up).
- (c) the tracker alone (`facts.pandas_types`) as a share of a full check, and the one-time cost
  of reading the compatibility table, measured cold in a fresh interpreter.
- (d) what a user sees: the wall time of `jupyter prod check CORPUS --format json` vs the same
  with `--ignore pandas`, interleaved, median of `--repeats` (reading the files, the process pool
  and the report included).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.path.insert(0, ROOT)  # run from the checkout even when the package is not pip-installed

import make_corpus  # noqa: E402

from jupyter_prod import api  # noqa: E402
from jupyter_prod.analysis.facts import analyse  # noqa: E402
from jupyter_prod.notebook.model import Notebook  # noqa: E402
from jupyter_prod.notebook.reader import NotebookReadError, load_notebook  # noqa: E402

TARGET = 1.20
CORPUS = os.path.join(BENCH, "out", "pandas-corpus")  # gitignored with bench/out/


def ensure_corpus(folder: str, count: int, seed: int) -> list[str]:
    try:
        with open(os.path.join(folder, make_corpus.MANIFEST), encoding="utf-8") as handle:
            manifest: dict[str, Any] = json.load(handle)
        if (manifest.get("count"), manifest.get("seed")) != (count, seed):
            raise ValueError("other arguments")
    except (OSError, ValueError):
        print(f"generating {count} notebooks (seed {seed}) ...", flush=True)
        manifest = make_corpus.generate(folder, count, seed)
    return [os.path.join(folder, f) for f in manifest["files"]]


def load_all(files: list[str]) -> list[Notebook]:
    notebooks = []
    for path in files:
        try:
            notebooks.append(load_notebook(path, path))
        except NotebookReadError:
            pass
    return notebooks


def compare(notebooks: list[Notebook], repeats: int) -> tuple[float, float]:
    """Summed best-of-`repeats` seconds: (every rule, every rule but the pandas family)."""
    with_pandas = api.CheckOptions()
    without = api.CheckOptions(ignore=["pandas"])
    best_with = [float("inf")] * len(notebooks)
    best_without = [float("inf")] * len(notebooks)
    gc.collect()
    gc.freeze()  # the loaded corpus is not garbage: keep full collections from rescanning it
    for round_number in range(repeats):
        for index, notebook in enumerate(notebooks):
            order = [(with_pandas, best_with), (without, best_without)]
            if (index + round_number) % 2:
                order.reverse()
            for options, best in order:
                gc.disable()  # a collection would land on whichever call is unlucky
                started = time.perf_counter()
                api.check_notebook(notebook, options)
                best[index] = min(best[index], time.perf_counter() - started)
                gc.enable()
    gc.unfreeze()
    return sum(best_with), sum(best_without)


def tracker_share(notebooks: list[Notebook], repeats: int) -> float:
    """Seconds of `facts.pandas_types` alone, best of `repeats` per notebook, summed."""
    total = 0.0
    for notebook in notebooks:
        best = float("inf")
        for _ in range(repeats):
            facts = analyse(notebook)
            gc.disable()
            started = time.perf_counter()
            facts.pandas_types  # noqa: B018 - the cached property is the work measured
            best = min(best, time.perf_counter() - started)
            gc.enable()
        total += best
    return total


def cold_table_load() -> float:
    """Milliseconds to read the table the first time, in a fresh interpreter (median of 5)."""
    code = (
        "import time; from jupyter_prod.analysis.pandas import spark_compat\n"
        "t = time.perf_counter(); spark_compat(); print(time.perf_counter() - t)"
    )
    env = dict(os.environ, PYTHONPATH=ROOT)
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )  # fmt: skip
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def cli_wall(folder: str, repeats: int) -> tuple[float, float]:
    """Median wall seconds of the CLI over the corpus: (every rule, without the pandas rules)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    base = [sys.executable, "-m", "jupyter_prod.cli.main", "check", folder, "--format", "json",
            "--output", os.devnull, "--no-progress"]  # fmt: skip
    runs: dict[bool, list[float]] = {True: [], False: []}
    for round_number in range(repeats + 1):
        for with_pandas in (True, False) if round_number % 2 else (False, True):
            command = base if with_pandas else [*base, "--ignore", "pandas"]
            started = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=False)
            if round_number:  # the first round only warms the page cache and .pyc files
                runs[with_pandas].append(time.perf_counter() - started)
    return statistics.median(runs[True]), statistics.median(runs[False])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="notebooks (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--corpus", default=CORPUS, help="corpus folder")
    args = parser.parse_args(argv)

    notebooks = load_all(ensure_corpus(args.corpus, args.count, args.seed))
    for notebook in notebooks[:20]:  # warm: imports, the table, the interpreter's caches
        api.check_notebook(notebook)
    with_pandas = [n for n in notebooks if analyse(n).imports_module("pandas")]
    without_pandas = [n for n in notebooks if n not in with_pandas]
    cells = sum(len(n.cells) for n in notebooks)
    print(f"corpus: {len(notebooks)} notebooks, {cells} cells; {len(with_pandas)} import pandas")

    full, reference = compare(notebooks, args.repeats)
    ratio = full / reference
    verdict = "OK" if ratio <= TARGET else "OVER TARGET"
    print(f"(a) whole corpus: every rule {full:.2f} s vs without pandas rules {reference:.2f} s "
          f"-> ratio {ratio:.3f} (target <= {TARGET:.2f}) {verdict}")  # fmt: skip

    if without_pandas:
        full_np, reference_np = compare(without_pandas, args.repeats)
        print(f"(b) {len(without_pandas)} notebooks without pandas: {full_np * 1000:.1f} ms vs "
              f"{reference_np * 1000:.1f} ms -> ratio {full_np / reference_np:.3f}")  # fmt: skip
    else:
        print("(b) every corpus notebook imports pandas: nothing to compare")

    tracker = tracker_share(with_pandas, args.repeats)
    print(f"(c) the tracker alone: {tracker:.2f} s ({tracker / full:.1%} of a full check); "
          f"reading the table cold: {cold_table_load():.1f} ms once per process")  # fmt: skip
    findings = sum(
        1
        for n in with_pandas
        for f in api.check_notebook(n, api.CheckOptions(select=["pandas"])).findings
    )
    print(f"    pandas findings on the corpus: {findings}")
    wall, wall_reference = cli_wall(args.corpus, args.repeats)
    print(f"(d) `jupyter prod check` wall time: {wall:.2f} s vs {wall_reference:.2f} s with "
          f"--ignore pandas -> ratio {wall / wall_reference:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
