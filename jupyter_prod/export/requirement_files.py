"""Add packages to a project's dependency file, edited as that file's own format.

    add_requirements("requirements.txt", ["pandas>=2", "xgboost"])   # {"added": [...], "created"}

- Only dependency files are targets: `requirements*.txt` (one requirement a line), a job's
  `job.yaml` (its `dependencies` list) and `pyproject.toml` (`[project] dependencies`). Any
  other file is refused: the panel's route must never append a line to a CSV or a module.
- Each package must be a PEP 508 requirement (`pandas>=2`, `scikit-learn[plots]`): no pip
  options (`--index-url ...`), no line breaks. One already listed (by distribution name) is
  not added twice.
- `job.yaml` and `pyproject.toml` are edited as text where their list is, so comments and
  layout stay; the result is parsed again and must hold the same document with exactly the new
  packages appended to the list, or nothing is written. Every write is atomic.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from typing import Any

from ..atomic_write import write_atomically
from .pip_installs import add_requirements as add_to_requirements_txt
from .pip_installs import distribution

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found]

TARGETS = "a requirements*.txt, a job.yaml or a pyproject.toml"


class RequirementsRefused(Exception):
    """The file is not one whose dependencies we edit, or cannot be edited safely."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotADependencyFile(RequirementsRefused):
    """The file is not a `requirements*.txt`, a `job.yaml` or a `pyproject.toml`."""


class BadRequirement(RequirementsRefused):
    """A package is not a PEP 508 requirement."""


def dependency_file_kind(path: str) -> str | None:
    """`requirements`, `job` or `pyproject` for the files we edit; None for any other."""
    name = os.path.basename(path)
    if fnmatch.fnmatchcase(name, "requirements*.txt"):
        return "requirements"
    return {"job.yaml": "job", "pyproject.toml": "pyproject"}.get(name)


def add_requirements(path: str, packages: list[str]) -> dict[str, Any]:
    """Add to `path` the packages it does not list yet: `{"added": [...], "created": bool}`."""
    kind = dependency_file_kind(path)
    if kind is None:
        raise NotADependencyFile(
            f"{os.path.basename(path)} is not a dependency file: choose {TARGETS}"
        )
    checked = [_requirement(p) for p in packages]
    if kind == "requirements":
        return add_to_requirements_txt(path, checked)
    if not os.path.isfile(path):
        raise RequirementsRefused(f"{os.path.basename(path)} does not exist")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    edit = _add_to_job_yaml if kind == "job" else _add_to_pyproject
    listed, new_text = edit(text, checked, os.path.basename(path))
    if new_text is not None:
        write_atomically(path, new_text)
    return {"added": listed, "created": False}


def _requirement(text: str) -> str:
    from packaging.requirements import InvalidRequirement, Requirement

    package = text.strip()
    try:
        if not package or "\n" in package or "\r" in package:
            raise InvalidRequirement(package)
        Requirement(package)
    except InvalidRequirement:
        raise BadRequirement(
            f"{package[:80]!r} is not a package requirement (like `pandas>=2.1`)"
        ) from None
    return package


def _new(listed: list[Any], packages: list[str]) -> list[str]:
    names = {distribution(str(p)) for p in listed}
    return [p for p in dict.fromkeys(packages) if distribution(p) not in names]


# ---------------------------------------------------------------------- job.yaml
def _add_to_job_yaml(text: str, packages: list[str], name: str) -> tuple[list[str], str | None]:
    import yaml  # type: ignore[import-untyped]

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        raise RequirementsRefused(f"{name} is not valid YAML: fix it first") from None
    if not isinstance(document, dict) or not isinstance(document.get("dependencies") or [], list):
        raise RequirementsRefused(f"{name} has no `dependencies` list to add to")
    listed = list(document.get("dependencies") or [])
    added = _new(listed, packages)
    if not added:
        return [], None
    items = "".join(yaml.safe_dump([p], default_flow_style=False) for p in added)
    new_text = _yaml_with_items(text, items)
    expected = {**document, "dependencies": listed + added}
    if new_text is None or yaml.safe_load(new_text) != expected:
        raise RequirementsRefused(f"could not add to {name} without changing the rest of it: "
                                  "add the packages to its `dependencies` by hand")  # fmt: skip
    return added, new_text


