"""Tests of the module a notebook is exported to (nbdev), in the project's test folders.

- The notebook names its module with `#| default_exp data.loaders` (nbdev 2; `# default_exp`
  in nbdev 1); a cell whose first line is `#| export` (or `#| exports`, `# export`) goes there.
- A test file that imports that module (`from mylib.data.loaders import clean`, `import
  mylib.data.loaders as dl` then `dl.clean(...)`) reaches the exported functions it names.
  The module matches by its dotted path's tail, so the library's own name does not matter.
- Test files are the same as for testbook (`test_files.candidate_test_files`); only those
  that mention the module's last name are parsed, each once per change.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from functools import lru_cache

from .dotted_names import dotted_name
from .test_files import candidate_test_files, project_root
from .test_map import NotebookTest
from .testbook_tests import MAX_TEST_FILE_BYTES

_DEFAULT_EXP = re.compile(r"^\s*#\s*\|?\s*default_exp\s+([\w.]+)", re.M)
_EXPORT = re.compile(r"^\s*#\s*\|?\s*export(s|i)?\b")


def exported_module(sources: Iterable[str]) -> str | None:
    """The module named by a `default_exp` directive in the notebook's cells, if any."""
    for source in sources:
        if "default_exp" in source:
            match = _DEFAULT_EXP.search(source)
            if match:
                return match.group(1)
    return None


def is_exported(source: str) -> bool:
    first = source.lstrip().split("\n", 1)[0]
    return bool(_EXPORT.match(first))


def exported_module_tests(notebook_path: str, module: str) -> tuple[list[NotebookTest], list[str]]:
    """Tests in the project's test files that use `module`, and the files holding them."""
    if not os.path.isfile(notebook_path):
        return [], []
    folder = os.path.dirname(os.path.realpath(notebook_path))
    root = project_root(folder)
    tests: list[NotebookTest] = []
    files: list[str] = []
    for file in candidate_test_files(folder, root):
        try:
            status = os.stat(file)
        except OSError:
            continue
        uses = _module_uses(file, status.st_mtime_ns, status.st_size, module)
        if not uses:
            continue
        shown = os.path.relpath(file, root)
        files.append(shown)
        tests += [NotebookTest("exported-module", f"{shown}:{line}", None, line, names)
                  for line, names in uses]  # fmt: skip
    return tests, files


@lru_cache(maxsize=512)
def _module_uses(
    path: str, _mtime_ns: int, size: int, module: str
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(line, names) for each import of `module` in a test file and what it reaches."""
    tail = module.rsplit(".", 1)[-1]
    if size > MAX_TEST_FILE_BYTES:
        return ()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if tail not in text:
            return ()
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError, RecursionError):
        return ()
    found: list[tuple[int, tuple[str, ...]]] = []
    aliases: dict[str, int] = {}  # name bound to the module itself -> line of its import
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _is_module(node.module or "", module):
            found.append((node.lineno, tuple(a.name for a in node.names if a.name != "*")))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_module(alias.name, module):
                    aliases[alias.asname or alias.name] = node.lineno
    if aliases:
        by_alias: dict[str, list[str]] = {name: [] for name in aliases}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                base = dotted_name(node.value)
                if base in by_alias:
                    by_alias[base].append(node.attr)
        found += [(aliases[name], tuple(dict.fromkeys(attrs))) for name, attrs in by_alias.items()]
    return tuple(found)


def _is_module(imported: str, module: str) -> bool:
    return imported == module or imported.endswith("." + module)
