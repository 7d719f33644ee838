"""The job's data contract, checked where the job runs (whoever runs it).

The job notebook calls `check("sales", sales)` after the step that reads a frame from outside
(before the steps that use it) and before the step that writes a frame. Each check:
- validates the frame against `contract/<frame>.schema.yaml` (pandera, lazily: every violation
  at once, by column and check, with a few failing values);
- profiles it (`profiles.py`) and compares the profile with the one recorded at export,
  `contract/<frame>.profile.json` (`drift.py`, thresholds from `job.yaml`'s `contract.drift`);
- when the run has a folder (`JUPYTER_PROD_RUN_FOLDER`, set by `jupyter prod run`), writes what
  it found to `contract.json` there and the profiles to `profiles.json`; the run record
  takes them in;
- warns (mode `warn`), or raises `ContractViolation` naming every violation (mode `strict`).
The mode is `JUPYTER_PROD_CONTRACT` (`strict`, `warn`, `off`), else `job.yaml`'s
`contract.mode`. The job folder is this package's parent, or `JUPYTER_PROD_JOB_FOLDER`.

This folder is copied from jupyter-prod (`jupyter_prod/contract/in_job`) and needs only pandas,
pandera and PyYAML: the job does not need jupyter-prod to run.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

from .drift import compare
from .profiles import profile
from .validation import describe, load_schema, violations

MODES = ("strict", "warn", "off")
# What a profile says of a column's values; a column the export found secrets in keeps none.
VALUE_KEYS = ("top", "min", "max", "deciles", "edges", "shares", "reference_shares")
SAMPLE_ROWS = 100_000  # a run's profile reads its distributions from this many rows at most
FINDINGS_FILE = "contract.json"
PROFILES_FILE = "profiles.json"
_state: dict[str, Any] = {"frames": {}, "profiles": {}, "schemas": {}}


class ContractViolation(Exception):
    """A frame broke the job's data contract while the mode was `strict`."""


class ContractDrift(UserWarning):
    """A frame's distribution moved beyond the thresholds of `job.yaml`."""


class ContractWarning(UserWarning):
    """A frame broke the job's data contract while the mode was `warn`."""


def job_folder() -> Path:
    given = os.environ.get("JUPYTER_PROD_JOB_FOLDER")
    return Path(given) if given else Path(__file__).resolve().parents[2]


def settings() -> dict[str, Any]:
    """`job.yaml`'s `contract:` section (cached)."""
    if "settings" not in _state:
        import yaml  # type: ignore[import-untyped,unused-ignore]

        with open(job_folder() / "job.yaml", encoding="utf-8") as handle:
            _state["settings"] = (yaml.safe_load(handle) or {}).get("contract") or {}
    found: dict[str, Any] = _state["settings"]
    return found


def mode() -> str:
    chosen = os.environ.get("JUPYTER_PROD_CONTRACT") or settings().get("mode") or "warn"
    if chosen not in MODES:
        raise ValueError(f"unknown contract mode {chosen!r} (choose from {', '.join(MODES)})")
    return str(chosen)


def contract_file(name: str, suffix: str) -> Path:
    return job_folder() / str(settings().get("folder") or "contract") / f"{name}{suffix}"


def violations_of(name: str, frame: Any) -> list[dict[str, Any]]:
    """The frame's violations of its schema (the exported tests call this). A schema that
    cannot be read or run (a file deleted, an edit pandera refuses) is one violation saying
    why: it is recorded, and `strict` fails the run on it."""
    path = contract_file(name, ".schema.yaml")
    try:
        if name not in _state["schemas"]:
            _state["schemas"][name] = load_schema(str(path))
        return violations(_state["schemas"][name], frame, name)
    except Exception as error:  # noqa: BLE001 - said in the record, not as a traceback
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return [{"frame": name, "column": None, "check": f"the contract {path.name} could not be "
                 "checked", "failing_values": [reason], "count": 0}]  # fmt: skip


def check(name: str, frame: Any) -> None:
    """Validate, profile and compare `frame` (see the module docstring)."""
    chosen = mode()
    if chosen == "off":
        return
    run = os.environ.get("JUPYTER_PROD_RUN_FOLDER")
    if _state.get("run") != run:  # a new run in the same process starts with no findings
        _state.update(run=run, frames={}, profiles={})
    found = violations_of(name, frame)
    reference = _reference(name)
    current = profile(frame, reference, SAMPLE_ROWS)
    for column, facts in reference.get("columns", {}).items():
        if facts.get("withheld") and column in current["columns"]:
            for key in VALUE_KEYS:  # its values held secrets at export: keep none now either
                current["columns"][column].pop(key, None)
            current["columns"][column]["withheld"] = facts["withheld"]
    drift = compare(name, reference, current, frame, settings().get("drift") or {})
    role = (settings().get("frames") or {}).get(name, {}).get("role", "input")
    _state["frames"][name] = {"role": role, "rows": current["rows"], "violations": found,
                              "drift": drift}  # fmt: skip
    _state["profiles"][name] = current
    _write(chosen)
    drifted = [d for d in drift if d["drifted"]]
    if drifted:
        lines = [f"{d['frame']}.{d['column']}: {d['statistic']} {d['value']} > "
                 f"{d['threshold']} ({d['detail']})" for d in drifted]  # fmt: skip
        warnings.warn("drift beyond job.yaml's thresholds:\n" + "\n".join(lines), ContractDrift,
                      stacklevel=2)  # fmt: skip
    if not found:
        return
    message = f"{name} breaks the data contract:\n{describe(found)}"
    if chosen == "strict":
        raise ContractViolation(message)
    warnings.warn(message, ContractWarning, stacklevel=2)


def _reference(name: str) -> dict[str, Any]:
    path = contract_file(name, ".profile.json")
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        found: dict[str, Any] = json.load(handle)
    return found


def _write(chosen: str) -> None:
    """The findings so far into the run folder, atomically (the runner may read at any time)."""
    folder = os.environ.get("JUPYTER_PROD_RUN_FOLDER")
    if not folder:
        return
    findings = {"mode": chosen, "frames": _state["frames"]}
    for file, data in ((FINDINGS_FILE, findings), (PROFILES_FILE, _state["profiles"])):
        path = Path(folder) / file
        temporary = path.with_name(f".{file}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True, default=str) + "\n",
                             encoding="utf-8")  # fmt: skip
        os.replace(temporary, path)
