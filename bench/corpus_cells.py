"""Cell builders for the benchmark corpus: what a data scientist's notebook cells look like.

A `Plan` holds one notebook's vocabulary (dataset, frame and model names, the helpers defined
so far) and a seeded `random.Random`; each section builder returns `Draft`s: a cell's type,
its source, and what running it printed (rendered to nbformat outputs by `corpus_outputs.py`).
The sections vary names, columns, numbers and order so the corpus is not one template repeated.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Any

from corpus_vocabulary import (
    CATEGORY_WORDS,
    CLASS_NAMES,
    FRAME_NAMES,
    HEADINGS,
    MODEL_NAMES,
    NOUNS,
    PACKAGES,
    PROSE,
    TOPICS,
    USERS,
    VERBS,
    Topic,
)


@dataclass
class Draft:
    """One cell before rendering; `outputs` are ("stream", name, text), ("table", columns, rows),
    ("value", text), ("plot",) or ("error", ename, evalue) tuples."""

    cell_type: str
    source: str
    outputs: list[tuple[Any, ...]] = field(default_factory=list)


def md(text: str) -> Draft:
    return Draft("markdown", text)


def code(source: str, *outputs: tuple[Any, ...]) -> Draft:
    return Draft("code", source, list(outputs))


class Plan:
    """One notebook's vocabulary and state, drawn from its own seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topic: Topic = rng.choice(TOPICS)
        self.df = rng.choice(FRAME_NAMES)
        self.model = rng.choice(MODEL_NAMES)
        self.X, self.y = rng.choice((("X", "y"), ("X", "y"), ("features", "target"), ("X_all", "y_all")))
        self.user = rng.choice(USERS)
        self.seaborn = rng.random() < 0.5
        self.pathlib = rng.random() < 0.4
        self.helpers: list[str] = []
        self.split_done = False
        self.absolute_paths = rng.random() < 0.2

    # ---------------------------------------------------------------- small draws
    def num(self) -> str:
        return self.rng.choice(self.topic.numeric)

    def cat(self) -> str:
        return self.rng.choice(self.topic.categorical)

    def cols(self, k: int) -> list[str]:
        pool = list(self.topic.numeric + self.topic.categorical)
        return self.rng.sample(pool, min(k, len(pool)))

    def quantile(self) -> str:
        return self.rng.choice(("0.01", "0.05", "0.95", "0.99", "0.999"))

    def fn_name(self) -> str:
        return f"{self.rng.choice(VERBS)}_{self.rng.choice(NOUNS)}"

    def data_path(self) -> str:
        file = self.rng.choice(self.topic.files)
        if self.absolute_paths and self.rng.random() < 0.6:
            return self.rng.choice((
                f"/Users/{self.user}/projects/{self.topic.name}/data/{file}",
                f"/home/{self.user}/work/{self.topic.name}/{file}",
                f"C:\\\\Users\\\\{self.user}\\\\Downloads\\\\{file}",
                f"~/Downloads/{file}",
            ))
        return self.rng.choice((f"data/{file}", f"../data/{file}", file, f"input/{file}"))

    def is_classifier(self) -> bool:
        return self.topic.task == "classification"

    def shape(self) -> str:
        return f"({self.rng.randint(300, 250_000)}, {self.rng.randint(6, 40)})"


# -------------------------------------------------------------------- opening cells
def intro(p: Plan) -> list[Draft]:
    r = p.rng
    title = r.choice((p.topic.title, f"{p.topic.title} analysis", f"{p.topic.title}: exploration",
                      f"{p.topic.title} model v{r.randint(1, 5)}"))
    lines = [f"# {title}", ""]
    if r.random() < 0.4:
        lines += [f"*Author: {p.user}*, last updated 20{r.randint(18, 25)}-{r.randint(1, 12):02d}", ""]
    lines.append(r.choice(PROSE))
    return [md("\n".join(lines))]


