"""PD009 fails-on-spark and PD010 action-in-loop, as a user sees them: rule, cell, line, the
words of the message and the fix; the look-alikes stay silent."""

from __future__ import annotations

from helpers import notebook, only

SPARK = "import pyspark.pandas as pd"
PANDAS = "import pandas as pd"


def test_a_pivot_table_index_given_a_string_fails_on_spark_and_the_fix_is_a_list() -> None:
    nb = notebook(SPARK, "df = pd.read_csv('s.csv')",
                  "t = df.pivot_table(index='region', columns='month', values='net', aggfunc='sum')")  # fmt: skip
    [finding] = only(nb, "PD009")
    assert (finding.cell, finding.line, finding.severity) == (2, 1, "warning")
    assert "`DataFrame.pivot_table` with `index` given a str" in finding.message
    assert "index should be a None or a list of columns" in finding.message
    assert finding.fix is not None and finding.fix.edits[0].text == "['region']"


def test_a_pivot_table_without_columns_fails_and_a_list_index_with_columns_is_silent() -> None:
    nb = notebook(SPARK, "df = pd.read_csv('s.csv')",
                  "a = df.pivot_table(index=['r'], columns='m', values='v', aggfunc='sum')",
                  "b = df.pivot_table(index=['r'], values='v', aggfunc='sum')")  # fmt: skip
    [finding] = only(nb, "PD009")
    assert (finding.cell, finding.line) == (3, 1) and "without `columns`" in finding.message


def test_negative_positions_str_indexing_and_index_access_each_fail_with_their_rewrite() -> None:
    nb = notebook(SPARK, "df = pd.read_csv('s.csv')\ns = df['units']",
                  "last = s.iloc[-1]\nfirst = s.iloc[0]\ninitial = df['name'].str[0]\n"
                  "part = df['name'].str[1:3]\nkey = df.index[0]\n"
                  "mix = df.groupby(['a', 'b'])['units'].sum()\nfirst_key = mix.index[0]")  # fmt: skip
    found = {f.line: f for f in only(nb, "PD009")}
    assert sorted(found) == [1, 3, 4, 5, 7]  # s.iloc[0] works on Spark
    assert "KeyError: '-1'" in found[1].message
    assert [found[n].fix.edits[0].text for n in (1, 3, 4, 5, 7)] == [  # type: ignore[union-attr]
        "s.iloc[len(s) - 1]", "df['name'].str.get(0)", "df['name'].str.slice(1, 3)",
        "df.index.to_numpy()[0]", "mix.index.to_numpy()[0]",
    ]  # fmt: skip
    assert "'StringMethods' object is not subscriptable" in found[3].message


def test_in_a_pandas_notebook_it_is_advice_and_a_different_result_is_info() -> None:
    nb = notebook(PANDAS, "df = pd.read_csv('s.csv')",
                  "last = df['v'].iloc[-1]\nmedian = df['v'].quantile(0.5)")  # fmt: skip
    findings = only(nb, "PD009")
    assert [(f.line, f.severity) for f in findings] == [(1, "info"), (2, "info")]
    assert "gives another result on Spark" in findings[1].message


def test_look_alikes_stay_silent() -> None:
    nb = notebook(SPARK, "import numpy as np\ndf = pd.read_csv('s.csv')\nrows = [1, 2]\nd = {'a': 'x'}",
                  "a = np.array([1, 2])[-1]\nb = rows[-1]\nc = d['a'][0]\nk = 'region'\n"
                  "t = df.pivot_table(index=k, columns='m', values='v')\n"
                  "u = df.drop_duplicates(subset=['a'])\nv = df.groupby('a')['b'].transform(len)")  # fmt: skip
    assert only(nb, "PD009") == []


def test_an_action_inside_a_loop_is_reported_once_with_hoisting_advice() -> None:
    nb = notebook(SPARK, "df = pd.read_csv('s.csv')\ndaily = df.groupby('day')['units'].sum()",
                  "busy = []\nfor day, value in daily.items():\n    if value > daily.mean():\n"
                  "        busy.append(day)")  # fmt: skip
    [finding] = only(nb, "PD010")
    assert (finding.cell, finding.line, finding.severity) == (2, 3, "warning")
    assert "`daily.mean()` inside a loop runs a Spark job on every iteration" in finding.message
    assert "compute `daily.mean()` once, before the loop" in finding.message


def test_an_action_that_reads_the_loop_variable_is_told_to_vectorise() -> None:
    nb = notebook(SPARK, "df = pd.read_csv('s.csv')",
                  "totals = {r: df.loc[df['region'] == r, 'net'].sum() for r in ['N', 'S']}")  # fmt: skip
    [finding] = only(nb, "PD010")
    assert finding.line == 1 and "vectorise the loop" in finding.message


def test_actions_outside_loops_and_numpy_in_loops_stay_silent() -> None:
    nb = notebook(SPARK, "import numpy as np\ndf = pd.read_csv('s.csv')\narr = np.arange(3)",
                  "mean = df['v'].mean()\nfor i in range(3):\n    print(arr.mean(), mean)\n"
                  "for part in [df, df]:\n    pass")  # fmt: skip
    assert only(nb, "PD010") == []
