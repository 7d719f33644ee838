"""Benchmark the untested family: what the static test map adds to `check`, and what coverage
recording adds to `check --execute`, each as a ratio against a reference run in the same process.

    python bench/bench_untested.py [--count 300] [--seed 0] [--repeats 3] [--skip-execute]

Machines here are shared and noisy: every number is printed beside its reference, measured
interleaved in the same run, and the targets of issue 4 are checked on the ratios. This is a
benchmark, not a timed test: it never fails a build.

- (a) static: `api.check_notebook` over the generated corpus (`bench/make_corpus.py`) with every
  rule vs with the `untested` rules ignored, interleaved per notebook, the best of `--repeats`
  per notebook (the minimum is what load spikes cannot inflate; garbage collection off during
  each call, as timeit does), summed; ratio (target <= 1.10).
  Also the test map alone, as a share of a check.
- (b) execute: the bench notebooks below run in a fresh python3 kernel, plain (no recorder) vs
  with the coverage recorder, interleaved, best of `--repeats`; ratio per notebook and
  overall (target <= 2x). The notebooks are runnable on their own (synthetic data, no files):
  a pandas feature pipeline, pure-Python text cleaning, and a worst case whose tests run a
  pure-Python loop with a branch no test takes (so the recorder never stops tracing it).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
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
from jupyter_prod.notebook.reader import NotebookReadError, load_notebook  # noqa: E402

STATIC_TARGET, EXECUTE_TARGET = 1.10, 2.0
CORPUS = os.path.join(BENCH, "out", "untested-corpus")  # gitignored with bench/out/


# ---------------------------------------------------------------------- (a) static
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


def bench_static(files: list[str], repeats: int) -> dict[str, float]:
    notebooks = []
    for path in files:
        try:
            notebooks.append(load_notebook(path, path))
        except NotebookReadError:
            pass
    with_untested = api.CheckOptions()
    without = api.CheckOptions(ignore=["untested"])
    for notebook in notebooks[:20]:  # warm caches (imports, the test-folder listing)
        api.check_notebook(notebook, with_untested)
    best_with = [float("inf")] * len(notebooks)
    best_without = [float("inf")] * len(notebooks)
    gc.collect()
    gc.freeze()  # the loaded corpus is not garbage: keep full collections from rescanning it
    for round_number in range(repeats):
        for index, notebook in enumerate(notebooks):
            order = [(with_untested, best_with), (without, best_without)]
            if (index + round_number) % 2:
                order.reverse()
            for options, best in order:
                gc.disable()  # as timeit does: a collection lands on whichever call is unlucky
                started = time.perf_counter()
                api.check_notebook(notebook, options)
                best[index] = min(best[index], time.perf_counter() - started)
                gc.enable()
    gc.unfreeze()
    total_with, total_without = sum(best_with), sum(best_without)
    return {"notebooks": len(notebooks), "with": total_with, "without": total_without,
            "ratio": total_with / total_without, "test_map_share": _test_map_share(notebooks)}  # fmt: skip


def _test_map_share(notebooks: list[Any]) -> float:
    """The test map's own time as a share of a whole check (facts built once each)."""
    mapped = checked = 0.0
    for notebook in notebooks:
        started = time.perf_counter()
        api.check_notebook(notebook, api.CheckOptions())
        checked += time.perf_counter() - started
        facts = analyse(notebook)
        if notebook.is_python:
            facts.dataflow  # noqa: B018 - computed by the check anyway; not the map's cost
            started = time.perf_counter()
            facts.test_map  # noqa: B018
            mapped += time.perf_counter() - started
    return mapped / checked


