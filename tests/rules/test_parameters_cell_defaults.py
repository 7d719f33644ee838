"""A `parameters` cell that only assigns literals declares the defaults a job overrides: never
run, it is no hidden state (HS008, HS005 stay silent), and a machine-bound path in it is reported
as the parameter's default, not as a value to move into the parameters cell (HO002). The panel's
Parameters action, applied to the demo notebook, adds no finding of its own making (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import code, notebook, only

from jupyter_prod import api
from jupyter_prod.notebook.reader import load_notebook

DEMO = Path(__file__).parents[2] / "binder" / "demo" / "sales_report.ipynb"


def test_a_never_run_parameters_cell_of_literals_is_no_hidden_state() -> None:
    nb = notebook(
        code("import pandas as pd", 1),
        code("# Parameters\nSALES_PATH: str = 'data/sales.csv'\nLIMIT = -5", None, tags=["parameters"]),
        code("sales = pd.read_csv(SALES_PATH).head(LIMIT)", 2),
    )
    assert only(nb, "HS008") == []
    assert only(nb, "HS005") == []


def test_a_never_run_parameters_cell_that_computes_is_still_reported() -> None:
    nb = notebook(
        code("import datetime", 1),
        code("START = datetime.date.today()", None, tags=["parameters"]),
        code("print(START)", 2),
    )
    [never_ran] = only(nb, "HS008")
    assert never_ran.cell == 1
    [reads] = only(nb, "HS005")
    assert reads.cell == 2 and "`START`" in reads.message


def test_a_never_run_untagged_cell_of_literals_is_still_reported() -> None:
    nb = notebook(code("LIMIT = 5", None), code("print(LIMIT)", 1))
    assert [f.cell for f in only(nb, "HS008")] == [0]
    assert [f.cell for f in only(nb, "HS005")] == [1]


def test_a_machine_bound_default_is_reported_as_the_parameter_s_default() -> None:
    nb = notebook(
        code("SALES_PATH = '/Users/maria/q3/sales.csv'", 1, tags=["parameters"]),
        code("import pandas as pd\nsales = pd.read_csv(SALES_PATH)", 2),
    )
    [finding] = only(nb, "HO002")
    assert finding.cell == 0
    assert finding.message == (
        "user-specific path `/Users/maria/q3/sales.csv` is the default of the parameter "
        "`SALES_PATH`: it will not exist where the job runs; default to a path relative to the "
        "project, or pass the job's path at every run (`-p SALES_PATH ...`)"
    )
    assert finding.fix is not None and "move" not in finding.fix.description


def _apply_parameters_action(path: Path) -> dict[str, Any]:
    """The demo with every suggested parameter kept, as the panel's Parameters dialog edits it:
    the lifted literals replaced, the new cell inserted where the suggestion says."""
    suggestion = api.suggest_parameters(load_notebook(path)).to_dict()
    document = json.loads(path.read_text(encoding="utf-8"))
    sources = ["".join(cell["source"]) for cell in document["cells"]]
    for parameter in suggestion["parameters"]:
        for edit in sorted(parameter["edits"] or [], key=lambda e: (-e["line"], -e["column"])):
            lines = sources[edit["cell"]].split("\n")
            assert edit["line"] == edit["end_line"]  # the demo's edits are one-line replacements
            text = lines[edit["line"] - 1]
            lines[edit["line"] - 1] = (
                text[: edit["column"] - 1] + edit["text"] + text[edit["end_column"] - 1 :]
            )
            sources[edit["cell"]] = "\n".join(lines)
    for cell, source in zip(document["cells"], sources, strict=True):
        cell["source"] = source
    new = {"cell_type": "code", "id": "parameters", "metadata": {"tags": ["parameters"]},
           "execution_count": None, "outputs": [], "source": suggestion["cell_source"].rstrip("\n")}  # fmt: skip
    document["cells"].insert(suggestion["insert_index"], new)
    return document


def test_the_parameters_action_on_the_demo_adds_no_finding_of_its_own_making() -> None:
    before = api.check_document(json.loads(DEMO.read_text()), "demo.ipynb", api.CheckOptions())
    after = api.check_document(_apply_parameters_action(DEMO), "demo.ipynb", api.CheckOptions())

    rules = lambda report: sorted(f.rule for f in report.findings)  # noqa: E731
    assert len(after.findings) == len(before.findings) - 1
    assert rules(after) == sorted(r for r in rules(before) if r != "HO005")
    [path] = [f for f in after.findings if f.rule == "HO002"]
    assert "is the default of the parameter `sales_path`" in path.message
