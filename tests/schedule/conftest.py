"""The orchestrator tests, each group in its own venv and only when asked for.

    make .venv-airflow/bin/airflow && pytest -m airflow tests/schedule
    make .venv-scheduler/bin/jupyter-scheduler-ready && \
        .venv-scheduler/bin/python -m pytest -m scheduler tests/schedule

- `airflow`: Airflow 3 runs in `.venv-airflow` (or JUPYTER_PROD_AIRFLOW_VENV), called as a
  program; asked for by `-m airflow` or JUPYTER_PROD_AIRFLOW=1.
- `scheduler`: jupyter-scheduler must be importable in the test's own Python (its server
  extension runs in the test server); `.venv-scheduler` sees the main venv's packages plus
  jupyter-scheduler, so the main venv (and its JupyterLab, which the browser tests drive) never
  gets its lab extension. Asked for by `-m scheduler` or JUPYTER_PROD_SCHEDULER=1.
`make test-python` asks for both. Asked for, a missing venv or package is an error, not a skip.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GROUPS = {"airflow": "JUPYTER_PROD_AIRFLOW", "scheduler": "JUPYTER_PROD_SCHEDULER"}


def _asked_for(config: pytest.Config, group: str) -> bool:
    expression = str(config.getoption("markexpr", "") or "")
    return (group in expression and f"not {group}" not in expression) or bool(
        os.environ.get(GROUPS[group])
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for group in GROUPS:
        if _asked_for(config, group):
            continue
        skip = pytest.mark.skip(reason=f"a `{group}` test: run with `-m {group}` (see conftest)")
        for item in items:
            if group in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def airflow_bin() -> Path:
    """The `bin/` folder of the venv that has Airflow (and the demo job's requirements)."""
    venv = Path(os.environ.get("JUPYTER_PROD_AIRFLOW_VENV") or REPO_ROOT / ".venv-airflow")
    if not (venv / "bin" / "airflow").is_file():
        pytest.fail(f"no Airflow in {venv}: run `make .venv-airflow/bin/airflow` first")
    return venv / "bin"


@pytest.fixture(scope="session")
def jupyter_scheduler_installed() -> None:
    if importlib.util.find_spec("jupyter_scheduler") is None:
        pytest.fail(
            "jupyter-scheduler is not installed in this Python: run the `scheduler` tests with "
            "`.venv-scheduler/bin/python -m pytest -m scheduler tests/schedule` (see the Makefile)"
        )
