"""What a run's contract checks found, taken into its record.

The job checks its own frames (`in_job/`) and writes `contract.json` (and `profiles.json`) in
the run folder named by `JUPYTER_PROD_RUN_FOLDER`; the runner passes that folder, the mode
(`JUPYTER_PROD_CONTRACT`) and the job folder, then reads the file back into `run.json`:

    record["contract"] = {"mode": "warn", "frames": [{"frame", "role", "rows"}],
                          "violations": [{"frame", "column", "check", "failing_values", "count"}],
                          "profiles": "profiles.json"}
    record["drift"] = [{"frame", "column", "statistic", "value", "threshold", "drifted", "detail"}]

Failing values and drift details are masked as the record's messages are, and not shown at
all for a column whose name sounds secret; `contract.json` and `profiles.json` themselves are
masked in place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..findings.redact import MASK
from .in_job import FINDINGS_FILE, MODES, PROFILES_FILE


def contract_settings(job_folder: Path) -> dict[str, Any] | None:
    """`job.yaml`'s `contract:` section, or None when the job has no contract."""
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load((job_folder / "job.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    section = data.get("contract") if isinstance(data, dict) else None
    return section if isinstance(section, dict) and section.get("frames") else None


def chosen_mode(settings: dict[str, Any] | None, given: str | None) -> str | None:
    """The run's mode: `--contract`, else the job's; None when the job has no contract."""
    if settings is None:
        return None
    mode = given or str(settings.get("mode") or "warn")
    return mode if mode in MODES else "warn"


def contract_environment(job_folder: Path, run_folder: Path, mode: str | None) -> dict[str, str]:
    """What the job's own checks read from the environment (the kernel inherits it)."""
    if mode is None:
        return {}
    return {"JUPYTER_PROD_CONTRACT": mode, "JUPYTER_PROD_RUN_FOLDER": str(run_folder.resolve()),
            "JUPYTER_PROD_JOB_FOLDER": str(job_folder.resolve())}  # fmt: skip


def read_findings(run_folder: Path, mode: str,
                  redact: Callable[[str], str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """(the record's `contract`, its `drift`) from the run folder's `contract.json`."""
    from ..analysis.secret_values import secret_name

    for file in (FINDINGS_FILE, PROFILES_FILE):
        _mask_file(run_folder / file, redact)
    try:
        data = json.loads((run_folder / FINDINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    frames = data.get("frames") if isinstance(data, dict) else None
    frames = frames if isinstance(frames, dict) else {}
    contract: dict[str, Any] = {"mode": data.get("mode", mode) if isinstance(data, dict) else mode,
                                "frames": [], "violations": []}  # fmt: skip
    drift: list[dict[str, Any]] = []
    for name, found in sorted(frames.items()):
        contract["frames"].append(
            {"frame": name, "role": found.get("role"), "rows": found.get("rows")}
        )
        for violation in found.get("violations", []):
            hidden = secret_name(str(violation.get("column") or ""))
            values = [
                MASK if hidden else redact(str(v)) for v in violation.get("failing_values", [])
            ]
            contract["violations"].append({**violation, "failing_values": values})
        for entry in found.get("drift", []):
            hidden = secret_name(str(entry.get("column") or ""))
            drift.append(
                {**entry, "detail": MASK if hidden else redact(str(entry.get("detail", "")))}
            )
    if (run_folder / PROFILES_FILE).is_file():
        contract["profiles"] = PROFILES_FILE
    return contract, drift


def _mask_file(path: Path, redact: Callable[[str], str]) -> None:
    """The job wrote the file unmasked (it knows no secrets): mask it in place, atomically, as
    the record and the report are."""
    import os

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    masked = redact(text)
    if masked != text:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(masked, encoding="utf-8")
        os.replace(temporary, path)


def summary_lines(contract: dict[str, Any] | None, drift: list[dict[str, Any]]) -> list[str]:
    """What `jupyter prod run` prints after a run: each violation, each drifted column."""
    if not contract:
        return []
    lines = []
    for v in contract.get("violations", []):
        where = f"{v['frame']}.{v['column']}" if v.get("column") else v["frame"]
        values = ", ".join(v.get("failing_values") or [])
        lines.append(f"contract: {where}: {v['check']} failed"
                     + (f" ({v.get('count')} row(s); e.g. {values})" if values else ""))  # fmt: skip
    for d in (d for d in drift if d.get("drifted")):
        lines.append(f"drift: {d['frame']}.{d['column']}: {d['statistic']} {d['value']} > "
                     f"{d['threshold']} ({d.get('detail', '')})")  # fmt: skip
    if not lines and contract.get("frames"):
        checked = ", ".join(f["frame"] for f in contract["frames"])
        lines.append(
            f"contract: {checked} passed ({contract['mode']}), no drift beyond job.yaml's thresholds"
        )
    return lines
