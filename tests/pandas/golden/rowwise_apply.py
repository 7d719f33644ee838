# ruff: noqa
# PD004 row-wise-apply: Python callables per row or value.
import numpy as np
import pandas as pd

# %%
orders = pd.read_csv("data/orders.csv")


def margin(row):
    return (row["price"] - row["cost"]) / row["price"]


def bucket(value) -> str:
    return "big" if value > 100 else "small"


orders["margin"] = orders.apply(margin, axis=1)  # [PD004:warning]
orders["size"] = orders["amount"].apply(bucket)  # [PD004:info]
orders["size2"] = orders["amount"].map(lambda v: "big" if v > 100 else "small")  # [PD004:warning]
orders["sku"] = orders["sku"].map(str.upper)  # [PD004]
rounded = orders[["price", "cost"]].applymap(lambda v: round(v, 2))  # [PD004]
as_text = orders["amount"].apply(str)  # [PD004]

# %%
# vectorised or distributed: not reported
orders["tier"] = orders["tier_code"].map({1: "gold", 2: "silver"})
orders["region"] = orders["store"].map(orders.set_index("store")["region"])
orders["log_amount"] = orders["amount"].apply(np.log1p)
column_sums = orders[["price", "cost"]].apply(np.sum)
per_store = orders.groupby("store").apply(lambda g: g["amount"].sum())
values = list(map(str, [1, 2, 3]))


class Pipeline:
    def apply(self, fn, axis=0):
        return fn


Pipeline().apply(margin, axis=1)

# %%
import json
from scipy.special import expit

orders["meta"] = orders["raw"].apply(json.loads)  # [PD004:warning]
orders["p"] = orders["score"].apply(expit)
mapping = dict(a=1)
orders["m"] = orders["code"].map(mapping)
