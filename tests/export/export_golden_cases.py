"""Golden export cases: each notebook here is exported (without a run) and every file of the
package, the job notebook's cells and the parameters are compared with
`tests/fixtures/export/<case>/`. Regenerate after a deliberate change with
`UPDATE_GOLDEN=1 pytest tests/export/test_export_golden.py`, then read the diff."""

from __future__ import annotations

from typing import Any

CASES: dict[str, list[Any]] = {
    # Every way the issue lists for state to change without `x = ...`: each must reach the
    # steps that read it (as an output of the step that changes it).
    "state_changes": [
        ("md", "# State that changes through method calls"),
        "import pandas as pd",
        "class MeanModel:\n    def __init__(self):\n        self.mean_ = None\n\n"
        "    def fit(self, values):\n        self.mean_ = sum(values) / len(values)\n        return self\n\n"
        "    def predict(self, n):\n        return [self.mean_] * n",
        ("md", "## Set up"),
        "log = []\nsettings = {'scale': 1}\nframe = pd.DataFrame({'a': [3, 1, 2], 'b': [1.0, None, 3.0]})\n"
        "model = MeanModel()\ntotal = 0",
        ("md", "## Change it"),
        "log.append('start')\nmodel.fit([1, 2, 3])\nframe.sort_values('a', inplace=True)\n"
        "settings.update(scale=2)\nframe['c'] = frame['a'] * settings['scale']\ntotal += len(frame)",
        ("md", "## Use it"),
        "print(log, settings, total)\nprint(model.predict(2))\nframe",
    ],
    # nbdev's failure: a function reading a global nobody exported. Here globals become
    # keyword-only parameters (transitively), constants stay module constants.
    "functions_reading_globals": [
        "import pandas as pd\nimport os",
        "RATE = 0.25\nLABELS = ('low', 'high')",
        "def net(price):\n    return price * (1 - RATE)\n\n\n"
        "def label(value):\n    return LABELS[int(value > threshold)]\n\n\n"
        "def describe(value):\n    # calls helpers that read globals\n    return f'{label(value)}:{net(value):.2f}'\n\n\n"
        "def load():\n    return pd.read_csv('data/prices.csv')",
        "prices = load()\nthreshold = prices.price.median()",
        "prices['net'] = prices.price.apply(net)\nprices['text'] = [describe(p) for p in prices.price]\nprices",
    ],
    # Magics and shell lines leave the module; `pip install` becomes a dependency.
    "magics": [
        "%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n!pip install requests\nimport math",
        "%time squares = [i * i for i in range(5)]",
        "%%time\ntotal = sum(squares)\nprint(total)",
        "%%bash\necho preparing",
        "root = math.sqrt(total)\n!echo done\nroot",
    ],
    # Steps follow the headings (ATX of any level, setext, HTML); code before the first
    # heading is a step of its own; prose cells stay in the job notebook.
    "markdown_sections": [
        "import statistics",
        "values = [4, 8, 15, 16, 23, 42]",
        ("md", "# Report\n\nSome words about the report."),
        ("md", "Load the numbers\n================"),
        "evens = [v for v in values if v % 2 == 0]",
        ("md", "A note between two cells of one section."),
        "odds = [v for v in values if v % 2]",
        ("md", "<h2>Spread</h2>"),
        "spread = statistics.pstdev(evens) - statistics.pstdev(odds)\nprint(round(spread, 3))",
        ("md", "### Final **numbers**"),
        "summary = {'evens': len(evens), 'odds': len(odds)}\nsummary",
    ],
    # Without headings each code cell is a step; a cell's last expression is shown unless a
    # `;` hides it; print calls are not wrapped.
    "no_headings": [
        "import json",
        "data = json.loads('{\"a\": 1, \"b\": 2}')\ndata",
        "keys = sorted(data)\nkeys;",
        "doubled = {k: v * 2 for k, v in data.items()}\nprint(doubled)",
        "len(doubled)",
    ],
    # A cell tagged `parameters` is kept (values annotated for papermill); paths in I/O calls
    # are still lifted into parameters.
    "parameters_cell": [
        "import pandas as pd",
        {"cell_type": "code", "execution_count": 2, "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": "# which rows to keep\nmin_qty = 2\nregion = 'north'  # or south\nweights = [1, 2]"},
        "orders = pd.read_csv('data/orders.csv')\norders = orders[(orders.qty >= min_qty) & (orders.region == region)]",
        "orders.to_csv('out/kept.csv', index=False)\nprint(len(orders), sum(weights))",
    ],
    # Comments stay with their code; a multi-line string keeps its value when indented into
    # a step; semicolon-separated statements are split.
    "comments_and_strings": [
        "# The year to report\nyear = 2024  # a whole year",
        "# build the query\nquery = \"\"\"SELECT *\n  FROM sales\nWHERE year = {year}\"\"\".format(\n    year=year,  # only this year\n)\n"
        "first = year - 1; last = year + 1  # two statements on a line",
        "print(query)\nprint(first, last)\n# done",
    ],
    # A title above all the code does not make one giant step: one step per code cell.
    "title_only": [
        ("md", "# Titanic - my first submission"),
        "import statistics",
        "ages = sorted([22, 38, 26, 35])\nprint(len(ages))",
        "mean_age = statistics.mean(ages)\nmean_age",
    ],
}
