"""Random numbers are drawn without a seed, so no two runs give the same results.

## What it does
Reports draws from numpy's global generator (`np.random.rand`, `choice`, `shuffle`...), from
Python's `random` module and from torch or TensorFlow, with no matching seed call
(`np.random.seed`, `random.seed`, `torch.manual_seed`, `tf.random.set_seed`, or a
`seed_everything` helper) earlier in the notebook; `np.random.default_rng()` without a seed;
and scikit-learn estimators and splitters (`train_test_split`, `RandomForestClassifier`,
`KMeans`, `KFold(shuffle=True)`...) and `DataFrame.sample` without `random_state`.
Seeded generators (`rng = np.random.default_rng(42)`, then `rng.normal(...)`) are fine.

## Why is this bad?
A job that retrains or resamples on every run produces a different split, model and metric
each time: results cannot be compared between runs, a regression cannot be told from noise,
and nobody can reproduce the number in the saved output.

## Example
```python
from sklearn.model_selection import train_test_split

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
```

## Use instead
```python
from sklearn.model_selection import train_test_split

SEED = 42
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=SEED)
```

## Fix safety
Unsafe, for `random_state`: adding it changes which rows and which model you get.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.scopes import Site
from ...findings.finding import Edit, Finding, Fix
from ..base import HANDOFF, rule
from ..words import code
from .calls import dotted_name, resolved_name
from .random_seeds import FunctionBodies, Seeds, calls_of
from .randomness import NUMPY, Draw, classify

_RANDOM_MODULES = (
    "numpy",
    "random",
    "sklearn",
    "torch",
    "tensorflow",
    "keras",
    "pandas",
    "pyspark",
    "umap",
    "imblearn",
    "polars",
)
_SAMPLE_KEYWORDS = frozenset(
    """
    n frac replace weights axis ignore_index random_state seed fraction withReplacement
    """.split()
)
_SEED_NAMES = ("SEED", "RANDOM_STATE", "RANDOM_SEED", "seed", "random_state")


@rule("HO004", "unseeded-randomness", HANDOFF, "warning")
def unseeded_randomness(facts: NotebookFacts) -> Iterator[Finding]:
    if not any(facts.imports_module(module) for module in _RANDOM_MODULES):
        return
    calls = {cell.index: calls_of(cell) for cell in facts.python_cells()}
    seeds: Seeds | None = None  # looked for on the first draw: many notebooks draw nothing
    for cell in facts.python_cells():
        draws = [(call, draw) for call in calls[cell.index] if (draw := _draw(facts, call))]
        if not draws:
            continue
        seeds = seeds or Seeds.collect(facts, calls)
        bodies = FunctionBodies(cell)
        reported: set[str] = set()
        for call, draw in sorted(draws, key=lambda d: (d[0].lineno, d[0].col_offset)):
            where = (cell.index, call.lineno + cell.line_offset, call.col_offset)
            if seeds.cover(draw.library, where, bodies.contain(call)):
                continue
            written = _written(call)
            if written not in reported:  # the same call again in this cell adds nothing
                reported.add(written)
                yield _finding(facts, cell, call, draw, written)


def _draw(facts: NotebookFacts, call: ast.Call) -> Draw | None:
    return classify(resolved_name(call.func, facts.imports), call) or _sample(facts, call)


def _finding(
    facts: NotebookFacts, cell: CellFacts, call: ast.Call, draw: Draw, written: str
) -> Finding:
    message = draw.message.format(call=code(written))
    message += f": every run gives different results; {draw.advice}"
    fix = _keyword_fix(facts, cell, call, draw.keyword_fix) if draw.keyword_fix else None
    return unseeded_randomness.at(cell, Site.of(call.func, cell.line_offset), message, fix=fix)


def _sample(facts: NotebookFacts, call: ast.Call) -> Draw | None:
    """`frame.sample(frac=0.1)` (pandas, pyspark) without `random_state`/`seed`."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "sample" or len(call.args) > 1:
        return None
    if resolved_name(func.value, facts.imports) is not None:
        return None  # `random.sample`, `np.random.sample`: module functions, classified above
    keywords = {k.arg for k in call.keywords}
    if None in keywords or not keywords <= _SAMPLE_KEYWORDS or keywords & {"random_state", "seed"}:
        return None
    if not call.args and not keywords or call.args and _not_a_count(call.args[0]):
        return None  # `dist.sample()`, `dist.sample((100,))`: torch/scipy distributions
    if not any(facts.imports_module(m) for m in ("pandas", "pyspark", "polars")):
        return None
    fix = "seed" if not facts.imports_module("pandas") else "random_state"
    return Draw(NUMPY, "{call} has no `" + fix + "`", f"pass `{fix}=SEED`", keyword_fix=fix)


def _not_a_count(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return True
    return isinstance(node, ast.Call) and (dotted_name(node.func) or "").endswith("Size")


def _written(call: ast.Call) -> str:
    name = dotted_name(call.func)
    if name is not None:
        return name
    return f".{call.func.attr}" if isinstance(call.func, ast.Attribute) else "this call"


def _keyword_fix(facts: NotebookFacts, cell: CellFacts, call: ast.Call, keyword: str) -> Fix | None:
    """Add `keyword=SEED` before the call's closing parenthesis."""
    lines = cell.cell.source.split("\n")
    line = (call.end_lineno or call.lineno) + cell.line_offset
    if not 0 < line <= len(lines) or call.end_col_offset is None:
        return None
    text = lines[line - 1]
    close = len(text.encode("utf-8")[: call.end_col_offset].decode("utf-8", "ignore")) - 1
    if close < 0 or text[close : close + 1] != ")":
        return None  # the cell was rewritten from IPython syntax: positions are not the source's
    before = "".join(lines[: line - 1]) + text[:close]
    last = before.rstrip()[-1:]
    seed = next((n for n in _SEED_NAMES if facts.dataflow.defined_anywhere(n)), "42")
    joiner = "" if last == "(" else (" " if last == "," else ", ")
    edit = Edit(
        "replace", cell.index, f"{joiner}{keyword}={seed}", line, close + 1, line, close + 1
    )
    return Fix(f"pass `{keyword}={seed}`", "unsafe", (edit,))
