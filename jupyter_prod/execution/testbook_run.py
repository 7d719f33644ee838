"""Run the project's testbook tests for a notebook, with the line recorder in their kernels.

testbook starts kernels of its own; an IPython startup file in a temporary `IPYTHONDIR`
installs the recorder in each of them, and each writes what the tests ran to a file. The tests
run with pytest, from the project root, with this Python (so testbook must be installed here).
Their pass or fail is not ours to report; what they ran is.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import subprocess
import sys
import tempfile

from ..analysis.facts import NotebookFacts
from ..analysis.test_files import project_root
from .fresh_run import FreshRun, Recording, install_code, merge_recording


def run_testbook_tests(
    facts: NotebookFacts, files: list[str], recording: Recording, run: FreshRun, timeout: float
) -> str | None:
    """Run `files` (relative to the project root); a note when they could not be measured."""
    if importlib.util.find_spec("testbook") is None:
        return f"testbook is not installed here: {len(files)} testbook file(s) mapped, not run"
    root = project_root(os.path.dirname(os.path.realpath(facts.path)))
    with tempfile.TemporaryDirectory(prefix="jupyter-prod-") as scratch:
        startup = os.path.join(scratch, "ipython", "profile_default", "startup")
        os.makedirs(startup)
        with open(os.path.join(startup, "00-jupyter-prod.py"), "w", encoding="utf-8") as handle:
            handle.write(install_code(recording, out_dir=scratch))
        env = {**os.environ, "IPYTHONDIR": os.path.join(scratch, "ipython")}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files]
        limit = max(60.0, timeout * 4)
        try:
            subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=limit,
                           check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            return (
                f"the testbook tests did not finish within {limit:g} s; their lines are not counted"
            )
        for path in glob.glob(os.path.join(scratch, "hits-*.json")):
            with open(path, encoding="utf-8") as handle:
                merge_recording(run, handle.read())
    return None
