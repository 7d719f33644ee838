"""Golden tests of the static test map: each fixture in `fixtures/*.pycells` is a notebook
(`# %%` starts a cell) whose expected `untested-cell` findings are inline markers on the
reported line (`# [untested-cell]`, or `# [untested-cell:info]` for an information-only
finding) and whose notebook-level summary is its `# summary:` header line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import notebook, report_of

FIXTURES = Path(__file__).parent / "fixtures"
MARKER = re.compile(r"#\s*\[untested-cell(?::(\w+))?\]")


def load_fixture(path: Path) -> tuple[dict, set[tuple[int, int, str]], str]:
    header, *chunks = re.split(r"^# %%\n", path.read_text(encoding="utf-8"), flags=re.M)
    cells = [chunk.rstrip("\n") for chunk in chunks]
    expected = set()
    for index, source in enumerate(cells):
        for line_number, line in enumerate(source.splitlines(), start=1):
            match = MARKER.search(line)
            if match:
                expected.add((index, line_number, match.group(1) or "warning"))
    summary = re.search(r"^# summary: (.*)$", header, flags=re.M)
    assert summary, f"{path.name} has no summary line"
    return notebook(*cells), expected, summary.group(1)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.pycells")), ids=lambda p: p.stem)
def test_untested_findings_match_the_golden_markers(path: Path) -> None:
    nb, expected, summary = load_fixture(path)
    report = report_of(nb, select=["untested"])
    found = {(f.cell, f.line, f.severity) for f in report.findings if f.rule == "UT001"}
    assert found == expected
    [overall] = [f for f in report.findings if f.rule == "UT002"]
    assert (overall.cell, overall.severity, overall.message) == (None, "info", summary)


def test_the_message_names_the_unreached_function_and_what_is_tested_beside_it() -> None:
    nb, _, _ = load_fixture(FIXTURES / "untested_helpers.pycells")
    [first, _] = [f for f in report_of(nb, select=["UT001"]).findings]
    assert (
        first.message == "no test reaches `to_kelvin` (`to_celsius`, also defined here, is tested)"
    )


def test_a_notebook_without_tests_says_so() -> None:
    nb, _, _ = load_fixture(FIXTURES / "no_tests.pycells")
    messages = [f.message for f in report_of(nb, select=["UT001"]).findings]
    assert messages == [
        "no test reaches `despike`; the notebook has no tests",
        "no test reaches `downsample`; the notebook has no tests",
    ]


def test_no_logic_cells_means_no_summary() -> None:
    nb = notebook("x = 1", "assert x == 1")
    assert report_of(nb, select=["untested"]).findings == []


def test_untested_findings_can_be_suppressed_like_any_other() -> None:
    nb = notebook("def f():  # prod: ignore[untested-cell]\n    return 1", "def g():\n    return 2",
                  "assert g() == 2")  # fmt: skip
    assert [f.rule for f in report_of(nb, select=["untested"]).findings] == ["UT002"]


def test_a_named_lambda_is_not_logic_to_test() -> None:
    nb = notebook("by_count = lambda item: (-item[1], item[0])", "def f():\n    return 1",
                  "assert f() == 1")  # fmt: skip
    [summary] = report_of(nb, select=["untested"]).findings
    assert summary.message == "1 of 1 logic cells reached by a test (tests: 1 assert)"
