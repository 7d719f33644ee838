"""Four ordinary pandas notebooks, of the kinds people hand to Spark, with their data.

- `sales`: orders joined to stores (`merge`), net revenue per region and month (`pivot_table`),
  the best store per region;
- `features`: per-customer features from events: `to_datetime`, grouped `shift`/`cumsum`/
  `rolling`, a row-wise `apply`;
- `strings`: customer records cleaned: `.str` operations, `fillna` with a median,
  `drop_duplicates`;
- `lacking`: APIs pandas API on Spark lacks: `DataFrame.value_counts`, `pd.cut`, a Series
  GroupBy's `agg` with a list (the export's escape hatch runs them).
Each is written the way `check` leaves it (no PD009 or PD002 warning), prints its results
sorted (Spark rows have no order) and rounded.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

IMPORTS = "import pandas as pd"

NOTEBOOKS: dict[str, list[str]] = {
    "sales": [
        IMPORTS,
        'orders = pd.read_csv("orders.csv")\nstores = pd.read_csv("stores.csv")',
        'orders["net"] = orders["qty"] * orders["price"]\n'
        'sales = orders.merge(stores, on="store_id", how="left")',
        'by_month = sales.pivot_table(index=["region"], columns="month", values="net", aggfunc="sum")\n'
        "print(by_month.sort_index().round(2))",
        'per_store = sales.groupby(["region", "store_id"])["net"].sum().reset_index()\n'
        'best = per_store.sort_values("net", ascending=False).drop_duplicates(subset=["region"])\n'
        'best["net"] = best["net"].round(2)\n'
        'print(best.sort_values("region").to_string(index=False))',
    ],
    "features": [
        IMPORTS,
        'events = pd.read_csv("events.csv")\n'
        'events["ts"] = pd.to_datetime(events["ts"])\n'
        'events = events.sort_values(["customer", "ts"])',
        'events["previous"] = events.groupby("customer")["amount"].shift(1)\n'
        'events["running"] = events.groupby("customer")["amount"].cumsum()\n'
        'rolling = events.groupby("customer")["amount"].rolling(3, min_periods=1).mean()\n'
        'events["recent"] = rolling.reset_index(level=0, drop=True)\n'
        'events["weekday"] = events["ts"].dt.dayofweek\n'
        'events["size"] = events["amount"].apply(lambda amount: "big" if amount > 50 else "small")',
        'features = events.groupby("customer").agg({"amount": "sum", "running": "max", "previous": "mean",\n'
        '                                            "recent": "mean"})\n'
        'features["big_share"] = events.groupby("customer")["size"].apply(lambda s: (s == "big").mean())\n'
        "print(features.sort_index().round(2))\n"
        'print(events.groupby("weekday")["amount"].count().sort_index())',
    ],
    "strings": [
        IMPORTS,
        'customers = pd.read_csv("customers.csv")',
        'customers["name"] = customers["name"].str.strip().str.title()\n'
        'customers["email"] = customers["email"].str.strip().str.lower()\n'
        'customers["city"] = customers["city"].fillna("Unknown")\n'
        'customers["age"] = customers["age"].fillna(customers["age"].median())\n'
        'customers["initial"] = customers["name"].str.get(0)',
        'unique = customers.drop_duplicates(subset=["email"])\n'
        "print(len(unique))\n"
        'print(unique.groupby("city")["age"].mean().sort_index().round(2))\n'
        'print(unique["initial"].value_counts().sort_index())',
    ],
    "lacking": [
        IMPORTS,
        'payments = pd.read_csv("payments.csv")',
        'pairs = payments[["channel", "category"]].value_counts()\nprint(pairs.sort_index())',
        'payments["band"] = pd.cut(payments["amount"], bins=[0, 20, 50, 100, 1000], labels=False)\n'
        'print(payments.groupby("band")["amount"].count().sort_index())',
        'spread = payments.groupby("channel")["amount"].agg(["min", "max", "mean"])\n'
        "print(spread.sort_index().round(2))",
    ],
}


def write_data(folder: Path, rows: int = 400, seed: int = 18) -> None:
    """The CSV files the notebooks read (deterministic)."""
    rng = random.Random(seed)
    regions = {1: "north", 2: "south", 3: "east", 4: "west", 5: "north"}
    _csv(folder / "stores.csv", [{"store_id": s, "region": r} for s, r in regions.items()])
    _csv(folder / "orders.csv", [
        {"order_id": i, "store_id": rng.randint(1, 5), "month": rng.randint(1, 6),
         "qty": rng.randint(1, 9), "price": round(rng.uniform(1, 40), 2)} for i in range(rows)
    ])  # fmt: skip
    _csv(folder / "events.csv", [
        {"customer": f"c{i % 17:02d}", "ts": f"2024-03-{1 + i // 17:02d} {i % 24:02d}:00:00",
         "amount": round(rng.uniform(1, 100), 2)} for i in range(rows)
    ])  # fmt: skip
    names = ["  ann lee", "BOB RAY ", "carl  ", "dee fox", "eve", "finn OWEN"]
    cities = ["Paris", "Lyon", None, "Nice"]
    _csv(folder / "customers.csv", [
        {"id": i, "name": rng.choice(names), "email": f" User{i % 150}@Example.com ",
         "city": rng.choice(cities), "age": rng.choice([None, *range(18, 80)])}
        for i in range(rows + 1)
    ])  # fmt: skip
    _csv(folder / "payments.csv", [
        {"id": i, "channel": rng.choice(["web", "shop", "phone"]),
         "category": rng.choice(["food", "tech", "home"]), "amount": round(rng.uniform(1, 300), 2)}
        for i in range(rows)
    ])  # fmt: skip


def _csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_notebook(folder: Path, name: str) -> Path:
    """The notebook, run with pandas in a fresh kernel as its author would have (outputs saved)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in NOTEBOOKS[name]]
    NotebookClient(
        nb, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path
