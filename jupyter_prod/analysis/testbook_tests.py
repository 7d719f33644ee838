"""testbook tests in the project's test folders that reference a notebook.

- Project root and test files: `test_files.py`; only files that mention `testbook` are
  parsed, and each file once per change (cached on its mtime and size).
- In a file, a handle on the notebook is the first parameter of a `@testbook(path)` test, the
  target of `with testbook(path) as tb:`, or a fixture that yields one. A handle reaches
  `tb.ref("f")`, `tb.get("f")`, `tb["f"]`, the names in `tb.inject("code")` / `tb.value("code")`,
  and those in a function passed to `tb.inject(func)`.
- A path matches the notebook when it resolves to it from the test file's folder, the project
  root or a folder between them; a path that resolves nowhere (built at run time, or relative
  to another working directory) matches by file name.
"""

from __future__ import annotations

import ast
import os
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from .test_files import candidate_test_files, project_root
from .test_map import NotebookTest

HANDLE_METHODS = frozenset({"ref", "get", "inject", "value"})
MAX_TEST_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class FileTest:
    """A test in a file that uses a handle on notebook `path` (a literal, maybe partial)."""

    path: str
    exact: bool  # the whole path was a literal (else only its file name is known)
    line: int
    names: tuple[str, ...]


def testbook_tests_for(notebook_path: str) -> tuple[list[NotebookTest], list[str]]:
    """testbook tests that reference the notebook at `notebook_path`, and the files holding them."""
    if not notebook_path.endswith(".ipynb") or not os.path.isfile(notebook_path):
        return [], []
    target = os.path.realpath(notebook_path)
    folder = os.path.dirname(target)
    root = project_root(folder)
    tests: list[NotebookTest] = []
    files: list[str] = []
    for file in candidate_test_files(folder, root):
        matched = [t for t in _file_tests(file) if _matches(t, target, file, root)]
        if not matched:
            continue
        shown = os.path.relpath(file, root)
        files.append(shown)
        tests += [NotebookTest("testbook", f"{shown}:{t.line}", None, t.line, t.names)
                  for t in matched]  # fmt: skip
    return tests, files


def _file_tests(path: str) -> tuple[FileTest, ...]:
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return _parsed_file_tests(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=512)
def _parsed_file_tests(path: str, _mtime_ns: int, size: int) -> tuple[FileTest, ...]:
    if size > MAX_TEST_FILE_BYTES:
        return ()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if "testbook" not in text:
            return ()
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError, RecursionError):
        return ()
    return tuple(_TestFileReader(tree).tests())


# ---------------------------------------------------------------------- reading a test file
class _TestFileReader:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions = {
            n.name: n
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        # Names bound to a value anywhere in the file (the last binding wins): a notebook path
        # is often a constant built once (`NOTEBOOK = Path(__file__).parent / "x.ipynb"`).
        self.assigned: dict[str, ast.expr] = {
            target.id: n.value
            for n in ast.walk(tree) if isinstance(n, ast.Assign)
            for target in n.targets if isinstance(target, ast.Name)
        }  # fmt: skip
        self.fixtures: dict[str, tuple[str, bool]] = {}
        for function in self.functions.values():
            if any(_call_name(d).endswith("fixture") for d in function.decorator_list):
                opened = _with_handles(function.body, self.assigned)
                if opened:
                    self.fixtures[function.name] = next(iter(opened.values()))

    def tests(self) -> list[FileTest]:
        found: list[FileTest] = []
        scopes: list[tuple[ast.AST, list[ast.stmt], dict[str, tuple[str, bool]]]] = [
            (self.tree, self.tree.body, _with_handles(self.tree.body, self.assigned, shallow=True))
        ]
        for function in self.functions.values():
            if function.name in self.fixtures:
                continue
            handles = _with_handles(function.body, self.assigned)
            params = [a.arg for a in function.args.posonlyargs + function.args.args]
            for decorator in function.decorator_list:
                notebook = _testbook_path(decorator, self.assigned)
                if notebook is not None and params:
                    handles[params[0]] = notebook
            handles.update({p: self.fixtures[p] for p in params if p in self.fixtures})
            scopes.append((function, function.body, handles))
        for node, body, handles in scopes:
            for handle, (path, exact) in handles.items():
                names = self._reached(body, handle)
                line = getattr(node, "lineno", 1)
                found.append(FileTest(path, exact, line, tuple(dict.fromkeys(names))))
        return found

