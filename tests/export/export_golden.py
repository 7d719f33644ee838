"""What a golden case compares: the package's modules, the job notebook's cells as text, and
`job.yaml` without the installed versions (they differ from machine to machine)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from jupyter_prod.export.entry_point import MODULES as ENTRY_POINT_MODULES


def golden_files(job: Path) -> dict[str, str]:
    """Relative path → text of everything a golden case checks in an exported job."""
    config = yaml.safe_load((job / "job.yaml").read_text(encoding="utf-8"))
    files = {
        f"{config['package']}/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted((job / config["package"]).glob("*.py"))
        if path.name
        not in ("__init__.py", "notebook_display.py", "__main__.py", *ENTRY_POINT_MODULES)
    }
    config.pop("dependencies")
    files["job.yaml"] = yaml.safe_dump(config, sort_keys=False)
    files["job_cells.txt"] = notebook_cells(job / config["notebook"])
    return files


def notebook_cells(path: Path) -> str:
    """Each cell as `# [type] tags` and its source."""
    document = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in document["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        header = f"# [{cell['cell_type']}]" + (f" tags={','.join(tags)}" if tags else "")
        parts.append(header + "\n" + "".join(cell["source"]))
    return "\n\n".join(parts) + "\n"
