"""Golden export cases (`export_golden_cases.py`): notebook in, files out, compared byte for byte."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from export_golden import golden_files
from export_golden_cases import CASES
from helpers import notebook

from jupyter_prod.export import ExportOptions, export_notebook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "export"


def exported(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.ipynb"
    path.write_text(json.dumps(notebook(*CASES[case])), encoding="utf-8")
    result = export_notebook(path, ExportOptions(run=False))
    return Path(result.job_dir)


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_export(tmp_path: Path, case: str) -> None:
    actual = golden_files(exported(tmp_path, case))
    folder = FIXTURES / case
    if os.environ.get("UPDATE_GOLDEN"):
        for relative, text in actual.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for relative in expected:
        assert actual[relative] == expected[relative], f"{case}/{relative} differs"
