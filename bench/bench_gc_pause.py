"""What pausing Python's cycle collector during one notebook's analysis saves (`gc_pause.py`).

    python bench/bench_gc_pause.py [--corpus bench/corpus] [--every 5] [--rounds 2]

Checks every `--every`-th corpus notebook in blocks of 25, each block twice: once as `check_file`
runs it (collector paused inside), once with the pause turned into a no-op (the collector runs
as it would by default). The order alternates from block to block, so load from other tenants
of the machine falls on both; prints each total and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BLOCK = 25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--every", type=int, default=5, help="take every N-th notebook")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    sys.path.insert(0, os.path.dirname(HERE))
    import jupyter_prod.api.checks as checks
    from jupyter_prod import api

    files = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(args.corpus)
        for name in names
        if name.endswith(".ipynb")
    )[:: args.every]
    if not files:
        sys.exit(f"no notebooks under {args.corpus}: run bench/make_corpus.py first")
    for path in files[:20]:  # warm: imports, schema, tables
        api.check_file(path)

    paused = checks.gc_paused

    def running() -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    totals = {"paused": 0.0, "running": 0.0}
    blocks = [files[i : i + BLOCK] for i in range(0, len(files), BLOCK)]
    for round_ in range(args.rounds):
        for index, block in enumerate(blocks):
            order = ("paused", "running") if (index + round_) % 2 else ("running", "paused")
            for mode in order:
                checks.gc_paused = paused if mode == "paused" else running  # type: ignore[assignment]
                start = time.perf_counter()
                for path in block:
                    api.check_file(path)
                totals[mode] += time.perf_counter() - start
    checks.gc_paused = paused

    count = len(files) * args.rounds
    paused_ms, running_ms = (totals[m] / count * 1e3 for m in ("paused", "running"))
    print(f"{len(files)} notebooks x {args.rounds} rounds, blocks of {BLOCK}, alternating order")
    print(f"  collector running : {running_ms:6.2f} ms per notebook")
    print(f"  collector paused  : {paused_ms:6.2f} ms per notebook")
    print(f"  ratio             : {paused_ms / running_ms:6.2f}x ({1 - paused_ms / running_ms:.0%} saved)")


if __name__ == "__main__":
    main()
