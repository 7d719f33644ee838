"""A real Jupyter server with our extension, authentication on (pytest-jupyter's jp_fetch)."""

from __future__ import annotations

import pytest


@pytest.fixture
def jp_server_config(jp_server_config):  # type: ignore[no-untyped-def]
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyter_prod": True},
            "allow_unauthenticated_access": False,
        }
    }


@pytest.fixture(autouse=True)
def _stop_background_workers(jp_serverapp):  # type: ignore[no-untyped-def]
    """Each test's server has its own worker processes for exports and runs: end them."""
    yield
    tasks = jp_serverapp.web_app.settings.get("jupyter_prod_tasks")
    if tasks is not None:
        tasks.shutdown()
