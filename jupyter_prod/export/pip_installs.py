"""Move `!pip install` / `%pip install` lines out of a notebook into a requirements file.

    found = pip_install_lines(notebook)        # the lines, their packages, the edits removing them
    add_requirements("requirements.txt", found.packages)

- A line is moved when it is only a pip install (`!pip install -q pandas==2.1 xgboost`,
  `%pip install ...`, `!python -m pip install ...`); the packages are read the way HO003 reads
  them (`rules/handoff/package_commands.py`), options dropped. A line that also does something
  else (`!pip install x && python setup.py`) or installs from a requirements file is listed
  but not removed.
- The edits (the fix format of findings) remove the whole line from its cell.
- `add_requirements` adds the packages a file does not name yet (by distribution name), keeps
  the rest of the file as it is, and replaces it atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..atomic_write import write_atomically
from ..notebook.model import Notebook
from ..rules.handoff.package_commands import PIP, package_commands

_INSTALL_LINE = re.compile(
    r"^\s*(?:!\s*|%)(?P<command>(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b.*)$"
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class InstallLine:
    cell: int
    line: int  # 1-based, in the cell's source
    text: str
    packages: list[str]
    removable: bool
    last: bool = False  # the cell's last line
    raw: str = ""  # the line as written

    def to_dict(self) -> dict[str, Any]:
        return {"cell": self.cell, "line": self.line, "text": self.text,
                "packages": self.packages, "removable": self.removable}  # fmt: skip


@dataclass
class PipInstalls:
    lines: list[InstallLine] = field(default_factory=list)

    @property
    def packages(self) -> list[str]:
        return list(dict.fromkeys(p for line in self.lines for p in line.packages))

    @property
    def edits(self) -> list[dict[str, Any]]:
        return [_removal(line) for line in self.lines if line.removable]

    def to_dict(self) -> dict[str, Any]:
        return {"lines": [line.to_dict() for line in self.lines], "packages": self.packages,
                "edits": self.edits}  # fmt: skip


def pip_install_lines(notebook: Notebook) -> PipInstalls:
    found = PipInstalls()
    for cell in notebook.cells:
        if not cell.is_code:
            continue
        lines = cell.source.split("\n")
        for number, text in enumerate(lines, start=1):
            match = _INSTALL_LINE.match(text)
            if match is None:
                continue
            commands = [c for c in package_commands(match.group("command")) if c.tool == PIP]
            packages = [p for c in commands for p in c.packages]
            removable = (
                len(commands) == 1 and not commands[0].requirement_files and bool(packages)
                and not re.search(r"&&|\|\||;|\|", text)
            )  # fmt: skip
            found.lines.append(InstallLine(cell.index, number, text.strip(), packages, removable,
                                           number == len(lines), text))  # fmt: skip
    return found


def _removal(line: InstallLine) -> dict[str, Any]:
    """The whole line with its line break; the cell's last line up to its end (so that two
    removals never overlap)."""
    end = (line.line, len(line.raw) + 1) if line.last else (line.line + 1, 1)
    return {"kind": "replace", "cell": line.cell, "line": line.line, "column": 1,
            "end_line": end[0], "end_column": end[1], "text": ""}  # fmt: skip


def distribution(requirement: str) -> str:
    """`Pandas[excel]>=2.1` → `pandas` (names compare as pip compares them)."""
    found = _NAME.match(requirement.strip())
    return re.sub(r"[-_.]+", "-", found.group(0)).lower() if found else requirement.lower()


def add_requirements(path: str, packages: list[str]) -> dict[str, Any]:
    """Add the packages `path` does not list yet; `{"added": [...], "created": bool}`."""
    import os

    existing = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            existing = handle.read()
    listed = {distribution(line) for line in existing.splitlines()
              if line.strip() and not line.lstrip().startswith(("#", "-"))}  # fmt: skip
    added = [p for p in dict.fromkeys(packages) if distribution(p) not in listed]
    if added:
        body = existing if not existing or existing.endswith("\n") else existing + "\n"
        write_atomically(path, body + "".join(f"{p}\n" for p in added))
    return {"added": added, "created": not existing and bool(added)}
