# ruff: noqa
# PD006 positional-row-access: rows by position.
import numpy as np
import pandas as pd

# %%
meter = pd.read_csv("data/meter.csv")
first = meter.iloc[0]  # [PD006]
last = meter.iloc[-1]  # [PD006, PD009:info]
window = meter.iloc[10:20]  # [PD006]
picked = meter.iloc[[0, 5]]  # [PD006]
cell = meter.iat[0, 1]  # [PD006]
head_value = meter["kwh"].iloc[0]  # [PD006]

# %%
# columns by position, aggregates by position, masks, numpy: fine
first_column = meter.iloc[:, 0]
top = meter["meter_id"].value_counts().iloc[0]
recent = meter.loc[meter["ts"] > "2024-01-01"]
arr = np.arange(10)
arr[0]
readings = [1, 2, 3]
readings[-1]
