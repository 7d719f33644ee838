"""A run's record, as `jupyter prod run` writes it: `runs/<id>/run.json` and `output.ipynb`.

Part of the job's kernel-free entry point (`entry_point.py`), copied into the job by jupyter-prod.
The values of secret-named parameters and of secret-looking environment variables the job reads
are masked in both files.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

# Filled in by the export (what the job's code reads that must never be written down).
SECRET_PARAMETERS: tuple[str, ...] = ()
SECRET_VARIABLES: tuple[str, ...] = ()
MASK = "[REDACTED]"


# ---------------------------------------------------------------------- the record
def new_record(runs: Path, values: dict[str, Any], engine: str, workdir: Path) -> dict[str, Any]:
    """`run.json`'s fields, as `jupyter prod run` writes them, in a new `runs/<id>/`."""
    runs.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for number in range(1, 1000):
        run_id = stamp if number == 1 else f"{stamp}-{number}"
        try:
            (runs / run_id).mkdir()
            break
        except FileExistsError:
            continue
    else:
        raise OSError(f"could not find a free run id in {runs}")
    folder = runs / run_id
    return {"id": run_id, "status": "running",
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "parameters": dict(values), "engine": engine, "kernel": "in-process",
            "cwd": str(workdir.resolve()), "output": str((folder / "output.ipynb").resolve()),
            "seconds": 0.0, "failed_cell": None, "message": None, "pid": os.getpid(),
            "host": socket.gethostname(), "process_started": _process_start(os.getpid()),
            "report": None, "report_error": None, "contract": None, "drift": [],
            "folder": str(folder)}  # fmt: skip


def this_process() -> dict[str, Any]:
    """`pid`, `host` and `process_started` of this process, for the record."""
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "process_started": _process_start(os.getpid())}  # fmt: skip


def load_record(folder: Path) -> dict[str, Any]:
    """The record in `folder` (a run that earlier steps began), with its folder."""
    data: dict[str, Any] = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    data["folder"] = str(folder)
    return data


def _process_start(pid: int) -> int | None:
    """The process's start in clock ticks after boot (`/proc/<pid>/stat` field 22): a `running`
    record whose pid now belongs to another process is known as interrupted."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        return int(text[text.rfind(")") + 2 :].split()[19])
    except (OSError, IndexError, ValueError):
        return None


class Masks:
    """Masks the values of secret-named parameters and secret environment variables."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.names = {name for name in values if name in SECRET_PARAMETERS}
        secrets = [str(values[name]) for name in self.names]
        secrets += [os.environ.get(name, "") for name in SECRET_VARIABLES]
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, MASK)
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value


def save(record: dict[str, Any], masks: Masks) -> None:
    """`run.json`, atomically, masked; `record` itself keeps its folder (not written)."""
    data = {key: value for key, value in record.items() if key != "folder"}
    data["parameters"] = {n: MASK if n in masks.names else v
                          for n, v in data["parameters"].items()}  # fmt: skip
    text = json.dumps(masks.data(data), indent=2, sort_keys=True, default=repr) + "\n"
    _write_atomically(Path(record["folder"]) / "run.json", text)


def write_output(notebook: Any, path: Path, masks: Masks) -> None:
    import nbformat

    node = nbformat.from_dict(masks.data(dict(notebook)))  # type: ignore[no-untyped-call]
    text = nbformat.writes(node)  # type: ignore[no-untyped-call]
    _write_atomically(path, text)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        if temporary.exists():
            temporary.unlink()
        raise


def contract_findings(run_folder: Path) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The record's `contract` and `drift` from the checks' `contract.json`, in the shape
    `jupyter prod run` gives them."""
    try:
        data = json.loads((run_folder / "contract.json").read_text(encoding="utf-8"))
        frames = dict(data.get("frames") or {})
    except (OSError, ValueError, AttributeError, TypeError):
        return None, []
    contract: dict[str, Any] = {"mode": data.get("mode"), "frames": [], "violations": []}
    drift: list[dict[str, Any]] = []
    for name, found in sorted(frames.items()):
        contract["frames"].append({"frame": name, "role": found.get("role"),
                                   "rows": found.get("rows")})  # fmt: skip
        contract["violations"] += list(found.get("violations") or [])
        drift += list(found.get("drift") or [])
    if (run_folder / "profiles.json").is_file():
        contract["profiles"] = "profiles.json"
    return contract, drift


def merged_findings(record: dict[str, Any], contract: dict[str, Any] | None,
                    drift: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:  # fmt: skip
    """The record's contract findings with a later step's: each process of a run by steps
    writes only the frames it checked."""
    earlier = record.get("contract")
    if not earlier or contract is None:
        return contract or earlier, drift or list(record.get("drift") or [])
    checked = {f["frame"] for f in contract["frames"]}
    kept = [f for f in earlier["frames"] if f["frame"] not in checked]
    return (
        {**contract, "frames": kept + contract["frames"],
         "violations": [v for v in earlier["violations"] if v["frame"] not in checked]
         + contract["violations"]},
        [d for d in record.get("drift") or [] if d["frame"] not in checked] + drift,
    )  # fmt: skip
