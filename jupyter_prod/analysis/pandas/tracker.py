"""Which names hold pandas objects, followed through the notebook's cells in document order.

- Imports bind `pandas`/`pyspark.pandas` under any alias, and their members (`from pandas
  import DataFrame, read_csv`); `numpy` is followed too, for `np.log1p(series)`.
- Every expression is evaluated once, in order, with the names bound so far: readers and
  constructors give DataFrames, `df["a"]` a Series, `df.groupby(k)` a DataFrameGroupBy, method
  results follow the table's `returns` (see `results.py`). The value of each pandas expression is
  kept for the rules, and so is the list of the nodes of each cell that touch a pandas object.
- Functions are read where they are defined, with their parameters bound to their annotations
  (unannotated: unknown); a function's result is its annotation, the common kind of its
  `return`s, or the argument it returns unchanged (`def clean(frame): ...; return frame`).
  A top-level function called with DataFrames or Series is read again with those kinds: its
  body's pandas code is then known (and reported on its own cell), and so is its result.
- `for dataset in [train, test]:` binds the loop name to the list's common kind.
- Cells that read no pandas-related name, import nothing and define no function only bind
  names (quickly); a cell nested too deeply to follow leaves its names unknown.
- A name rebound to something else, or bound to the unknown, stops being pandas: unknown → the
  rules say nothing.
- Functions Spark itself runs on pandas batches (`@pandas_udf`, and those passed to
  `applyInPandas`, `mapInPandas`, `apply_batch`...) are not read: their pandas code runs as
  pandas on each batch, and no change makes it run better on Spark.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..cell_scan import CellScan
from .compat import SparkCompat
from .expressions import Evaluator, item_of
from .results import binary
from .types import Scope
from .values import NUMPY, PANDAS, Function, Obj, Param, Plain, Value

if TYPE_CHECKING:
    from ..facts import CellFacts

LITERAL_NODES = (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr)
# Spark calls that run a Python function on pandas DataFrames or Series, batch by batch.
BATCH_APIS = frozenset(
    {"applyInPandas", "mapInPandas", "applyInArrow", "mapInArrow", "apply_batch", "transform_batch"}
)
BATCH_API_TEXT = re.compile("|".join(sorted(BATCH_APIS)))
MAX_READINGS = 200  # function bodies read again for a call, per notebook
PANDAS_MODULES = {"pandas": PANDAS, "pyspark.pandas": PANDAS, "numpy": NUMPY}


class Tracker(Evaluator):
    """Walks a notebook's statements, cell after cell; see the module docstring."""

    def __init__(
        self, compat: SparkCompat, late: Scope | None = None, batch: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(compat)
        self.batch = batch  # names of functions that Spark runs on pandas batches
        self.globals = Scope(late)  # `late`: names a cell reads before any cell above binds them
        self.returns: list[list[Value | None]] = []
        self.readings: dict[tuple[int, tuple[str | None, ...]], Value | None] = {}

    # ------------------------------------------------------------------ calls
    def function_result(
        self, function: Function, call: ast.Call, args: list[Value | None]
    ) -> Value | None:
        """A notebook function called with pandas objects is read again with their kinds:
        what its body does to them is reported on its own cell, and its result is known."""
        node = function.node
        kinds = _argument_kinds(function, call, args, self.types.value_of)
        if node is None or not any(kinds.values()):
            return super().function_result(function, call, args)
        key = (id(node), tuple(v.kind if v else None for v in kinds.values()))
        if key in self.readings or len(self.readings) >= MAX_READINGS:
            return self.readings.get(key)
        self.readings[key] = None  # a recursive call reads nothing more
        local = Scope(self.globals)
        for index, name in enumerate(function.params):
            local.names[name] = kinds.get(name) or Param(index)
        caller, self.cell = self.cell, function.cell
        self.returns.append([])
        try:
            self.body(node.body, local)
        finally:
            found, self.cell = self.returns.pop(), caller
        read = _function(None, found, list(function.params))
        result = (
            super().function_result(read, call, args)
            if read.passthrough is not None
            else read.returns
        )
        self.readings[key] = result
        return result

    # ------------------------------------------------------------------ statements
    def run_cell(self, index: int, tree: ast.Module, scan: CellScan | None = None) -> None:
        """Evaluate one cell. A cell that reads no pandas-related name, imports nothing and
        defines no function only binds names: those are set without evaluating the rest. A
        cell too deeply nested to follow leaves the names it binds unknown."""
        self.cell = index
        defines = scan.defines if scan is not None else {}
        if scan is not None and self.unrelated(scan):
            for name in defines:
                self.globals.names[name] = None
            for statement in tree.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, LITERAL_NODES):
                    self.on_Assign(statement, self.globals)  # cols = ["a", "b"] matters later
            return
        try:
            self.body(tree.body, self.globals)
        except RecursionError:  # an expression nested too deeply to follow: say nothing
            self.returns.clear()
            for name in defines:
                self.globals.names[name] = None

    def unrelated(self, scan: CellScan) -> bool:
        """Nothing in the cell can touch a pandas object: no import, no function, and every
        name it reads from other cells is unknown or a plain Python value."""
        if scan.imports or scan.functions or scan.star_imports:
            return False
        return not any(map(related, map(self.globals.lookup, scan.reads)))

    def body(self, statements: list[ast.stmt], scope: Scope) -> None:
        for statement in statements:
            self.statement(statement, scope)

    def statement(self, node: ast.stmt, scope: Scope) -> None:
        handler = getattr(self, "on_" + type(node).__name__, None)
        if handler is not None:
            handler(node, scope)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self.statement(child, scope)
            elif isinstance(child, ast.expr):
                self.eval(child, scope)

    def on_Expr(self, node: ast.Expr, scope: Scope) -> None:
        self.eval(node.value, scope)

    def on_Assign(self, node: ast.Assign, scope: Scope) -> None:
        value = self.eval(node.value, scope)
        elements: list[Value | None] | None = None
        if isinstance(node.value, (ast.Tuple, ast.List)):  # a, b = df1, df2
            elements = [self.types.value_of(e) for e in node.value.elts]
        for target in node.targets:
            self.assign(target, value, elements, scope)

    def on_AugAssign(self, node: ast.AugAssign, scope: Scope) -> None:
        value = self.eval(node.value, scope)
        current = self.eval(node.target, scope)
        if isinstance(node.target, ast.Name):
            scope.names[node.target.id] = (
                binary(current, value) if isinstance(current, Obj) else None
            )

    def on_AnnAssign(self, node: ast.AnnAssign, scope: Scope) -> None:
        declared = self.annotation(node.annotation, scope)
        if node.value is None:
            return
        value = self.eval(node.value, scope)
        self.assign(node.target, value if value is not None else declared, None, scope)

    def on_For(self, node: ast.For | ast.AsyncFor, scope: Scope) -> None:
        iterated = self.eval(node.iter, scope)
        if isinstance(iterated, Obj):
            self.touch(node, work=True)
        self.assign(node.target, item_of(iterated), None, scope)
        self.body(node.body, scope)
        self.body(node.orelse, scope)

    on_AsyncFor = on_For

    def on_With(self, node: ast.With | ast.AsyncWith, scope: Scope) -> None:
        for item in node.items:
            self.eval(item.context_expr, scope)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, None, None, scope)
        self.body(node.body, scope)

    on_AsyncWith = on_With

    def on_Try(self, node: ast.Try, scope: Scope) -> None:
        self.body(node.body, scope)
        for handler in node.handlers:
            if handler.type is not None:
                self.eval(handler.type, scope)
            if handler.name:
                scope.names[handler.name] = None
            self.body(handler.body, scope)
        self.body(node.orelse, scope)
        self.body(node.finalbody, scope)

    on_TryStar = on_Try

    def on_Match(self, node: ast.Match, scope: Scope) -> None:
        self.eval(node.subject, scope)
        for case in node.cases:
            for child in ast.walk(case.pattern):
                name = getattr(child, "name", None) or getattr(child, "rest", None)
                if isinstance(name, str):
                    scope.names[name] = None
            if case.guard is not None:
                self.eval(case.guard, scope)
            self.body(case.body, scope)

    def on_Delete(self, node: ast.Delete, scope: Scope) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                scope.names[target.id] = None
            else:
                self.eval(target, scope)

    def on_Return(self, node: ast.Return, scope: Scope) -> None:
        value = self.eval(node.value, scope) if node.value is not None else None
        if self.returns:
            self.returns[-1].append(value)

    def on_Import(self, node: ast.Import, scope: Scope) -> None:
        for alias in node.names:
            if alias.asname:
                scope.names[alias.asname] = PANDAS_MODULES.get(alias.name)
            else:
                top = alias.name.split(".")[0]
                scope.names[top] = PANDAS_MODULES.get(top)

    def on_ImportFrom(self, node: ast.ImportFrom, scope: Scope) -> None:
        module = PANDAS_MODULES.get(node.module or "") if not node.level else None
        for alias in node.names:
            if alias.name == "*":
                continue
            bound = alias.asname or alias.name
            if node.module == "pyspark" and alias.name == "pandas":
                scope.names[bound] = PANDAS
            elif module is not None:
                scope.names[bound] = self.module_attribute(module, alias.name)
            else:
                scope.names[bound] = None

    def on_Global(self, node: ast.stmt, scope: Scope) -> None:
        """Nothing to evaluate."""

    on_Nonlocal = on_Global

    def on_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> None:
        for part in [*node.decorator_list, *node.args.defaults]:
            self.eval(part, scope)
        for default in node.args.kw_defaults:
            if default is not None:
                self.eval(default, scope)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        if node.name in self.batch or any(map(_is_pandas_udf, node.decorator_list)):
            scope.names[node.name] = Function(params=tuple(a.arg for a in positional))
            return
        local = Scope(scope)
        for index, arg in enumerate(positional):
            declared = self.annotation(arg.annotation, scope)
            local.names[arg.arg] = declared if declared is not None else Param(index)
        for other in [*args.kwonlyargs, args.vararg, args.kwarg]:
            if other is not None:
                local.names[other.arg] = self.annotation(other.annotation, scope)
        self.returns.append([])
        self.body(node.body, local)
        found = self.returns.pop()
        declared = self.annotation(node.returns, scope)
        function = _function(declared, found, [a.arg for a in positional])
        if scope is self.globals:
            function = replace(function, node=node, cell=self.cell)
        scope.names[node.name] = function

    on_AsyncFunctionDef = on_FunctionDef

    def on_ClassDef(self, node: ast.ClassDef, scope: Scope) -> None:
        for part in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.eval(part, scope)
        self.returns.append([])  # a `return` in a method must not count for an outer function
        self.body(node.body, Scope(scope))
        self.returns.pop()
        scope.names[node.name] = Plain("class")

    # ------------------------------------------------------------------ binding


