# ruff: noqa
# PD002 unsupported-parameter: keywords pandas accepts and pyspark's signature lacks.
import numpy as np
import pandas as pd

# %%
orders = pd.read_csv("s3://bucket/orders.csv", storage_options={"anon": True})  # [PD002]
orders.groupby("store", sort=False)["net"].sum()  # [PD002]
orders.describe(include="all")  # [PD002]
matrix = orders.to_numpy(dtype=float)  # [PD002, PD007:warning]

# %%
# supported parameters, and look-alikes with the same keyword names
orders.groupby("store", as_index=False)["net"].sum()
orders.sort_values("net", ascending=False)
zeros = np.zeros(3, dtype=float)
settings = dict(sort=False)
sorted([3, 1], key=len)

# %%
# parameters that change nothing on Spark; one that pyspark passes on to Spark and ignores
orders.to_csv("out.csv", index=False)
orders.to_parquet("out.parquet", index=False)
raw = pd.read_csv("data/raw.csv", low_memory=False)
skipped = pd.read_csv("data/raw.csv", skiprows=2)  # [PD002]
orders.to_csv("with_index.csv", index=True)  # [PD002]
orders.boxplot(column="net", by="store", figsize=(8, 4))
orders.hist(bins=30, figsize=(10, 6))
