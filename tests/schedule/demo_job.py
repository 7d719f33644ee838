"""The bundled demo job (`binder/demo/sales_report_fixed.ipynb`) exported into a temporary
folder, and what its runs show: the code cells' outputs, the job's RESULT."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from jupyter_prod import api

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO = REPO_ROOT / "binder" / "demo"
NAME = "sales_report_fixed"


def export_demo(folder: Path) -> Path:
    """`folder/jobs/sales_report_fixed` beside a copy of the demo notebook and its data."""
    shutil.copy(DEMO / f"{NAME}.ipynb", folder)
    shutil.copytree(DEMO / "data", folder / "data")
    result = api.export_notebook(folder / f"{NAME}.ipynb", api.ExportOptions(run=False))
    return Path(result.job_dir)


def result_of(output_notebook: str | Path) -> list[tuple[int, str, str]]:
    """The job's RESULT: (cell, output type, text) of every code cell's output, in order."""
    document = json.loads(Path(output_notebook).read_text(encoding="utf-8"))
    found = []
    for index, cell in enumerate(document["cells"]):
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            text: Any = output.get("text") or output.get("data", {}).get("text/plain", "")
            found.append((index, output["output_type"], "".join(text)))
    return found


def write_bad_sales(folder: Path) -> Path:
    """`folder/data/bad.csv`: the demo's sales with a negative quantity in the first row, which
    the job's data contract (quantity in 1..12) refuses."""
    rows = (folder / "data" / "sales.csv").read_text(encoding="utf-8").splitlines()
    first = rows[1].split(",")
    first[4] = "-3"
    path = folder / "data" / "bad.csv"
    path.write_text("\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n", encoding="utf-8")
    return path
