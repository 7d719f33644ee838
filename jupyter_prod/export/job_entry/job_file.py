"""The job's `job.yaml` and its parameters' types, for the kernel-free entry point.

Copied into every exported job as `PACKAGE/job_file.py` (with `entry_point.py`); it reads
parameters the way `jupyter prod run -p` does (`jupyter_prod/run/values.py`, kept in step by
the parity tests), without needing jupyter-prod.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

JOB_FOLDER = Path(__file__).resolve().parent.parent
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class JobError(Exception):
    """The job could not be run as asked (a usage error: exit status 2)."""


def load_job(folder: Path = JOB_FOLDER) -> dict[str, Any]:
    """`job.yaml` as a dict; its notebook must be a file inside the job folder."""
    import yaml  # type: ignore[import-untyped]

    path = folder / "job.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise JobError(f"cannot read {path}: {type(error).__name__}") from None
    if not isinstance(data, dict) or not data.get("notebook"):
        raise JobError(f"{path} does not describe a job (no `notebook`)")
    notebook = (folder / str(data["notebook"])).resolve()
    if notebook.parent != folder.resolve() or notebook.suffix != ".ipynb":
        raise JobError(f"{path} is refused: its notebook must be a .ipynb file in {folder}")
    data["parameters"] = dict(data.get("parameters") or {})
    return data


def typed_parameters(given: dict[str, Any], declared: dict[str, Any]) -> dict[str, Any]:
    """The values converted to the declared types (text from a command line, a DAG's params)."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise JobError(f"the job has no parameter {', '.join(unknown)} (it takes: {known})")
    return {name: convert(name, value, (declared[name] or {}).get("type"))
            for name, value in given.items()}  # fmt: skip


def convert(name: str, value: Any, type_name: str | None) -> Any:
    """`value` as `type_name`; text is read as `jupyter prod run -p` reads it."""
    if not isinstance(value, str) or type_name == "str":
        return value
    text = value.strip()
    try:
        if type_name == "int":
            return int(text)
        if type_name == "float":
            return float(text)
        if type_name == "bool":
            if text.lower() in _TRUE | _FALSE:
                return text.lower() in _TRUE
            raise ValueError(text)
        if type_name in ("list", "dict", "tuple"):
            loaded = json.loads(text)
            if not isinstance(loaded, dict if type_name == "dict" else list):
                raise ValueError(text)
            return loaded
    except ValueError:
        article = "an" if type_name == "int" else "a"
        raise JobError(f"{name} takes {article} {type_name}, not {value!r}") from None
    import yaml

    try:  # an undeclared type: read as YAML, as papermill reads `-p`
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text
