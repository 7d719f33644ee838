"""False alarms found by the precision audit on real public notebooks, as minimal notebooks.

docs/developers/precision-audit.md lists the notebooks audited and the per-rule precision. Each
false alarm fixed has a test here that the rule stays silent on the look-alike, next to one that
the true case still fires. The notebooks are written for this file: no public code is copied.
"""

from __future__ import annotations

from typing import Any

from helpers import code, findings_of, notebook, only


def rules_on(nb: dict[str, Any], select: list[str]) -> set[tuple[str, int | None]]:
    return {(rule, cell) for rule, cell, _ in findings_of(nb, select=select)}


# --------------------------------------------------------------------------- HS004
def test_hs004_a_line_holding_only_an_automagic_name_is_not_a_name_error() -> None:
    # IPython's automagic runs `%ls` / `%whos`: old tutorials type them bare.
    nb = notebook("ls", "whos", "pwd")
    assert rules_on(nb, ["HS004"]) == set()


def test_hs004_still_reports_an_automagic_name_used_as_a_value() -> None:
    nb = notebook("listing = ls")
    assert ("HS004", 0) in rules_on(nb, ["HS004"])


def test_hs004_a_variable_named_like_a_magic_is_judged_as_a_variable() -> None:
    nb = notebook("history = fit_model()", "history")
    assert rules_on(nb, ["HS004"]) == {("HS004", 0)}  # `fit_model` only; `history` is bound


def test_hs004_pylab_magic_brings_numpy_and_pyplot_names() -> None:
    nb = notebook("%pylab inline\nplot(rand(100))", "hist(randn(50))")
    assert rules_on(nb, ["HS004"]) == set()


def test_hs004_still_reports_pylab_names_without_the_magic() -> None:
    nb = notebook("%matplotlib inline\nplot(rand(100))")
    assert ("HS004", 0) in rules_on(nb, ["HS004"])


# --------------------------------------------------------------------------- HS001
def test_hs001_a_javascript_cell_run_in_between_passes_no_value() -> None:
    nb = notebook(
        code("total = 3", 1),
        code("%%javascript\nconsole.log('rendered');", 3),
        code("from IPython.display import Image", 2),
    )
    [finding] = only(nb, "HS001")
    assert (finding.cell, finding.severity) == (2, "info")


def test_hs001_a_shell_cell_run_in_between_may_pass_a_value() -> None:
    nb = notebook(
        code("total = 3", 1),
        code("%%bash\necho 3 > total.txt", 3),
        code("total = int(open('total.txt').read())", 2),
    )
    [finding] = only(nb, "HS001")
    assert (finding.cell, finding.severity) == (2, "warning")
    assert "not Python" in finding.message and "(unknown)" not in finding.message


# --------------------------------------------------------------------------- HO001 (a miss)
# Built from parts so that secret scanners do not flag this file; random, not real.
SERVICE_TOKEN = "Qz7rT2kW9xLp4" + "_VbN8mC3yH6dJ1fS5gA0eR"


def test_ho001_reports_a_token_passed_positionally_to_a_login_call() -> None:
    nb = notebook(f"import vendor\nvendor.login('{SERVICE_TOKEN}')  # demo account")
    [finding] = only(nb, "HO001")
    assert (finding.cell, finding.line) == (0, 2)
    assert "passed to `login()`" in finding.message
    assert SERVICE_TOKEN not in finding.message


def test_ho001_reports_a_password_passed_to_a_mail_server_login() -> None:
    nb = notebook(
        "import smtplib\nserver = smtplib.SMTP('mail')\nserver.login('ops', 'W1nter-Sales!')"
    )
    [finding] = only(nb, "HO001")
    assert (finding.cell, finding.line) == (0, 3)


def test_ho001_login_without_a_credential_literal_is_silent() -> None:
    nb = notebook(
        "import os, getpass, wandb, smtplib\n"
        "wandb.login('allow')\n"
        "hub.login(os.environ['HF_TOKEN'])\n"
        "smtplib.SMTP('mail').login('ops', getpass.getpass())\n"
        "client.login(username)"
    )
    assert only(nb, "HO001") == []


# --------------------------------------------------------------------------- UT001 / UT002
def test_ut_tests_in_an_ipytest_cell_reach_the_functions_above() -> None:
    nb = notebook(
        "def add(a, b):\n    return a + b",
        "import ipytest\nipytest.autoconfig()",
        "%%ipytest -qq\n\ndef test_add():\n    assert add(1, 2) == 3",
    )
    assert rules_on(nb, ["UT001"]) == set()
    [summary] = only(nb, "UT002")
    assert (
        summary.message.startswith("1 of 1 logic cells reached")
        and "no tests" not in summary.message
    )


def test_ut_a_function_beside_an_ipytest_cell_that_does_not_call_it_is_still_untested() -> None:
    nb = notebook(
        "def add(a, b):\n    return a + b",
        "def scale(x):\n    return 2 * x",
        "%%ipytest\n\ndef test_add():\n    assert add(1, 2) == 3",
    )
    assert rules_on(nb, ["UT001"]) == {("UT001", 1)}