# ---------------------------------------------------------------------- (b) execute
def _nb(cells: list[str]) -> dict[str, Any]:
    return {"nbformat": 4, "nbformat_minor": 5, "cells": [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": source, "id": f"c{i}"} for i, source in enumerate(cells)],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}}}  # fmt: skip


BENCH_NOTEBOOKS: dict[str, dict[str, Any]] = {
    "pandas_features": _nb(
        [
            "import numpy as np\nimport pandas as pd\nrng = np.random.default_rng(0)",
            "orders = pd.DataFrame({'store': rng.integers(0, 50, 200_000),\n"
            "                       'amount': rng.gamma(2.0, 30.0, 200_000),\n"
            "                       'day': rng.integers(0, 365, 200_000)})",
            "def add_features(frame):\n    out = frame.copy()\n    out['week'] = out['day'] // 7\n"
            "    out['big'] = out['amount'] > 100\n    out['net'] = out['amount'] / 1.2\n    return out",
            "def bucket(amount):\n    if amount < 20:\n        return 'small'\n    if amount < 100:\n"
            "        return 'medium'\n    return 'large'",
            "features = add_features(orders)\nfeatures['bucket'] = features['amount'].map(bucket)\n"
            "weekly = features.groupby(['store', 'week'])['net'].sum()\nweekly.describe()",
            "toy = pd.DataFrame({'store': [1], 'amount': [120.0], 'day': [8]})\n"
            "pd.testing.assert_series_equal(add_features(toy)['week'], pd.Series([1], name='week'))\n"
            "assert [bucket(a) for a in (5, 50, 500)] == ['small', 'medium', 'large']\n"
            "assert features['bucket'].isin(['small', 'medium', 'large']).all()",
        ]
    ),
    "text_cleaning": _nb(
        [
            "import re\nimport random\nrandom.seed(0)\nWORDS = ['Alpha', 'beta', 'GAMMA', 'delta!', "
            "'  eps ', 'zeta?']",
            "def clean(text):\n    text = text.strip().lower()\n    text = re.sub(r'[^a-z ]+', '', text)\n"
            "    return ' '.join(text.split())",
            "def tokens(text):\n    return [t for t in clean(text).split(' ') if t]",
            "docs = [' '.join(random.choice(WORDS) for _ in range(12)) for _ in range(20_000)]\n"
            "vocab = {}\nfor doc in docs:\n    for t in tokens(doc):\n        vocab[t] = vocab.get(t, 0) + 1\n"
            "sorted(vocab.items())",
            "def test_clean():\n    assert clean('  Hello,  World! ') == 'hello world'\n\n\n"
            "def test_tokens_on_many_docs():\n    assert sum(len(tokens(d)) for d in docs[:5000]) > 0\n\n\n"
            "test_clean()\ntest_tokens_on_many_docs()",
        ]
    ),
    "python_loops_worst_case": _nb(
        [
            "import math",
            "def safe_ratios(pairs):\n    out = []\n    for a, b in pairs:\n        if b == 0:\n"
            "            out.append(math.nan)\n        else:\n            out.append(a / b)\n    return out",
            "def running_max(values):\n    best = -math.inf\n    out = []\n    for v in values:\n"
            "        if v > best:\n            best = v\n        out.append(best)\n    return out",
            "pairs = [(i, i % 7 + 1) for i in range(300_000)]\nratios = safe_ratios(pairs)\nlen(ratios)",
            "assert safe_ratios(pairs)[:2] == [0.0, 0.5]\n"
            "assert running_max(list(range(300_000)))[-1] == 299_999",
        ]
    ),
}


def bench_execute(repeats: int) -> dict[str, dict[str, float]]:
    from jupyter_prod.execution import measure  # noqa: F401 - the real entry point imports fine
    from jupyter_prod.execution.fresh_run import Recording, run_fresh
    from jupyter_prod.execution.kernel_recorder import digest
    from jupyter_prod.notebook.reader import notebook_from_dict

    results: dict[str, dict[str, float]] = {}
    for name, document in BENCH_NOTEBOOKS.items():
        notebook = notebook_from_dict(document, f"{name}.ipynb")
        facts = analyse(notebook)
        tests = facts.test_map
        recording = Recording(
            tests=frozenset(digest(facts.cells[i].cell.source) for i in tests.test_cells),
            notebook=frozenset(digest(c.source) for c in notebook.code_cells),
            logic=frozenset(digest(facts.cells[i].cell.source) for i in tests.logic_cells),
        )
        plain: list[float] = []
        recorded: list[float] = []
        for round_number in range(repeats):
            order = [None, recording] if round_number % 2 == 0 else [recording, None]
            for choice in order:
                run = run_fresh(notebook, timeout=600, folder=BENCH, recording=choice)
                if run.error is not None:
                    raise SystemExit(f"{name}: the bench notebook failed: {run.error.message}")
                (plain if choice is None else recorded).append(run.seconds)
        lines = sum(len(v) for v in run.hits.values())
        results[name] = {"plain": min(plain), "recorded": min(recorded),
                         "lines_hit": lines}  # fmt: skip
        results[name]["ratio"] = results[name]["recorded"] / results[name]["plain"]
        print(
            f"  {name:<26} plain {results[name]['plain']:6.2f} s   with coverage "
            f"{results[name]['recorded']:6.2f} s   ratio {results[name]['ratio']:.2f}x",
            flush=True,
        )
    return results


# ---------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="corpus notebooks (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-execute", action="store_true", help="only the static benchmark")
    args = parser.parse_args(argv)

    files = ensure_corpus(CORPUS, args.count, args.seed)
    static = bench_static(files, args.repeats)
    verdict = "ok" if static["ratio"] <= STATIC_TARGET else "OVER TARGET"
    print(
        f"(a) static test map: {static['notebooks']} notebooks, check with untested "
        f"{static['with']:.2f} s vs without {static['without']:.2f} s: ratio "
        f"{static['ratio']:.3f} (target <= {STATIC_TARGET:.2f}) {verdict}; the test map alone is "
        f"{static['test_map_share'] * 100:.1f} % of a check",
        flush=True,
    )
    if args.skip_execute:
        return 0
    print(f"(b) --execute, coverage recorder vs plain execution (best of {args.repeats}):")
    executed = bench_execute(args.repeats)
    total_plain = sum(r["plain"] for r in executed.values())
    total_recorded = sum(r["recorded"] for r in executed.values())
    worst = max(r["ratio"] for r in executed.values())
    ratio = total_recorded / total_plain
    verdict = "ok" if worst <= EXECUTE_TARGET else "OVER TARGET"
    print(f"    all bench notebooks: plain {total_plain:.2f} s, with coverage {total_recorded:.2f} s: "
          f"ratio {ratio:.2f}x; worst notebook {worst:.2f}x (target <= {EXECUTE_TARGET:.0f}x) "
          f"{verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
