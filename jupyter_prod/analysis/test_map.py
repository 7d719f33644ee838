"""The static test map: which tests reach which notebook functions, and so which cells.

- Tests in the notebook: top-level `assert` statements, `pd.testing`/`np.testing` (and
  `unittest`-style) `assert_*` calls, `with pytest.raises(...)`, pytest-style `def test_*`
  functions, `class Test*` and `@pytest.fixture` functions (ipytest style). A top-level
  statement that holds a test is a test as a whole (`for case in cases: assert f(case)`).
- Doctests: `doctest.testmod()` (or ipytest's `--doctest-modules`) runs the `>>>` examples in
  the docstrings of the functions defined so far; `doctest.run_docstring_examples(f, ...)`
  those of `f`.
- Tests outside it: testbook tests in the project's test folders that reference the notebook
  (`testbook_tests.py`), and tests that import the module the notebook is exported to with
  nbdev (`exported_module_tests.py`).
- Reach follows calls: a test reaches the notebook functions and classes it names, and those
  reach the ones their bodies use (resolved as the notebook stands when the test runs).
- A cell that holds a test is a test cell. Every other cell that defines a function or a
  class is a logic cell; it is reached when a test reaches every function it defines.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cell_scan import FunctionInfo
from .dotted_names import imported_name
from .measured import Measured
from .scopes import Site, walk_tree

if TYPE_CHECKING:
    from .facts import CellFacts, NotebookFacts

FunctionKey = tuple[int, str]  # (defining cell, name)
TESTING_MODULES = ("numpy.testing", "pandas.testing", "pandas._testing", "pandas.util.testing")
COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)
AFTER_EVERY_CELL = 1 << 30  # external tests run once the whole notebook has run


@dataclass(frozen=True)
class NotebookTest:
    """One test: where it is, what kind, and the notebook functions it names directly."""

    kind: str  # assert | testing-call | pytest-raises | test-function | fixture | testbook |
    # exported-module
    where: str  # "cell 7" or "tests/test_x.py:12"
    cell: int | None
    line: int
    names: tuple[str, ...]


@dataclass
class TestMap:
    """Tests, logic cells, and which functions the tests reach."""

    tests: list[NotebookTest] = field(default_factory=list)
    test_cells: set[int] = field(default_factory=set)
    logic_cells: dict[int, list[FunctionInfo]] = field(default_factory=dict)
    reached: dict[FunctionKey, str] = field(default_factory=dict)  # function -> test's `where`
    test_files: list[str] = field(default_factory=list)  # testbook files, to run with --execute
    reached_by_module: dict[FunctionKey, str] = field(default_factory=dict)  # via nbdev exports
    # Set by `--execute` (jupyter_prod.execution): what a fresh run measured.
    execution: Measured | None = None

    __test__ = False  # not a pytest class, whatever its name

    def is_reached(self, function: FunctionInfo) -> bool:
        return (function.cell, function.name) in self.reached

    def unreached(self, cell: int) -> list[FunctionInfo]:
        return [f for f in self.logic_cells.get(cell, []) if not self.is_reached(f)]

    @property
    def reached_cells(self) -> list[int]:
        return [c for c in self.logic_cells if not self.unreached(c)]

    @property
    def tests_functions(self) -> bool:
        """Whether some test reaches a notebook function: the notebook is about tests."""
        return any(cell not in self.test_cells for cell, _name in self.reached)


def measured_run(facts: NotebookFacts) -> Measured | None:
    """What `--execute` measured, without building the test map when nothing ran (a rule
    outside the untested family must not pay for the map on every check)."""
    built = vars(facts).get("test_map")  # set by the cached property once computed
    return built.execution if isinstance(built, TestMap) else None


def build_test_map(facts: NotebookFacts) -> TestMap:
    """The test map of an analysed notebook (external test files included when on disk)."""
    from .testbook_tests import testbook_tests_for

    found = TestMap()
    imports = facts.imports
    roots: list[tuple[FunctionInfo, str, int]] = []
    # name -> the names its value was computed from, over the notebook so far: a test that
    # asserts on `stats`, made by `stats = summarize(xs)` cells above, exercises `summarize`.
    built_from: dict[str, set[str]] = {}
    for cell in facts.python_cells():
        assert cell.tree is not None and cell.scan is not None
        doctests = _doctest_runs(cell, imports)
        for line, names in doctests:
            test = NotebookTest("doctest", f"cell {cell.index + 1}", cell.index, line, names)
            found.tests.append(test)
            roots += _doctest_roots(facts, cell, names)
        tests = list(_tests_in_cell(cell, imports, built_from))
        logic = [f for f in cell.scan.functions.values() if _is_logic(f)]
        if tests or (doctests and not logic):  # a `doctest.testmod()` cell is a test cell
            found.test_cells.add(cell.index)
            found.tests += tests
            roots += _roots_of_cell(facts, cell, tests)
            continue
        if logic:
            found.logic_cells[cell.index] = logic
    external, found.test_files = testbook_tests_for(facts.path)
    for test in external:
        found.tests.append(test)
        roots += _external_roots(facts, test, None)
    _follow_calls(facts, roots, found.reached)
    exported, module_tests = _exported_module_tests(facts)
    if module_tests:  # these run the exported module's code, which --execute cannot measure
        module_roots = [r for test in module_tests for r in _external_roots(facts, test, exported)]
        found.tests += module_tests
        _follow_calls(facts, module_roots, found.reached_by_module)
        for key, where in found.reached_by_module.items():
            found.reached.setdefault(key, where)
    return found


def _external_roots(
    facts: NotebookFacts, test: NotebookTest, only: set[str] | None
) -> list[tuple[FunctionInfo, str, int]]:
    """Functions a test outside the notebook names (it runs after every cell has run)."""
    roots = []
    for name in test.names:
        function = _resolve(facts, name, AFTER_EVERY_CELL)
        if function is not None and (only is None or name in only):
            roots.append((function, test.where, AFTER_EVERY_CELL))
    return roots


def _exported_module_tests(facts: NotebookFacts) -> tuple[set[str], list[NotebookTest]]:
    """Names the notebook exports to its nbdev module, and the tests that import it."""
    from .exported_module_tests import exported_module, exported_module_tests, is_exported

    module = exported_module(c.cell.source for c in facts.code_cells())
    if module is None:
        return set(), []
    exported = {name for cell in facts.python_cells() if is_exported(cell.cell.source)
                for name in (cell.scan.functions if cell.scan is not None else {})}  # fmt: skip
    tests, _files = exported_module_tests(facts.path, module)
    return exported, tests


# ---------------------------------------------------------------------- tests in a cell
def _tests_in_cell(
    cell: CellFacts, imports: dict[str, str], built_from: dict[str, set[str]]
) -> list[NotebookTest]:
    """The tests of a cell; a test names what it reads, and what built those values, in this
    cell or above (`toy = Ledger(rows)` then `assert toy.total() == 3` exercises `Ledger`).
    `built_from` (name -> names its value read) is updated with the cell's assignments."""
    assert cell.tree is not None and cell.scan is not None
    source = cell.cell.source
    if "assert" not in source and "test" not in source and "Test" not in source:
        _record_assignments(cell.tree.body, built_from)
        return []  # the cheap early exit: every kind of test spells one of these
    kinds = [_test_kind(statement, imports) for statement in cell.tree.body]
    if not any(kinds):
        _record_assignments(cell.tree.body, built_from)
        return []
    tests: list[NotebookTest] = []
    for statement, kind in zip(cell.tree.body, kinds, strict=True):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            function = cell.scan.functions.get(statement.name)
            reads = set(function.free_reads) if function is not None else set()
            names = [statement.name, *_expand(reads, built_from)]
        else:
            reads = set(_loaded_names(statement))
            names = _expand(reads, built_from)
            for target in _stored_names(statement):
                built_from[target] = built_from.get(target, set()) | set(names)
        if kind is None:
            continue
        line = statement.lineno + cell.line_offset
        tests.append(NotebookTest(kind, f"cell {cell.index + 1}", cell.index, line, tuple(names)))
    return tests


