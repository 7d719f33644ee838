"""The Binder environment, rebuilt as closely as this machine allows, and the demo run in it.

repo2docker clones the repository, installs `binder/requirements.txt` and runs `binder/postBuild`
from the repository's root. Here: a copy of the repository's files (with the JupyterLab extension
already built, so pip does not run the 5-minute jlpm build a real Binder build runs), a fresh
venv, `pip install -r binder/requirements.txt` (pip's cache makes it quick), `binder/postBuild`.
Then the extension must be listed as enabled, and the demo notebooks must run top to bottom in
a real kernel of that venv, in a temporary copy of `binder/demo` (the repository gets nothing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
LABEXTENSION = REPO / "jupyter_prod" / "labextension"
BUILD_SECONDS = 420  # the whole rebuild; about 2 minutes with a warm pip cache


def _copy_repository(target: Path) -> None:
    """The files a clone has (tracked, as they are now in the work tree) plus the built
    JupyterLab extension."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    for name in listed.stdout.decode().split("\0"):
        source = REPO / name
        if name and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    # A second `make setup` in the same venv writes install.json into this folder through the
    # develop symlink; a fresh build has none, and the wheel would carry it twice.
    built = shutil.ignore_patterns("install.json")
    shutil.copytree(LABEXTENSION, target / "jupyter_prod" / "labextension", ignore=built)


