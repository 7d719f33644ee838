"""HO004 unseeded-randomness: draws with no seed before them; seeded ones stay silent."""

from __future__ import annotations

import pytest
from helpers import notebook, only

IMPORTS = (
    "import random\nimport numpy as np\nimport pandas as pd\nimport torch\nimport torch.nn as nn\n"
    "import tensorflow as tf\nfrom sklearn.ensemble import RandomForestClassifier as RFC\n"
    "from sklearn.model_selection import train_test_split as tts, KFold\n"
    "from sklearn.cluster import KMeans\nfrom sklearn.decomposition import PCA\n"
    "from sklearn.linear_model import LogisticRegression\nfrom numpy.random import permutation"
)

FLAGGED = [
    # (cell source, line, text the message must contain)
    ("noise = np.random.rand(10)", 1, "`np.random.rand` draws from numpy's global generator"),
    ("x = 1\nidx = np.random.choice(100, 10)", 2, "np.random.choice"),
    ("order = permutation(10)", 1, "`permutation`"),
    ("rng = np.random.default_rng()", 1, "`np.random.default_rng` has no seed"),
    ("rng = np.random.default_rng(seed=None)", 1, "has no seed"),
    ("ids = [1, 2]\nrandom.shuffle(ids)", 2, "Python's `random` module"),
    ("X_tr, X_te, y_tr, y_te = tts(X, y, test_size=0.2)", 1, "`tts` has no `random_state`"),
    ("clf = RFC(n_estimators=300,\n          max_depth=8)", 1, "`RFC` has no `random_state`"),
    ("km = KMeans(n_clusters=4, random_state=None)", 1, "`KMeans`"),
    ("cv = KFold(n_splits=5, shuffle=True)", 1, "`KFold`"),
    ("pca = PCA(10, svd_solver='randomized')", 1, "`PCA`"),
    ("lr = LogisticRegression(solver='saga')", 1, "`LogisticRegression`"),
    ("sample = df.sample(frac=0.1)", 1, "`df.sample` has no `random_state`"),
    ("few = df['x'].sample(5)", 1, "`.sample`"),
    ("w = torch.randn(3, 4)", 1, "torch's global generator"),
    ("layer = nn.Linear(10, 1)", 1, "starts from random weights"),
    ("torch.nn.init.xavier_uniform_(w)", 1, "torch.nn.init.xavier_uniform_"),
    ("z = tf.random.normal((2, 2))", 1, "TensorFlow's global generator"),
]

SILENT = [
    "rng = np.random.default_rng(42)\nx = rng.normal(size=3)\nrng.permutation(x)",
    "SEED = 7\nrng = np.random.default_rng(SEED)",
    "rng = np.random.default_rng(seed=7)",
    "np.random.seed(0)\nnoise = np.random.rand(10)",
    "random.seed(1)\nrandom.sample(range(10), 3)",
    "X_tr, X_te, y_tr, y_te = tts(X, y, test_size=0.2, random_state=0)",
    "parts = tts(X, y, shuffle=False)",
    "clf = RFC(random_state=42)",
    "params = {'random_state': 0}\nclf = RFC(**params)",
    "cv = KFold(n_splits=5)",
    "pca = PCA(10)",
    "lr = LogisticRegression(max_iter=500)",
    "sample = df.sample(frac=0.1, random_state=3)",
    "np.random.seed(0)\nsample = df.sample(frac=0.1)",
    "np.random.seed(0)\nclf = RFC()",
    "torch.manual_seed(0)\nw = torch.randn(3)\nlayer = nn.Linear(3, 1)",
    "tf.random.set_seed(0)\nz = tf.random.uniform((2,))",
    "zeros = torch.nn.init.zeros_(w)",
    "r = random.Random(5)\nr.sample(range(9), 2)",
    "arr = np.random.RandomState(0).rand(3)",
    "state = np.random.get_state()",
    "d = torch.distributions.Normal(0, 1)\nx = d.sample((100,))\ny = d.sample()",
    "picked = fruits.sample",  # not a call
]


@pytest.mark.parametrize(("source", "line", "expected"), FLAGGED)
def test_unseeded_draws_are_reported_on_their_line(source, line, expected):
    findings = only(notebook(IMPORTS, source), "HO004")

    assert [(f.cell, f.line) for f in findings] == [(1, line)]
    assert findings[0].severity == "warning"
    assert expected in findings[0].message


@pytest.mark.parametrize("source", SILENT)
def test_seeded_randomness_stays_silent(source):
    assert only(notebook(IMPORTS, source), "HO004") == []


def test_a_seed_must_come_before_the_draw_in_document_order():
    nb = notebook(
        IMPORTS, "noise = np.random.rand(3)", "np.random.seed(0)", "more = np.random.rand(3)"
    )
    assert [(f.cell, f.line) for f in only(nb, "HO004")] == [(1, 1)]


def test_a_seeding_helper_seeds_where_it_is_called():
    helper = "def seed_everything(seed=0):\n    random.seed(seed)\n    np.random.seed(seed)\n    torch.manual_seed(seed)"
    nb = notebook(
        IMPORTS, helper, "seed_everything(42)", "a = np.random.rand(2)\nb = torch.rand(2)"
    )
    assert only(nb, "HO004") == []


def test_draws_inside_functions_count_as_seeded_by_any_seed_of_the_notebook():
    model = "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)"
    assert only(notebook(IMPORTS, model, "torch.manual_seed(0)\nnet = Net()"), "HO004") == []
    [finding] = only(notebook(IMPORTS, model, "net = Net()"), "HO004")
    assert (finding.cell, finding.line) == (1, 4)


def test_the_same_call_twice_in_a_cell_is_reported_once():
    assert (
        len(only(notebook(IMPORTS, "a = np.random.rand(2)\nb = np.random.rand(3)"), "HO004")) == 1
    )


def test_random_state_fix_adds_the_keyword_before_the_closing_parenthesis():
    source = "clf = RFC(\n    n_estimators=10,\n)"
    [finding] = only(notebook(IMPORTS, "SEED = 1", source), "HO004")
    [edit] = finding.fix.edits
    assert finding.fix.safety == "unsafe"
    assert (edit.line, edit.column, edit.text) == (3, 1, " random_state=SEED")


def test_without_a_random_library_the_rule_does_nothing():
    assert (
        only(notebook("def sample(x):\n    return x", "df = sample(1)\ndf.sample(n=3)"), "HO004")
        == []
    )


def test_a_star_import_of_pandas_still_makes_sample_a_draw():
    source = "df = read_csv('data.csv')\nrows = df.sample(frac=0.1)"
    [finding] = only(notebook("from pandas import *", source), "HO004")
    assert (finding.cell, finding.line) == (1, 2)
    assert "random_state" in finding.message
