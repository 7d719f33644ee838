"""Benchmark the kernel-free entry point (issue 16): what a scheduled run of the demo job costs.

    python bench/bench_entry_point.py [--repeats 5] [--airflow]

A benchmark, not a timed test: each figure is printed beside its reference, measured in the
same run (interleaved), and it never fails a build.

- (a) wall time of `python -m PACKAGE` (the job notebook's cells in-process, no kernel: what
  Airflow and jupyter-scheduler call) against `jupyter prod run` (papermill and a kernel), on
  the bundled demo job with its data contract, alternating, median of `--repeats` each; every
  run's outputs (the RESULT) are compared with the first kernel run's;
- (b) with `--airflow` (needs `.venv-airflow`, see the Makefile): `airflow dags test` of the DAG
  `jupyter prod schedule --airflow` writes, against the entry point alone, median of 3: what
  Airflow's own machinery adds around the same job.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "entry_point"  # gitignored with bench/out/
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "schedule"))

from demo_job import DEMO, NAME, result_of  # noqa: E402

from jupyter_prod import api  # noqa: E402


def export_demo() -> Path:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    shutil.copy(DEMO / f"{NAME}.ipynb", OUT)
    shutil.copytree(DEMO / "data", OUT / "data")
    return Path(api.export_notebook(OUT / f"{NAME}.ipynb", api.ExportOptions(verify=False)).job_dir)


def timed(command: list[str], environment: dict[str, str] | None = None) -> tuple[float, str]:
    """(wall seconds, the output notebook of the run it recorded)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=OUT, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def latest_output(job: Path) -> str:
    return api.list_runs(job)[-1].output


def entry_and_kernel(job: Path, repeats: int) -> None:
    with_job = {**os.environ, "PYTHONPATH": str(job)}
    entry_command = [sys.executable, "-m", NAME, "--bulk-threshold", "5"]
    kernel_command = [sys.executable, "-m", "jupyter_prod.cli.main", "run", str(job),
                      "-p", "bulk_threshold", "5", "--no-progress"]  # fmt: skip
    entry, kernel, reference, same = [], [], None, 0
    for _ in range(repeats):
        seconds, _out = timed(kernel_command)
        kernel.append(seconds)
        reference = reference or result_of(latest_output(job))
        seconds, _out = timed(entry_command, with_job)
        entry.append(seconds)
        same += result_of(latest_output(job)) == reference
    e, k = statistics.median(entry), statistics.median(kernel)
    print(f"(a) python -m {NAME}: {e:.2f} s median {[round(x, 2) for x in entry]}")
    print(f"    jupyter prod run: {k:.2f} s median {[round(x, 2) for x in kernel]}")
    print(f"    ratio {e / k:.2f}x of jupyter prod run; same RESULT in {same}/{repeats} runs")


def airflow(job: Path) -> None:
    bin_folder = ROOT / ".venv-airflow" / "bin"
    if not (bin_folder / "airflow").is_file():
        raise SystemExit("no .venv-airflow: run `make .venv-airflow/bin/airflow` first")
    home = Path(tempfile.mkdtemp(prefix="bench-airflow-"))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "PYTHON"))}
    environment.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(home / "dags"),
                       AIRFLOW__CORE__LOAD_EXAMPLES="False")  # fmt: skip
    api_dag = __import__("jupyter_prod.api.schedules", fromlist=["write_airflow_dag"])
    from jupyter_prod.schedule.airflow_dag import AirflowOptions

    api_dag.write_airflow_dag(job, AirflowOptions(output=str(home / "dags")))
    timed([str(bin_folder / "airflow"), "db", "migrate"], environment)
    conf = json.dumps({"bulk_threshold": 5})
    dag, entry = [], []
    for _ in range(3):
        dag.append(timed([str(bin_folder / "airflow"), "dags", "test", f"jupyter_prod_{NAME}",
                          "-c", conf], environment)[0])  # fmt: skip
        entry.append(timed([str(bin_folder / "python"), "-m", NAME, "--bulk-threshold", "5"],
                           {**environment, "PYTHONPATH": str(job)})[0])  # fmt: skip
    d, e = statistics.median(dag), statistics.median(entry)
    print(f"(b) airflow dags test: {d:.2f} s median {[round(x, 2) for x in dag]}")
    print(f"    python -m {NAME} in the same venv: {e:.2f} s median {[round(x, 2) for x in entry]}")
    print(f"    Airflow adds {d - e:.2f} s ({d / e:.1f}x)")
    shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--airflow", action="store_true")
    args = parser.parse_args()
    job = export_demo()
    print(f"demo job: {job}; load {os.getloadavg()[0]:.1f}")
    entry_and_kernel(job, args.repeats)
    if args.airflow:
        airflow(job)


if __name__ == "__main__":
    main()
