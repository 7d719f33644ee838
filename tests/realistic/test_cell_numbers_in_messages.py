"""Messages name cells as the text output does, counted from 1 as a person counts them
(markdown included), while the JSON `cell` field is the 0-based index of the same cell."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPO_ROOT, code, notebook, write_notebook

from .notebooks import ALL, build

CELL_REFERENCE = re.compile(r"\bcells? (\d+)\b")
WHERE = re.compile(r"^(?P<path>.+?):cell (?P<cell>\d+):\d+:\d+: (?P<rule>[A-Z]{2}\d{3}) (?P<message>.*)")
# Out of order across cells, with a markdown cell first: its numbers must count it.
ORDERED = notebook(("md", "# Title"), code("rate = 0.2", 3), code("total = 100 * rate", 2),
                   code("rate = 0.5", 4), code("print(total)\nprint(missing)", 1))  # fmt: skip


def notebooks(tmp_path: Path) -> list[Path]:
    paths = [write_notebook(tmp_path, name, build(cells)) for name, (cells, _, _) in ALL.items()]
    paths.append(write_notebook(tmp_path, "ordered.ipynb", ORDERED))
    for demo in sorted((REPO_ROOT / "binder" / "demo").glob("*.ipynb")):
        paths.append(write_notebook(tmp_path, demo.name, demo.read_text(encoding="utf-8")))
    return paths


@pytest.fixture
def reports(cli, tmp_path):
    paths = notebooks(tmp_path)
    as_json = json.loads(cli("check", tmp_path, "--format", "json").out)
    as_text = cli("check", tmp_path).out
    cells = {str(p): json.loads(p.read_text(encoding="utf-8"))["cells"] for p in paths}
    return as_json, as_text, cells


def test_the_text_location_is_the_json_index_plus_one(reports):
    as_json, as_text, _ = reports
    located = [WHERE.match(line) for line in as_text.splitlines()]
    from_text = sorted((m["path"], int(m["cell"]), m["rule"]) for m in located if m)
    from_json = sorted((n["path"], f["cell"] + 1, f["rule"]) for n in as_json["notebooks"]
                       for f in n["findings"] if f["cell"] is not None)  # fmt: skip
    assert from_text == from_json
    assert len(from_json) > 30


def test_every_cell_a_message_names_exists_and_is_counted_from_one(reports):
    as_json, _, cells = reports
    checked = 0
    for report in as_json["notebooks"]:
        count = len(cells[report["path"]])
        for finding in report["findings"]:
            for number in CELL_REFERENCE.findall(finding["message"]):
                assert 1 <= int(number) <= count, (finding["rule"], finding["message"])
                checked += 1
    assert checked > 5


def test_a_message_names_the_cell_the_user_sees(reports):
    as_json, _, _ = reports
    [ordered] = [n for n in as_json["notebooks"] if n["path"].endswith("ordered.ipynb")]
    out_of_order = [f for f in ordered["findings"] if f["rule"] == "HS001"]

    # `total = 100 * rate` is the third cell on screen (a markdown cell first), index 2.
    assert [f["cell"] for f in out_of_order][0] == 2
    assert "before cell 2 above it (In[3])" in out_of_order[0]["message"]
