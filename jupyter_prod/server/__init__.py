"""The Jupyter server extension: REST routes under `<base_url>/jupyter-prod/`.

Handlers hold no logic: they check the request, resolve paths inside the server's root and
call `jupyter_prod.api`, exactly as the CLI does.
"""

from __future__ import annotations

from typing import Any


def load_extension(server_app: Any) -> None:
    import atexit

    from .routes import setup_routes

    tasks = setup_routes(server_app.web_app, root_dir=server_app.root_dir)
    atexit.register(tasks.shutdown)  # worker processes of exports and runs end with the server
    server_app.log.info("jupyter-prod: server extension loaded")


# The name Jupyter looks for in the module named by `_jupyter_server_extension_points`.
_load_jupyter_server_extension = load_extension
