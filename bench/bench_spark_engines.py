"""pandas against pandas API on Spark for the same exported job, at growing sizes (issue 18).

    .venv/bin/python bench/bench_spark_engines.py [--sizes 100000 1000000 4000000] [--master local[2]]

A pandas notebook (orders joined to stores, net revenue per region and month with `pivot_table`,
the best store per region) is exported once with `--engine spark`; `jupyter prod run JOB --engine local|spark` then runs it
(papermill, a kernel: the same overhead for both) on generated inputs of each size, pandas
first (the reference, measured in the same run), then Spark. For each run: wall time, and the
peak resident memory of the whole process tree (the Python process and every child, the JVM
included), sampled every 50 ms with psutil. Prints the Spark/pandas ratios.
Needs Java 17 and the `spark` extra. Sizes are rows of the orders table.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "spark"))

from spark_notebooks import write_notebook  # noqa: E402 - the notebook the Spark tests use


def write_inputs(folder: Path, rows: int, seed: int = 18) -> None:
    rng = random.Random(seed)
    with (folder / "stores.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["store_id", "region"])
        writer.writerows((s, ["north", "south", "east", "west"][s % 4]) for s in range(1, 201))
    with (folder / "orders.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "store_id", "month", "qty", "price"])
        for i in range(rows):
            writer.writerow((i, rng.randint(1, 200), rng.randint(1, 12), rng.randint(1, 9),
                             round(rng.uniform(1, 40), 2)))  # fmt: skip


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass  # it ended between the listing and the reading
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, peak bytes of the process tree, exit status)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    watched = psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        print(errors[-2000:], file=sys.stderr)
    return seconds, peak, child.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 4_000_000])
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    write_inputs(folder, 1000)
    write_notebook(folder, "sales")
    exported = subprocess.run([sys.executable, "-m", "jupyter_prod.cli.main", "export", "sales.ipynb",
                               "--engine", "spark", "--no-run"], cwd=folder, capture_output=True, text=True)  # fmt: skip
    if exported.returncode != 0:
        print(exported.stderr, file=sys.stderr)
        return 1
    job = folder / "jobs" / "sales"
    env = {**os.environ, "SPARK_MASTER": args.master}
    print(f"{'rows':>10} {'pandas s':>9} {'spark s':>8} {'time x':>7} {'pandas MB':>10} {'spark MB':>9} {'memory x':>9}")
    for rows in args.sizes:
        write_inputs(folder, rows)
        results = {}
        for engine in ("local", "spark"):
            command = [sys.executable, "-m", "jupyter_prod.cli.main", "run", str(job), "--engine",
                       engine, "--contract", "off", "--no-progress"]  # fmt: skip
            results[engine] = measure(command, folder, env)
            if results[engine][2] != 0:
                print(f"the {engine} run of {rows} rows failed", file=sys.stderr)
                return 1
        (pt, pm, _), (st, sm, _) = results["local"], results["spark"]
        print(f"{rows:>10} {pt:>9.1f} {st:>8.1f} {st / pt:>7.2f} {pm / 2**20:>10.0f} {sm / 2**20:>9.0f} "
              f"{sm / pm:>9.2f}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
