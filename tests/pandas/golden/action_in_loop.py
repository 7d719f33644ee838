# ruff: noqa
# PD010 action-in-loop: a Spark job per iteration.
import numpy as np
import pyspark.pandas as pd

# %%
sales = pd.read_csv("data/sales.csv")
daily = sales.groupby("day")["net"].sum()
busy = []
for day, value in daily.items():
    if value > daily.mean():  # [PD010:warning]
        busy.append(day)
totals = {r: sales.loc[sales["region"] == r, "net"].sum() for r in ["N", "S"]}  # [PD010]
while len(sales) > 10:  # [PD010]
    sales = sales.head(5)

# %%
# one job before the loop, numpy in a loop, a loop over frames: silent
threshold = daily.mean()
arr = np.arange(4)
for i in range(3):
    print(arr.mean(), threshold)
for part in [sales, sales]:
    pass
