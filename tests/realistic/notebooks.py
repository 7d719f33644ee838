"""Messy notebooks of the kinds people really write, written apart from the rule fixtures.

Each entry: the cells (source, execution count), and `expect`: every warning/error the tool
must report as (rule, 0-based cell); anything else at warning or error is a false alarm.
"""

from __future__ import annotations

from typing import Any

Cells = list[tuple[str, Any]]  # (source, count) for code; ("md", text) for markdown

KAGGLE_TITANIC: Cells = [
    ("md", "# Titanic - my first submission\nGoing for >0.78 on the LB"),
    ("""import numpy as np # linear algebra
import pandas as pd # data processing, CSV file I/O (e.g. pd.read_csv)

import os
for dirname, _, filenames in os.walk('/kaggle/input'):
    for filename in filenames:
        print(os.path.join(dirname, filename))""", 1),
    ("""train_data = pd.read_csv("/kaggle/input/titanic/train.csv")
train_data.head()""", 2),
    ("""test_data = pd.read_csv("/kaggle/input/titanic/test.csv")
test_data.head()""", 3),
    ("""women = train_data.loc[train_data.Sex == 'female']["Survived"]
rate_women = sum(women)/len(women)

print("% of women who survived:", rate_women)""", 4),
    ("""%%time
from sklearn.ensemble import RandomForestClassifier

y = train_data["Survived"]

features = ["Pclass", "Sex", "SibSp", "Parch"]
X = pd.get_dummies(train_data[features])
X_test = pd.get_dummies(test_data[features])

model = RandomForestClassifier(n_estimators=100, max_depth=5, random_state=1)
model.fit(X, y)
predictions = model.predict(X_test)""", 5),
    ("""output = pd.DataFrame({'PassengerId': test_data.PassengerId, 'Survived': predictions})
output.to_csv('submission.csv', index=False)
print("Your submission was successfully saved!")""", 6),
    ("""# quick look at ages
train_data['Age'].fillna(train_data['Age'].median(), inplace=True)
train_data.Age.hist(bins=30);""", 7),
    ("", None),
]
KAGGLE_TITANIC_EXPECT: set[tuple[str, int]] = {
    ("HO002", 1), ("HO002", 2), ("HO002", 3),  # /kaggle/input paths are absolute
}  # fmt: skip

COURSE_EXERCISE: Cells = [
    ("md", "# Week 3: functions and loops\n\nFill in the cells marked `# YOUR CODE HERE`."),
    ("""import math
from collections import Counter, defaultdict""", 1),
    ("""def mean(xs):
    \"\"\"Arithmetic mean of a non-empty list.\"\"\"
    return sum(xs) / len(xs)

def stdev(xs):
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))""", 2),
    ("""assert mean([1, 2, 3]) == 2
assert abs(stdev([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138) < 1e-3
print("tests passed")""", 3),
    ("md", "## Exercise 2: word counts"),
    ("""text = \"\"\"the quick brown fox jumps over the lazy dog the end\"\"\"
counts = Counter(text.split())
counts.most_common(3)""", 4),
    ("""by_length = defaultdict(list)
for word in set(text.split()):
    by_length[len(word)].append(word)
dict(by_length)""", 5),
    ("""squares = [n * n for n in range(10) if n % 2 == 0]
lookup = {n: s for n, s in zip(range(5), squares)}
print(squares, lookup)""", 6),
    ("""try:
    result = 10 / 0
except ZeroDivisionError as err:
    message = str(err)
print(message)""", 7),
    ("""import random
random.seed(0)
sample = random.sample(range(100), 5)
sample""", 8),
    ("""class Account:
    rate = 0.02

    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self.balance = balance

    def grow(self, years):
        return self.balance * (1 + Account.rate) ** years

acct = Account("ada", 100)
print(round(acct.grow(3), 2))""", 9),
    ("""match acct.balance:
    case 0:
        status = "empty"
    case b if b > 50:
        status = f"rich ({b})"
    case _:
        status = "ok"
status""", 10),
]
COURSE_EXERCISE_EXPECT: set[tuple[str, int]] = set()

