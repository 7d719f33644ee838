"""Patterns met while auditing the checker on real public notebooks, as minimal notebooks.

Each test is a small notebook written for this file (no public code is copied) that reduces a
behaviour observed on real notebooks to a few cells. A test states what a user should see.
Those marked `xfail(strict=True)` fail today: "FALSE ALARM" is a warning/error the tool should
not give, "MISS" a problem it should report. When the tool is fixed the test XPASSes, the strict
mark turns that into a failure, and the mark can be removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import code, findings_of, notebook, only, write_notebook

from jupyter_prod import api

ALARMING = ("warning", "error")


def rules_on(nb: dict[str, Any], select: list[str]) -> set[tuple[str, int | None]]:
    return {(rule, cell) for rule, cell, _ in findings_of(nb, select=select)}


def alarming_on(nb: dict[str, Any], cell: int) -> list[tuple[str, str]]:
    report = api.check_document(nb, "x.ipynb")
    assert report.error is None
    return [
        (f.rule, f.severity) for f in report.findings if f.cell == cell and f.severity in ALARMING
    ]


# --------------------------------------------------------------------------- HS001
def test_hs001_rerunning_the_imports_cell_later_does_not_make_cells_below_out_of_order() -> None:
    nb = notebook(
        code("import pandas as pd\nimport numpy as np", 4),  # first ran as In[1], re-run at In[4]
        code("prices = pd.Series(np.arange(5))", 2),
        code("prices.mean()", 3),
    )
    # Out of order all the same (Pimentel's definition), but only as info: nothing passes.
    assert ("HS001", 1) in rules_on(nb, ["HS001"])
    assert not {1, 2} & {cell for cell in (1, 2) if alarming_on(nb, cell)}


def test_hs001_rerunning_a_display_only_cell_later_does_not_make_cells_below_out_of_order() -> None:
    nb = notebook(
        code("readings = [7, 3, 5]", 1),
        code("readings", 4),  # looked at again at the end
        code("ranked = sorted(readings)", 2),
        code("print(ranked)", 3),
    )
    assert ("HS001", 2) in rules_on(nb, ["HS001"])
    assert not alarming_on(nb, 2) and not alarming_on(nb, 3)


def test_hs001_reports_a_cell_whose_input_was_rebound_above_after_it_ran() -> None:
    nb = notebook(
        code("limit = 10", 3),  # changed and re-run after the cell below used the old value
        code("small = [v for v in range(20) if v < limit]", 2),
    )
    assert ("HS001", 1) in rules_on(nb, ["HS001"])


# --------------------------------------------------------------------------- NB002 / HO003
def test_nb002_automagic_pip_install_is_not_a_syntax_error() -> None:
    nb = notebook("pip install requests", "import requests")
    assert ("NB002", 0) not in rules_on(nb, ["NB002"])


def test_ho003_reports_automagic_pip_install() -> None:
    nb = notebook("pip install requests", "import requests")
    assert ("HO003", 0) in rules_on(nb, ["HO003"])


@pytest.mark.parametrize("line", ["%pip install requests", "!pip install -q requests"])
def test_ho003_reports_pip_magic_and_shell_installs(line: str) -> None:
    assert ("HO003", 0) in rules_on(notebook(line, "import requests"), ["HO003"])


# --------------------------------------------------------------------------- HO002
def test_ho002_drive_mount_point_is_not_a_machine_specific_path() -> None:
    nb = notebook("from google.colab import drive\ndrive.mount('/content/drive')")
    assert ("HO002", 0) not in rules_on(nb, ["HO002"])


def test_ho002_reports_a_data_file_read_from_the_mounted_drive() -> None:
    nb = notebook("import pandas as pd\nsales = pd.read_csv('/content/drive/MyDrive/sales.csv')")
    assert ("HO002", 0) in rules_on(nb, ["HO002"])


def test_ho002_config_dir_built_with_expanduser_and_created_is_not_user_specific() -> None:
    nb = notebook(
        "import os\n"
        "config_dir = os.path.expanduser('~/.mytool')\n"
        "os.makedirs(config_dir, exist_ok=True)"
    )
    assert ("HO002", 0) not in rules_on(nb, ["HO002"])


@pytest.mark.parametrize(
    "path",
    [
        "~/projects/sales.csv",
        "/Users/someone/Documents/sales.csv",
        "C:\\\\Users\\\\someone\\\\Downloads\\\\sales.csv",
        "H:/shared/reports/sales.xlsx",
    ],
)
def test_ho002_reports_data_files_on_the_authors_machine(path: str) -> None:
    nb = notebook(f"import pandas as pd\nsales = pd.read_csv('{path}')")
    assert ("HO002", 0) in rules_on(nb, ["HO002"])


# --------------------------------------------------------------------------- HS007
def test_hs007_reports_mapping_a_column_through_a_dict_in_place() -> None:
    nb = notebook(
        "import pandas as pd",
        "survey = pd.DataFrame({'answer': ['Yes', 'No', 'Yes']})",
        "survey['answer'] = survey['answer'].map({'Yes': 1, 'No': 0})",
    )
    assert ("HS007", 2) in rules_on(nb, ["HS007"])


def test_hs007_reports_a_cell_that_deletes_what_it_reads() -> None:
    nb = notebook(
        "import numpy as np",
        "codes = np.arange(10)",
        "kept = codes[codes > 4]\ndel codes",
    )
    assert ("HS007", 2) in rules_on(nb, ["HS007"])


def test_hs007_reports_drop_in_place_that_fails_on_rerun() -> None:
    nb = notebook(
        "import pandas as pd",
        "table = pd.DataFrame({'extra': [0], 'value': [1]})",
        "table.drop(['extra'], axis=1, inplace=True)",
    )
    assert ("HS007", 2) in rules_on(nb, ["HS007"])


# --------------------------------------------------------------------------- PD008
@pytest.mark.xfail(
    strict=True,
    reason="MISS: `df['col'].fillna(v, inplace=True)` does not update `df` under Copy-on-Write "
    "(pandas 3; a FutureWarning in 2.2), so the cleaning silently does nothing; PD008 reports it "
    "as info and says it 'changes df[...] in place'",
)
def test_chained_inplace_on_a_column_is_reported_as_a_warning() -> None:
    nb = notebook(
        "import pandas as pd",
        "orders = pd.DataFrame({'qty': [1.0, None]})",
        "orders['qty'].fillna(0, inplace=True)",
    )
    assert alarming_on(nb, 2)


def test_pd008_names_the_chained_inplace_call() -> None:
    nb = notebook(
        "import pandas as pd",
        "orders = pd.DataFrame({'qty': [1.0, None]})",
        "orders['qty'].fillna(0, inplace=True)",
    )
    assert [f.cell for f in only(nb, "PD008")] == [2]


# --------------------------------------------------------------------------- HO001
def test_ho001_reports_a_random_value_bound_to_a_generic_key_name() -> None:
    nb = notebook("import requests", 'market_data_key = "R4TQ9ZKX2MBV7LWD"')
    hits = only(nb, "HO001")
    assert [(f.cell, f.severity) for f in hits] == [(1, "error")]
    assert "R4TQ9ZKX2MBV7LWD" not in hits[0].message


def test_ho001_reports_a_token_with_an_unfamiliar_prefix() -> None:
    nb = notebook("import os\nKAGGLE_TOKEN = 'KGAT_5e0b9c41d7a2f83e6b10c9d4a7f2e815'")
    assert [f.cell for f in only(nb, "HO001")] == [0]


def test_ho001_ignores_a_key_read_from_the_environment() -> None:
    nb = notebook("import os\nmarket_data_key = os.environ.get('MARKET_DATA_KEY')")
    assert only(nb, "HO001") == []


# --------------------------------------------------------------------------- HS003 / HS004
def test_hs003_reports_a_frame_that_only_a_cell_below_loads() -> None:
    nb = notebook(
        code("import pandas as pd", 1),
        code("stock = pd.DataFrame({'sku': [1], 'seen': [None]})", 2),
        code("stock['seen'] = stock['seen'].fillna(deliveries['day'])", 5),
        code("deliveries = pd.DataFrame({'day': [3]})", 3),
    )
    assert ("HS003", 2) in rules_on(nb, ["HS003"])


def test_hs004_reports_a_class_used_without_import_but_not_notebook_builtins() -> None:
    nb = notebook(
        "link = 'https://example.org/chart.png'\n"
        "if link.startswith('http'):\n"
        "    display(Image(url=link))"
    )
    assert [f.message.split("`")[1] for f in only(nb, "HS004")] == ["Image"]


def test_hs004_reports_an_unfinished_stub_that_returns_an_undefined_name() -> None:
    nb = notebook(
        code("def recommend(title=''):\n\n    return suggestions", None),
        code("print(recommend('A book'))", None),
    )
    assert ("HS004", 0) in rules_on(nb, ["HS004"])


@pytest.mark.parametrize(
    "provider",
    ["%store -r holdout", "%run ./shared_setup", "from project_helpers import *"],
)
def test_hs004_trusts_names_brought_in_by_store_run_or_star_import(provider: str) -> None:
    nb = notebook(provider, "holdout.shape")
    assert rules_on(nb, ["HS004"]) == set()


def test_writefile_cell_body_is_not_analysed_as_notebook_code() -> None:
    nb = notebook(
        "%%writefile app.py\n"
        "import streamlit as st\n"
        "def total(a, b):\n"
        "    return a + b\n"
        "st.write(total(amount, fee))"
    )
    assert rules_on(nb, ["hidden-state", "untested"]) == set()


# --------------------------------------------------------------------------- HO004 / HS006
def test_ho004_reports_keras_layers_when_only_numpy_is_seeded() -> None:
    nb = notebook(
        "import numpy as np\n"
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Dense\n"
        "np.random.seed(7)\n"
        "net = Sequential([Dense(4), Dense(1)])"
    )
    assert ("HO004", 0) in rules_on(nb, ["HO004"])


def test_hs006_reports_display_cells_rerun_after_a_rescale_below() -> None:
    nb = notebook(
        code("import numpy as np\nsignal = np.arange(16.0)", 1),
        code("signal.max()", 5),  # re-run after the rescale below: shows 0.9375, not 15.0
        code("signal = signal / 16", 2),
    )
    assert ("HS006", 1) in rules_on(nb, ["HS006"])


# --------------------------------------------------------------------------- not analysed
def test_r_kernel_notebook_is_not_reported_as_python_syntax_errors() -> None:
    nb = notebook("flights <- read.csv('flights.csv')\nhead(flights)", kernel="ir", language="R")
    report = api.check_document(nb, "x.ipynb")
    assert report.error is None
    assert {f.rule for f in report.findings} == {"NB003"}


def test_json_with_python_none_is_reported_as_invalid_json_not_a_crash(tmp_path: Path) -> None:
    text = (
        '{"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, '
        '"outputs": [], "source": ["print(1)"]}], "metadata": {}, "nbformat": 4, '
        '"nbformat_minor": 5}'
    )
    path = write_notebook(tmp_path, "generated.ipynb", text)
    report = api.check_file(path)
    assert report.error is not None and report.error.code == "invalid-json"
