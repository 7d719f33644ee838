"""Runs inside the kernel: which lines and branches of notebook functions ran while a test ran,
measured with coverage.py (the field's library: its C tracer, or `sys.monitoring` where the
kernel's Python and coverage.py use it; branch arcs as coverage.py defines them).

`check --execute` sends this file's source to a fresh kernel (and, for testbook tests, to the
kernels testbook starts, through an IPython startup file) and calls `install(...)`:

- `pre_run_cell`: a cell whose source hash is a test cell's, or that is no notebook cell at all
  (code testbook injects), starts coverage.py; `post_run_cell` stops it, so what the logic cells
  do when they are defined, and what other cells call, is not counted as tested;
- coverage.py records every file the kernel compiled cells under (IPython's cell file names);
  after a logic cell runs, the file name it was compiled under is remembered, and `dump()`
  keeps only those, keyed by the cell's source hash;
- `dump()` returns {"hits": {hash: lines}, "arcs": {hash: [[from, to], ...]}, "measured":
  [hashes]} as JSON text; without coverage.py in the kernel's environment, nothing is measured
  and "missing" says why.

Nothing is added to the user's namespace: this lives in `sys.modules` under its own name.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from IPython import get_ipython

_state: dict[str, Any] = {"test": set(), "notebook": set(), "logic": set(), "out": None,
                          "coverage": None, "missing": None, "running": False}  # fmt: skip
_files: dict[str, str] = {}  # compiled file name -> hash of the logic cell's source


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _coverage() -> Any:
    if _state["coverage"] is None and _state["missing"] is None:
        try:
            import coverage
        except ImportError:
            _state["missing"] = (
                "coverage.py is not installed in the kernel's environment: lines run by tests "
                "were not measured (pip install coverage there)"
            )
            return None
        # No data file, no configuration of the user's project: a measurement of our own.
        _state["coverage"] = coverage.Coverage(data_file=None, branch=True, config_file=False)
    return _state["coverage"]


def _pre_run_cell(info: Any) -> None:
    key = digest(info.raw_cell)
    _state["current"] = key
    if key in _state["test"] or key not in _state["notebook"]:
        measuring = _coverage()
        if measuring is not None:
            measuring.start()
            _state["running"] = True


def _post_run_cell(result: Any) -> None:
    if _state["running"]:
        _state["coverage"].stop()
        _state["running"] = False
    key = _state["current"]
    if key in _state["logic"]:
        compiled = getattr(get_ipython().compile, "_filename_map", {})
        number = getattr(result, "execution_count", None)
        for name, count in list(compiled.items()):
            if count == number:
                _files[name] = key
    if _state["out"] and _state["coverage"] is not None:  # a kernel testbook started
        path = os.path.join(_state["out"], f"hits-{os.getpid()}.json")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(dump())


def install(
    test_hashes: list[str],
    notebook_hashes: list[str],
    logic_hashes: list[str],
    out_dir: str | None = None,
) -> None:
    """Start recording: hashes are sha1 of cell sources (`digest`); with `out_dir`, the record
    is also written there after each recorded cell (`hits-<pid>.json`)."""
    _state.update(
        test=set(test_hashes), notebook=set(notebook_hashes), logic=set(logic_hashes), out=out_dir
    )
    _coverage()  # created now: a notebook without tests still has its logic cells measured
    events = get_ipython().events
    events.register("pre_run_cell", _pre_run_cell)
    events.register("post_run_cell", _post_run_cell)


def dump() -> str:
    hits: dict[str, set[int]] = {}
    arcs: dict[str, set[tuple[int, int]]] = {}
    measuring = _state["coverage"]
    data: Any = measuring.get_data() if measuring is not None else None
    for name in data.measured_files() if data is not None else ():
        key = _files.get(name)
        if key is None:
            continue
        hits.setdefault(key, set()).update(data.lines(name) or ())
        arcs.setdefault(key, set()).update(data.arcs(name) or ())
    measured = sorted(set(_files.values())) if measuring is not None else []
    return json.dumps({
        "hits": {k: sorted(v) for k, v in hits.items()},
        "arcs": {k: sorted(v) for k, v in arcs.items()},
        "measured": measured,
        "missing": _state["missing"],
    })  # fmt: skip
