"""Benchmark `jupyter prod export` and the jobs it writes (issue 5's speed targets).

    python bench/bench_export.py [--cells 100] [--rows 20000] [--repeats 3]

Machines here are shared and noisy: each number is printed beside a reference measured in the
same run, interleaved. A benchmark, not a timed test: it never fails a build.

- (a) export of a generated 100-cell notebook without `--verify` (and without the recording
  run, `run=False`), in-process, median of `--repeats`: target < 2 s. Reference: `check` of the
  same notebook (`api.check_notebook`), in the same process.
- (b) the same as a user runs it: `jupyter prod export NB --no-run --force` in a fresh
  interpreter (imports included), median wall time.
- (c) the exported job's run time vs the original notebook's, both with papermill on the same
  kernel, interleaved, median of `--repeats`: target <= 1.5x. Measured twice for the job:
  plain papermill on the job notebook, and `jupyter prod run` (parameters checked, run record).
- (d) the default export (issue 12): the recording run that writes the tests, then the job's run
  compared with it; what it costs beyond the two kernel runs of (c) (target < 2 s per 100 cells
  on top of the notebook's own run time; the job's run is the price of the check).
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

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, ROOT)  # run from the checkout even when the package is not pip-installed
OUT = os.path.join(BENCH, "out", "export")  # gitignored with bench/out/

from jupyter_prod import api  # noqa: E402
from jupyter_prod.notebook.reader import load_notebook  # noqa: E402

TARGET_EXPORT_S, TARGET_RUN_RATIO = 2.0, 1.5


def make_notebook(cells: int, rows: int) -> str:
    """A notebook of `cells` cells: a heading and four code cells per section, pandas work on
    a generated CSV, functions reading globals, state changed through method calls."""
    os.makedirs(os.path.join(OUT, "data"), exist_ok=True)
    with open(os.path.join(OUT, "data", "events.csv"), "w", encoding="utf-8") as handle:
        handle.write("id,group,value,weight\n")
        for i in range(rows):
            handle.write(f"{i},g{i % 17},{(i * 7919) % 1000 / 10},{1 + i % 5}\n")
    source = [("markdown", "# Events report"), ("code", "import pandas as pd\nimport numpy as np"),
              ("code", "THRESHOLD = 50.0\nSCALE = 2\nlog = []"),
              ("code", "events = pd.read_csv('data/events.csv')\nevents.shape")]  # fmt: skip
    section = 0
    while len(source) < cells:
        section += 1
        s = section
        source += [
            ("markdown", f"## Section {s}"),
            ("code", f"def score_{s}(v):\n    # reads notebook globals\n    return v * SCALE + {s} if v > THRESHOLD else v\n"),
            ("code", f"part_{s} = events[events.value > {s}].copy()\npart_{s}['score'] = part_{s}.value.map(score_{s})\n"
                     f"log.append(len(part_{s}))"),
            ("code", f"summary_{s} = part_{s}.groupby('group').agg(total=('score', 'sum'), n=('id', 'count'))\n"
                     f"summary_{s}.sort_values('total', inplace=True)\nsummary_{s}.head(3)"),
            ("code", f"weights_{s} = np.asarray(part_{s}.weight)\nprint({s}, round(float((weights_{s} * part_{s}.score).sum()), 2), len(log))"),
        ]  # fmt: skip
    cells_json = [
        {"cell_type": kind, "metadata": {}, "source": text, **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, text in source[:cells]
    ]  # fmt: skip
    document = {"cells": cells_json, "nbformat": 4, "nbformat_minor": 4,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}  # fmt: skip
    path = os.path.join(OUT, "events.ipynb")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1)
    return path


def timed(function, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def command(*args: str) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    subprocess.run(args, cwd=OUT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def report(label: str, values: list[float]) -> float:
    median = statistics.median(values)
    print(f"  {label}: median {median:.3f} s  [{' '.join(f'{v:.3f}' for v in values)}]")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    path = make_notebook(args.cells, args.rows)
    job = os.path.join(OUT, "jobs", "events")
    options = api.ExportOptions(run=False, force=True)
    api.export_notebook(path, options)  # warm-up: imports, black's first use
    print(f"notebook: {args.cells} cells, {args.rows} rows of data; {args.repeats} repeats")

    print("(a) export without --verify, in-process (target < 2 s)")
    exports, checks = [], []
    for _ in range(args.repeats):
        exports.append(timed(api.export_notebook, path, options))
        checks.append(timed(api.check_notebook, load_notebook(path)))
    export_s = report("export", exports)
    check_s = report("check (reference)", checks)
    print(f"  export / check = {export_s / check_s:.2f}x; target {'met' if export_s < TARGET_EXPORT_S else 'MISSED'}")

    print("(b) `jupyter prod export --no-run --force` in a fresh interpreter (imports included)")
    cli = [sys.executable, "-m", "jupyter_prod.cli.main"]
    report("export command", [command(*cli, "export", path, "--no-run", "--force") for _ in range(args.repeats)])

    print(f"(c) running: the job vs the notebook, papermill, same kernel (target <= {TARGET_RUN_RATIO}x)")
    papermill = [sys.executable, "-m", "papermill", "--no-progress-bar", "-k", "python3"]
    notebook_runs, job_runs, run_runs = [], [], []
    job_env_path = os.path.join(job, "events.ipynb")
    for _ in range(args.repeats):
        notebook_runs.append(command(*papermill, path, os.path.join(OUT, "original-out.ipynb")))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [job, os.environ.get("PYTHONPATH")]))
        job_runs.append(command(*papermill, job_env_path, os.path.join(OUT, "job-out.ipynb")))
        run_runs.append(command(*cli, "run", job, "--no-progress"))
    original = report("notebook (papermill)", notebook_runs)
    plain = report("job (papermill)", job_runs)
    ours = report("job (jupyter prod run)", run_runs)
    print(f"  job / notebook = {plain / original:.2f}x (papermill), {ours / original:.2f}x (jupyter prod run); "
          f"target {'met' if ours / original <= TARGET_RUN_RATIO else 'MISSED'}")  # fmt: skip

    print("(d) the default export: the recording run (tests), then the job's run compared with it")
    recorded = report("export --no-verify (recording run)",
                      [timed(api.export_notebook, path, api.ExportOptions(force=True, verify=False))])  # fmt: skip
    default = report("export (recording + job run + compare)",
                     [timed(api.export_notebook, path, api.ExportOptions(force=True))])  # fmt: skip
    beyond = default - original - plain
    print(f"  beyond the two kernel runs (notebook {original:.2f} s + job {plain:.2f} s, papermill): "
          f"{beyond:.2f} s for {args.cells} cells; the job's run and compare add "
          f"{default - recorded:.2f} s to the recording export")  # fmt: skip


if __name__ == "__main__":
    main()
