"""Two checks of the same files give byte-identical reports, whatever the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import REPO_ROOT, notebook, write_notebook

# An nbformat 3 notebook: nbformat invents a random id for each cell it upgrades.
OLD = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""}, "worksheets": [{
    "metadata": {}, "cells": [
        {"cell_type": "code", "language": "python", "input": ["x = 1\n", "print(x)"],
         "outputs": [], "prompt_number": 2, "metadata": {}},
        {"cell_type": "code", "language": "python", "input": ["y = x + z"],
         "outputs": [], "prompt_number": 1, "metadata": {}},
    ]}]}  # fmt: skip
# 4.4 has no ids either; our reader never made one up, and must not start.
NO_IDS = {**notebook("import pandas as pd\ndf = pd.read_csv('/home/me/data.csv')",
                     "df.iterrows()\nvalue = undefined_thing"), "nbformat_minor": 4}  # fmt: skip


def check(folder, seed: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-m", "jupyter_prod.cli.main", "check", str(folder), "--format", "json",
         "--no-cache", "-j", "1"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_reports_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    write_notebook(tmp_path, "old.ipynb", OLD)
    for cell in NO_IDS["cells"]:
        cell.pop("id")
    write_notebook(tmp_path, "no_ids.ipynb", NO_IDS)
    for path in sorted((REPO_ROOT / "binder" / "demo").glob("*.ipynb")):
        write_notebook(tmp_path, path.name, path.read_text(encoding="utf-8"))

    first, second = check(tmp_path, "1"), check(tmp_path, "2024")

    assert first == second
    report = json.loads(first)
    [old] = [n for n in report["notebooks"] if n["path"].endswith("old.ipynb")]
    assert old["findings"] and all(f["cell_id"] is None for f in old["findings"])
    assert {f["rule"] for f in old["findings"]} >= {"HS004"}
    assert all(f["fingerprint"] for n in report["notebooks"] for f in n["findings"])
