# ruff: noqa
# PD007 collect-to-driver: warning mid-pipeline, info at the final hand-over.
import numpy as np
import pandas as pd

# %%
reviews = pd.read_csv("data/reviews.csv")
ratings = reviews["rating"].values  # [PD007:warning]
texts = reviews["text"].tolist()  # [PD007:warning]
lookup = reviews.set_index("id")["rating"].to_dict()  # [PD007:warning]
matrix = np.array(reviews[["a", "b"]])  # [PD007:warning]

# %%
# aggregates and look-alikes: fine to collect
columns = reviews.columns.tolist()
per_product = reviews.groupby("product")["rating"].mean().to_dict()
counts = reviews["rating"].value_counts().to_dict()
config = {"a": 1}
config.values()
arr = np.arange(3)
arr.tolist()

# %%
reviews = reviews.dropna()

# %%
X = reviews[["a", "b"]].to_numpy()  # [PD007:info]
y = reviews["rating"].values  # [PD007:info]

# %%
# a submission frame built from the predictions does not make the hand-over "mid-pipeline"
predictions = X.sum(axis=1)
submission = pd.DataFrame({"id": range(len(predictions)), "rating": predictions})
submission.to_csv("submission.csv", index=False)
