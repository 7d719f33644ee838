"""Count the mutable module-level globals in the packages of exported jobs (issue 12's target: 0).

    python3 bench/fidelity/module_globals.py WORK_FOLDER

WORK_FOLDER is a `run_fidelity.py --work` folder (or any folder holding job folders): every
package beside a `job.yaml` is read. A module-level assignment counts unless its value is an
immutable literal (numbers, strings, bytes, None, booleans, and tuples or frozensets of them) or
the module's docstring; `def`, `class` and imports are not assignments.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def immutable(value: object) -> bool:
    if isinstance(value, (tuple, frozenset)):
        return all(immutable(item) for item in value)
    return value is None or isinstance(value, (bool, int, float, complex, str, bytes))


def mutable_globals(module: Path) -> list[str]:
    """`name (line N)` for each module-level assignment of something that can change."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            continue
        value = node.value
        try:
            literal = ast.literal_eval(value) if value is not None else None
            if immutable(literal) and not isinstance(node, ast.AugAssign):
                continue
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = ", ".join(ast.unparse(t) for t in targets)
        found.append(f"{names} (line {node.lineno})")
    return found


def main() -> int:
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        print("usage: module_globals.py WORK_FOLDER (a folder holding exported jobs)", file=sys.stderr)
        return 2
    jobs = sorted(p.parent for p in Path(sys.argv[1]).rglob("job.yaml"))
    modules = total = 0
    for job in jobs:
        for module in sorted(job.glob("*/*.py")):
            if module.parent.name == "tests":
                continue
            modules += 1
            for where in mutable_globals(module):
                total += 1
                print(f"{module.relative_to(job.parent)}: {where}")
    print(f"{total} mutable module-level globals in {modules} modules of {len(jobs)} jobs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
