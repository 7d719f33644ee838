"""The `airflow` tests: Airflow 3 in its own venv, and only when asked for.

    make .venv-airflow/bin/airflow && pytest -m airflow tests/schedule

Without `-m airflow` (or JUPYTER_PROD_AIRFLOW=1, which `make test-python` sets) they are
skipped; when asked for, a missing venv is an error, not a skip. The venv is `.venv-airflow`
at the repository's root, or the one JUPYTER_PROD_AIRFLOW_VENV names.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _asked_for(config: pytest.Config) -> bool:
    expression = str(config.getoption("markexpr", "") or "")
    return ("airflow" in expression and "not airflow" not in expression) or bool(
        os.environ.get("JUPYTER_PROD_AIRFLOW")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    skip = pytest.mark.skip(
        reason="needs Airflow's venv: run with `pytest -m airflow tests/schedule`"
    )
    for item in items:
        if "airflow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def airflow_bin() -> Path:
    """The `bin/` folder of the venv that has Airflow (and the demo job's requirements)."""
    venv = Path(os.environ.get("JUPYTER_PROD_AIRFLOW_VENV") or REPO_ROOT / ".venv-airflow")
    if not (venv / "bin" / "airflow").is_file():
        pytest.fail(f"no Airflow in {venv}: run `make .venv-airflow/bin/airflow` first")
    return venv / "bin"