DOCTESTED = 'def double(x):\n    """Twice x.\n\n    >>> double(2)\n    4\n    """\n    return 2 * x'


def test_ut_doctest_testmod_reaches_functions_with_examples() -> None:
    nb = notebook(DOCTESTED, "import doctest\ndoctest.testmod()")
    assert rules_on(nb, ["UT001"]) == set()
    [summary] = only(nb, "UT002")
    assert "1 doctest run" in summary.message


def test_ut_run_docstring_examples_reaches_the_function_it_names() -> None:
    nb = notebook(
        DOCTESTED,
        "def half(x):\n    return x / 2",
        "import doctest\ndoctest.run_docstring_examples(double, globals())",
    )
    assert rules_on(nb, ["UT001"]) == {("UT001", 1)}


def test_ut_examples_in_a_docstring_are_not_a_test_until_doctest_runs() -> None:
    nb = notebook(DOCTESTED, "double(3)")
    assert ("UT001", 0) in rules_on(nb, ["UT001"])


# --------------------------------------------------------------------------- PD (Spark batches)
MERGE_GROUPS = "import pandas as pd\n\ndef merge_groups(left, right):\n    return pd.merge_ordered(left, right)"


def test_pd_a_function_spark_runs_on_pandas_batches_is_not_pandas_on_spark_code() -> None:
    nb = notebook(
        "from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()",
        MERGE_GROUPS,
        "left = spark.range(3)\nright = spark.range(3)\n"
        "left.groupby('id').cogroup(right.groupby('id')).applyInPandas(merge_groups, 'id long').show()",
    )
    assert only(nb, "PD001") == []


def test_pd_a_pandas_udf_body_is_not_pandas_on_spark_code() -> None:
    nb = notebook(
        "import pandas as pd\nfrom pyspark.sql.functions import pandas_udf\n\n"
        "@pandas_udf('double')\ndef spread(values: pd.Series) -> pd.Series:\n"
        "    return pd.Series(pd.qcut(values, 4, labels=False), dtype=float)",
    )
    assert only(nb, "PD001") == []


def test_pd_the_same_function_called_on_a_pandas_frame_is_still_reported() -> None:
    nb = notebook(
        MERGE_GROUPS,
        "a = pd.read_csv('a.csv')\nb = pd.read_csv('b.csv')\nmerged = merge_groups(a, b)",
    )
    assert [(f.rule, f.cell) for f in only(nb, "PD001")] == [("PD001", 0)]


# --------------------------------------------------------------------------- PD007
def test_pd007_the_labels_of_an_aggregate_are_an_aggregate() -> None:
    nb = notebook(
        "import pandas as pd\nsales = pd.read_csv('sales.csv')",
        "labels = sales['category'].value_counts().index.values\n"
        "heights = sales['category'].value_counts().values\n"
        "regions = sales.groupby('region')['net'].sum().index.tolist()",
        "sales['net'].sum()",
    )
    assert only(nb, "PD007") == []


def test_pd007_still_reports_the_index_of_the_whole_frame() -> None:
    nb = notebook(
        "import pandas as pd\nsales = pd.read_csv('sales.csv')",
        "ids = sales.index.values\nnets = sales['net'].values",
        "sales['net'].sum()",
    )
    assert [(f.cell, f.line) for f in only(nb, "PD007")] == [(1, 1), (1, 2)]


# --------------------------------------------------------------------------- PD002
def test_pd002_parsing_a_literal_date_is_not_spark_work() -> None:
    nb = notebook(
        "import pandas as pd\n"
        "start = pd.to_datetime('1/7/2015', dayfirst=True)\n"
        "hours = pd.date_range(pd.to_datetime('1/7/2015', dayfirst=True), periods=24, freq='h')"
    )
    assert only(nb, "PD002") == []


def test_pd002_still_reports_the_keyword_on_a_column() -> None:
    nb = notebook(
        "import pandas as pd\nreadings = pd.read_csv('readings.csv')",
        "readings['taken'] = pd.to_datetime(readings['taken'], dayfirst=True)",
    )
    assert [(f.cell, f.line) for f in only(nb, "PD002")] == [(1, 1)]


def test_pd002_index_none_on_a_writer_means_no_index_as_on_spark() -> None:
    nb = notebook(
        "import pandas as pd\npreds = pd.read_csv('preds.csv')",
        "preds.to_csv('out.csv', index=None)\npreds.to_csv('kept.csv', index=True)",
    )
    assert [(f.cell, f.line) for f in only(nb, "PD002")] == [(1, 2)]


# --------------------------------------------------------------------------- HO003 (wording)
def test_ho003_installing_a_requirements_file_is_not_told_to_declare_it_again() -> None:
    nb = notebook("!pip install -r ./requirements.txt -q", "!pip install requests")
    first, second = only(nb, "HO003")
    assert "requirements.txt" in first.message and "declare" not in first.message
    assert "declare them in requirements" in second.message