HALF_FINISHED: Cells = [
    ("md", "# Returns analysis (WIP)\n\nTODO: ask finance about the Feb spike"),
    ("""import pandas as pd
import matplotlib.pyplot as plt
%matplotlib inline
%load_ext autoreload
%autoreload 2""", 1),
    ("""returns = pd.read_csv("data/returns_2024.csv", parse_dates=["date"])
returns.shape""", 2),
    ("""monthly = returns.groupby(returns.date.dt.to_period("M"))["amount"].sum()
monthly.plot(kind="bar"); plt.tight_layout()""", 14),
    ("""# returns = returns[returns.amount > 0]   # didn't help
returns.describe()""", 3),
    ("""top = returns.sort_values("amount", ascending=False).head(20)
top""", None),
    ("""spike = returns[(returns.date >= "2024-02-01") & (returns.date < "2024-03-01")]
spike.groupby("reason").amount.agg(["count", "sum"])""", 15),
    ("""ratio = spike_total / returns.amount.sum()
ratio""", 16),
    ("""returns_by_store = returns.pivot_table(index="store", columns="reason", values="amount", aggfunc="sum")
returns_by_store.head()""", 12),
    ("""import seaborn as sns
sns.heatmap(returns_by_store.fillna(0))""", 13),
]
HALF_FINISHED_EXPECT: set[tuple[str, int]] = {
    # Cells 4, 8 and 9 ran before cells above them (HS001), but no value passes between
    # those cells, so HS001 reports them as info only.
    ("HS004", 7),  # spike_total: from a deleted cell
}

COLAB_NLP: Cells = [
    ("""from google.colab import drive
drive.mount('/content/drive')""", 1),
    ("""!pip install -q transformers==4.41.0
import re, string
import numpy as np""", 2),
    ("""DATA = "/content/drive/MyDrive/nlp/reviews.txt"
with open(DATA) as fh:
    lines = [l.strip() for l in fh if l.strip()]
len(lines)""", 3),
    ("""PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")

def tokenize(s):
    return [w for w in PUNCT.sub(" ", s.lower()).split() if w]

tokens = [tokenize(l) for l in lines]
vocab = sorted({w for t in tokens for w in t})
print(len(vocab))""", 4),
    ("""idx = {w: i for i, w in enumerate(vocab)}
X = np.zeros((len(tokens), len(vocab)))
for row, toks in enumerate(tokens):
    for w in toks:
        X[row, idx[w]] += 1
X.shape""", 5),
    ("""emb = np.random.randn(len(vocab), 50)
doc_vecs = X @ emb""", 6),
    ("""async def fetch_labels(client):
    r = await client.get("/labels")
    return r.json()

labels = await fetch_labels(http_client)""", 7),
]
COLAB_NLP_EXPECT: set[tuple[str, int]] = {
    ("HO003", 1),  # !pip install
    ("HO002", 2),  # /content/drive path
    ("HO004", 5),  # np.random.randn without a seed
    ("HS004", 6),  # http_client: never defined
}

# Findings that are defensible either way: reported or not, neither is wrong.
COLAB_NLP_ALLOW = {("HO002", 0)}  # drive.mount('/content/drive'): Colab-only, arguably a path

Expectation = tuple[Cells, set[tuple[str, int]], set[tuple[str, int]]]
ALL: dict[str, Expectation] = {
    "kaggle_titanic.ipynb": (KAGGLE_TITANIC, KAGGLE_TITANIC_EXPECT, set()),
    "course_exercise.ipynb": (COURSE_EXERCISE, COURSE_EXERCISE_EXPECT, set()),
    "half_finished.ipynb": (HALF_FINISHED, HALF_FINISHED_EXPECT, set()),
    "colab_nlp.ipynb": (COLAB_NLP, COLAB_NLP_EXPECT, COLAB_NLP_ALLOW),
}


def build(cells: Cells) -> dict[str, Any]:
    built = []
    for source, count in cells:
        if source == "md":
            built.append({"cell_type": "markdown", "metadata": {}, "source": count})
        else:
            built.append({"cell_type": "code", "metadata": {}, "execution_count": count,
                          "outputs": [], "source": source})  # fmt: skip
    return {"nbformat": 4, "nbformat_minor": 4, "cells": built,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}}  # fmt: skip
