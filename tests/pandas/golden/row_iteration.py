# ruff: noqa
# PD003 row-iteration: rows through the driver one at a time.
import numpy as np
import pandas as pd

# %%
df = pd.read_parquet("data/events.parquet")
for idx, row in df.iterrows():  # [PD003]
    print(row["user"])
for record in df.itertuples(index=False):  # [PD003]
    print(record.user)
for key, value in df["user"].items():  # [PD003]
    print(key, value)

# %%
for user in df["user"]:  # [PD003]
    print(user)
names = [u.upper() for u in df["user"]]  # [PD003]
users = list(df["user"])  # [PD003]
pairs = dict(zip(df["user"], df["score"]))  # [PD003]
for name, group in df.groupby("user"):  # [PD003]
    print(name, len(group))

# %%
# not row iteration: columns, aggregates, dicts, numpy, user classes, positions
for column in df:
    print(column)
for user, count in df["user"].value_counts().items():
    print(user, count)
for user, total in df.groupby("user")["score"].sum().items():
    print(user, total)
lookup = {"a": 1}
for k, v in lookup.items():
    print(k, v)
for x in np.arange(3):
    print(x)
n = len(df)
for i in range(len(df)):
    pass


class Table:
    def iterrows(self):
        return iter([])


for i, r in Table().iterrows():
    pass

# %%
for position in df.index:  # [PD003]
    pass
for name, column in df.items():
    print(name, column.dtype)
for c in df.columns:
    print(c)