def _yaml_with_items(text: str, items: str) -> str | None:
    """`text` with the `- item` lines after the top-level `dependencies:` list's last item;
    a key holding `[]` becomes a block list; no key: one is added at the end."""
    lines = text.splitlines(keepends=True)
    key = next((i for i, line in enumerate(lines) if re.match(r"dependencies\s*:", line)), None)
    if key is None:
        body = text if not text or text.endswith("\n") else text + "\n"
        return body + "dependencies:\n" + items
    if re.fullmatch(r"dependencies\s*:\s*(\[\s*\])?\s*(#.*)?\n?", lines[key]):
        end = key + 1
        while end < len(lines) and re.match(r"[ \t]*(- |#)", lines[end]):
            end += 1
        last = max((i for i in range(key + 1, end) if lines[i].lstrip().startswith("- ")),
                   default=key)  # fmt: skip
        indent = _indent(lines[last]) if last != key else ""
        head = lines[: last + 1]
        if last == key:
            head[key] = "dependencies:\n"
        elif not head[-1].endswith("\n"):
            head[-1] += "\n"
        added = "".join(indent + line for line in items.splitlines(keepends=True))
        return "".join(head) + added + "".join(lines[last + 1 :])
    return None


# ---------------------------------------------------------------------- pyproject.toml
def _add_to_pyproject(text: str, packages: list[str], name: str) -> tuple[list[str], str | None]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise RequirementsRefused(f"{name} is not valid TOML: fix it first") from None
    project = document.get("project")
    if not isinstance(project, dict) or "dependencies" in project.get("dynamic", []):
        raise RequirementsRefused(f"{name} has no [project] table listing its dependencies")
    listed = project.get("dependencies", [])
    if not isinstance(listed, list):
        raise RequirementsRefused(f"{name}: [project] dependencies is not a list")
    added = _new(listed, packages)
    if not added:
        return [], None
    new_text = _toml_with_items(text, added)
    expected = {**document, "project": {**project, "dependencies": listed + added}}
    if new_text is None or tomllib.loads(new_text) != expected:
        raise RequirementsRefused(f"could not add to {name} without changing the rest of it: "
                                  "add the packages to [project] dependencies by hand")  # fmt: skip
    return added, new_text


def _toml_with_items(text: str, added: list[str]) -> str | None:
    """`text` with `added` appended to the `dependencies` array of its `[project]` table (one
    is made right under the header when the table has none)."""
    header = re.search(r"^\[project\][ \t]*(#[^\n]*)?$", text, re.MULTILINE)
    if header is None:
        return None
    following = re.search(r"^[ \t]*\[", text[header.end() :], re.MULTILINE)
    table_end = header.end() + following.start() if following else len(text)
    key = re.compile(r"^[ \t]*dependencies[ \t]*=[ \t]*\[", re.MULTILINE)
    found = key.search(text, header.end(), table_end)
    quoted = [json.dumps(p) for p in added]  # a JSON string of ASCII is a TOML basic string
    if found is None:  # a new key at the end of the table
        end = len(text[:table_end].rstrip())
        listing = "".join(f"    {q},\n" for q in quoted)
        return text[:end] + f"\ndependencies = [\n{listing}]" + text[end:]
    ends = _array_ends(text, found.end() - 1)
    if ends is None:
        return None
    last, closing = ends
    comma = "" if text[last] in "[," else ","
    if "\n" not in text[found.end() : closing]:
        items = (" " if text[last] != "[" else "") + ", ".join(quoted)
        return text[: last + 1] + comma + items + text[last + 1 :]
    indent = _indent(text[text.rfind("\n", 0, last) + 1 :]) if text[last] != "[" else "    "
    # New lines go after the last item's line, so a comment ending it stays with it.
    end_of_line = text.find("\n", last)
    at = end_of_line if 0 <= end_of_line < closing else last + 1
    items = "".join(f"\n{indent}{q}," for q in quoted)
    return text[: last + 1] + comma + text[last + 1 : at] + items + text[at:]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _array_ends(text: str, opening: int) -> tuple[int, int] | None:
    """The index of the array's last significant character (its last item's end, a comma, or
    the `[` of an empty array) and of its closing `]`, skipping strings and comments; None if
    it never closes."""
    depth, last, index = 0, opening, opening
    while index < len(text):
        char = text[index]
        if char in "\"'":
            triple = text[index : index + 3] == char * 3
            quote = char * 3 if triple else char
            index += len(quote)
            while index < len(text) and not text.startswith(quote, index):
                index += 2 if char == '"' and text[index] == "\\" else 1
            index += len(quote) - 1
            last = index
        elif char == "#":
            index = text.find("\n", index)
            if index < 0:
                return None
            continue
        elif char == "[":
            depth += 1
            if index != opening:
                last = index
        elif char == "]":
            depth -= 1
            if depth == 0:
                return last, index
            last = index
        elif not char.isspace():
            last = index
        index += 1
    return None
