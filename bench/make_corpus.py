"""Generate a deterministic corpus of realistic Jupyter notebooks for the benchmarks.

    python bench/make_corpus.py OUT_DIR [--count N] [--seed S]

Standard library only; the same arguments give the same bytes on any machine. Notebooks have
10-500 cells (most 20-80, a tail up to 500; `nb_300_cells.ipynb` has exactly 300), markdown
prose, imports, data loading with relative and some absolute paths, pandas chains, functions and
classes, loops, comprehensions, magics, asserts, plots, realistic outputs (stream text, HTML
tables, base64 PNG figures, tracebacks) and execution counts (mostly in order, some out of
order, some missing, some never run), a few syntax errors, cell ids in nbformat 4.5 files.

- `corpus_vocabulary.py`: datasets, names and prose; `corpus_cells.py`: cell builders;
  `corpus_outputs.py`: outputs at realistic sizes.
- `OUT_DIR/corpus.json` records the arguments and totals; a re-run into the same folder first
  removes the notebooks that the previous run listed there (and nothing else).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus_cells import Draft, Plan, body_section, imports, intro, load, magics, prose  # noqa: E402
from corpus_outputs import lines, render  # noqa: E402

GENERATOR_VERSION = 1
MANIFEST = "corpus.json"
REFERENCE_NOTEBOOK = "nb_300_cells.ipynb"
PYTHON_KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
R_KERNEL = {"display_name": "R", "language": "R", "name": "ir"}


def cell_count(rng: random.Random) -> int:
    """Most notebooks have 20-80 cells; a few are short, a tail runs up to 500."""
    x = rng.random()
    if x < 0.08:
        return rng.randint(10, 19)
    if x < 0.80:
        return rng.randint(20, 80)
    if x < 0.95:
        return rng.randint(81, 200)
    return rng.randint(201, 500)


def draft_cells(plan: Plan, n: int) -> list[Draft]:
    """Exactly `n` cells: an opening (title, imports, magics, loading), then sections."""
    rng = plan.rng
    drafts = intro(plan) + imports(plan) + magics(plan) + load(plan)
    if rng.random() < 0.05:  # a papermill parameters cell, tagged below
        drafts.insert(
            1,
            Draft(
                "code", f"alpha = {rng.choice((0.1, 0.5, 1.0))}\nn_rows = {rng.randint(100, 10**6)}"
            ),
        )
    while len(drafts) < n:
        if rng.random() < 0.7:
            drafts.append(prose(plan))
            if rng.random() < 0.2:
                drafts.append(prose(plan))
        drafts += body_section(plan)
    drafts = drafts[:n]
    if rng.random() < 0.3:
        drafts[-1] = Draft("code", "")  # the empty cell a notebook so often ends with
    return drafts


def execution_counts(drafts: list[Draft], rng: random.Random) -> list[int | None]:
    """Counts per cell (None for markdown, unexecuted and some empty cells)."""
    code_cells = [i for i, d in enumerate(drafts) if d.cell_type == "code"]
    counts: list[int | None] = [None] * len(drafts)
    if rng.random() < 0.12 or not code_cells:  # saved without being run (or cleared)
        return counts
    counter = 1 if rng.random() < 0.75 else rng.randint(2, 40)  # a restarted kernel skips
    unexecuted = rng.choice((0.0, 0.0, 0.02, 0.1))
    tail = len(code_cells) - rng.randint(1, 6) if rng.random() < 0.15 else len(code_cells)
    for position, i in enumerate(code_cells):
        empty = not drafts[i].source.strip()
        if position >= tail or rng.random() < unexecuted or (empty and rng.random() < 0.5):
            continue
        counts[i] = counter
        counter += 1 + (rng.randint(1, 6) if rng.random() < 0.06 else 0)
    executed = [i for i in code_cells if counts[i] is not None]
    if len(executed) > 2 and rng.random() < 0.38:  # some cells re-run after later ones
        for i in rng.sample(executed[:-1], min(len(executed) - 1, rng.randint(1, 4))):
            counts[i] = counter
            counter += 1
    return counts


def cell_id(rng: random.Random, used: set[str]) -> str:
    while True:
        new = f"{rng.getrandbits(32):08x}" if rng.random() < 0.7 else f"{rng.getrandbits(128):032x}"
        if new not in used:
            used.add(new)
            return new


def cell_metadata(draft: Draft, index: int, rng: random.Random) -> dict[str, Any]:
    if index == 1 and draft.cell_type == "code" and draft.source.startswith("alpha = "):
        return {"tags": ["parameters"]}
    x = rng.random()
    if x < 0.04:
        return {"collapsed": False}
    if x < 0.06:
        return {"scrolled": True}
    if x < 0.07:
        return {"jupyter": {"source_hidden": True}}
    return {}


def build_notebook(rng: random.Random, n: int) -> dict[str, Any]:
    plan = Plan(rng)
    r_kernel = rng.random() < 0.008
    drafts = draft_cells(plan, n)
    if r_kernel:  # a non-Python kernel: the analysis must skip it
        drafts = [
            d
            if d.cell_type == "markdown"
            else Draft("code", 'df <- read.csv("data.csv")\nsummary(df)')
            for d in drafts
        ]
    counts = execution_counts(drafts, rng)
    minor = rng.choice((2, 4, 4, 4, 5, 5, 5, 5))
    with_ids = minor >= 5 or rng.random() < 0.05  # ids in 4.4: a schema violation seen in the wild
    used: set[str] = set()
    cells = []
    for index, (draft, count) in enumerate(zip(drafts, counts, strict=True)):
        cell: dict[str, Any] = {
            "cell_type": draft.cell_type,
            "metadata": cell_metadata(draft, index, rng),
            "source": lines(draft.source),
        }
        if draft.cell_type == "code":
            cell["execution_count"] = count
            cell["outputs"] = (
                render(draft.outputs, count, rng) if count is not None and not r_kernel else []
            )
        if with_ids:
            cell["id"] = cell_id(rng, used)
        cells.append(cell)
    return {
        "cells": cells,
        "metadata": notebook_metadata(rng, r_kernel),
        "nbformat": 4,
        "nbformat_minor": minor,
    }


def notebook_metadata(rng: random.Random, r_kernel: bool) -> dict[str, Any]:
    if r_kernel:
        return {"kernelspec": R_KERNEL, "language_info": {"name": "R", "version": "4.3.1"}}
    version = rng.choice(("3.8.10", "3.9.16", "3.10.12", "3.11.5", "3.12.2"))
    metadata: dict[str, Any] = {
        "kernelspec": PYTHON_KERNEL,
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": version,
        },
    }
    if rng.random() < 0.2:
        metadata["toc"] = {
            "base_numbering": 1,
            "nav_menu": {},
            "number_sections": True,
            "toc_cell": False,
        }
    return metadata


def notebook_path(index: int, rng: random.Random) -> str:
    if index == 0:
        return REFERENCE_NOTEBOOK
    folder = f"project_{index % 25:02d}"
    stem = rng.choice(
        ("analysis", "eda", "model", "scratch", "exploration", "report", "v2", "final")
    )
    return os.path.join(folder, f"{index:04d}_{stem}.ipynb")


def generate(out_dir: str, count: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Write `count` notebooks under `out_dir`; returns the manifest (also written there)."""
    _remove_previous(out_dir)
    files, total_cells, total_bytes = [], 0, 0
    for index in range(count):
        rng = random.Random(f"jupyter-prod-bench:{seed}:{index}")
        n = 300 if index == 0 else cell_count(rng)
        relative = notebook_path(index, rng)
        text = (
            json.dumps(build_notebook(rng, n), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        )
        path = os.path.join(out_dir, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        files.append(relative)
        total_cells += n
        total_bytes += len(text.encode("utf-8"))
    manifest = {
        "generator": GENERATOR_VERSION,
        "count": count,
        "seed": seed,
        "cells": total_cells,
        "bytes": total_bytes,
        "files": files,
    }
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
    return manifest


def notebooks_in(out_dir: str) -> list[str]:
    """Paths of the notebooks the manifest in `out_dir` lists."""
    with open(os.path.join(out_dir, MANIFEST), encoding="utf-8") as handle:
        return [os.path.join(out_dir, relative) for relative in json.load(handle)["files"]]


def _remove_previous(out_dir: str) -> None:
    try:
        with open(os.path.join(out_dir, MANIFEST), encoding="utf-8") as handle:
            previous = json.load(handle).get("files", [])
    except (OSError, ValueError):
        return
    for relative in previous:
        try:
            os.remove(os.path.join(out_dir, relative))
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", metavar="OUT_DIR")
    parser.add_argument(
        "--count", type=int, default=1000, help="number of notebooks (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    manifest = generate(args.out_dir, args.count, args.seed)
    print(
        f"{manifest['count']} notebooks, {manifest['cells']} cells, "
        f"{manifest['bytes'] / 1e6:.1f} MB in {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
