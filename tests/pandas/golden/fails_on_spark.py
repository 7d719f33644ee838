# ruff: noqa
# PD009 fails-on-spark: supported APIs in forms that fail on Spark (probed on a real Spark).
import numpy as np
import pyspark.pandas as pd

# %%
sales = pd.read_csv("data/sales.csv")
by_region = sales.pivot_table(index="region", columns="month", values="net")  # [PD009:warning]
flat = sales.pivot_table(index=["region"], values="net", aggfunc="sum")  # [PD009]
last = sales["net"].iloc[-1]  # [PD006, PD009]
initial = sales["name"].str[0]  # [PD009]
key = sales.index[0]  # [PD009]
share = sales.groupby("region")["net"].transform("mean")  # [PD009]
median = sales["net"].quantile(0.5)  # [PD009:warning]

# %%
# the forms that run on Spark, and look-alikes that are not pandas: silent
ok = sales.pivot_table(index=["region"], columns="month", values="net", aggfunc="sum")
initial_ok = sales["name"].str.get(0)
share_ok = sales.groupby("region")["net"].transform(lambda v: v.mean())
arr = np.arange(4)
arr[-1]
words = ["a", "b"]
words[0][0]
