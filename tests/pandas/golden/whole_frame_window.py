# ruff: noqa
# PD005 whole-frame-window: ordered windows over everything, vs the grouped forms.
import numpy as np
import pandas as pd

# %%
ts = pd.read_csv("data/ticks.csv").sort_values(["symbol", "time"])
ts["ret"] = ts["price"].pct_change()  # [PD005]
ts["cum_volume"] = ts["volume"].cumsum()  # [PD005]
ts["prev"] = ts["price"].shift(1)  # [PD005]
ts["delta"] = ts["price"].diff()  # [PD005]
ts["rank"] = ts["volume"].rank()  # [PD005]
filled = ts.ffill()  # [PD005]
ts["ma_20"] = ts["price"].rolling(20).mean()  # [PD005]
ts["filled"] = ts["price"].fillna(method="ffill")  # [PD005]

# %%
# grouped forms stay partitioned; aggregates are small; numpy is not pandas
# grouped, but SeriesGroupBy.pct_change is missing in Spark:
ts["ret_g"] = ts.groupby("symbol")["price"].pct_change()  # [PD001]
ts["cum_g"] = ts.groupby("symbol")["volume"].cumsum()
ts["prev_g"] = ts.groupby("symbol")["price"].shift(1)
ts["ma_g"] = ts.groupby("symbol")["price"].rolling(20).mean()
share = ts["symbol"].value_counts().cumsum()
ts["price"] = ts["price"].fillna(0)
arr = np.arange(5).cumsum()
