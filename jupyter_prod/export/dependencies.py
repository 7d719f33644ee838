"""The job's dependencies: the distributions its imports come from, at the versions installed.

Imports are mapped to distributions with `importlib.metadata.packages_distributions()`
(`sklearn` → `scikit-learn`); the standard library and the package itself need nothing;
`%pip install x` lines add `x`. A module that is neither installed nor standard (a local
`utils.py`) is reported: the job needs it copied in.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata

# What any job needs to run its notebook, beside what the notebook imports.
RUNNER = ("papermill", "ipykernel")
SPARK = ("pyspark", "pyarrow")


@dataclass
class Dependencies:
    pinned: list[str] = field(default_factory=list)  # "pandas==2.3.3", sorted
    local_modules: list[str] = field(default_factory=list)  # imported, found nowhere


def dependencies(imports: list[ast.stmt], pip_installs: list[str], engine: str) -> Dependencies:
    found = Dependencies()
    names: set[str] = set(RUNNER) | (set(SPARK) if engine == "spark" else set())
    for module in _top_modules(imports):
        if module in sys.stdlib_module_names or module == "__future__":
            continue
        distributions = _distributions().get(module)
        if distributions:
            names.add(sorted(distributions)[0])
        else:
            found.local_modules.append(module)
    names |= {_requirement_name(r) for r in pip_installs}
    found.pinned = sorted({pin(n) for n in names if n}, key=str.lower)
    found.local_modules.sort()
    return found


def pin(name: str) -> str:
    """`name==installed version`, or the name alone when it is not installed here."""
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def _top_modules(imports: list[ast.stmt]) -> list[str]:
    modules: list[str] = []
    for node in imports:
        if isinstance(node, ast.Import):
            modules += [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module.split(".")[0])
    return list(dict.fromkeys(modules))


def _requirement_name(requirement: str) -> str:
    for separator in ("==", ">=", "<=", "~=", "!=", ">", "<", "[", ";", "@"):
        requirement = requirement.split(separator)[0]
    return requirement.strip()


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return {k: list(v) for k, v in metadata.packages_distributions().items()}


def installed_modules() -> frozenset[str]:
    """Top-level modules of the installed distributions."""
    return frozenset(_distributions())
