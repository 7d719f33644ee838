"""The Jupyter server that the browser tests run against: no token, a throwaway root."""

from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

c = get_config()  # type: ignore[name-defined]  # noqa: F821

configure_jupyter_server(c)

c.ServerApp.ip = "127.0.0.1"
# Everything runs as root on our machines, and jupyter refuses to start as root without this.
c.ServerApp.allow_root = True
c.ServerApp.root_dir = mkdtemp(prefix="jupyter-prod-ui-tests-")