def _record_assignments(body: list[ast.stmt], built_from: dict[str, set[str]]) -> None:
    """What the plain assignments of a cell without tests compute their names from."""
    for statement in body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)) \
                and statement.value is not None:  # fmt: skip
            names = _expand(set(_loaded_names(statement.value)), built_from)
            for target in _stored_names(statement):
                built_from[target] = built_from.get(target, set()) | set(names)


def _expand(names: set[str], built_from: dict[str, set[str]]) -> list[str]:
    found = dict.fromkeys(sorted(names))
    for name in names:
        found.update(dict.fromkeys(sorted(built_from.get(name, ()))))
    return list(found)


def _stored_names(statement: ast.stmt) -> list[str]:
    return [n.id for n in walk_tree(statement)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]  # fmt: skip


def _test_kind(statement: ast.stmt, imports: dict[str, str]) -> str | None:
    """What kind of test a top-level statement is, or None."""
    if isinstance(statement, ast.Assert):
        return "assert"
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if statement.name.startswith("test"):
            return "test-function"
        return "fixture" if any(_is_fixture(d, imports) for d in statement.decorator_list) else None
    if isinstance(statement, ast.ClassDef):
        return "test-function" if statement.name.startswith("Test") else None
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        if any(_is_raises(item.context_expr, imports) for item in statement.items):
            return "pytest-raises"
    if isinstance(statement, COMPOUND):
        inner = [s for s in ast.iter_child_nodes(statement) if isinstance(s, ast.stmt)]
        for child in inner:
            kind = _test_kind(child, imports)
            if kind in ("assert", "testing-call", "pytest-raises"):
                return kind
        return None
    for node in walk_tree(statement):
        if isinstance(node, ast.Call) and _is_testing_call(node.func, imports):
            return "testing-call"
    return None


