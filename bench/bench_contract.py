"""Benchmark the data contract (issue 15): what validation, profiling and drift add to a job.

    python bench/bench_contract.py [--rows 1000000] [--repeats 5]

A benchmark, not a timed test: each figure is printed beside its reference, measured in the
same run (interleaved), and it never fails a build.

- (a) the job's run time with its contract (`jupyter prod run --contract warn`) against the
  same job without it (`--contract off`), alternating, median of `--repeats` each; the job
  reads a `--rows` CSV, sums it by city and writes the totals (target: < 10 % more);
- (b) the same, counting only the job's own cells (papermill's per-cell durations in the
  output notebook), without the kernel's start-up that dilutes (a);
- (d) in-process, one check of the `--rows` frame (validation, profile, drift; pandera already
  imported) against reading that frame with `pd.read_csv`, the job's own first step (median of
  `--repeats`, alternating);
- (c) peak memory of one check (validation, profile, drift) of the `--rows` frame, in-process
  (tracemalloc), as a multiple of the frame's own size (`memory_usage(deep=True)`): the frame
  plus the check's peak over the frame (target: <= 1.5x).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, ROOT)
OUT = os.path.join(BENCH, "out", "contract")  # gitignored with bench/out/
sys.path.insert(0, os.path.join(ROOT, "tests", "contract"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from demo_data import sales, write_demo  # noqa: E402

from jupyter_prod import api  # noqa: E402

TARGET_TIME, TARGET_MEMORY = 1.10, 1.5


def export_job(rows: int) -> str:
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    path = write_demo(Path(OUT))
    sales(rows=rows).to_csv(os.path.join(OUT, "sales.csv"), index=False)
    started = time.perf_counter()
    job = api.export_notebook(path, api.ExportOptions(verify=False)).job_dir
    print(f"exported (recording run included) in {time.perf_counter() - started:.1f} s: {job}")
    return job


def run_once(job: str, mode: str) -> tuple[float, float, float]:
    """(wall seconds, seconds in the step cells, seconds in the contract cells) of one run."""
    command = [sys.executable, "-m", "jupyter_prod.cli.main", "run", job, "--contract", mode,
               "--no-progress"]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, cwd=OUT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the job failed ({mode}): {done.stderr}")
    cells = json.loads(open(done.stdout.strip(), encoding="utf-8").read())["cells"]
    steps = checks = 0.0
    for cell in cells:
        seconds = cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0
        if "contract" in cell.get("metadata", {}).get("jupyter_prod", {}):
            checks += seconds
        elif cell["cell_type"] == "code":
            steps += seconds
    return wall, steps, checks


def in_process(repeats: int) -> tuple[float, float]:
    """(median seconds of one check, median seconds of reading the CSV), alternating."""
    import pandas as pd

    from jupyter_prod.contract import in_job

    checks, reads = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        frame = pd.read_csv(os.path.join(OUT, "sales.csv"))
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        in_job.check("sales", frame)
        checks.append(time.perf_counter() - started)
    return statistics.median(checks), statistics.median(reads)


def memory(job: str, rows: int) -> tuple[float, float]:
    """(the frame's size in MB, the frame plus the check's peak as a multiple of the frame)."""
    import pandas as pd

    os.environ["JUPYTER_PROD_JOB_FOLDER"] = job
    os.environ["JUPYTER_PROD_RUN_FOLDER"] = os.path.join(OUT, "memory-run")
    os.environ["JUPYTER_PROD_CONTRACT"] = "warn"
    os.makedirs(os.environ["JUPYTER_PROD_RUN_FOLDER"], exist_ok=True)
    from jupyter_prod.contract import in_job

    frame = pd.read_csv(os.path.join(OUT, "sales.csv"))
    size = float(frame.memory_usage(deep=True).sum())
    in_job.check("sales", frame)  # once, for pandera's imports and the schema's loading
    tracemalloc.start()
    in_job.check("sales", frame)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size / 1e6, (size + peak) / size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    job = export_job(args.rows)
    run_once(job, "off")  # warm the disk cache and the kernel's imports
    timings: dict[str, list[tuple[float, float, float]]] = {"off": [], "warn": []}
    for _ in range(args.repeats):
        for mode in ("off", "warn"):
            timings[mode].append(run_once(job, mode))
    wall = {m: statistics.median(t[0] for t in timings[m]) for m in timings}
    cells = {m: statistics.median(t[1] + t[2] for t in timings[m]) for m in timings}
    checks = statistics.median(t[2] for t in timings["warn"])
    size, multiple = memory(job, args.rows)
    check_s, read_s = in_process(args.repeats)
    print(f"\n{args.rows:,} rows, {args.repeats} runs each, alternating (medians)")
    print(f"(a) run wall time: with contract {wall['warn']:.2f} s, without {wall['off']:.2f} s: "
          f"{wall['warn'] / wall['off']:.3f}x (target < {TARGET_TIME}x)")  # fmt: skip
    print(f"(b) the job's cells: with contract {cells['warn']:.2f} s (checks {checks:.2f} s), "
          f"without {cells['off']:.2f} s: {cells['warn'] / cells['off']:.3f}x")  # fmt: skip
    print(f"(d) in-process: one check {check_s:.3f} s, reading the CSV {read_s:.3f} s: "
          f"{check_s / read_s:.2f}x the read")  # fmt: skip
    print(f"(c) memory: frame {size:.1f} MB; frame + the check's peak = {multiple:.2f}x the frame "
          f"(target <= {TARGET_MEMORY}x)")  # fmt: skip


if __name__ == "__main__":
    main()
