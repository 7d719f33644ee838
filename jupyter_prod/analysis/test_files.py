"""Where a notebook's tests can live: the files the test map reads besides the notebook.

- Project root: the top of the git repository holding the notebook; outside one, the nearest
  folder above the notebook with `pyproject.toml`, `setup.py`, `setup.cfg`, `tox.ini`,
  `pytest.ini` or `conftest.py`; without one, the notebook's parent.
- Test files: `test_*.py` and `*_test.py` beside the notebook and under the `tests/` or
  `test/` folder of every folder from the notebook's up to the root.

The report cache keys a notebook's results on these files too (`test_inputs`): a test added
or edited changes what the untested rules say about a notebook that did not change.
"""

from __future__ import annotations

import os
from functools import lru_cache

# Where pytest would put its rootdir: a configuration file, or a conftest.py (`.git` first).
ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "tox.ini", "pytest.ini", "conftest.py")
TEST_FOLDERS = ("tests", "test")


def test_inputs(notebook_path: str) -> list[tuple[str, int, int]]:
    """(path, mtime in ns, size) of every candidate test file of the notebook."""
    folder = os.path.dirname(os.path.realpath(notebook_path))
    found = []
    for file in candidate_test_files(folder, project_root(folder)):
        try:
            status = os.stat(file)
        except OSError:
            continue
        found.append((file, status.st_mtime_ns, status.st_size))
    return found


@lru_cache(maxsize=1024)
def project_root(folder: str) -> str:
    """The repository's top (the nearest `.git` above), else the nearest folder with another
    marker, else the notebook's parent. The repository wins over a nearer `pyproject.toml`:
    in a repository of several projects, the tests often sit in the top `tests/` folder."""
    nearest = None
    current = folder
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        if nearest is None and any(
            os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS
        ):
            nearest = current
        parent = os.path.dirname(current)
        if parent == current:
            return nearest or os.path.dirname(folder) or folder
        current = parent


def candidate_test_files(folder: str, root: str) -> list[str]:
    """Candidate test files for a notebook in `folder` (root at or above it)."""
    found = list(_test_files_in(folder, False, _mtime(folder)))
    current = folder
    while True:
        for name in TEST_FOLDERS:
            tests = os.path.join(current, name)
            if tests != folder and os.path.isdir(tests):
                found += _test_files_in(tests, True, _mtime(tests))
        if current == root or os.path.dirname(current) == current:
            break
        current = os.path.dirname(current)
    return list(dict.fromkeys(found))


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=256)
def _test_files_in(folder: str, recursive: bool, _mtime_ns: int) -> tuple[str, ...]:
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")) and d != "node_modules")
        found += [os.path.join(current, f) for f in sorted(files) if _is_test_file(f)]
        if not recursive:
            break
    return tuple(found)


def _is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))
