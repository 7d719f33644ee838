"""Suppressions written in the notebook: `# prod: ignore[...]` comments, cell tags, and
notebook metadata; each silences exactly what it names, where it stands."""

from __future__ import annotations

import json

import pytest
from helpers import FOUNDATION_ARGS, code, findings_of, notebook, write_notebook


def test_comment_at_the_end_of_a_line_silences_that_rule_on_that_line():
    nb = notebook("print(a)  # prod: ignore[HS004]\nprint(b)")

    assert findings_of(nb) == [("HS004", 0, 2)]


@pytest.mark.parametrize(
    "comment",
    ["# prod: ignore[undefined-name]", "#prod:ignore[ HS001 , HS004 ]", "# prod: ignore[hs004]"],
)
def test_comment_accepts_codes_names_lists_and_spacing(comment):
    nb = notebook(f"print(a)  {comment}\nprint(b)")

    assert findings_of(nb) == [("HS004", 0, 2)]


def test_comment_naming_another_rule_silences_nothing():
    nb = notebook("print(a)  # prod: ignore[HS003]\nprint(b)")

    assert findings_of(nb) == [("HS004", 0, 1), ("HS004", 0, 2)]


def test_bare_comment_silences_every_rule_on_its_line():
    nb = notebook("x = 1", "x += missing  # prod: ignore\nprint(b)")

    assert findings_of(nb) == [("HS004", 1, 2)]


def test_comment_on_its_own_line_silences_the_whole_cell_only():
    nb = notebook("# prod: ignore[HS004]\nprint(a)\nprint(b)", "print(c)")

    assert findings_of(nb) == [("HS004", 1, 1)]


def test_comment_keyword_is_case_insensitive():
    assert findings_of(notebook("print(a)  # PROD: IGNORE[HS004]")) == []


def test_cell_tag_prod_ignore_silences_everything_in_that_cell():
    nb = notebook(code("print(a)\nx = 1", 1, tags=["prod-ignore"]), code("print(b)\nx += 1", 2))

    assert findings_of(nb) == [("HS004", 1, 1), ("HS007", 1, 2)]


@pytest.mark.parametrize("tag", ["prod-ignore:HS007", "prod-ignore:non-idempotent-cell"])
def test_cell_tag_with_a_rule_silences_that_rule_in_that_cell(tag):
    nb = notebook(code("print(a)\nx = 1", 1), code("print(b)\nx += 1", 2, tags=[tag]))

    assert findings_of(nb) == [("HS004", 0, 1), ("HS004", 1, 1)]


def test_notebook_metadata_ignore_applies_to_every_cell_and_the_notebook():
    nb = notebook("print(a)", "x = 1", "x += 1", metadata={"jupyter_prod": {"ignore": ["HS004"]}})

    assert findings_of(nb) == [("HS007", 2, 1)]


def test_notebook_metadata_accepts_names_in_any_case():
    nb = notebook(
        "print(a)", "x = 1", "x += 1",
        metadata={"jupyter_prod": {"ignore": ["hs004", "Non-Idempotent-Cell"]}},
    )  # fmt: skip

    assert findings_of(nb) == []


def test_notebook_level_finding_is_silenced_by_metadata():
    nb = notebook("x = 1", metadata={"jupyter_prod": {"ignore": ["NB001"]}})
    nb["nbformat_minor"] = 4

    assert findings_of(nb) == []


def test_suppressed_findings_do_not_fail_the_check(cli, tmp_path):
    path = write_notebook(tmp_path, "n.ipynb", notebook("print(a)  # prod: ignore[HS004]"))

    result = cli("check", path, "--format", "json", *FOUNDATION_ARGS)

    assert result.status == 0
    assert json.loads(result.out)["summary"]["findings"] == 0


@pytest.mark.parametrize("separator", ["\u2028", "\x0c"])
def test_comment_below_a_unicode_line_separator_in_a_string_still_applies(separator):
    nb = notebook(f's = "a{separator}b"\nprint(missing)  # prod: ignore[HS004]')

    assert findings_of(nb) == []
