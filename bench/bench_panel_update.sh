#!/usr/bin/env bash
# Keystroke to updated panel on the demo notebook, in real Chromium (Galata) against a real server:
# the live delay + the `check` round trip (the reference, measured in the same run) + the panel's
# own work. Prints the numbers and writes bench/out/panel_update.json.
#   bash bench/bench_panel_update.sh              # 12 samples
#   BENCH_SAMPLES=6 bash bench/bench_panel_update.sh
# Needs `make setup` and ui-tests' packages (`cd ui-tests && jlpm install --immutable`).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
export PATH="$ROOT/.venv/bin:$PATH"
cd "$ROOT/ui-tests"
CI=true jlpm playwright test --config bench.config.js tests/panel_update.bench.ts
