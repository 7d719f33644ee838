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
