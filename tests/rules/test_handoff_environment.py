"""HO003 environment-change: installs from inside the notebook, named in the message."""

from __future__ import annotations

import pytest
from helpers import notebook, only

from jupyter_prod.rules.handoff.package_commands import package_commands

FLAGGED = [
    # (cell source, line, text the message must contain)
    ("!pip install boto3==1.34.0 s3fs", 1, "installs boto3==1.34.0, s3fs from inside"),
    ("%pip install -q pandas==2.1 xgboost", 1, "installs pandas==2.1, xgboost"),
    ("%conda install -y -c conda-forge psycopg2 sqlalchemy", 1, "psycopg2, sqlalchemy"),
    ("!conda install --yes lightgbm", 1, "installs lightgbm"),
    ("!apt-get install -y libgomp1", 1, "installs system packages libgomp1"),
    ("!sudo apt install graphviz", 1, "system packages graphviz"),
    ("!pip uninstall -y tensorflow", 1, "uninstalls tensorflow"),
    ("!pip install -r requirements.txt", 1, "the packages of requirements.txt"),
    ("import sys\n!{sys.executable} -m pip install shap", 2, "installs shap"),
    ("!python -m pip install --upgrade pip", 1, "installs pip"),
    ("!uv pip install polars", 1, "installs polars"),
    ("!pip3 install torch --index-url https://download.pytorch.org/whl/cpu", 1, "installs torch"),
    ("x = 1\n!apt-get update && apt-get install -y ffmpeg", 2, "system packages ffmpeg"),
    ("%%bash\nset -e\npip install catboost", 3, "installs catboost"),
    ("%%sh\nconda install -y -n base pyarrow", 2, "installs pyarrow"),
    ("%%script bash\npip install optuna", 2, "installs optuna"),
    ("import os\nos.system('pip install umap-learn')", 2, "installs umap-learn"),
    (
        "import subprocess, sys\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', 'lime'])",
        2,
        "installs lime",
    ),
    ("import pip\npip.main(['install', 'tqdm'])", 2, "installs tqdm"),
    ("!pip install -e .", 1, "installs the local project (.)"),
    ("!py -m pip install rich", 1, "installs rich"),
    ("x = (\n!pip install missingno", 2, "installs missingno"),  # a syntax error elsewhere
]

SILENT = [
    "!ls data/",
    "!pip list",
    "!pip freeze > requirements.txt",
    "!pip show pandas",
    "%pip --version",
    "!conda list",
    "!conda env list",
    "!apt-get update",
    "csv_files = !ls data/batches/*.csv",
    '%%bash\nfor f in data/*.csv; do wc -l "$f"; done',
    "%load_ext autoreload",
    "print('run pip install pandas first')",
    "# !pip install pandas",
    "note = '!pip install pandas'",
]


@pytest.mark.parametrize(("source", "line", "expected"), FLAGGED)
def test_installs_are_reported_on_their_line_with_the_packages(source, line, expected):
    findings = only(notebook("import pandas as pd", source), "HO003")

    assert [(f.cell, f.line) for f in findings] == [(1, line)]
    assert findings[0].severity == "warning"
    assert expected in findings[0].message


@pytest.mark.parametrize("source", SILENT)
def test_read_only_commands_and_text_stay_silent(source):
    assert only(notebook("import pandas as pd", source), "HO003") == []


def test_message_says_where_to_declare_them():
    [finding] = only(notebook("%pip install pandas==2.1 xgboost"), "HO003")
    assert finding.message == (
        "installs pandas==2.1, xgboost from inside the notebook: declare them in requirements instead"
    )


def test_two_commands_on_one_line_are_two_findings():
    findings = only(notebook("!pip install a && conda install -y b"), "HO003")
    assert [f.line for f in findings] == [1, 1]


def test_credentials_in_package_urls_stay_out_of_the_message():
    [finding] = only(
        notebook("!pip install git+https://bot:s3cr3tT0ken99@git.acme.dev/ml/feats.git"), "HO003"
    )
    assert "s3cr3tT0ken99" not in finding.message and "git.acme.dev/ml/feats.git" in finding.message


def test_options_with_values_are_not_packages():
    [command] = package_commands(
        "pip install -i https://pypi.acme.dev/simple -t libs --no-deps feast"
    )
    assert command.packages == ("feast",)
