#!/usr/bin/env bash
# Keystroke latency in a 300-cell notebook with the jupyter-prod panel on vs off, in real Chromium
# (Galata), in the same run. Prints the numbers and writes bench/out/panel_typing.json.
#   bash bench/bench_panel_typing.sh            # 3 rounds of on/off, 6 bursts of typing each
#   BENCH_ROUNDS=1 bash bench/bench_panel_typing.sh
# Needs `make setup` and ui-tests' packages (`cd ui-tests && jlpm install --immutable`).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
export PATH="$ROOT/.venv/bin:$PATH"
if [ ! -f "$HERE/corpus/nb_300_cells.ipynb" ]; then
  python "$HERE/make_corpus.py" "$HERE/corpus"
fi
cd "$ROOT/ui-tests"
CI=true jlpm playwright test --config bench.config.js
