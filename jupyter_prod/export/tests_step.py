"""The export's testing step: run the notebook with the recorder, then write the tests."""

from __future__ import annotations

import os
import re

from ..execution.errors import ExecutionError
from .plan import ExportPlan
from .recording import RecordedRun, record_run
from .report import ExportReport
from .staging import Staging
from .test_writer import write_tests

DATA = "tests/data"
_LOADED = re.compile(r"load\(['\"]([^'\"]+)['\"]\)")


def add_tests(plan: ExportPlan, stage: Staging, report: ExportReport, *, workdir: str,
              kernel: str, timeout: float) -> RecordedRun | None:  # fmt: skip
    """Record, write the tests into the stage, note in the report what could not be tested."""
    assert stage.path is not None
    data = os.path.join(stage.path, DATA)
    try:
        run = record_run(plan, data, kernel=kernel, timeout=timeout)
    except ExecutionError as error:
        _remove(data)
        report.tests_note = f"no tests: the notebook could not be run ({error.message})"
        return None
    written = write_tests(plan, run, workdir, f"{plan.name}.ipynb", kernel)
    for relative, text in written.files.items():
        stage.write(relative, text)
    used = {name for text in written.files.values() for name in _LOADED.findall(text)}
    for name in os.listdir(data):
        if name not in used:
            os.remove(os.path.join(data, name))
    if not used:
        _remove(data)
    report.tests = written.count
    report.skipped_tests = written.skipped
    report.withheld = run.guard.withheld
    if run.failure is not None:
        report.tests_note = (f"the notebook did not run to the end ({run.failure}): steps after that "
                             "have no tests, and there is no test of the whole job")  # fmt: skip
    return run


def _remove(folder: str) -> None:
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
