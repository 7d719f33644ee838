"""A big cell is checked in time linear in its size, and reported readably: thousands of
findings on one long line each get their own finding, at their own column, shown around that
column (the line is not printed from its start, nor indented to a column 70,000 characters
in). Not a timed test: the speed is measured in bench/bench_big_cell.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import notebook, write_notebook

CALL = "df.dropna(inplace=True);"
COUNT = 3_000


def test_thousands_of_findings_on_one_line_each_shown_at_its_column(cli, tmp_path: Path) -> None:
    cell = CALL * COUNT + "df.reset_index(inplace=True)"
    path = write_notebook(
        tmp_path, "big.ipynb", notebook("import pandas as pd\ndf = pd.read_csv('a.csv')", cell)
    )
    ran = cli("check", path, "--select", "PD008,HS007", "--fail-on", "error")
    assert ran.status == 0, ran.err
    lines = ran.out.splitlines()
    heads = [line for line in lines if re.match(r".*big\.ipynb:cell 2:1:\d+: ", line)]
    columns = [
        int(re.search(r":cell 2:1:(\d+): (\w+)", h).group(1)) for h in heads if " PD008 " in h
    ]  # type: ignore[union-attr]
    assert columns == [1 + len(CALL) * i for i in range(COUNT + 1)]  # every call, in order
    [rerun] = [h for h in heads if " HS007 " in h]  # the call whose second run differs
    assert f":cell 2:1:{len(CALL) * COUNT + 1}: HS007 re-running this cell" in rerun
    assert max(len(line) for line in lines if line.startswith("    | ")) <= 170
    last = lines.index(heads[-1])
    shown, marker = lines[last + 1], lines[last + 2]
    start = marker.index("^")
    assert (
        shown[start : start + len("df.reset_index(inplace=True)")] == "df.reset_index(inplace=True)"
    )
    assert marker[start:] == "^" * len("df.reset_index(inplace=True)")


def test_a_big_cell_of_statements_is_checked_and_its_one_finding_placed(
    cli, tmp_path: Path
) -> None:
    cell = "a=1;" * 250_000 + "print(b)"  # a megabyte on one line; `b` is never defined
    path = write_notebook(tmp_path, "big.ipynb", notebook(cell))
    ran = cli("check", path, "--select", "HS004", "--format", "json")
    [finding] = json.loads(ran.out)["notebooks"][0]["findings"]
    assert (finding["rule"], finding["cell"], finding["line"], finding["column"]) == (
        "HS004",
        0,
        1,
        1_000_007,
    )