def batch_functions(cells: Iterable[CellFacts]) -> frozenset[str]:
    """Names of the functions some cell passes to a Spark pandas-batch API (`applyInPandas`...)."""
    found: set[str] = set()
    for cell in cells:
        # Few cells name a batch API at all; the text test spares walking all the others.
        if not BATCH_API_TEXT.search(cell.cell.source):
            continue
        for node in cell.nodes:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in BATCH_APIS
            ):
                arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "func")]
                found.update(a.id for a in arguments if isinstance(a, ast.Name))
    return frozenset(found)


def _is_pandas_udf(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "pandas_udf"


def _function(declared: Value | None, found: list[Value | None], params: list[str]) -> Function:
    """What calling a notebook function gives: its annotation, or what all its returns agree on."""
    if declared is not None:
        return Function(returns=declared, params=tuple(params))
    if found and all(v == found[0] for v in found):
        first = found[0]
        if isinstance(first, Param):
            return Function(passthrough=first.index, params=tuple(params))
        if isinstance(first, Obj):
            return Function(returns=first, params=tuple(params))
    return Function(params=tuple(params))


def _argument_kinds(
    function: Function, call: ast.Call, args: list[Value | None], value_of: Any
) -> dict[str, Obj | None]:
    """The DataFrames and Series a call passes, by parameter name (None: not one)."""
    kinds: dict[str, Obj | None] = dict.fromkeys(function.params)
    for index, (node, value) in enumerate(zip(call.args, args, strict=False)):
        if isinstance(node, ast.Starred) or index >= len(function.params):
            break
        kinds[function.params[index]] = value if isinstance(value, Obj) and value.is_frame else None
    for keyword in call.keywords:
        value = value_of(keyword.value)
        if keyword.arg in kinds and isinstance(value, Obj) and value.is_frame:
            kinds[keyword.arg] = value
    return kinds


def related(value: Value | None) -> bool:
    """A value the pandas rules care about (anything but the unknown and plain Python values)."""
    return value is not None and not (isinstance(value, Plain) and value.item is None)
