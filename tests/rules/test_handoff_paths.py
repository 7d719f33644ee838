"""HO002 absolute-path: machine-bound paths are reported where they are; routes and URLs are not."""

from __future__ import annotations

import pytest
from helpers import notebook, only

SETUP = "import os\nimport sys\nimport pickle\nfrom pathlib import Path\nimport numpy as np\nimport pandas as pd"

FLAGGED = [
    # (cell source, line, kind in the message)
    ('df = pd.read_csv("/Users/maria.lopez/Desktop/orders.csv")', 1, "user-specific path"),
    ('df.to_csv("/home/dana/exports/out.csv", index=False)', 1, "user-specific path"),
    ('x = 1\nMODEL = "/root/models/churn.pkl"', 2, "user-specific path"),
    ('train = pd.read_csv("/kaggle/input/titanic/train.csv")', 1, "machine-specific path"),
    ('df.to_parquet("/mnt/shared/crm/enriched.parquet")', 1, "machine-specific path"),
    ('DATA = "/content/drive/MyDrive/course/week3"', 1, "machine-specific path"),
    ('raw = pd.read_excel(r"C:\\Users\\jchen\\OneDrive - Acme\\sales.xlsx")', 1, "Windows path"),
    ('out = "D:/projects/churn/output"', 1, "Windows path"),
    ("raw = pd.read_csv(r'D:\\\\data\\\\x.csv')", 1, "Windows path"),
    ('share = r"\\\\fileserver\\analytics\\q3.csv"', 1, "network share path"),
    ('df.to_csv(os.path.expanduser("~/reports/digest.csv"))', 1, "user-specific path"),
    ('src = "file:///Users/me/data/orders.csv"', 1, "file URL"),
    ('user = "dana"\np = f"/home/{user}/data/orders.csv"', 2, "user-specific path"),
    # other absolute paths count when used as paths
    ('df = pd.read_csv("/data/raw/sales_2024.csv")', 1, "absolute path"),
    ('arr = np.load("/srv/features/x")', 1, "absolute path"),
    ('os.chdir("/opt/projects/churn")', 1, "absolute path"),
    ('sys.path.append("/opt/shared/libs")', 1, "absolute path"),
    ('with open("/var/exports/model", "wb") as f:\n    pickle.dump(1, f)', 1, "absolute path"),
    ('root = Path("/data/warehouse") / "orders"', 1, "absolute path"),
    ('OUTPUT_DIR = "/data/outputs/churn"', 1, "absolute path"),
    ('cfg = {"data_dir": "/srv/data/churn"}', 1, "absolute path"),
    ('LOOKUP = "/srv/exports/lookup_table.parquet"', 1, "absolute path"),
    ("%cd /Users/maria/projects/churn", 1, "user-specific path"),
    ("!cp /home/dana/data/orders.csv data/", 1, "user-specific path"),
    ("%%bash\nls data\ncp /Users/maria/x.csv .", 3, "user-specific path"),
]

SILENT = [
    'df = pd.read_csv("data/sales.csv")',
    'df = pd.read_csv("../data/sales.csv")',
    'df = pd.read_csv("s3://acme-analytics/exports/orders.csv")',
    'df = pd.read_csv("https://example.com/data/orders.csv")',
    'tickets = pd.read_csv("hf://datasets/acme/support-tickets/train.csv")',
    'parts = df["Cabin"].str.split("/", expand=True)',
    'path = "/".join(["a", "b"])',
    'import requests\nresp = requests.get(BASE_URL + "/api/v1/items")',
    'import requests\nresp = requests.get("/api/v1/items", timeout=5)',
    'resp = session.post("/home/feed", json={})',
    'route = "/api/v1/items"',
    'with open("/dev/null", "w") as fh:\n    fh.write("x")',
    'tmp = pd.read_csv("/tmp/scratch.csv")',
    'stamp = now.strftime("/%Y/%m/%d")',
    'import re\nHOME_RE = re.compile(r"/home/\\w+/")',
    'p = os.path.join(os.environ["HOME"], "data", "orders.csv")',
    'p = os.getenv("DATA_DIR", "/home/dana/data")',
    'p = Path.home() / "data" / "orders.csv"',
    'p = f"{DATA_DIR}/orders_{QUARTER}.csv"',
    'clean = raw_path.replace("/home/dana/", "")',
    'print("saved to /Users/maria/Desktop/out.csv")',
    '"""Reads /home/dana/data/orders.csv, see the README."""',
    'if cwd == "/home/dana/project":\n    pass',
    'sep = "/"',
    'unit = "/s"',
    'url_path = "/static/img/logo.png"',
    'patch = [{"op": "replace", "path": "/status"}]',
    "!ls data/batches/*.csv",
    "!ls /kaggle/input/titanic",
    "%%bash\ndu -sh /home/dana/data",
]


@pytest.mark.parametrize(("source", "line", "kind"), FLAGGED)
def test_machine_bound_paths_are_reported_on_their_cell_and_line(source, line, kind):
    findings = only(notebook(SETUP, source), "HO002")

    assert [(f.cell, f.line) for f in findings] == [(1, line)]
    assert findings[0].severity == "warning"
    assert findings[0].message.startswith(kind)


@pytest.mark.parametrize("source", SILENT)
def test_urls_routes_separators_and_built_paths_stay_silent(source):
    assert only(notebook(SETUP, source), "HO002") == []


def test_each_path_in_a_cell_is_reported_with_its_column():
    source = (
        'a = pd.read_csv("/kaggle/input/t/train.csv")\nb = pd.read_csv("/kaggle/input/t/test.csv")'
    )
    findings = only(notebook(SETUP, source), "HO002")
    assert [(f.line, f.column) for f in findings] == [(1, 17), (2, 17)]


def test_fix_suggests_lifting_the_path_into_a_parameter():
    [finding] = only(notebook(SETUP, 'df.to_csv("/home/dana/out.csv")'), "HO002")
    assert finding.fix.safety == "display-only"
    assert "OUTPUT_PATH" in finding.fix.description
    [edit] = finding.fix.edits
    assert (edit.line, edit.column, edit.end_column, edit.text) == (1, 11, 31, "OUTPUT_PATH")


def test_a_named_path_is_suggested_as_a_parameter_under_its_own_name():
    [finding] = only(notebook(SETUP, 'DATA_DIR = "/home/dana/data"'), "HO002")
    assert "`DATA_DIR`" in finding.fix.description and finding.fix.edits == ()
