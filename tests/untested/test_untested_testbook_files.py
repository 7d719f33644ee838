"""testbook tests in the project's test folders reach the notebook functions they use:
`@testbook(path)` with `tb.ref`, a fixture yielding a handle with `tb.inject("code")` and
`tb.inject(function)`, and paths built at run time (matched by file name)."""

from __future__ import annotations

from pathlib import Path

from helpers import notebook, write_notebook

from jupyter_prod import api

PRICES = notebook(
    "def vat(amount):\n    return round(amount * 0.2, 2)",
    "def net(gross):\n    return _round(gross / 1.2)\n\n\ndef _round(x):\n    return round(x, 2)",
    "def gross(amount):\n    return amount + vat(amount)",
    "def discount(amount):\n    return amount * 0.9",
    "def margin(amount):\n    return amount * 0.3",
)

DECORATED = """
from testbook import testbook


@testbook("notebooks/prices.ipynb", execute=True)
def test_vat(tb):
    vat = tb.ref("vat")
    assert vat(100) == 20
"""

FIXTURE = """
import pytest
from testbook import testbook


@pytest.fixture(scope="module")
def nb():
    with testbook("notebooks/prices.ipynb", execute=True) as handle:
        yield handle


def check_gross():
    assert gross(100) == 120


def test_net(nb):
    nb.inject("assert net(120) == 100")


def test_gross(nb):
    nb.inject(check_gross)
"""

BUILT_PATH = """
import os
from testbook import testbook

HERE = os.path.dirname(__file__)


def test_margin():
    with testbook(os.path.join(HERE, "..", "notebooks", "prices.ipynb")) as tb:
        assert tb["margin"](10) == 3
"""

OTHER_NOTEBOOK = """
from testbook import testbook


@testbook("notebooks/other.ipynb")
def test_discount_elsewhere(tb):
    assert tb.ref("discount")(10) == 9
"""


def make_project(root: Path) -> Path:
    (root / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    path = write_notebook(root / "notebooks", "prices.ipynb", PRICES)
    write_notebook(root / "notebooks", "other.ipynb", notebook("def discount(a):\n    return a"))
    tests = root / "tests"
    tests.mkdir()
    (tests / "test_decorated.py").write_text(DECORATED)
    (tests / "unit" / "").mkdir()
    (tests / "unit" / "test_fixture.py").write_text(FIXTURE)
    (tests / "test_built_path.py").write_text(BUILT_PATH)
    (tests / "test_other.py").write_text(OTHER_NOTEBOOK)
    (tests / "test_plain.py").write_text("def test_nothing():\n    assert True\n")
    return path


def test_testbook_tests_reach_the_functions_they_use(tmp_path: Path) -> None:
    path = make_project(tmp_path)
    report = api.check_file(path, api.CheckOptions(select=["untested"]))
    untested = [(f.cell, f.message) for f in report.findings if f.rule == "UT001"]
    assert untested == [(3, "no test reaches `discount`")]
    [summary] = [f.message for f in report.findings if f.rule == "UT002"]
    assert summary == "4 of 5 logic cells reached by a test (tests: 4 testbook tests)"


def test_the_test_map_lists_the_files_that_reference_the_notebook(tmp_path: Path) -> None:
    from jupyter_prod.analysis.facts import analyse
    from jupyter_prod.notebook.reader import load_notebook

    path = make_project(tmp_path)
    tests = analyse(load_notebook(path, str(path))).test_map
    assert sorted(tests.test_files) == [
        "tests/test_built_path.py", "tests/test_decorated.py", "tests/unit/test_fixture.py"
    ]  # fmt: skip
    assert {t.where for t in tests.tests} == {
        "tests/test_built_path.py:8", "tests/test_decorated.py:6", "tests/unit/test_fixture.py:16",
        "tests/unit/test_fixture.py:20",
    }  # fmt: skip


def test_without_test_files_nothing_is_reached(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    path = write_notebook(tmp_path, "prices.ipynb", PRICES)
    report = api.check_file(path, api.CheckOptions(select=["UT002"]))
    assert [f.message for f in report.findings] == [
        "0 of 5 logic cells reached by a test (the notebook has no tests)"
    ]


# ---------------------------------------------------------------------- where repositories keep tests
PATHLIB_CONSTANT = """
from pathlib import Path

from testbook import testbook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "analysis" / "prices.ipynb"


@testbook(NOTEBOOK, execute=True)
def test_vat(tb):
    assert tb.ref("vat")(100) == 20
"""

PATHLIB_INLINE = """
from pathlib import Path

import testbook


def test_gross_and_net():
    with testbook.testbook(str(Path(__file__).parent.parent / "analysis" / "prices.ipynb")) as tb:
        assert tb.ref("gross")(100) == 120
        assert tb.ref("net")(120) == 100
"""

# The same file name in another folder: a path built from __file__ is known whole, and it
# does not name our notebook.
PATHLIB_ELSEWHERE = """
from pathlib import Path

from testbook import testbook


@testbook(Path(__file__).parent / "fixtures" / "prices.ipynb")
def test_margin_of_a_fixture(tb):
    assert tb.ref("margin")(10) == 3
"""


def monorepo(root: Path) -> Path:
    """A git repository of several projects: the notebook's project has its own pyproject.toml,
    the tests sit in the repository's top `tests/` folder."""
    (root / ".git").mkdir()
    project = root / "projects" / "shop"
    path = write_notebook(project / "analysis", "prices.ipynb", PRICES)
    (project / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    tests = root / "tests"
    (tests / "shop").mkdir(parents=True)
    (tests / "shop" / "test_constant.py").write_text(
        PATHLIB_CONSTANT.replace('parents[1]', 'parents[2] / "projects" / "shop"'))
    (tests / "test_inline.py").write_text(
        PATHLIB_INLINE.replace('"analysis"', '"projects" / "shop" / "analysis"'))
    (tests / "test_elsewhere.py").write_text(PATHLIB_ELSEWHERE)
    write_notebook(tests / "fixtures", "prices.ipynb", notebook("def margin(a):\n    return a"))
    return path


def test_tests_at_the_repository_top_with_pathlib_paths_reach_the_notebook(tmp_path: Path):
    path = monorepo(tmp_path)

    report = api.check_file(path, api.CheckOptions(select=["untested"]))

    untested = sorted(f.message for f in report.findings if f.rule == "UT001")
    assert untested == ["no test reaches `discount`", "no test reaches `margin`"]
    from jupyter_prod.analysis.facts import analyse
    from jupyter_prod.notebook.reader import load_notebook

    files = analyse(load_notebook(path, str(path))).test_map.test_files
    assert sorted(files) == ["tests/shop/test_constant.py", "tests/test_inline.py"]


def test_outside_a_repository_a_conftest_marks_the_project(tmp_path: Path):
    path = write_notebook(tmp_path / "work" / "analysis", "prices.ipynb", PRICES)
    (tmp_path / "work" / "conftest.py").write_text("")
    (tmp_path / "work" / "tests").mkdir()
    (tmp_path / "work" / "tests" / "test_constant.py").write_text(PATHLIB_CONSTANT)

    report = api.check_file(path, api.CheckOptions(select=["UT001"]))

    assert "no test reaches `vat`" not in [f.message for f in report.findings]
