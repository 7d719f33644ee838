"""A path built from the author's home folder or user name: `Path.home()`, `getpass.getuser()`.

## What it does
Reports paths that are not written as literals (those are `absolute-path`) but built in code
from what only the author's machine has:
- the home folder: `Path.home()`, `os.path.expanduser(...)` and `Path(...).expanduser()` on a
  value that is not a `~/…` literal, `os.environ["HOME"]` (`USERPROFILE`),
  `os.path.expandvars("$HOME/…")`, `pwd.getpwuid(...).pw_dir`;
- the user name joined into a path: `os.getlogin()`, `getpass.getuser()`,
  `os.environ["USER"]` (or a name bound to one) in `/`, `+`, an f-string, `os.path.join` or
  `Path(...)` together with a home folder or a user-folder root (`"/Users"`, `"/home"`);
- a user-folder root as the base of a join, `"/home/" + os.getlogin()`, where
  `absolute-path` does not already report its literal (`Path("/Users") / name / "data.csv"`
  is its: one finding per path).

A home folder given as the fallback of a configured one (`os.environ.get("DATA_DIR",
Path.home() / "data")`), the user name used for anything but a path (a log line, a label),
a user name under a configured base (`DATA_DIR / getpass.getuser()`) and `tempfile` paths are
not reported.

## Why is this bad?
The job runs as another user, in a container or on a cluster node: its home folder is another
one (or does not exist), its user name is another one, and the files the notebook read from
the author's folders are not there. It fails, or reads another user's stale copy.

## Example
```python
orders = pd.read_csv(Path.home() / "projects" / "sales" / "orders.csv")
raw = f"/Users/{getpass.getuser()}/Downloads/raw.parquet"
```

## Use instead
```python
# in the cell tagged `parameters`
ORDERS_PATH = "data/orders.csv"
```
or a base the job configures: `Path(os.environ["DATA_DIR"]) / "orders.csv"`.

## Fix safety
Display-only: it suggests a parameter or a configured base; choosing it is up to the author.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.dotted_names import imported_name
from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.scopes import Site
from ...findings.finding import Finding, Fix
from ..base import HANDOFF, rule
from .absolute_path import absolute_path

HOME_CALLS = frozenset({"pathlib.Path.home", "Path.home", "pathlib.PosixPath.home",
                        "os.path.expanduser", "posixpath.expanduser", "os.path.expandvars"})  # fmt: skip
USER_CALLS = frozenset({"os.getlogin", "getpass.getuser"})
HOME_VARIABLES = frozenset({"HOME", "USERPROFILE"})
USER_VARIABLES = frozenset({"USER", "USERNAME", "LOGNAME"})
USER_ROOTS = ("/users", "/home", "c:\\users", "c:/users", "/root")
ENV_READERS = frozenset({"os.environ.get", "os.getenv", "environ.get"})
PATH_CALLS = frozenset({"os.path.join", "pathlib.Path", "Path", "pathlib.PurePath",
                        "pathlib.PosixPath", "posixpath.join"})  # fmt: skip
# Every way in spells one of these (lower case): a cell without any is not looked at.
_WORDS = ("home", "user", "getlogin", "logname", "expandvars", "pw_", "/root")
_FIX = Fix("make it a parameter in the cell tagged `parameters`, or build it from a base the "
           "job configures (`Path(os.environ[\"DATA_DIR\"])`)", "display-only")  # fmt: skip


@rule("HO006", "machine-bound-path", HANDOFF, "warning")
def machine_bound_path(facts: NotebookFacts) -> Iterator[Finding]:
    joins = list(_findings(facts))
    if not joins:
        return
    # A user folder written as a literal (`Path("/Users") / name`) is `absolute-path`'s: one
    # finding for one path. Home folders read in code are never its.
    literal = (
        {(f.cell, f.line) for f in absolute_path.check(facts)}
        if any(j for j, _ in joins)
        else set()
    )
    for is_join, finding in joins:
        lines = range(finding.line or 0, (finding.end_line or finding.line or 0) + 1)
        if not (is_join and any((finding.cell, line) in literal for line in lines)):
            yield finding


def _findings(facts: NotebookFacts) -> Iterator[tuple[bool, Finding]]:
    """(whether it is a join with a user name or folder, the finding) of every candidate."""
    cells = [c for c in facts.code_cells() if c.tree is not None and _mentions(c.cell.source)]
    user_names = _user_name_variables(facts, cells)
    for cell in cells:
        configured = _configured_defaults(cell, facts.imports)
        reported: set[int] = set()
        for node in cell.nodes:
            if id(node) in configured or id(node) in reported:
                continue
            what = _home(node, facts.imports)
            if what is not None:
                reported.update(id(n) for n in ast.walk(node))
                yield False, _finding(cell, node, f"{what} is the home folder of whoever runs "
                                      "the notebook: where the job runs it is another folder, "
                                      "without these files")  # fmt: skip
                continue
            joined = _joined_path_parts(node, facts.imports)
            if joined is None:
                continue
            user = next((p for p in joined if _is_user_name(p, facts.imports, user_names)), None)
            root = next((p for p in joined if _is_user_root(p)), None)
            if root is not None and (user is not None or len(joined) > 1) and root is joined[0]:
                reported.update(id(n) for n in ast.walk(node))
                who = f"`{ast.unparse(user)}`" if user is not None else "a user name"
                yield True, _finding(cell, node, f"`{_text(root)}` joined with {who} is a "
                                     "user's own folder on the author's machine: the job runs "
                                     "as another user, elsewhere")  # fmt: skip
            elif user is not None and any(_home(p, facts.imports) for p in joined):
                reported.update(id(n) for n in ast.walk(node))
                yield True, _finding(cell, node, f"`{ast.unparse(user)}` in a path is the "
                                     "author's user name: the job runs as another user")  # fmt: skip


def _finding(cell: CellFacts, node: ast.AST, message: str) -> Finding:
    return machine_bound_path.at(cell, Site.of(node, cell.line_offset), message + ": make the "
                                 "path a parameter, or build it from a configured base", fix=_FIX)  # fmt: skip


def _home(node: ast.AST, imports: dict[str, str]) -> str | None:
    """How `node` reads the home folder, in words, or None."""
    if isinstance(node, ast.Call):
        name = _name(node.func, imports)
        if name in HOME_CALLS:
            argument = node.args[0] if node.args else None
            if name.endswith("expanduser") and _is_tilde_literal(argument):
                return None  # the `~/…` literal is `absolute-path`'s
            if name.endswith("expandvars") and not _mentions_home_variable(argument):
                return None
            return f"`{_call_text(node)}`"
        if isinstance(node.func, ast.Attribute) and node.func.attr == "expanduser" \
                and not node.args and not _is_tilde_path(node.func.value):  # fmt: skip
            return f"`{_call_text(node)}`"
        if name in ENV_READERS and node.args and _constant(node.args[0]) in HOME_VARIABLES \
                and len(node.args) == 1:  # fmt: skip
            return f"`{_call_text(node)}`"
    if isinstance(node, ast.Subscript) and _name(node.value, imports) == "os.environ" \
            and _constant(node.slice) in HOME_VARIABLES:  # fmt: skip
        return f"`{ast.unparse(node)}`"
    if isinstance(node, ast.Attribute) and node.attr == "pw_dir":
        return f"`{ast.unparse(node)}`"
    return None


def _is_user_name(node: ast.AST, imports: dict[str, str], variables: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in variables
    if isinstance(node, ast.Call):
        name = _name(node.func, imports)
        if name in USER_CALLS:
            return True
        if name in ENV_READERS and node.args and _constant(node.args[0]) in USER_VARIABLES:
            return True
    if isinstance(node, ast.Subscript) and _name(node.value, imports) == "os.environ":
        return _constant(node.slice) in USER_VARIABLES
    return isinstance(node, ast.Attribute) and node.attr == "pw_name"


def _mentions(source: str) -> bool:
    lowered = source.lower()
    return any(word in lowered for word in _WORDS)


def _user_name_variables(facts: NotebookFacts, cells: list[CellFacts]) -> set[str]:
    """Names bound to the user name anywhere in the notebook (`user = getpass.getuser()`)."""
    found: set[str] = set()
    for cell in cells:
        for node in cell.nodes:
            if isinstance(node, ast.Assign) and _is_user_name(node.value, facts.imports, set()):
                found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return found


def _joined_path_parts(node: ast.AST, imports: dict[str, str]) -> list[ast.AST] | None:
    """The parts of a path construction, in order: `a / b`, `a + b`, an f-string,
    `os.path.join(a, b)`, `Path(a, b)`; None for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Add)):
        return _flattened(node)
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
    if isinstance(node, ast.Call) and _name(node.func, imports) in PATH_CALLS and node.args:
        return list(node.args)
    return None