def imports(p: Plan) -> list[Draft]:
    r = p.rng
    head = ["import os"] if r.random() < 0.5 else []
    head += ["import numpy as np", "import pandas as pd", "import matplotlib.pyplot as plt"]
    if p.seaborn:
        head.append("import seaborn as sns")
    if p.pathlib:
        head.append("from pathlib import Path")
    task = "Classifier" if p.is_classifier() else "Regressor"
    sk = [
        "from sklearn.model_selection import train_test_split",
        f"from sklearn.ensemble import RandomForest{task}",
        "from sklearn.preprocessing import StandardScaler",
    ]
    sk.append("from sklearn.metrics import accuracy_score, f1_score, roc_auc_score" if p.is_classifier()
              else "from sklearn.metrics import mean_absolute_error, r2_score")
    cells = []
    if r.random() < 0.6:
        head += sk
    else:
        cells.append(code("\n".join(sk)))
    if r.random() < 0.5:
        head += ["", "import warnings", 'warnings.filterwarnings("ignore")']
    if r.random() < 0.4:
        head.append(f'pd.set_option("display.max_columns", {r.choice((50, 100, None))})')
    return [code("\n".join(head)), *cells]


def magics(p: Plan) -> list[Draft]:
    r = p.rng
    cells = []
    if r.random() < 0.7:
        cells.append(code("%matplotlib inline"))
    if r.random() < 0.25:
        cells.append(code("%load_ext autoreload\n%autoreload 2"))
    if r.random() < 0.3:
        pkgs = r.sample(PACKAGES, r.randint(1, 3))
        text = "".join(f"Requirement already satisfied: {k} in /opt/conda/lib/python3.10/site-packages "
                       f"({r.randint(0, 3)}.{r.randint(0, 20)}.{r.randint(0, 9)})\n" for k in pkgs)
        cells.append(code(f"{r.choice(('!pip install -q', '%pip install', '!pip install'))} {' '.join(pkgs)}",
                          ("stream", "stdout", text)))
    return cells


def load(p: Plan) -> list[Draft]:
    r, t = p.rng, p.topic
    path = p.data_path()
    reader = "read_parquet" if path.endswith(".parquet") else "read_excel" if path.endswith(".xlsx") else (
        "read_json" if path.endswith((".json", ".jsonl")) else "read_csv")
    extra = f', parse_dates=["{t.date}"]' if t.date and reader == "read_csv" and r.random() < 0.5 else ""
    if reader == "read_csv" and path.endswith(".tsv"):
        extra += ', sep="\\t"'
    if p.pathlib and not path.startswith(("/", "C:", "~")):
        folder, _, name = path.rpartition("/")
        src = f'DATA_DIR = Path("{folder or "."}")\n{p.df} = pd.{reader}(DATA_DIR / "{name}"{extra})'
    else:
        src = f'{p.df} = pd.{reader}("{path}"{extra})'
    cells = [code(src + f"\nprint({p.df}.shape)", ("stream", "stdout", p.shape() + "\n"))]
    if r.random() < 0.3:
        other = r.choice(t.files)
        key = p.cat()
        cells.append(code(f'lookup = pd.read_csv("data/{other}")\n'
                          f'{p.df} = {p.df}.merge(lookup, on="{key}", how="{r.choice(("left", "inner"))}")\n'
                          f"{p.df}.shape", ("value", p.shape())))
    return cells


