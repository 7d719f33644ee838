"""jupyter-prod: from a data scientist's notebook to a production job."""

from __future__ import annotations

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built: read the installed metadata
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("jupyter-prod")
    except PackageNotFoundError:
        __version__ = "0.0.0+unknown"

__all__ = ["__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter-prod"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "jupyter_prod.server"}]