def _flattened(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Add)):
        return _flattened(node.left) + _flattened(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
        "Path", "str") and len(node.args) == 1:  # fmt: skip
        return _flattened(node.args[0])
    return [node]


def _is_user_root(node: ast.AST) -> bool:
    text = _constant(node)
    if text is None:
        return False
    lowered = text.lower().rstrip("/\\")
    return lowered in USER_ROOTS


def _configured_defaults(cell: CellFacts, imports: dict[str, str]) -> set[int]:
    """Nodes inside the fallback of a configured value: `os.environ.get("DATA_DIR", <here>)`."""
    inside: set[int] = set()
    for node in cell.nodes:
        if isinstance(node, ast.Call) and _name(node.func, imports) in ENV_READERS \
                and len(node.args) == 2:  # fmt: skip
            inside.update(id(n) for n in ast.walk(node.args[1]))
    return inside


def _name(node: ast.AST, imports: dict[str, str]) -> str | None:
    return imported_name(node, imports)


def _constant(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_tilde_literal(node: ast.AST | None) -> bool:
    text = _constant(node)
    return text is not None and text.startswith("~")


def _is_tilde_path(node: ast.AST) -> bool:
    """`Path("~/x")`: its literal is `absolute-path`'s."""
    return isinstance(node, ast.Call) and bool(node.args) and _is_tilde_literal(node.args[0])


def _mentions_home_variable(node: ast.AST | None) -> bool:
    text = _constant(node) or ""
    return any(f"${name}" in text or f"${{{name}}}" in text or f"%{name}%" in text
               for name in HOME_VARIABLES)  # fmt: skip


def _call_text(node: ast.Call) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(node: ast.AST) -> str:
    return _constant(node) or ast.unparse(node)
