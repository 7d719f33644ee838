"""HO006: paths built in code from the author's home folder or user name; literals stay HO002's,
and configured bases, temp folders and user names outside paths stay silent."""

from __future__ import annotations

import pytest
from helpers import notebook, only

PRELUDE = "import os\nimport getpass\nimport pathlib\nfrom pathlib import Path\nimport pandas as pd"

REPORTED = [
    ('orders = pd.read_csv(Path.home() / "projects" / "orders.csv")', "`Path.home()`"),
    ('root = pathlib.Path.home().joinpath("data")', "`pathlib.Path.home()`"),
    ('data = os.path.join(os.path.expanduser(base), "raw")', "`os.path.expanduser(base)`"),
    ('home = os.environ["HOME"]\nraw = home + "/data/raw.csv"', "`os.environ['HOME']`"),
    ('cache = os.getenv("USERPROFILE")', "`os.getenv('USERPROFILE')`"),
    ('cfg = os.path.expandvars("$HOME/.config/app.yaml")', "`os.path.expandvars("),
    ('raw = "/home/" + os.getlogin() + "/data.csv"', "`/home/` joined with `os.getlogin()`"),
    ('user = getpass.getuser()\nraw = "/Users/" + user', "`/Users/` joined with `user`"),
    ('mine = Path.home() / getpass.getuser()', "`getpass.getuser()` in a path"),
]

# User folders written as literals: `absolute-path` reports them, once.
LITERAL_ROOTS = [
    'raw = f"/Users/{getpass.getuser()}/Downloads/raw.parquet"',
    'user = getpass.getuser()\ndf = pd.read_csv(Path("/Users") / user / "d.csv")',
    'out = os.path.join("/home", os.environ["USER"], "out")',
    'folder = Path("/Users") / "shared" / "sales.csv"',
]

SILENT = [
    'data_dir = Path(os.environ.get("DATA_DIR", Path.home() / "data"))',
    'data_dir = os.getenv("DATA_DIR", os.path.expanduser("~/data"))',
    'print("run by", getpass.getuser())',
    'log = f"{getpass.getuser()} ran the report"',
    'DATA_DIR = Path(os.environ["DATA_DIR"])\nmine = DATA_DIR / getpass.getuser() / "x.csv"',
    "import tempfile\nscratch = Path(tempfile.gettempdir()) / 'scratch.csv'",
    'raw = Path("data") / "raw.csv"',
    'url = "https://example.com/users/" + getpass.getuser()',
    'owner = os.environ["USER"]',
    'who = {"user": getpass.getuser(), "home": "n/a"}',
]


@pytest.mark.parametrize(("source", "named"), REPORTED)
def test_a_path_built_from_the_home_folder_or_user_name_is_reported(source, named):
    [finding] = only(notebook(PRELUDE, source), "HO006")

    assert finding.cell == 1
    assert finding.severity == "warning"
    assert named in finding.message
    assert "make the path a parameter, or build it from a configured base" in finding.message
    assert finding.line is not None and finding.source_line is not None
    assert finding.fix is not None and finding.fix.safety == "display-only"


@pytest.mark.parametrize("source", SILENT)
def test_configured_bases_temp_folders_and_names_outside_paths_stay_silent(source):
    assert only(notebook(PRELUDE, source), "HO006") == []


@pytest.mark.parametrize("source", LITERAL_ROOTS)
def test_a_user_folder_written_as_a_literal_is_reported_once_by_absolute_path(source):
    nb = notebook(PRELUDE, source)

    assert only(nb, "HO006") == []
    assert len(only(nb, "HO002")) == 1


def test_a_tilde_literal_is_absolute_path_s_and_not_reported_twice():
    nb = notebook(PRELUDE, 'raw = os.path.expanduser("~/data/raw.csv")\n'
                           'more = Path("~/data").expanduser()')  # fmt: skip

    assert only(nb, "HO006") == []
    assert len(only(nb, "HO002")) == 2


def test_the_finding_points_at_the_expression():
    [finding] = only(notebook(PRELUDE, 'x = 1\npath = Path.home() / "a.csv"'), "HO006")

    assert (finding.line, finding.column) == (2, 8)
    assert finding.source_line == 'path = Path.home() / "a.csv"'
