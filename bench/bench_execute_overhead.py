"""Benchmark `check --execute` (coverage.py in the kernel) against a plain fresh-kernel run.

    python bench/bench_execute_overhead.py [--repeats 5]

For each notebook, in the same run, interleaved: (a) the notebook run top to bottom in a fresh
kernel with nothing recorded (nbclient, as `check --execute` runs it), and (b) the whole
`check --execute` of it (analysis, coverage.py in the kernel while tests run, output
comparison). The ratio b/a is the cost of measuring (issue 19's target: <= 1.3x).

- `typical`: a data notebook with helpers, a few asserts, and a cell of work that is not a test;
- `hot loop`: a test that calls a small function 200,000 times (the tracer's worst case).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from jupyter_prod import api  # noqa: E402
from jupyter_prod.execution.fresh_run import run_fresh  # noqa: E402
from jupyter_prod.notebook.reader import load_notebook  # noqa: E402

TYPICAL = [
    "import statistics\nrows = [{'region': r, 'amount': a} for r, a in "
    "zip('NSEW' * 500, range(2000))]",
    "def by_region(rows):\n    out = {}\n    for row in rows:\n        out.setdefault(row['region'],"
    " []).append(row['amount'])\n    return out",
    "def summary(groups):\n    return {k: statistics.mean(v) for k, v in groups.items()}",
    "groups = by_region(rows)\nresult = summary(groups)\nprint(result)",
    "assert set(result) == set('NSEW')\nassert summary({'x': [1, 3]}) == {'x': 2}",
    "total = sum(r['amount'] for r in rows)\nprint(total)",
]
HOT_LOOP = [
    "def clip(x, low, high):\n    if x < low:\n        return low\n    if x > high:\n"
    "        return high\n    return x",
    "assert sum(clip(i % 100, 10, 90) for i in range(200_000)) > 0",
]


def write(folder: str, name: str, sources: list[str]) -> str:
    import nbformat

    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    path = os.path.join(folder, f"{name}.ipynb")
    nbformat.write(notebook, path)
    return path


def plain_run(path: str) -> float:
    notebook = load_notebook(path)
    start = time.perf_counter()
    run = run_fresh(notebook, timeout=120, folder=os.path.dirname(path), recording=None)
    assert run.error is None, run.error
    return time.perf_counter() - start


def execute_check(path: str) -> float:
    options = api.CheckOptions(execute=True, timeout=120, jobs=1)
    start = time.perf_counter()
    report = api.check_file(path, options)
    elapsed = time.perf_counter() - start
    assert report.error is None, report.error
    assert any(f.rule == "UT003" for f in report.findings), "nothing was measured"
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        for name, sources in (("typical", TYPICAL), ("hot loop", HOT_LOOP)):
            path = write(folder, name.replace(" ", "_"), sources)
            plain_run(path)  # warm-up: page cache, kernel spec lookups
            ratios, plain, measured = [], [], []
            for _ in range(args.repeats):
                a, b = plain_run(path), execute_check(path)
                plain.append(a)
                measured.append(b)
                ratios.append(b / a)
            ratio = statistics.median(ratios)
            verdict = "met" if ratio <= 1.3 else "NOT met"
            print(f"  {name:9}: plain fresh run {statistics.median(plain):5.2f} s, "
                  f"check --execute {statistics.median(measured):5.2f} s = {ratio:.2f}x "
                  f"(per round {', '.join(f'{r:.2f}' for r in ratios)})   target <= 1.3: {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
