# ruff: noqa
# PD008 inplace-mutation, and its agreement with HS007 on what a re-run does.
import pandas as pd

# %%
df = pd.read_csv("data/customers.csv")

# %%
df.dropna(subset=["email"], inplace=True)  # [PD008:info]
df.fillna({"age": 0}, inplace=True)  # [PD008:info]

# %%
df.reset_index(inplace=True)  # [PD008:info, HS007]

# %%
df.drop(columns=["tmp"], inplace=True)  # [PD008:warning, HS007]

# %%
df["name"].rename("full_name", inplace=True)  # [PD008:warning]

# %%
df.sort_values("age", inplace=False)
local = pd.read_csv("data/other.csv")
local.set_index("id", inplace=True)  # [PD008:info]


class Box:
    def dropna(self, inplace=False):
        return self


Box().dropna(inplace=True)
