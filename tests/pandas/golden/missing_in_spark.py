# ruff: noqa
# PD001 missing-in-spark: by object kind, through aliases, copies and functions.
import numpy as np
import pandas as pd
from pandas import cut, read_csv

# %%
sales = pd.read_csv("data/sales.csv")
sales[["region", "channel"]].value_counts()  # [PD001]
sales["region"].value_counts()
sales.pivot_table(index="region", values="net", aggfunc="sum")  # [PD009:info]
pd.pivot_table(sales, index="region", values="net")  # [PD001]

# %%
clean = sales.dropna().copy()
clean.convert_dtypes()  # [PD001]
bands = cut(clean["age"], bins=[0, 18, 65, 120])  # [PD001]
other = read_csv("data/other.csv")
other.memory_usage(deep=True)  # [PD001]
pd.crosstab(sales["region"], sales["channel"])  # [PD001]

# %%
# SeriesGroupBy.agg is missing; the DataFrameGroupBy forms are supported
stats = sales.groupby("region")["net"].agg(["min", "max"])  # [PD001]
stats2 = sales.groupby("region").agg({"net": ["min", "max"]})
totals = sales.groupby("region")["net"].sum()
both = pd.concat([sales, other])
both.value_counts()  # [PD001]
merged = pd.merge(sales, other, on="id")
merged.set_axis(["a", "b"], axis=1)  # [PD001]


# %%
def load(path) -> pd.DataFrame:
    return pd.read_csv(path)


def summarise(frame: pd.DataFrame):
    return frame.value_counts()  # [PD001]


def untyped(frame):
    return frame.value_counts()


load("x.csv").to_sql("t", None)  # [PD001]


# %%
# look-alikes: never pandas
class Ledger:
    def value_counts(self):
        return {}

    def memory_usage(self):
        return 0


ledger = Ledger()
ledger.value_counts()
ledger.memory_usage()
counts = {"a": 1}
counts.values()
arr = np.arange(10)
arr.tolist()
unknown_thing.value_counts()
sales = ledger
sales.value_counts()

# %%
import pandas as pandas_lib

frame = pandas_lib.DataFrame({"a": [1, 2]})
frame.tz_localize("UTC")  # [PD001]
pandas_lib.qcut(frame["a"], 4)  # [PD001]

# %%
# the Titanic idiom: one loop over both frames
train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
combine = [train, test]
for dataset in combine:
    dataset["Title"] = dataset["Name"].str.extract(r" ([A-Za-z]+)\.", expand=False)  # [PD001]
    dataset.convert_dtypes()  # [PD001]
for label in ["a", "b"]:
    label.upper()

# %%
# a helper without annotations, called with a DataFrame: its body is read with that kind
def engineer(frame, bins=4):
    frame["band"] = frame["x"].rank()  # [PD005]
    return frame.memory_usage()  # [PD001]


usage = engineer(train)
engineer(counts)
