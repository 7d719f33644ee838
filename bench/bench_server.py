"""Benchmark the panel's analysis round trip through a real Jupyter server (issue 6).

    python bench/bench_server.py [--runs 30] [--notebook bench/corpus/nb_300_cells.ipynb]

The panel sends the open document (`POST <base_url>/jupyter-prod/check` with `{"notebook": ...}`)
and draws what comes back. This starts `jupyter server` with our extension and a token, then,
interleaved: (1) the round trip as the panel makes it (JSON encoding of the document, HTTP,
authentication, analysis, JSON reply, decoding), and (2) the reference: `api.check_document` of
the same document in this process. Target: the round trip under 150 ms for a 300-cell notebook;
the ratio says what the server adds. A benchmark, not a timed test: it never fails a build.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.path.insert(0, ROOT)

from jupyter_prod import api  # noqa: E402

TARGET_MS = 150.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(root: str, token: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root",
        f"--ServerApp.root_dir={root}", "--ServerApp.jpserver_extensions={'jupyter_prod': True}",
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request(port, token, "GET", "rules")
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(
                    server.stderr.read().decode() if server.stderr else "no server"
                ) from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer within 60 s")


def request(port: int, token: str, method: str, route: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(
        f"http://127.0.0.1:{port}/jupyter-prod/{route}", data=data, method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(call, timeout=60) as reply:
        return json.loads(reply.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--notebook", default=os.path.join(BENCH, "corpus", "nb_300_cells.ipynb"))
    args = parser.parse_args()
    if not os.path.exists(args.notebook):
        raise SystemExit(
            f"{args.notebook} is missing: run `python bench/make_corpus.py bench/corpus`"
        )
    with open(args.notebook, encoding="utf-8") as handle:
        document = json.load(handle)
    cells = len(document["cells"])
    token, port = secrets.token_hex(16), free_port()
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  nproc: {os.cpu_count()}"
          f"  load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    print(f"notebook: {os.path.relpath(args.notebook, ROOT)} ({cells} cells)")
    with tempfile.TemporaryDirectory() as root:
        server = start_server(root, token, port)
        try:
            body = {"notebook": document, "path": "nb.ipynb"}
            for _ in range(3):  # warm both sides: imports, schema compilation
                request(port, token, "POST", "check", body)
                api.check_document(document, "nb.ipynb")
            trips, local = [], []
            gc.disable()
            for _ in range(args.runs):
                start = time.perf_counter()
                reply = request(port, token, "POST", "check", body)
                trips.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                api.check_document(document, "nb.ipynb")
                local.append((time.perf_counter() - start) * 1000)
            gc.enable()
        finally:
            server.terminate()
            server.wait(timeout=30)
    findings = len(reply["notebooks"][0]["findings"])
    trip, reference = statistics.median(trips), statistics.median(local)
    verdict = "met" if trip < TARGET_MS else f"MISSED by {trip / TARGET_MS - 1:.0%}"
    print(f"  round trip   : {trip:7.1f} ms  median of {args.runs} (min {min(trips):.1f})"
          f"   (target < {TARGET_MS:.0f} ms: {verdict}; {findings} findings)")  # fmt: skip
    print(f"  in-process   : {reference:7.1f} ms  api.check_document (min {min(local):.1f})")
    print(f"  ratio        : {trip / reference:7.2f}x  what HTTP, auth and JSON add")
    print(f"load at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
