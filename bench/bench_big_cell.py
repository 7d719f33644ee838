"""Is a check linear in a cell's size? One big cell against ten times a cell a tenth its size.

    python bench/bench_big_cell.py [--mb 5] [--shapes a=1,inplace] [--tree DIR] [--cells 20000]

For each shape, a notebook with one code cell of `--mb` MB of that statement, and one of a
tenth of it, each checked (`api.check_document`, then the text report `jupyter prod check`
prints) in a fresh Python so that neither inherits the other's memory; prints CPU seconds
and `big / (10 x small)`: 1.0 when a check is linear in the cell's size, 10 when quadratic.
Then a notebook of `--cells` small cells (a few statements each), for scale. `--tree` checks
another checkout (its `jupyter_prod` on PYTHONPATH), for before/after runs in one go.

Shapes: `a=1` (one line of `a=1;a=1;...`: no finding), `inplace`
(`df.dropna(inplace=True);` repeated: one PD008 finding per statement, all on one line).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = {"a=1": "a=1;", "inplace": "df.dropna(inplace=True);"}
SETUP = "import pandas as pd\ndf = pd.read_csv('data.csv')"

MEASURE = r"""
import json, sys, time
from jupyter_prod import api
from jupyter_prod.findings.report import CheckReport
from jupyter_prod.findings.reporters import REPORTERS
document = json.load(sys.stdin)
started = time.process_time()
report = api.check_document(document, "big.ipynb", api.CheckOptions())
text = REPORTERS["text"](CheckReport([report]), False)
print(json.dumps({"seconds": time.process_time() - started, "findings": len(report.findings),
                  "report_bytes": len(text)}))
"""


def notebook(sources: list[str]) -> dict[str, object]:
    cells = [{"id": f"c{i}", "cell_type": "code", "execution_count": i + 1, "metadata": {},
              "outputs": [], "source": source} for i, source in enumerate(sources)]  # fmt: skip
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def measure(document: dict[str, object], tree: str) -> dict[str, float]:
    environment = dict(os.environ, PYTHONPATH=tree)
    done = subprocess.run([sys.executable, "-c", MEASURE], input=json.dumps(document), cwd=HERE,
                          capture_output=True, text=True, env=environment, check=True)  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="the big cell's size (MB)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated")
    parser.add_argument("--tree", default=os.path.dirname(HERE), help="the checkout to check")
    parser.add_argument("--cells", type=int, default=20_000, help="cells of the many-cell notebook")
    args = parser.parse_args()

    print(f"checkout: {args.tree}")
    for shape in args.shapes.split(","):
        statement = SHAPES[shape]
        times = {}
        for size in (args.mb / 10, args.mb):
            cell = statement * int(size * 1e6 / len(statement))
            result = measure(notebook([SETUP, cell]), args.tree)
            times[size] = result["seconds"]
            print(f"{shape:8} {size:5.2f} MB cell: {result['seconds']:7.2f} s CPU, "
                  f"{result['findings']} findings, report {result['report_bytes'] / 1e6:.1f} MB")  # fmt: skip
        ratio = times[args.mb] / (10 * times[args.mb / 10])
        print(f"{shape:8} ratio {args.mb:g} MB / (10 x {args.mb / 10:g} MB): {ratio:.2f}")
    sources = [f"x{i} = {i}\ny{i} = x{i} * 2\nprint(y{i})" for i in range(args.cells)]
    result = measure(notebook(sources), args.tree)
    print(f"{args.cells:,} cells: {result['seconds']:.2f} s CPU, {result['findings']} findings")


if __name__ == "__main__":
    main()