def _environment(venv: Path, home: Path) -> dict[str, str]:
    """The venv first on PATH, as in Binder's image; no user-level Jupyter folders of this
    machine (kernels, settings) leaking in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        VIRTUAL_ENV=str(venv),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
    )
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, (
        f"`{' '.join(command)}` exited {result.returncode}:\n{output[-3000:]}"
    )
    return output


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not (LABEXTENSION / "package.json").is_file():
        pytest.fail("the JupyterLab extension is not built (make setup builds it)")
    root = tmp_path_factory.mktemp("binder")
    repo, venv = root / "repo", root / "venv"
    _copy_repository(repo)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = _environment(venv, root / "home")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "install", "--quiet", "-r", "binder/requirements.txt"], repo, env, BUILD_SECONDS)
    requirements = time.monotonic() - started
    post_build = _run(["bash", "binder/postBuild"], repo, env, BUILD_SECONDS)
    seconds = time.monotonic() - started
    print(
        f"binder build: requirements {requirements:.0f} s, postBuild {seconds - requirements:.0f} s"
    )
    return {"repo": repo, "venv": venv, "env": env, "seconds": seconds, "post_build": post_build}


def test_the_binder_files_build_an_environment_within_budget(binder: dict[str, object]) -> None:
    assert (binder["venv"] / "bin" / "jupyter-prod").is_file()  # type: ignore[operator]
    assert binder["seconds"] < BUILD_SECONDS  # type: ignore[operator]


def test_jupyterlab_lists_the_extension_enabled(binder: dict[str, object]) -> None:
    env, repo, venv = binder["env"], binder["repo"], binder["venv"]
    jupyter = str(venv / "bin" / "jupyter")  # type: ignore[operator]
    lab = _run([jupyter, "labextension", "list"], repo, env, 120)  # type: ignore[arg-type]
    line = next((line for line in lab.splitlines() if "jupyter-prod" in line), "")
    assert "enabled" in line and "OK" in line, lab
    server = _run([jupyter, "server", "extension", "list"], repo, env, 120)  # type: ignore[arg-type]
    assert any("jupyter_prod" in line and "enabled" in line for line in server.splitlines()), server
    assert "jupyter_prod" in server and "OK" in server.split("jupyter_prod", 1)[1][:200], server


def test_jupyterlab_starts_with_the_extension_and_its_server_routes(
    binder: dict[str, object],
) -> None:
    """What a Binder user gets: JupyterLab serving the sidebar's code and answering its API."""
    import secrets
    import socket
    import urllib.request

    env, repo, venv = binder["env"], binder["repo"], binder["venv"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    lab = subprocess.Popen(
        [str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",  # type: ignore[operator]
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # type: ignore[arg-type]
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"token {token}"}

        def get(path: str) -> str:
            request = urllib.request.Request(base + path, headers=headers)
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.read().decode()

        deadline = time.monotonic() + 90
        while True:
            try:
                page = get("/lab")
                break
            except OSError:
                assert time.monotonic() < deadline and lab.poll() is None, (
                    "JupyterLab did not start"
                )
                time.sleep(1)
        assert '"name": "jupyter-prod"' in page.replace(
            '":"', '": "'
        )  # the sidebar's bundle is served
        rules = json.loads(get("/jupyter-prod/rules"))
        assert "HS004" in json.dumps(rules)
    finally:
        lab.terminate()
        lab.wait(30)


RUNNER = textwrap.dedent(
    """
    import json, sys
    import nbformat
    from nbclient import NotebookClient

    results = {}
    for name in sys.argv[1:]:
        nb = nbformat.read(name, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import sys, jupyter_prod; print(sys.prefix, jupyter_prod.__file__)"))
        NotebookClient(nb, kernel_name="python3", timeout=300,
                       resources={"metadata": {"path": "."}}).execute()
        results[name] = [
            {"source": cell.source, "outputs": cell.get("outputs", [])}
            for cell in nb.cells if cell.cell_type == "code"
        ]
    print(json.dumps(results))
    """
)


def test_the_demo_notebooks_run_top_to_bottom(binder: dict[str, object], tmp_path: Path) -> None:
    env, venv = binder["env"], binder["venv"]
    demo = tmp_path / "demo"
    before = sorted(p.name for p in (REPO / "binder" / "demo").iterdir())
    shutil.copytree(REPO / "binder" / "demo", demo, ignore=shutil.ignore_patterns("jobs"))
    python = str(venv / "bin" / "python")  # type: ignore[operator]
    notebooks = ["sales_report_fixed.ipynb", "tour.ipynb"]
    started = time.monotonic()
    result = subprocess.run([python, "-c", RUNNER, *notebooks], cwd=demo, env=env,  # type: ignore[arg-type]
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    print(f"demo notebooks: {time.monotonic() - started:.0f} s")
    assert result.returncode == 0, result.stderr[-4000:]
    ran = json.loads(result.stdout.strip().splitlines()[-1])
    for name in notebooks:
        cells = ran[name]
        errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
        assert not errors, f"{name}: {errors}"
        prefix = _text(cells[-1]["outputs"])
        assert prefix.startswith(str(venv)), f"{name} ran in another Python: {prefix}"
        assert str(venv) in prefix.split()[1], prefix  # jupyter_prod imported from the Binder venv
    _assert_tour_showed_everything(ran["tour.ipynb"])
    assert (demo / "jobs" / "sales_report_fixed" / "job.yaml").is_file()
    assert sorted(p.name for p in (REPO / "binder" / "demo").iterdir()) == before


def _text(outputs: list[dict[str, object]]) -> str:
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append(str(output["text"]))
        data = output.get("data") or {}
        parts.append(str(data.get("text/plain", "")) if isinstance(data, dict) else "")  # type: ignore[union-attr]
    return "".join(parts)


def _outputs_of(cells: list[dict[str, object]], start: str) -> list[dict[str, object]]:
    return next(c["outputs"] for c in cells if str(c["source"]).startswith(start))  # type: ignore[return-value]


def _assert_tour_showed_everything(cells: list[dict[str, object]]) -> None:
    check = _text(_outputs_of(cells, "!jupyter prod check"))
    assert "HS006" in check and "HS004" in check and "[REDACTED]" in check
    assert "Tr0ub4dor" not in json.dumps(cells), "the demo's fake secret leaked into an output"
    [report] = [
        o for o in _outputs_of(cells, "messy = Report") if o["output_type"] == "execute_result"
    ]
    bundle = report["data"]
    assert "application/vnd.jupyter.widget-view+json" in bundle  # type: ignore[operator]
    assert "HS006" in bundle["text/html"] and "<svg" in bundle["text/html"]  # type: ignore[index]
    refused = _text(_outputs_of(cells, "!jupyter prod export sales_report.ipynb"))
    assert "refused" in refused and "`markup` is defined by no cell" in refused
    exported = _text(_outputs_of(cells, "!jupyter prod export sales_report_fixed"))
    assert "exported sales_report_fixed.ipynb to jobs/sales_report_fixed/" in exported
    launched = _text(_outputs_of(cells, "# the same from code"))
    assert "succeeded in" in launched and "output.ipynb" in launched
    assert '(this run: \'["North", "South"]\')' in launched
    runs = _text(_outputs_of(cells, "!jupyter prod run jobs/sales_report_fixed --list"))
    assert runs.count("succeeded") == 2, runs


def test_the_binder_requirements_hold_what_building_jupyter_prod_needs() -> None:
    """postBuild builds without isolation, so the build tools must come from requirements.txt,
    the same ones pyproject.toml asks for."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"][
        "requires"
    ]
    lines = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = {line.split("#")[0].strip().replace(" ", "") for line in lines} - {""}
    assert {r.replace(" ", "") for r in requires} <= listed
    assert "--no-build-isolation" in (REPO / "binder" / "postBuild").read_text(encoding="utf-8")


@pytest.mark.parametrize(("built", "node_ok", "installs_node"),
                         [(False, False, True), (False, True, False), (True, False, False)])  # fmt: skip
def test_post_build_brings_a_newer_node_only_when_it_must_build_the_extension(
    tmp_path: Path, built: bool, node_ok: bool, installs_node: bool
) -> None:
    """A clone has no built extension: pip's build hook runs jlpm, which needs Node.js >= 20.19.
    The tools postBuild calls are stand-ins here that record how they were called."""
    repo, tools, calls = tmp_path / "repo", tmp_path / "bin", tmp_path / "calls"
    (repo / "binder").mkdir(parents=True)
    shutil.copy(REPO / "binder" / "postBuild", repo / "binder" / "postBuild")
    if built:
        (repo / "jupyter_prod" / "labextension" / "static").mkdir(parents=True)
        (repo / "jupyter_prod" / "labextension" / "static" / "style.js").write_text(
            "", encoding="utf-8"
        )
    tools.mkdir()
    stand_ins = {
        "node": f"exit {0 if node_ok else 1}",
        "mamba": f'echo "mamba $*" >> {calls}',
        "python": f'echo "python $*" >> {calls}',
        "jupyter": 'echo "        jupyter-prod v0.1.0 enabled OK (python, jupyter-prod)"',
    }
    for name, body in stand_ins.items():
        (tools / name).write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
        (tools / name).chmod(0o755)
    env = dict(os.environ, PATH=f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin")
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True, timeout=60)
    recorded = calls.read_text(encoding="utf-8").splitlines()
    node = "mamba install --yes --quiet --channel conda-forge nodejs>=22.12"
    assert (node in recorded) == installs_node, recorded
    assert recorded[-1] == "python -m pip install --no-build-isolation ."
