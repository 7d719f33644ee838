"""Names whose values come from the environment, where HO001's fix puts secrets: read from
`os.environ`, `os.getenv`, `getpass` or a `.env` file, or computed from such names.

- a *source* is any use of `os.environ` (`.get`, `[...]`, `.copy()`), `os.getenv(...)`,
  `getpass(...)`, `dotenv_values(...)` or `%env NAME`, however the module was imported;
- a name is *derived* when a statement binds it from an expression that reads a source or a
  derived name (assignment, `+=`, `for`, `with`, walrus), when an item or attribute of it is
  set from one (`headers["Authorization"] = ...`), when a method of it is called with one
  (`session.headers.update(...)`), or when it is a function or class that reads one;
- cells are gone through in document order until nothing changes (they may run in any order).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dotted_names import imported_name

if TYPE_CHECKING:
    from .facts import NotebookFacts

_SOURCES = ("os.environ", "os.environb", "os.getenv", "os.getenvb", "getpass.getpass",
            "dotenv.dotenv_values", "dotenv.main.dotenv_values")  # fmt: skip
_NAMED_READS = ("os.environ.get", "os.getenv", "os.environ.pop", "os.environ.setdefault")


@dataclass(frozen=True)
class EnvironmentReads:
    variables: frozenset[str]  # environment variables the code names: `"SVC_TOKEN"`
    derived: frozenset[str]  # notebook names whose values come from the environment


def environment_reads(facts: NotebookFacts) -> EnvironmentReads:
    """What the notebook reads from the environment, and the names that hold it."""
    imports: dict[str, str] = {}
    trees: list[ast.Module] = []
    for cell in facts.python_cells():
        assert cell.scan is not None
        imports.update(cell.scan.imports)
        if cell.tree is not None:
            trees.append(cell.tree)
    tracker = _Tracker(imports)
    for _ in range(20):  # a fixpoint; each pass that changes something adds a name
        before = len(tracker.derived)
        for tree in trees:
            tracker.statements(tree.body)
        if len(tracker.derived) == before:
            break
    return EnvironmentReads(frozenset(tracker.variables), frozenset(tracker.derived))


class _Tracker:
    def __init__(self, imports: dict[str, str]) -> None:
        self.imports = imports
        self.derived: set[str] = set()
        self.variables: set[str] = set()

    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if self.reads(node):
                self.derived.add(node.name)
            return
        if isinstance(node, ast.Assign) and self.reads(node.value):
            for target in node.targets:
                self.bind(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            if self.reads(node.value):
                self.bind(node.target)
        elif isinstance(node, (ast.For, ast.AsyncFor)) and self.reads(node.iter):
            self.bind(node.target)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None and self.reads(item.context_expr):
                    self.bind(item.optional_vars)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.method_call(node.value)
        self.walruses(node)
        for field in ("body", "orelse", "finalbody"):
            self.statements(getattr(node, field, None) or [])
        for handler in getattr(node, "handlers", None) or []:
            self.statements(handler.body)
        for case in getattr(node, "cases", None) or []:
            self.statements(case.body)

    def method_call(self, call: ast.Call) -> None:
        """`headers.update(token=token)`: the object now holds the value."""
        passed = [*call.args, *(k.value for k in call.keywords)]
        if isinstance(call.func, ast.Attribute) and any(self.reads(a) for a in passed):
            self.bind(call.func.value)

    def walruses(self, node: ast.stmt) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.NamedExpr) and self.reads(inner.value):
                self.bind(inner.target)

    def bind(self, target: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element)
        elif isinstance(target, ast.Starred):
            self.bind(target.value)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            self.bind(target.value)  # `headers["Authorization"] = ...` changes `headers`
        elif isinstance(target, ast.Name):
            self.derived.add(target.id)

    def reads(self, tree: ast.AST) -> bool:
        """Whether evaluating `tree` reads the environment or a derived name."""
        found = False
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                found = found or node.id in self.derived or self.source(node)
            elif isinstance(node, ast.Attribute):
                found = found or self.source(node)
            elif isinstance(node, ast.Call):
                found = self.call(node) or found
            elif isinstance(node, ast.Subscript) and self.dotted(node.value) == "os.environ":
                self.name_variable(node.slice)
        return found

    def call(self, node: ast.Call) -> bool:
        dotted = self.dotted(node.func)
        if dotted in _NAMED_READS and node.args:
            self.name_variable(node.args[0])
        # `%env NAME` in a cell is `get_ipython().run_line_magic('env', 'NAME')`.
        magic = isinstance(node.func, ast.Attribute) and node.func.attr == "run_line_magic"
        first = node.args[0] if node.args else None
        if not (magic and isinstance(first, ast.Constant) and first.value in ("env", "set_env")):
            return False
        argument = node.args[1] if len(node.args) > 1 else None
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            words = argument.value.replace("=", " ").split()
            if words:
                self.variables.add(words[0])
        return True

    def name_variable(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.variables.add(node.value)

    def source(self, node: ast.AST) -> bool:
        dotted = self.dotted(node)
        return dotted is not None and any(
            dotted == s or dotted.startswith(s + ".") for s in _SOURCES
        )

    def dotted(self, node: ast.AST) -> str | None:
        """`os.environ.get` with imports resolved (`from os import environ as e`: `e.get`)."""
        return imported_name(node, self.imports)


def module_variables(source: str) -> frozenset[str]:
    """The environment variables a Python module's code names (a job's `steps.py`)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports.update({a.asname or a.name: a.name for a in node.names if a.asname})
            imports.update({a.name: a.name for a in node.names if not a.asname})
        elif isinstance(node, ast.ImportFrom) and node.module:
            imports.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
    tracker = _Tracker(imports)
    tracker.reads(tree)
    return frozenset(tracker.variables)
