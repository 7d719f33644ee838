"""The type tracker: which expressions hold which kind of pandas object, across cells."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pandas_notebooks import findings, notebook

from jupyter_prod.analysis.facts import analyse
from jupyter_prod.analysis.pandas import spark_compat
from jupyter_prod.analysis.pandas.values import Obj
from jupyter_prod.notebook.reader import notebook_from_dict

ROOT = Path(__file__).resolve().parents[2]


def kinds(*cells: str) -> dict[str, str | None]:
    """`text of expression` -> kind, for every expression statement of the last cell."""
    facts = analyse(notebook_from_dict(notebook(*cells), "t.ipynb"))
    types = facts.pandas_types
    assert types is not None
    last = list(facts.python_cells())[-1]
    assert last.tree is not None
    found: dict[str, str | None] = {}
    for statement in last.tree.body:
        if isinstance(statement, ast.Expr):
            value = types.value_of(statement.value)
            found[ast.unparse(statement.value)] = value.kind if isinstance(value, Obj) else None
    return found


def test_constructors_readers_and_aliases() -> None:
    got = kinds(
        "import pandas as pd\nimport pandas\nfrom pandas import DataFrame, read_parquet as rp",
        "a = pd.read_csv('a.csv')\nb = pandas.DataFrame({'x': [1]})\nc = DataFrame()\nd = rp('d')",
        "a\nb\nc\nd\npd.Series([1, 2])\npd.to_datetime(a['ts'])\npd.date_range('2024', periods=3)",
    )
    assert got == {
        "a": "DataFrame", "b": "DataFrame", "c": "DataFrame", "d": "DataFrame",
        "pd.Series([1, 2])": "Series", "pd.to_datetime(a['ts'])": "Series",
        "pd.date_range('2024', periods=3)": "DatetimeIndex",
    }  # fmt: skip


def test_method_results_subscripts_and_indexers() -> None:
    got = kinds(
        "import pandas as pd\ndf = pd.read_csv('x')\ncols = ['a', 'b']\nkey = 'a'",
        "df['a']\ndf.a\ndf[['a', 'b']]\ndf[cols]\ndf[key]\ndf[df['a'] > 1]\n"
        "df.dropna().copy()\ndf.groupby('k')\ndf.groupby('k')['v']\ndf.groupby('k')[['v', 'w']]\n"
        "df.groupby('k')['v'].sum()\ndf.groupby('k').agg({'v': 'sum'})\ndf['a'].rolling(3)\n"
        "df['a'].rolling(3).mean()\ndf.loc[df['a'] > 1, 'b']\ndf.iloc[0]\ndf.iloc[:5]\n"
        "df['a'].str.lower()\ndf['ts'].dt.month\ndf.columns\ndf.sum()\ndf['a'].sum()\n"
        "df.values\ndf.shape\ndf.dropna(inplace=True)",
    )
    assert got == {
        "df['a']": "Series", "df.a": "Series", "df[['a', 'b']]": "DataFrame",
        "df[cols]": "DataFrame", "df[key]": "Series", "df[df['a'] > 1]": "DataFrame",
        "df.dropna().copy()": "DataFrame", "df.groupby('k')": "DataFrameGroupBy",
        "df.groupby('k')['v']": "SeriesGroupBy", "df.groupby('k')[['v', 'w']]": "DataFrameGroupBy",
        "df.groupby('k')['v'].sum()": "Series", "df.groupby('k').agg({'v': 'sum'})": "DataFrame",
        "df['a'].rolling(3)": "Rolling", "df['a'].rolling(3).mean()": "Series",
        "df.loc[df['a'] > 1, 'b']": "Series", "df.iloc[0]": "Series", "df.iloc[:5]": "DataFrame",
        "df['a'].str.lower()": "Series", "df['ts'].dt.month": "Series", "df.columns": "Index",
        "df.sum()": "Series", "df['a'].sum()": None, "df.values": None, "df.shape": None,
        "df.dropna(inplace=True)": None,
    }  # fmt: skip


def test_concat_merge_functions_and_annotations() -> None:
    got = kinds(
        "import pandas as pd\nimport pandas as pd2\na = pd.read_csv('a')\nb = pd2.read_csv('b')",
        "def load(path) -> pd.DataFrame:\n    return helper(path)\n\n"
        "def clean(frame):\n    frame = frame.copy()\n    return frame\n\n"
        "def totals(frame: 'pd.DataFrame'):\n    return frame.groupby('k')['v'].sum()\n\n"
        "def opaque(frame):\n    return frame.whatever()",
        "pd.concat([a, b])\npd.concat([a['x'], b['x']])\npd.concat(frames)\n"
        "pd.merge(a, b, on='k')\na.merge(b)\nload('p')\nclean(a)\nclean(frame=a)\n"
        "totals(a)\nopaque(a)",
    )
    assert got == {
        "pd.concat([a, b])": "DataFrame", "pd.concat([a['x'], b['x']])": "Series",
        "pd.concat(frames)": "DataFrame|Series", "pd.merge(a, b, on='k')": "DataFrame",
        "a.merge(b)": "DataFrame", "load('p')": "DataFrame", "clean(a)": "DataFrame",
        "clean(frame=a)": "DataFrame", "totals(a)": "Series", "opaque(a)": None,
    }  # fmt: skip


def test_unknown_and_rebound_names_are_not_pandas() -> None:
    got = kinds(
        "import numpy as np\nimport pandas as pd\ndf = pd.read_csv('x')\ns = df['a']",
        "df = load_somehow()\ns = s.to_numpy()\nfor d in [1]:\n    pass\nd = {'a': 1}",
        "df\ns\nd\nnp.arange(3)\nnp.log1p(pd.Series([1.0]))",
    )
    assert got == {"df": None, "s": None, "d": None, "np.arange(3)": None,
                   "np.log1p(pd.Series([1.0]))": "Series"}  # fmt: skip


def test_parameters_shadow_globals_and_classes_are_opaque() -> None:
    facts = analyse(
        notebook_from_dict(
            notebook(
                "import pandas as pd\ndf = pd.read_csv('x')",
                "def f(df):\n    return df.value_counts()\n\nclass T:\n    def m(self, df):\n"
                "        return df.value_counts()",
            ),
            "t.ipynb",
        )
    )
    types = facts.pandas_types
    assert types is not None
    calls = [n for n in ast.walk(list(facts.python_cells())[1].tree) if isinstance(n, ast.Call)]
    assert calls and all(types.value_of(c.func) is None for c in calls)


def test_a_notebook_without_pandas_pays_nothing() -> None:
    spark_compat.cache_clear()
    facts = analyse(notebook_from_dict(notebook("import numpy as np\nx = np.arange(3)\nx.T"), "t"))
    assert facts.pandas_types is None
    assert spark_compat.cache_info().currsize == 0


def test_check_never_imports_pyspark() -> None:
    script = (
        "import sys, json\nfrom jupyter_prod import api\n"
        "nb = json.loads(sys.argv[1])\n"
        "report = api.check_document(nb, 't.ipynb')\n"
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('pyspark')),"
        " [f.rule for f in report.findings]]))"
    )
    nb = notebook("import pandas as pd\ndf = pd.read_csv('x')\ndf.value_counts()")
    run = subprocess.run(
        [sys.executable, "-c", script, json.dumps(nb)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    modules, rules = json.loads(run.stdout)
    assert modules == []
    assert "PD001" in rules


@pytest.mark.parametrize(
    ("kind", "name", "supported"),
    [
        ("DataFrame", "value_counts", False),
        ("Series", "value_counts", True),
        ("pandas", "pivot_table", False),
        ("DataFrame", "pivot_table", True),
        ("pandas", "merge", True),
        ("pandas", "get_dummies", True),
        ("SeriesGroupBy", "agg", False),
        ("Series", "__iter__", False),
    ],
)
def test_the_shipped_table_knows_types_matter(kind: str, name: str, supported: bool) -> None:
    member = spark_compat().member(kind, name)
    assert member is not None and member.supported is supported


def test_the_shipped_table_is_stamped() -> None:
    table = json.loads((ROOT / "jupyter_prod" / "data" / "spark_compat.json").read_text())
    assert table["versions"]["pyspark"].startswith("4.")
    assert table["versions"]["pandas"].startswith("2.")
    assert table["summary"]["missing"] > 300 and table["summary"]["supported"] > 900
    assert "storage_options" in spark_compat().member("pandas", "read_csv").missing_params


def test_an_expression_too_deep_to_follow_is_unknown_not_an_error() -> None:
    deep = " + ".join(["df['a']"] * 900)
    nb = notebook("import pandas as pd\ndf = pd.read_csv('x')\nx = " + deep, "x.value_counts()")
    rules = [f.rule for f in findings(nb)]  # a crash would be a JP000 internal-error finding
    assert rules == []


def test_a_name_read_above_its_binding_gets_the_binding_below() -> None:
    nb = notebook(
        "import pandas as pd",
        "orders.value_counts()\nlater.value_counts()",
        "orders = pd.read_csv('orders.csv')\nlater = {'not': 'pandas'}",
    )
    assert [(f.rule, f.cell) for f in findings(nb)] == [("PD001", 1)]
