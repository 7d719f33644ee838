"""Realistic notebooks for the end-to-end export tests, with their data in
`tests/fixtures/export/realistic/data/`. The fixtures are these specs, executed once (so
they carry the outputs a data scientist would have saved):

    python tests/export/export_realistic.py      # rewrites tests/fixtures/export/realistic/*.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FOLDER = HERE.parents[0] / "fixtures" / "export" / "realistic"

NOTEBOOKS: dict[str, list[Any]] = {
    # pandas: cleaning in place, a merge, features by item assignment, functions that read
    # notebook globals, a summary written to disk and a plot.
    "retail_orders": [
        ("md", "# Retail orders: revenue by segment\n\nA weekly look at who buys what."),
        "import pandas as pd\nimport matplotlib.pyplot as plt\n%matplotlib inline",
        "MIN_QTY = 1\nBULK_QTY = 10\nVAT = 0.19",
        ("md", "## Load"),
        "orders = pd.read_csv('data/orders.csv', parse_dates=['order_date'])\n"
        "customers = pd.read_csv('data/customers.csv')\nprint(orders.shape, customers.shape)",
        ("md", "## Clean"),
        "orders.dropna(subset=['qty'], inplace=True)\norders['qty'] = orders['qty'].astype(int)\n"
        "orders = orders[orders.qty >= MIN_QTY]\norders.head()",
        "def gross(row):\n    # price with VAT, a notebook global\n    return round(row.qty * row.unit_price * (1 + VAT), 2)\n\n\n"
        "def is_bulk(qty):\n    return qty >= BULK_QTY",
        ("md", "## Features"),
        "orders['gross'] = orders.apply(gross, axis=1)\norders['bulk'] = orders.qty.map(is_bulk)\n"
        "enriched = orders.merge(customers, on='customer_id', how='left')\nenriched[['order_id', 'name', 'gross', 'bulk']]",
        ("md", "## Summary"),
        "summary = enriched.groupby('segment').agg(orders=('order_id', 'count'), gross=('gross', 'sum'))\n"
        "summary['share'] = (summary.gross / summary.gross.sum()).round(3)\nsummary = summary.sort_values('gross', ascending=False)\n"
        "summary.to_csv('summary.csv')\nsummary",
        "ax = summary.gross.plot.bar(title='Gross revenue by segment')\nplt.tight_layout()\nplt.show()",
    ],
    # numpy, no headings: a model class of the notebook fitted by a method call, a training
    # loop that appends to a list and updates weights in place.
    "sensor_model": [
        "import numpy as np\nimport pandas as pd",
        "LEARNING_RATE = 0.05\nEPOCHS = 40\nSEED = 7",
        "readings = pd.read_csv('data/sensors.csv')\nfeatures = readings[['temperature', 'pressure']].to_numpy()\n"
        "target = readings['load'].to_numpy()\nfeatures = (features - features.mean(axis=0)) / features.std(axis=0)\nfeatures[:3]",
        "class LinearModel:\n    \"\"\"Least squares by gradient descent.\"\"\"\n\n    def __init__(self, n_features, seed):\n"
        "        rng = np.random.default_rng(seed)\n        self.weights = rng.normal(0, 0.1, n_features)\n        self.bias = 0.0\n\n"
        "    def predict(self, x):\n        return x @ self.weights + self.bias\n\n"
        "    def step(self, x, y, lr):\n        error = self.predict(x) - y\n        self.weights -= lr * (x.T @ error) / len(y)\n"
        "        self.bias -= lr * error.mean()\n        return float((error ** 2).mean())",
        "model = LinearModel(features.shape[1], SEED)\nlosses = []",
        "for epoch in range(EPOCHS):\n    losses.append(model.step(features, target, LEARNING_RATE))\n"
        "print(f'first loss {losses[0]:.4f}, last loss {losses[-1]:.4f}')",
        "predictions = model.predict(features)\nresiduals = target - predictions\nnp.round(residuals, 3)",
        "print('weights', np.round(model.weights, 4), 'bias', round(model.bias, 4))",
    ],
    # A cell tagged `parameters`; dict and counter state changed by update and item
    # assignment; setext headings; magics and a %%time cell.
    "survey_report": [
        ("md", "Team survey\n==========="),
        {"cell_type": "code", "execution_count": None, "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": "survey_path = 'data/survey.csv'\nlow_score = 3"},
        "import csv\nfrom collections import Counter\n%load_ext autoreload\n%autoreload 2",
        ("md", "Read the answers\n----------------"),
        "with open(survey_path, newline='') as handle:\n    answers = list(csv.DictReader(handle))\nlen(answers)",
        ("md", "Scores per team\n---------------"),
        "%%time\nscores = {}\nfor answer in answers:\n    scores.setdefault(answer['team'], []).append(int(answer['satisfaction']))\n"
        "averages = {team: sum(s) / len(s) for team, s in sorted(scores.items())}",
        "stats = {'teams': len(averages)}\nstats.update(best=max(averages, key=averages.get), worst=min(averages, key=averages.get))\n"
        "unhappy = Counter()\nfor answer in answers:\n    if int(answer['satisfaction']) < low_score:\n        unhappy[answer['team']] += 1\n"
        "stats['unhappy'] = dict(unhappy)\nprint(stats)",
        ("md", "Comments\n--------"),
        "def shout(text):\n    return text.upper() + '!'\n\ncomments = [shout(a['comment']) for a in answers if a['comment']]\nfor line in comments:\n    print(line)",
    ],
    # pandas only, nothing that pandas API on Spark lacks: the Spark engine's sample job.
    "spark_sales": [
        ("md", "# Orders per product"),
        "import pandas as pd",
        "MIN_QTY = 1",
        ("md", "## Load"),
        "orders = pd.read_csv('data/orders.csv')\norders = orders[orders['qty'] >= MIN_QTY]",
        ("md", "## Totals"),
        "orders['cents'] = (orders['qty'] * orders['unit_price'] * 100).round().astype('int64')\n"
        "totals = orders.groupby('product')['cents'].sum().sort_index()\nprint(totals.to_string())\nprint('all', int(totals.sum()))",
    ],
}


def build(folder: Path = FOLDER) -> None:
    """Write each notebook and run it once in a fresh kernel, in `folder`, keeping its outputs."""
    sys.path.insert(0, str(HERE.parent))
    import nbformat
    from helpers import notebook
    from nbclient import NotebookClient

    for name, cells in NOTEBOOKS.items():
        document = nbformat.from_dict(notebook(*cells, executed=False))
        NotebookClient(document, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()  # fmt: skip
        for cell in document.cells:
            cell.get("metadata", {}).pop("execution", None)
        (folder / f"{name}.ipynb").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    (folder / "summary.csv").unlink(missing_ok=True)


if __name__ == "__main__":
    build()
