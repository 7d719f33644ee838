"""Benchmark repeat checks (issue 17): the report cache and the baseline, against ruff, in one run.

    python bench/bench_repeat_check.py [--count 1000] [--repeats 3] [--source DIR]

Every figure is a ratio to a reference measured in the same round of the same run (machines
here are shared), the median over rounds:
- cold: `jupyter prod check --no-cache` over the corpus vs `ruff check --no-cache` (target <= 6x);
- warm: the same check with the report cache primed and 1 % of the notebooks changed (a cell
  appended), vs ruff's cold run (target <= 1x); the cache is primed again in each round;
- baseline: a cold check with `--baseline` (a baseline of the whole corpus) vs without
  (target < 5 % more);
- peak memory of the cold check, process tree summed (target < 300 MB).

The cache keys on the measured package's files, so measure a snapshot (`--source DIR`, e.g.
`git archive HEAD jupyter_prod | tar -x -C DIR`) when others edit the working tree.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

import bench_check  # noqa: E402
import make_corpus  # noqa: E402
from bench_memory import peak_memory  # noqa: E402

CHANGED_SHARE = 0.01
TARGETS = {"cold": 6.0, "warm": 1.0, "baseline": 1.05, "memory_mb": 300.0}


def our_check(corpus: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "jupyter_prod.cli.main", "check", corpus, "--format", "json",
            "--no-progress", "--output", os.devnull, *extra]  # fmt: skip


def environment(cache: str) -> dict[str, str]:
    env = bench_check.our_environment()
    env["JUPYTER_PROD_CACHE_DIR"] = cache
    return env


def change_some(files: list[str], share: float, round_: int) -> list[str]:
    """Append a cell to every 1/share-th notebook (a different cell each round)."""
    step = max(1, round(1 / share))
    changed = files[::step]
    for path in changed:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        document["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                                  "outputs": [], "source": f"edited_{round_} = {round_}"})  # fmt: skip
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--source", help="measure the jupyter_prod in DIR")
    args = parser.parse_args(argv)
    if args.source:
        bench_check.SOURCE = os.path.abspath(args.source)
    bench_check.preflight()
    work = tempfile.mkdtemp(prefix="bench-repeat-")
    try:
        return measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: str) -> int:
    corpus = os.path.join(work, "corpus")
    make_corpus.generate(corpus, args.count, args.seed)  # a private copy: notebooks get edited
    files = make_corpus.notebooks_in(corpus)
    ruff = bench_check.ruff_command(bench_check.find_ruff(), corpus)
    cache = os.path.join(work, "cache")
    env = environment(cache)
    baseline = os.path.join(work, "baseline.json")
    run = bench_check.run_once
    print(f"machine: {json.dumps(bench_check.machine())}")
    print(f"corpus: {len(files)} notebooks; {CHANGED_SHARE:.0%} changed between warm runs")
    status = run(our_check(corpus, "--no-cache", "--write-baseline", baseline), env)[2]
    if status not in (0, 1):
        sys.exit(f"writing the baseline failed (exit {status})")
    run(ruff)  # warm-up: page cache, .pyc files
    times: dict[str, list[float]] = {k: [] for k in ("ruff", "cold", "baseline", "warm")}
    ratios: dict[str, list[float]] = {k: [] for k in ("cold", "baseline", "warm")}
    changed = 0
    for round_ in range(args.repeats):
        # Each ratio is taken within one round, against a reference measured just before it:
        # on a shared machine the load changes between rounds more than within one.
        ruff_s = run(ruff)[0]
        cold = run(our_check(corpus, "--no-cache"), env)[0]
        with_baseline = run(our_check(corpus, "--no-cache", "--baseline", baseline), env)[0]
        shutil.rmtree(cache, ignore_errors=True)
        run(our_check(corpus), env)  # prime the cache
        changed = len(change_some(files, CHANGED_SHARE, round_))
        ruff_again = run(ruff)[0]
        warm = run(our_check(corpus), env)[0]
        for name, value in (("ruff", ruff_s), ("cold", cold), ("baseline", with_baseline),
                            ("warm", warm)):  # fmt: skip
            times[name].append(value)
        ratios["cold"].append(cold / ruff_s)
        ratios["baseline"].append(with_baseline / cold)
        ratios["warm"].append(warm / ruff_again)
    medians = {name: statistics.median(values) for name, values in times.items()}
    memory = peak_memory(our_check(corpus, "--no-cache"), env, cwd=bench_check.SOURCE)
    results = {name: statistics.median(values) for name, values in ratios.items()}
    results["memory_mb"] = memory["tree_rss_mb"]
    print(f"  ruff --no-cache      : {medians['ruff']:6.2f} s wall (median of {args.repeats})")
    print(f"  cold (--no-cache)    : {medians['cold']:6.2f} s  = {results['cold']:5.2f}x ruff"
          f"   {verdict(results['cold'], TARGETS['cold'])}")  # fmt: skip
    print(f"  warm ({changed} changed)   : {medians['warm']:6.2f} s  = {results['warm']:5.2f}x ruff"
          f"   {verdict(results['warm'], TARGETS['warm'])}")  # fmt: skip
    print(f"  cold with --baseline : {medians['baseline']:6.2f} s  = {results['baseline']:5.3f}x"
          f" the cold check   {verdict(results['baseline'], TARGETS['baseline'])}")  # fmt: skip
    print(f"  peak memory (cold)   : {results['memory_mb']:6.1f} MB summed RSS of "
          f"{memory['processes']} processes   {verdict(results['memory_mb'], TARGETS['memory_mb'])}")
    print(f"  runs (s): {json.dumps({k: [round(v, 2) for v in vs] for k, vs in times.items()})}")
    print(f"  ratios per round: {json.dumps({k: [round(v, 2) for v in vs] for k, vs in ratios.items()})}")
    return 0


def verdict(value: float, target: float) -> str:
    return f"target <= {target:g}: {'met' if value <= target else 'NOT met'}"


if __name__ == "__main__":
    sys.exit(main())