# -------------------------------------------------------------------- body sections
def explore(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    options = [
        lambda: code(f"{df}.head({r.choice(('', '10', '3'))})", ("table", p.cols(r.randint(5, 12)), r.choice((5, 10, 3)))),
        lambda: code(f"{df}.describe()", ("table", list(p.topic.numeric), 8)),
        lambda: code(f"{df}.shape", ("value", p.shape())),
        lambda: code(f"{df}.info()", ("stream", "stdout", _info_text(p))),
        lambda: code(f'{df}["{p.cat()}"].value_counts()', ("value", _series_text(p, 6))),
        lambda: code(f"{df}.isna().sum()", ("value", _series_text(p, len(p.topic.numeric), ints=True))),
        lambda: code(f"{df}.dtypes", ("value", _series_text(p, 8, dtypes=True))),
        lambda: code(f"for col in {p.topic.categorical!r}:\n    print(col, {df}[col].nunique())",
                     ("stream", "stdout", "".join(f"{c} {r.randint(2, 60)}\n" for c in p.topic.categorical))),
        lambda: code(f"{df}.sample({r.randint(3, 10)}, random_state={r.randint(0, 99)})",
                     ("table", p.cols(r.randint(4, 10)), 5)),
        lambda: code(f'{df}.groupby("{p.cat()}")["{p.num()}"].agg(["mean", "median", "count"])',
                     ("table", ["mean", "median", "count"], r.randint(3, 8))),
        lambda: code(f"{df}.columns.tolist()", ("value", repr(p.cols(8)))),
        lambda: code(f"{df}[{p.cols(3)!r}].corr()", ("table", p.cols(3), 3)),
        lambda: code(f"display({df}.tail())", ("table", p.cols(6), 5, "display")),
        lambda: code(f'{df}.query("{p.num()} > {r.randint(0, 500)}").shape', ("value", p.shape())),
        lambda: code(f'pd.crosstab({df}["{p.cat()}"], {df}["{p.cat()}"])', ("table", list(CATEGORY_WORDS[:r.randint(2, 6)]), r.randint(2, 6))),
    ]
    return [r.choice(options)() for _ in range(r.randint(1, 4))]


def clean(p: Plan) -> list[Draft]:
    r, df, t = p.rng, p.df, p.topic
    n, c = p.num(), p.cat()
    options = [
        lambda: code(f"{df} = (\n    {df}.dropna(subset=[\"{n}\"])\n"
                     f"    .assign({n}=lambda d: d[\"{n}\"].astype(float))\n"
                     f"    .query(\"{n} > 0\")\n    .reset_index(drop=True)\n)"),
        lambda: code(f'{df}["{n}"] = {df}["{n}"].fillna({df}["{n}"].{r.choice(("median", "mean"))}())'),
        lambda: code(f"before = len({df})\n{df} = {df}.drop_duplicates()\nprint(f\"dropped {{before - len({df})}} duplicates\")",
                     ("stream", "stdout", f"dropped {r.randint(0, 900)} duplicates\n")),
        lambda: code(f'{df}["{t.date or "created_at"}"] = pd.to_datetime({df}["{t.date or "created_at"}"], errors="coerce")'),
        lambda: code(f'{df}.columns = [c.strip().lower().replace(" ", "_") for c in {df}.columns]'),
        lambda: code(f'upper = {df}["{n}"].quantile({p.quantile()})\n{df} = {df}[{df}["{n}"] <= upper]\nlen({df})',
                     ("value", str(r.randint(300, 90_000)))),
        lambda: code(f'{df}.drop(columns={p.cols(2)!r}, inplace=True)'),
        lambda: code(f'{df}["{c}"] = {df}["{c}"].str.strip().str.lower().replace({{"n/a": None, "": None}})'),
        lambda: code(f'{df}["{n}"] = {df}["{n}"] * {r.choice(("1.1", "100", "0.001", "2"))}'),  # not idempotent
        lambda: code(f'{df} = {df}.rename(columns={{"{n}": "{n}_raw"}})\n{df}["{n}"] = {df}["{n}_raw"].clip(lower=0)'),
        lambda: code(f'mask = {df}["{n}"].isna() | ({df}["{n}"] < 0)\nprint(mask.sum())\n{df} = {df}.loc[~mask].copy()',
                     ("stream", "stdout", f"{r.randint(0, 500)}\n")),
    ]
    return [r.choice(options)() for _ in range(r.randint(1, 4))]


def features(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    name = p.fn_name()
    p.helpers.append(name)
    n, c = p.num(), p.cat()
    kind = r.randrange(4)
    if kind == 0:
        body = (f'def {name}(frame, col="{p.topic.date or n}"):\n'
                f'    """{r.choice(("Add", "Derive", "Build"))} calendar features from `col`."""\n'
                f"    frame = frame.copy()\n    when = pd.to_datetime(frame[col])\n"
                f'    frame["year"] = when.dt.year\n    frame["month"] = when.dt.month\n'
                f'    frame["weekday"] = when.dt.dayofweek\n    frame["is_weekend"] = frame["weekday"] >= 5\n'
                f"    return frame\n")
    elif kind == 1:
        body = (f"def {name}(series, lower={p.quantile()}, upper={p.quantile()}):\n"
                f'    """Clip `series` to its [lower, upper] quantiles.\n\n'
                f"    Returns a new series; the input is not modified.\n    \"\"\"\n"
                f"    lo, hi = series.quantile([lower, upper])\n    return series.clip(lo, hi)\n")
    elif kind == 2:
        body = (f"def {name}(frame, columns, min_count={r.randint(5, 100)}):\n"
                f'    """One-hot encode `columns`, grouping rare levels into "other"."""\n'
                f"    out = frame.copy()\n    for col in columns:\n"
                f"        counts = out[col].value_counts()\n        rare = counts[counts < min_count].index\n"
                f'        out.loc[out[col].isin(rare), col] = "other"\n'
                f"    return pd.get_dummies(out, columns=columns, drop_first=True)\n")
    else:
        cls = r.choice(CLASS_NAMES)
        p.helpers[-1] = cls
        body = (f"class {cls}:\n    \"\"\"{r.choice(('Reusable', 'Stateful', 'Simple'))} transformer for the {p.topic.name} data.\"\"\"\n\n"
                f"    def __init__(self, columns=None, scale={r.choice(('True', 'False'))}):\n"
                f"        self.columns = columns or []\n        self.scale = scale\n        self.stats_ = {{}}\n\n"
                f"    def fit(self, frame):\n        for col in self.columns:\n"
                f"            self.stats_[col] = (frame[col].mean(), frame[col].std())\n        return self\n\n"
                f"    def transform(self, frame):\n        frame = frame.copy()\n"
                f"        for col, (mean, std) in self.stats_.items():\n"
                f"            frame[col] = (frame[col] - mean) / (std or 1.0) if self.scale else frame[col] - mean\n"
                f"        return frame\n")
    cells = [code(body)]
    use = {
        0: f"{df} = {name}({df})\n{df}.head()",
        1: f'{df}["{n}"] = {name}({df}["{n}"])',
        2: f"{df} = {name}({df}, [\"{c}\"])\n{df}.shape",
        3: f"builder = {p.helpers[-1]}(columns={list(p.topic.numeric[:3])!r}).fit({df})\n{df} = builder.transform({df})",
    }[kind]
    out = {0: ("table", p.cols(8), 5), 2: ("value", p.shape())}.get(kind)
    cells.append(code(use, *([out] if out else [])))
    if r.random() < 0.4:
        cells.append(code(f"ratios = {{col: {df}[col].mean() / ({df}[col].std() or 1) for col in {list(p.topic.numeric[:3])!r}}}\n"
                          f"sorted(ratios.items(), key=lambda kv: kv[1], reverse=True)",
                          ("value", repr([(col, round(r.uniform(0, 5), 3)) for col in p.topic.numeric[:3]]))))
    return cells


def plots(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    n, c = p.num(), p.cat()
    size = f"figsize=({r.choice((6, 8, 10, 12, 14))}, {r.choice((4, 5, 6, 8))})"
    options = [
        lambda: code(f'{df}["{n}"].hist(bins={r.choice((20, 30, 50, 100))})\nplt.title("{n}")\nplt.show()', ("plot",)),
        lambda: code(f"fig, ax = plt.subplots({size})\n{df}.plot.scatter(x=\"{n}\", y=\"{p.num()}\", ax=ax, alpha=0.3)\n"
                     f'ax.set_title("{n} vs target")\nplt.tight_layout()', ("plot",)),
        lambda: code(f'{df}.groupby("{c}")["{n}"].mean().sort_values().plot(kind="barh", {size})', ("value", "<Axes: ylabel='" + c + "'>"), ("plot",)),
        lambda: code((f"plt.figure({size})\nsns.heatmap({df}.corr(numeric_only=True), annot=True, cmap=\"coolwarm\")"
                      if p.seaborn else f"plt.matshow({df}.corr(numeric_only=True))\nplt.colorbar()"), ("plot",)),
        lambda: code(f"cols = {list(p.topic.numeric[:4])!r}\nfig, axes = plt.subplots(1, len(cols), {size})\n"
                     f"for ax, col in zip(axes, cols):\n    ax.hist({df}[col].dropna(), bins=30)\n    ax.set_title(col)\nplt.show()", ("plot",)),
        lambda: code((f'{df}.set_index("{p.topic.date}")["{n}"].resample("{r.choice(("D", "W", "M"))}").sum().plot({size})'
                      if p.topic.date else f'{df}.boxplot(column="{n}", by="{c}", {size})'), ("value", "<Axes>"), ("plot",)),
        lambda: code((f'sns.countplot(data={df}, x="{c}")' if p.seaborn else f'{df}["{c}"].value_counts().plot.bar()')
                     + f'\nplt.xticks(rotation={r.choice((45, 90))})', ("plot",)),
        lambda: code(f'plt.figure({size})\nfor name, group in {df}.groupby("{c}"):\n'
                     f'    plt.plot(group["{n}"].values[:{r.choice((100, 200, 500))}], label=str(name))\nplt.legend()\nplt.show()', ("plot",)),
    ]
    return [r.choice(options)() for _ in range(r.randint(1, 3))]


def model(p: Plan) -> list[Draft]:
    r, df, t, m = p.rng, p.df, p.topic, p.model
    X, y = p.X, p.y
    seed = f", random_state={r.choice((0, 1, 42, 2023, 7))}"
    cells = []
    if not p.split_done or r.random() < 0.3:
        p.split_done = True
        split_seed = seed if r.random() < 0.7 else ""
        cells.append(code(f'{X} = {df}.drop(columns=["{t.target}"]).select_dtypes("number")\n{y} = {df}["{t.target}"]\n'
                          f"X_train, X_test, y_train, y_test = train_test_split({X}, {y}, test_size={r.choice(('0.2', '0.25', '0.3'))}{split_seed})\n"
                          f"X_train.shape, X_test.shape", ("value", f"({p.shape()}, {p.shape()})")))
    task = "Classifier" if p.is_classifier() else "Regressor"
    est_seed = seed if r.random() < 0.6 else ""
    fit = f"{m} = RandomForest{task}(n_estimators={r.choice((100, 200, 500))}, max_depth={r.choice(('None', 8, 12))}{est_seed})\n{m}.fit(X_train, y_train)"
    if r.random() < 0.35:
        cpu = f"CPU times: user {r.uniform(0.5, 90):.2f} s, sys: {r.uniform(10, 900):.1f} ms, total: {r.uniform(1, 91):.2f} s\nWall time: {r.uniform(1, 91):.2f} s\n"
        cells.append(code("%%time\n" + fit, ("stream", "stdout", cpu), ("value", f"RandomForest{task}(n_estimators=200)")))
    else:
        cells.append(code(fit, ("value", f"RandomForest{task}(max_depth=8{est_seed})")))
    if p.is_classifier():
        metrics = (f"pred = {m}.predict(X_test)\nprint(\"accuracy\", accuracy_score(y_test, pred))\n"
                   f"print(\"f1\", f1_score(y_test, pred))")
        text = f"accuracy {r.uniform(0.6, 0.99):.4f}\nf1 {r.uniform(0.3, 0.9):.4f}\n"
    else:
        metrics = (f"pred = {m}.predict(X_test)\nprint(f\"MAE: {{mean_absolute_error(y_test, pred):.3f}}\")\n"
                   f"print(f\"R2:  {{r2_score(y_test, pred):.3f}}\")")
        text = f"MAE: {r.uniform(1, 5000):.3f}\nR2:  {r.uniform(0.1, 0.95):.3f}\n"
    cells.append(code(metrics, ("stream", "stdout", text)))
    if r.random() < 0.3:
        epochs = r.randint(20, 200)
        log = "".join(f"[{i:03d}] train_loss={1 / (i + 1) + r.random() / 10:.5f} valid_loss={1.2 / (i + 1) + r.random() / 8:.5f}\n"
                      for i in range(epochs))
        cells.append(code(f"history = []\nfor epoch in range({epochs}):\n    train_loss, valid_loss = run_epoch({m}, epoch)\n"
                          f"    history.append((train_loss, valid_loss))\n"
                          f'    print(f"[{{epoch:03d}}] train_loss={{train_loss:.5f}} valid_loss={{valid_loss:.5f}}")',
                          ("stream", "stdout", log)))
    if r.random() < 0.4:
        cells.append(code(f"importances = pd.Series({m}.feature_importances_, index={X}.columns).sort_values()\n"
                          f"importances.tail({r.randint(5, 20)}).plot.barh()\nplt.show()", ("plot",)))
    if r.random() < 0.25:
        cells.append(code(f"param_grid = {{\"n_estimators\": [100, 300], \"max_depth\": [4, 8, None]}}\n"
                          f"scores = {{}}\nfor n in param_grid[\"n_estimators\"]:\n    for d in param_grid[\"max_depth\"]:\n"
                          f"        est = RandomForest{task}(n_estimators=n, max_depth=d).fit(X_train, y_train)\n"
                          f"        scores[(n, d)] = est.score(X_test, y_test)\nmax(scores, key=scores.get)",
                          ("value", "(300, 8)")))
    return cells


def checks(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    options = [
        f'assert {df}["{p.cat()}"].notna().all()',
        f"assert not {df}.duplicated().any(), \"duplicates left\"",
        f"assert len({df}) > {r.randint(10, 1000)}",
        "assert len(X_train) == len(y_train)",
        f'assert {df}["{p.num()}"].between(0, {r.randint(100, 10**6)}).all(), "out of range"',
    ]
    return [code("\n".join(r.sample(options, r.randint(1, 3))))]


def numpy_bits(p: Plan) -> list[Draft]:
    r = p.rng
    options = [
        lambda: code(f"np.random.seed({r.choice((0, 42, 123))})\nnoise = np.random.normal(0, 1, size=len({p.df}))"),
        lambda: code(f"rng = np.random.default_rng({r.randint(0, 999)})\nidx = rng.choice(len({p.df}), size={r.randint(100, 5000)}, replace=False)\nsubset = {p.df}.iloc[idx]"),
        lambda: code(f"values = {p.df}[\"{p.num()}\"].to_numpy()\nnp.percentile(values, [5, 50, 95])",
                     ("value", f"array([{r.uniform(0, 10):.3f}, {r.uniform(10, 100):.3f}, {r.uniform(100, 999):.3f}])")),
        lambda: code("import random\nsample_ids = random.sample(range(1000), 10)\nsample_ids",
                     ("value", repr(r.sample(range(1000), 10)))),
        lambda: code(f"z = ({p.df}[\"{p.num()}\"] - {p.df}[\"{p.num()}\"].mean()) / {p.df}[\"{p.num()}\"].std()\n(np.abs(z) > 3).sum()",
                     ("value", str(r.randint(0, 400)))),
    ]
    return [r.choice(options)()]


def loops(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    c = p.cat()
    groups = "".join(f"{w} {r.randint(10, 9000)}\n" for w in r.sample(list(string.ascii_uppercase), 4))
    options = [
        lambda: code(f'for i, (name, group) in enumerate({df}.groupby("{c}")):\n    if i >= 4:\n        break\n'
                     f"    print(name, len(group))", ("stream", "stdout", groups)),
        lambda: code(f"missing = {{col: int(n) for col, n in {df}.isna().sum().items() if n > 0}}\nmissing",
                     ("value", repr({col: r.randint(1, 900) for col in p.cols(3)}))),
        lambda: code(f"total = 0\nfor value in {df}[\"{p.num()}\"]:\n    if value > 0:\n        total += value\ntotal",
                     ("value", f"{r.uniform(1e3, 1e7):.2f}")),
        lambda: code(f"try:\n    {df}[\"{p.num()}_log\"] = np.log1p({df}[\"{p.num()}\"])\nexcept (TypeError, ValueError) as err:\n    print(\"skip:\", err)"),
        lambda: _while_loop(r.randint(3, 10)),
        lambda: code("count += 1\ncount", ("value", str(r.randint(1, 9)))),  # kernel-only state
    ]
    return [r.choice(options)()]


def _while_loop(limit: int) -> Draft:
    return code(f"counter = 0\nwhile counter < {limit}:\n    counter += 1\nprint(counter)", ("stream", "stdout", f"{limit}\n"))


def save(p: Plan) -> list[Draft]:
    r, df = p.rng, p.df
    options = [
        f'{df}.to_csv("output/{p.topic.name}_clean.csv", index=False)',
        f'{df}.to_parquet("data/processed/{p.topic.name}.parquet")',
        f'import joblib\njoblib.dump({p.model}, "models/{p.model}_{r.randint(1, 9)}.joblib")',
        f'import json\nwith open("metrics.json", "w") as fh:\n    json.dump({{"rows": len({df})}}, fh, indent=2)',
        f'{df}.to_csv("/home/{p.user}/shared/{p.topic.name}_export.csv")',
    ]
    return [code(r.choice(options))]


def oddities(p: Plan) -> list[Draft]:
    """IPython syntax, undefined names, syntax errors, secrets: rarer and messier cells."""
    r, df = p.rng, p.df
    options = [
        lambda: code("%%bash\nls -lh data/ | head\nwc -l data/*.csv",
                     ("stream", "stdout", "".join(f"-rw-r--r-- 1 {p.user} staff {r.randint(1, 900)}M {f}\n" for f in p.topic.files))),
        lambda: code("files = !ls data\nfiles[:5]", ("value", repr(list(p.topic.files)))),
        lambda: code(f"%timeit {df}[\"{p.num()}\"].sum()", ("stream", "stdout", f"{r.uniform(50, 900):.0f} µs ± {r.uniform(1, 40):.1f} µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)\n")),
        lambda: code(f"{df}?"),
        lambda: code(f"{df}_old.shape", ("error", "NameError", f"name '{df}_old' is not defined")),
        lambda: code(f'{df}.groupby("{p.cat()}"))["{p.num()}"].sum()'),  # a real syntax error
        lambda: code(f"print({df}.shape"),
        lambda: code(f'{df}.loc[{df}["{p.cat()}"] == "x", "missing_col"]', ("error", "KeyError", "'missing_col'")),
        lambda: code(f"# {df} = {df}.sample(frac=0.1)\n# {df}.shape"),
        lambda: code(_secret(p)),
        lambda: code("_.shape" if r.random() < 0.5 else f"Out[{r.randint(2, 9)}]", ("value", p.shape())),
        lambda: code(""),
    ]
    return [r.choice(options)()]


def prose(p: Plan) -> Draft:
    r = p.rng
    if r.random() < 0.55:
        return md(f"{'#' * r.choice((2, 2, 3))} {r.choice(HEADINGS)}\n\n{r.choice(PROSE)}"
                  if r.random() < 0.5 else f"{'#' * r.choice((2, 3))} {r.choice(HEADINGS)}")
    return md("\n\n".join(r.sample(PROSE, r.randint(1, 3))))


SECTIONS = ((explore, 5), (clean, 4), (features, 3), (plots, 3), (model, 2), (checks, 1),
            (numpy_bits, 1), (loops, 2), (save, 1), (oddities, 2))


def body_section(p: Plan) -> list[Draft]:
    builders = [b for b, _ in SECTIONS]
    weights = [w for _, w in SECTIONS]
    return p.rng.choices(builders, weights)[0](p)


# -------------------------------------------------------------------- output text helpers
def _info_text(p: Plan) -> str:
    r, cols = p.rng, list(p.topic.numeric + p.topic.categorical)
    rows = r.randint(300, 90_000)
    lines = ["<class 'pandas.core.frame.DataFrame'>", f"RangeIndex: {rows} entries, 0 to {rows - 1}",
             f"Data columns (total {len(cols)} columns):", " #   Column  Non-Null Count  Dtype",
             "---  ------  --------------  -----"]
    for i, col in enumerate(cols):
        dtype = "float64" if col in p.topic.numeric else "object"
        lines.append(f" {i:<3} {col:<20} {rows - r.randint(0, 50)} non-null  {dtype}")
    lines.append(f"memory usage: {r.uniform(0.1, 80):.1f}+ MB")
    return "\n".join(lines) + "\n"


def _series_text(p: Plan, n: int, ints: bool = False, dtypes: bool = False) -> str:
    r = p.rng
    names = p.cols(n)
    values = [r.choice(("float64", "int64", "object", "datetime64[ns]")) if dtypes else
              str(r.randint(0, 5000)) if ints else f"{r.uniform(0, 100):.6f}" for _ in names]
    width = max(len(x) for x in names) + 4
    return "\n".join(f"{k:<{width}}{v}" for k, v in zip(names, values, strict=True)) + f"\ndtype: {'object' if dtypes else 'int64'}"


def _secret(p: Plan) -> str:
    r = p.rng
    token = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(r.choice((32, 40))))
    return r.choice((
        f'API_KEY = "{token}"\nheaders = {{"Authorization": f"Bearer {{API_KEY}}"}}',
        f'engine_url = "postgresql://{p.user.split(".")[0]}:{token[:12]}@db.internal:5432/analytics"',
        f'aws_secret_access_key = "{token}"',
    ))