def _is_testing_call(func: ast.AST, imports: dict[str, str]) -> bool:
    dotted = imported_name(func, imports)
    if dotted is None:
        return False
    last = dotted.rsplit(".", 1)[-1]
    if not last.startswith("assert"):
        return False
    # `tc.assertEqual(...)` on a unittest.TestCase() counts too: assertX methods are tests.
    return dotted.startswith(TESTING_MODULES) or last.startswith(("assertEqual", "assertTrue",
                                                                  "assertAlmostEqual", "assertRaises"))  # fmt: skip


def _is_raises(node: ast.AST, imports: dict[str, str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    dotted = imported_name(node.func, imports) or ""
    return dotted in ("pytest.raises", "pytest.warns", "numpy.testing.assert_raises")


def _is_fixture(node: ast.AST, imports: dict[str, str]) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return (imported_name(target, imports) or "").endswith("pytest.fixture")


def _is_logic(function: FunctionInfo) -> bool:
    """A `def` or a `class` that is not test code (a named lambda is a sort key, not logic)."""
    return isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (
        not _is_test_code(function)
    )


def _is_test_code(function: FunctionInfo) -> bool:
    return function.name.startswith("test_") or (
        function.is_class and function.name.startswith("Test")
    )


def _loaded_names(statement: ast.AST) -> list[str]:
    seen: dict[str, None] = {}
    for node in walk_tree(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            seen.setdefault(node.id)
    return list(seen)


# ---------------------------------------------------------------------- doctests
def _doctest_runs(cell: CellFacts, imports: dict[str, str]) -> list[tuple[int, tuple[str, ...]]]:
    """(line, functions) of each doctest run in the cell; no functions: every docstring."""
    if "doctest" not in cell.cell.source:
        return []
    runs: list[tuple[int, tuple[str, ...]]] = []
    magic = cell.source
    if (
        magic is not None
        and magic.cell_magic == "ipytest"
        and "--doctest-modules" in magic.magic_line
    ):
        runs.append((1, ()))
    for node in cell.nodes:
        if not isinstance(node, ast.Call):
            continue
        dotted = imported_name(node.func, imports) or ""
        line = node.lineno + cell.line_offset
        if dotted == "doctest.run_docstring_examples" and node.args:
            first = node.args[0]
            runs += [(line, (first.id,))] if isinstance(first, ast.Name) else []
        elif dotted == "doctest.testmod" or (
            dotted.endswith("ipytest.run") and any(_says_doctest_modules(a) for a in node.args)
        ):
            runs.append((line, ()))
    return runs


def _says_doctest_modules(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "--doctest-modules"


def _doctest_roots(
    facts: NotebookFacts, cell: CellFacts, names: tuple[str, ...]
) -> list[tuple[FunctionInfo, str, int]]:
    """The functions whose docstring examples the run executes, as defined when it runs."""
    where = f"cell {cell.index + 1}"
    if names:
        chosen = [_resolve(facts, name, cell.index) for name in names]
    else:
        live: dict[str, FunctionInfo] = {}
        for earlier in facts.python_cells():
            if earlier.index > cell.index:
                break
            assert earlier.scan is not None
            live.update(earlier.scan.functions)
        chosen = list(live.values())
    return [(f, where, cell.index) for f in chosen if f is not None and _has_examples(f)]


def _has_examples(function: FunctionInfo) -> bool:
    node = function.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    docstring = ast.get_docstring(node, clean=False)
    return docstring is not None and ">>>" in docstring


# ---------------------------------------------------------------------- reach
def _roots_of_cell(
    facts: NotebookFacts, cell: CellFacts, tests: list[NotebookTest]
) -> list[tuple[FunctionInfo, str, int]]:
    """The notebook functions a test cell's tests name, resolved where each test stands."""
    assert cell.scan is not None
    roots: list[tuple[FunctionInfo, str, int]] = []
    where = f"cell {cell.index + 1}"
    for test in tests:
        names = list(test.names)
        if test.kind in ("test-function", "fixture"):
            own = cell.scan.functions.get(names.pop(0))
            roots += [(own, where, cell.index)] if own is not None else []
        at = Site(test.line, 0, test.line, 0)
        for name in names:
            function = facts.dataflow.function_at(name, cell.index, at)
            if function is not None:
                roots.append((function, where, cell.index))
    return roots


def _resolve(facts: NotebookFacts, name: str, at_cell: int) -> FunctionInfo | None:
    """The definition of `name` live when code in `at_cell` runs (document order)."""
    definitions = facts.functions.get(name, [])
    before = [f for f in definitions if f.cell <= at_cell]
    chosen = before or definitions
    return chosen[-1] if chosen else None


def _follow_calls(
    facts: NotebookFacts,
    roots: list[tuple[FunctionInfo, str, int]],
    reached: dict[FunctionKey, str],
) -> None:
    """Mark every function reachable from the roots; test code itself is not recorded."""
    stack = list(roots)
    seen: set[tuple[FunctionKey, int]] = set()
    while stack:
        function, where, at_cell = stack.pop()
        key = (function.cell, function.name)
        if (key, at_cell) in seen:
            continue
        seen.add((key, at_cell))
        if not _is_test_code(function):
            reached.setdefault(key, where)
        for name in function.free_reads:
            helper = _resolve(facts, name, at_cell)
            if helper is not None:
                stack.append((helper, where, at_cell))
