"""Runs inside the kernel (standard library only at import): record, while the original
notebook runs, the values each extracted step and function takes and gives.

`recording.py` sends this file's source to a fresh kernel and calls `install(plan_json)`:
- before the first cell of a step runs, the step's inputs are saved (a copy, made at once:
  the step may change them in place); after its last cell ran without error, its outputs;
- after the cell that defines a notebook function runs, the function is wrapped: its first
  calls save their arguments (before the call), the notebook globals it reads, what it returns
  and the arguments it changes in place (after);
- a cell is known by the sha1 of its source and how many identical cells came before it;
- values: small literals inline (their `repr`), pandas objects as pickles, numeric arrays as
  `.npy`, anything else picklable as a pickle; what cannot be saved says why; each with its
  type and length; a notebook variable named in the plan's `withheld` (computed from the
  environment) is not saved at all, only its type and length;
- `manifest.json` in the output folder is rewritten after every recorded cell;
- the data contract's frames (a step's `profile_after`/`profile_before`) are profiled whole, by
  the profiler `recording.py` installs beside this module (`contract/in_job/profiles.py`).
Nothing is added to the user's namespace but the wrappers, which behave as the functions do.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import pickle
from typing import Any

from IPython import get_ipython

_plan: dict[str, Any] = {}
_manifest: dict[str, Any] = {"steps": {}, "calls": {}, "failed": []}
_seen: dict[str, int] = {}
_open_steps: dict[str, dict[str, Any]] = {}
_state: dict[str, Any] = {"key": None}
INLINE_LIMIT = 400


def _key(source: str) -> str:
    digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest}:{_seen.get(digest, 0)}"


def save(value: Any, base: str, name: str | None = None) -> dict[str, Any]:
    """Save `value` (of the notebook variable `name`, if any) under the output folder as
    `base.<ext>`; its descriptor. A name computed from the environment is never saved."""
    if name is not None and name in _plan.get("withheld", ()):
        return {"kind": "withheld", **_shape(value)}
    return {**_shape(value), **_saved(value, base)}


def _shape(value: Any) -> dict[str, Any]:
    """The type and length of a value, which a test may check when the value is withheld."""
    shape: dict[str, Any] = {"type": type(value).__name__}
    module = type(value).__module__.split(".")[0]
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) or module in (
        "pandas",
        "numpy",
    ):
        try:
            shape["length"] = len(value)
        except Exception:  # noqa: BLE001 - a 0-d array, a scalar: no length
            pass
    return shape


def _saved(value: Any, base: str) -> dict[str, Any]:
    try:
        text = repr(value)
        if len(text) <= INLINE_LIMIT and _is_literal(value) and ast.literal_eval(text) == value:
            return {"kind": "inline", "repr": text, "type": type(value).__name__}
    except Exception:  # noqa: BLE001 - a repr that fails or is not a literal: saved otherwise
        pass
    try:
        return _save_file(value, base)
    except Exception as error:  # noqa: BLE001 - unpicklable values are reported, not fatal
        return {"kind": "unsaved", "reason": f"{type(error).__name__}: {error}"[:200]}


def _is_literal(value: Any) -> bool:
    if value is None or type(value) in (bool, int, float, str, bytes, complex):
        return True
    if type(value) in (list, tuple, set, frozenset):
        return all(_is_literal(v) for v in value)
    if type(value) is dict:
        return all(_is_literal(k) and _is_literal(v) for k, v in value.items())
    return False


def _save_file(value: Any, base: str) -> dict[str, Any]:
    folder, limit = _plan["out"], _plan["max_bytes"]
    module = type(value).__module__.split(".")[0]
    name = type(value).__name__
    if module == "pandas" and name in ("DataFrame", "Series", "Index", "MultiIndex", "RangeIndex"):
        kind = {"DataFrame": "frame", "Series": "series"}.get(name, "index")
        data = pickle.dumps(value, protocol=4)
        return _write(folder, base + ".pkl", data, limit, kind)
    if module == "numpy" and name == "ndarray" and value.dtype.kind in "biufcmMUS":
        import io

        import numpy

        buffer = io.BytesIO()
        numpy.save(buffer, value, allow_pickle=False)
        numeric = value.dtype.kind in "biufc"
        return _write(
            folder, base + ".npy", buffer.getvalue(), limit, "array" if numeric else "array-exact"
        )
    return _write(folder, base + ".pkl", pickle.dumps(value, protocol=4), limit, "object")


def _write(folder: str, file: str, data: bytes, limit: int, kind: str) -> dict[str, Any]:
    if len(data) > limit:
        return {
            "kind": "unsaved",
            "reason": f"too large to keep as test data ({len(data) // 1024} KiB)",
        }
    with open(os.path.join(folder, file), "wb") as handle:
        handle.write(data)
    return {"kind": kind, "file": file}


def _namespace() -> dict[str, Any]:
    return get_ipython().user_ns  # type: ignore[no-any-return]


def _pre_run_cell(info: Any) -> None:
    key = _key(info.raw_cell)
    _state["key"] = key
    for step in _plan["steps"]:
        if step["start"] == key:
            namespace = _namespace()
            values = {
                n: save(namespace[n], f"{step['name']}__in__{n}", n)
                for n in step["inputs"]
                if n in namespace
            }
            _open_steps[step["name"]] = {
                "inputs": values,
                "missing": [n for n in step["inputs"] if n not in namespace],
            }
            _profile(step.get("profile_before", ()), namespace)


def _post_run_cell(result: Any) -> None:
    key = _state["key"]
    if key is None:  # the cell that installed the recorder
        return
    digest = key.split(":")[0]
    _seen[digest] = _seen.get(digest, 0) + 1
    failed = getattr(result, "error_in_exec", None) is not None
    if failed:
        _manifest["failed"].append(key)
    for step in _plan["steps"]:
        opened = _open_steps.get(step["name"])
        if opened is not None and failed:
            del _open_steps[step["name"]]
            continue
        value = getattr(result, "result", None)  # what the cell displayed: `show()` in the step
        if opened is not None and key in step["shows"] and value is not None:
            shown = opened.setdefault("shown", [])
            shown.append(save(value, f"{step['name']}__shown_{len(shown) + 1}"))
        if opened is not None and step["end"] == key:
            namespace = _namespace()
            opened["outputs"] = {
                n: save(namespace[n], f"{step['name']}__out__{n}", n)
                for n in step["outputs"]
                if n in namespace
            }
            _manifest["steps"][step["name"]] = opened
            del _open_steps[step["name"]]
            _profile(step.get("profile_after", ()), namespace)
    for function in _plan["functions"]:
        if function["after"] == key and not failed:
            _wrap(function)
    _write_manifest()


def _profile(names: Any, namespace: dict[str, Any]) -> None:
    """The data contract's profile of each frame named (`_jupyter_prod_profiles`, installed
    beside this module): computed on the whole frame, which is never saved for it."""
    import sys

    profiler = sys.modules.get("_jupyter_prod_profiles")
    for name in names:
        value = namespace.get(name)
        kind = type(value).__module__.split(".")[0], type(value).__name__
        if profiler is None or name in _plan.get("withheld", ()) or kind[1] != "DataFrame" \
                or kind[0] not in ("pandas", "pyspark"):  # fmt: skip
            continue
        _manifest.setdefault("profiles", {})[name] = profiler.profile(value)


def _wrap(spec: dict[str, Any]) -> None:
    namespace = _namespace()
    name = spec.get("global", spec["name"])  # a version of a redefined function: its notebook name
    original = namespace.get(name)
    if not callable(original) or getattr(original, "__jupyter_prod_wrapped__", False):
        return
    calls = _manifest["calls"].setdefault(spec["name"], [])

    @functools.wraps(original)
    def recorded(*args: Any, **kwargs: Any) -> Any:
        if len(calls) >= _plan["max_calls"]:
            return original(*args, **kwargs)
        number = len(calls) + 1
        calls.append(None)  # reserve the number: a recursive call records after this one
        base = f"{spec['name']}__{number}"
        call: dict[str, Any] = {
            "args": [save(a, f"{base}__arg{i}") for i, a in enumerate(args)],
            "kwargs": {k: save(v, f"{base}__kw_{k}") for k, v in kwargs.items()},
            "globals": {
                g: save(namespace[g], f"{base}__global_{g}", g)
                for g in spec["extra"]
                if g in namespace
            },
        }
        result = original(*args, **kwargs)
        call["result"] = save(result, f"{base}__result")
        call["after"] = _changed_arguments(spec, original, args, kwargs, base)
        for name in spec["mutated_globals"]:  # a global it changes is now a parameter too
            if name in namespace:
                call["after"][name] = save(namespace[name], f"{base}__after_{name}", name)
        calls[number - 1] = call
        return result

    recorded.__jupyter_prod_wrapped__ = True  # type: ignore[attr-defined]
    namespace[name] = recorded


def _changed_arguments(
    spec: dict[str, Any], original: Any, args: tuple[Any, ...], kwargs: dict[str, Any], base: str
) -> dict[str, Any]:
    import inspect

    if not spec["mutated"]:
        return {}
    try:
        bound = inspect.signature(original).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return {}
    return {
        n: save(bound.arguments[n], f"{base}__after_{n}")
        for n in spec["mutated"]
        if n in bound.arguments
    }


def _write_manifest() -> None:
    calls = {k: [c for c in v if c is not None] for k, v in _manifest["calls"].items()}
    data = {**_manifest, "calls": calls}
    with open(os.path.join(_plan["out"], "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(data, handle, sort_keys=True)


def _quietly(hook: Any) -> Any:
    """A recorder that breaks must not look like the notebook's error: IPython would show the
    exception in the cell. The problem is kept in the manifest instead."""

    @functools.wraps(hook)
    def guarded(argument: Any) -> None:
        try:
            hook(argument)
        except Exception as error:  # noqa: BLE001
            _manifest.setdefault("problems", []).append(f"{type(error).__name__}: {error}"[:300])

    return guarded


def install(plan_json: str) -> None:
    """Start recording as `plan_json` says (see `recording.py`)."""
    _plan.update(json.loads(plan_json))
    events = get_ipython().events
    events.register("pre_run_cell", _quietly(_pre_run_cell))
    events.register("post_run_cell", _quietly(_post_run_cell))
