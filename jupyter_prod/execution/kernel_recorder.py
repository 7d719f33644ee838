"""Runs inside the kernel (standard library only): which lines of notebook functions ran
while a test ran.

`check --execute` sends this file's source to a fresh kernel (and, for testbook tests, to the
kernels testbook starts, through an IPython startup file) and calls `install(...)`:

- `pre_run_cell`: a cell whose source hash is a test cell's, or that is no notebook cell at all
  (code testbook injects), switches line tracing on; `post_run_cell` switches it off again;
- after a logic cell runs, the file name IPython compiled it under is remembered, and only
  frames of those files are traced, so library code costs one cheap check per call;
- a frame stops tracing once it has run every line of its code object, so a hot loop in a
  tested function pays for its first pass only; it also stops after `QUIET_LINES` line events
  that show no new line, and a function stops being traced after `QUIET_CALLS` calls in a row
  that showed none (bounded cost; a line first reached later than that is not counted, which
  can only under-report, never turn a tested function into `0 of N`);
- `dump()` returns {cell source hash: sorted lines run by tests} as JSON text.

Nothing is added to the user's namespace: this lives in `sys.modules` under its own name.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from types import CodeType, FrameType
from typing import Any

from IPython import get_ipython

Tracer = Callable[[FrameType, str, Any], Any]

_state: dict[str, Any] = {"test": set(), "notebook": set(), "logic": set(), "out": None}
_files: dict[str, str] = {}  # compiled file name -> hash of the logic cell's source
_hits: dict[str, set[int]] = {}  # compiled file name -> lines run by tests
_complete: set[CodeType] = set()  # code objects whose every line has run
_wanted: dict[CodeType, set[int]] = {}  # code object -> its lines
_stale: dict[CodeType, int] = {}  # code object -> calls in a row that ran no new line
QUIET_LINES = 2000
QUIET_CALLS = 200


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _lines_of(code: CodeType) -> set[int]:
    lines = {line for _start, _end, line in code.co_lines() if line is not None}
    lines.discard(code.co_firstlineno)  # the `def` line runs when the function is defined
    return lines


def _global_trace(frame: FrameType, event: str, arg: Any) -> Tracer | None:
    code = frame.f_code
    if code.co_filename not in _files or code in _complete:
        return None
    seen = _hits.setdefault(code.co_filename, set())
    wanted = _wanted.get(code)
    if wanted is None:
        wanted = _wanted[code] = _lines_of(code)
    quiet = 0  # line events in this frame since the last line not seen before
    news = False

    def local_trace(frame: FrameType, event: str, arg: Any) -> Tracer | None:
        nonlocal quiet, news
        if event == "line":
            line = frame.f_lineno
            if line in seen:
                quiet += 1
                if quiet > QUIET_LINES:  # a hot loop that shows nothing new: stop paying
                    frame.f_trace_lines = False
                    return None
                return local_trace
            seen.add(line)
            quiet, news = 0, True
            if wanted <= seen:
                _complete.add(code)
                frame.f_trace_lines = False
                return None
        elif event == "return":
            _stale[code] = 0 if news else _stale.get(code, 0) + 1
            if _stale[code] > QUIET_CALLS:  # called again and again, nothing new: done
                _complete.add(code)
        return local_trace

    return local_trace


def _pre_run_cell(info: Any) -> None:
    key = digest(info.raw_cell)
    _state["current"] = key
    if key in _state["test"] or key not in _state["notebook"]:
        sys.settrace(_global_trace)


def _post_run_cell(result: Any) -> None:
    sys.settrace(None)
    key = _state["current"]
    if key in _state["logic"]:
        compiled = getattr(get_ipython().compile, "_filename_map", {})
        number = getattr(result, "execution_count", None)
        for name, count in list(compiled.items()):
            if count == number:
                _files[name] = key
    if _state["out"] and _hits:  # a kernel testbook started: leave the record in a file
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
    events = get_ipython().events
    events.register("pre_run_cell", _pre_run_cell)
    events.register("post_run_cell", _post_run_cell)


def dump() -> str:
    by_cell: dict[str, set[int]] = {}
    for name, lines in _hits.items():
        key = _files.get(name)
        if key is not None:
            by_cell.setdefault(key, set()).update(lines)
    measured = sorted(set(_files.values()))
    return json.dumps({"hits": {k: sorted(v) for k, v in by_cell.items()}, "measured": measured})