    def _reached(self, body: list[ast.stmt], handle: str) -> list[str]:
        names: list[str] = []
        for node in ast.walk(ast.Module(body=body, type_ignores=[])):
            if isinstance(node, ast.Subscript) and _is_name(node.value, handle):
                names += _string_names(node.slice, as_code=False)
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if not _is_name(node.func.value, handle) or node.func.attr not in HANDLE_METHODS:
                continue
            argument = node.args[0] if node.args else None
            if argument is None:
                continue
            as_code = node.func.attr in ("inject", "value")
            if as_code and isinstance(argument, ast.Name) and argument.id in self.functions:
                injected = self.functions[argument.id]
                names += [n.id for n in ast.walk(injected) if isinstance(n, ast.Name)]
            else:
                names += _string_names(argument, as_code)
        return names


def _with_handles(
    body: list[ast.stmt], assigned: dict[str, ast.expr], shallow: bool = False
) -> dict[str, tuple[str, bool]]:
    """`with testbook(path) as tb:` blocks in `body` → {handle: (path, exact)}."""
    handles: dict[str, tuple[str, bool]] = {}
    nodes = body if shallow else [n for s in body for n in ast.walk(s)]
    for node in nodes:
        if not isinstance(node, (ast.With, ast.AsyncWith)):
            continue
        for item in node.items:
            notebook = _testbook_path(item.context_expr, assigned)
            if notebook is not None and isinstance(item.optional_vars, ast.Name):
                handles[item.optional_vars.id] = notebook
    return handles


def _testbook_path(node: ast.AST, assigned: dict[str, ast.expr]) -> tuple[str, bool] | None:
    """The notebook path of a `testbook(...)` call, and whether it is known whole (a literal,
    or built from the test file's own place: `Path(__file__).parent / "x.ipynb"`); else the
    file name found in it."""
    if not isinstance(node, ast.Call) or _call_name(node.func).rsplit(".", 1)[-1] != "testbook":
        return None
    argument = node.args[0] if node.args else next(
        (k.value for k in node.keywords if k.arg in ("nb", "notebook")), None)  # fmt: skip
    if argument is None:
        return None
    whole = _path_value(argument, assigned, 0)
    if whole is not None and whole.endswith(".ipynb"):
        return whole, True
    parts = [n.value for n in _walk_through_names(argument, assigned, 0)
             if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and n.value.endswith(".ipynb")]  # fmt: skip
    return (parts[-1].rsplit("/", 1)[-1], False) if parts else None


_HERE = "<test file>"  # what `__file__` is, until `.parent` makes it the test file's folder
_MAX_DEPTH = 8
_PASS_THROUGH = frozenset({"str", "Path", "PurePath", "os.fspath", "os.path.abspath",
                           "os.path.realpath", "os.path.normpath", "pathlib.Path"})  # fmt: skip


def _path_value(node: ast.AST, assigned: dict[str, ast.expr], depth: int) -> str | None:
    """A path expression as text, relative to the test file's folder when built from
    `__file__`; None when it depends on anything else (an argument, the environment)."""
    if depth > _MAX_DEPTH:
        return None
    again = depth + 1
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        if node.id == "__file__":
            return _HERE
        value = assigned.get(node.id)
        return _path_value(value, assigned, again) if value is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _joined(_path_value(node.left, assigned, again),
                       _path_value(node.right, assigned, again))  # fmt: skip
    if isinstance(node, ast.Attribute):
        if node.attr == "parent":
            return _parent(_path_value(node.value, assigned, again))
        return None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
            and node.value.attr == "parents" and isinstance(node.slice, ast.Constant) \
            and isinstance(node.slice.value, int):  # fmt: skip
        base = _path_value(node.value.value, assigned, again)
        for _ in range(node.slice.value + 1):
            base = _parent(base)
        return base
    if isinstance(node, ast.Call):
        name = _call_name(node.func)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute"):
            return _path_value(node.func.value, assigned, again)
        if name in _PASS_THROUGH and len(node.args) == 1:
            return _path_value(node.args[0], assigned, again)
        if name in ("os.path.dirname", "dirname") and len(node.args) == 1:
            return _parent(_path_value(node.args[0], assigned, again))
        if name in ("os.path.join", "join") and node.args:
            path: str | None = ""
            for argument in node.args:
                path = _joined(path, _path_value(argument, assigned, again))
            return path
    return None


def _parent(path: str | None) -> str | None:
    if path is None:
        return None
    if path == _HERE:
        return "."
    return os.path.normpath(os.path.join(path, ".."))


def _joined(left: str | None, right: str | None) -> str | None:
    if left is None or right is None or right == _HERE or left == _HERE:
        return None
    return os.path.normpath(os.path.join(left, right)) if left else right


def _walk_through_names(node: ast.AST, assigned: dict[str, ast.expr], depth: int) -> list[ast.AST]:
    """Every node under `node`, and under the values of the names it reads."""
    found = list(ast.walk(node))
    if depth < _MAX_DEPTH:
        for name in [n for n in found if isinstance(n, ast.Name) and n.id in assigned]:
            found += _walk_through_names(assigned[name.id], assigned, depth + 1)
    return found


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _string_names(node: ast.AST, as_code: bool) -> list[str]:
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return []
    if not as_code:
        return [node.value.split(".")[0].split("(")[0].strip()]
    try:
        code = ast.parse(textwrap.dedent(node.value))
    except (SyntaxError, ValueError):
        return []
    return [n.id for n in ast.walk(code) if isinstance(n, ast.Name)]


def _matches(test: FileTest, target: str, test_file: str, root: str) -> bool:
    path = os.path.expanduser(test.path)
    if test.exact:
        bases = [os.path.dirname(test_file)]
        while bases[-1] != root and os.path.dirname(bases[-1]) != bases[-1]:
            bases.append(os.path.dirname(bases[-1]))
        candidates = [os.path.join(base, path) for base in [*bases, root]]
        existing = [c for c in candidates if os.path.exists(c)]
        if existing:
            return any(os.path.realpath(c) == target for c in existing)
    return os.path.basename(path) == os.path.basename(target)
