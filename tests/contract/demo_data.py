"""The demo job of the contract tests: a notebook reading `sales.csv`, summing by city and
writing `totals.csv`, and the data it runs on, generated (seeded)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from helpers import notebook, write_notebook

ROWS = 400

DEMO = notebook(
    ("md", "# Sales"),
    "import pandas as pd\nINPUT = 'sales.csv'\nOUTPUT = 'totals.csv'",
    ("md", "## Read"),
    "sales = pd.read_csv(INPUT)",
    ("md", "## Sum"),
    "totals = sales.groupby('city', as_index=False)['amount'].sum()\nprint(len(totals))",
    ("md", "## Write"),
    "totals.to_csv(OUTPUT, index=False)",
)


def sales(seed: int = 0, rows: int = ROWS) -> pd.DataFrame:
    """Orders: a unique id, an amount, one of three cities, a channel and a score in [0, 1]."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "order_id": np.arange(1, rows + 1),
        "amount": rng.normal(100, 10, rows).round(2),
        "city": rng.choice(["Lyon", "Nice", "Paris"], rows),
        "channel": rng.choice(["shop", "web"], rows),
        "score": rng.beta(2, 5, rows).round(4),
    })  # fmt: skip


def changed(frame: pd.DataFrame) -> pd.DataFrame:
    """The four changes the contract must name: a renamed column (`channel` -> `source`),
    new nulls (`amount`), a new category (`Lille` in `city`), a shifted distribution (`score`)."""
    frame = frame.rename(columns={"channel": "source"})
    frame.loc[[3, 7, 11], "amount"] = np.nan
    frame.loc[[5, 9], "city"] = "Lille"
    frame["score"] = (frame["score"] * 0.5 + 0.35).round(4)  # inside [0, 1], further right
    return frame


def write_demo(folder: Path) -> Path:
    sales().to_csv(folder / "sales.csv", index=False)
    return write_notebook(folder, "sales.ipynb", DEMO)
