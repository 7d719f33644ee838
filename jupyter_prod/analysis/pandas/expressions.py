"""Evaluating expressions: what each one holds, given the names bound so far.

The `Evaluator` visits every sub-expression once, records the value of each pandas expression
in `PandasTypes.values`, and lists in `PandasTypes.nodes` the nodes of the cell that touch a
pandas object (attributes, calls, subscripts, loops), which is all the rules look at.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from .compat import MODULE, SparkCompat
from .results import BUILTIN_RESULTS, NUMPY_ARRAYS, NUMPY_ELEMENTWISE, Results, binary
from .types import PandasTypes, Scope
from .values import NUMPY, PANDAS, Bound, Function, Indexer, Module, Obj, Param, Plain, Value

STRING, NUMBER = Plain("str"), Plain("number")
LITERALS = {ast.List: "list", ast.ListComp: "list", ast.Tuple: "tuple", ast.Dict: "dict",
            ast.DictComp: "dict", ast.Set: "set", ast.SetComp: "set", ast.JoinedStr: "str",
            ast.Slice: "slice"}  # fmt: skip


class Evaluator:
    """Expression values for one notebook; `Tracker` adds the statements."""

    def __init__(self, compat: SparkCompat) -> None:
        self.results = Results(compat)
        self.types = PandasTypes()
        self.cell = 0
        self.touched: set[ast.AST] = set()

    # ------------------------------------------------------------------ bookkeeping
    def note(self, node: ast.AST, value: Value | None) -> Value | None:
        if value is not None:
            self.types.values[node] = value
        return value

    def touch(self, node: ast.AST, work: bool = False) -> None:
        """`node` uses a pandas object; `work`: it computes with it (a call, a subscript, a loop).
        A function body read again for a call touches its nodes once, in its own cell."""
        if node in self.touched:
            return
        self.touched.add(node)
        self.types.nodes.setdefault(self.cell, []).append(node)
        if work:
            self.types.work.setdefault(self.cell, []).append(node)

    def worked_on(self, node: ast.AST) -> None:
        """`node` (an argument of `pd.concat(...)`, say) is computed with in this cell."""
        self.types.work.setdefault(self.cell, []).append(node)

    # ------------------------------------------------------------------ statements

    # ------------------------------------------------------------------ binding
    def assign(
        self,
        target: ast.AST,
        value: Value | None,
        elements: list[Value | None] | None,
        scope: Scope,
    ) -> None:
        """Bind `target`; `elements` are the values of a tuple or list on the right-hand side."""
        if isinstance(target, ast.Name):
            scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            same_shape = elements is not None and len(elements) == len(target.elts)
            for position, element in enumerate(target.elts):
                known = elements[position] if same_shape and elements is not None else None
                self.assign(element, known, None, scope)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, None, None, scope)
        else:  # df["col"] = ..., obj.attr = ...: evaluates the object
            self.eval(target, scope)

    def annotation(self, node: ast.AST | None, scope: Scope) -> Value | None:
        """`pd.DataFrame`, `"pd.DataFrame"`, `Optional[DataFrame]`, `DataFrame | None` → the kind."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            sides = [self.annotation(s, scope) for s in (node.left, node.right)]
            known = [s for s in sides if s is not None]
            return known[0] if len(known) == 1 else None
        if isinstance(node, ast.Subscript):
            if getattr(node.value, "id", getattr(node.value, "attr", None)) == "Optional":
                return self.annotation(node.slice, scope)
            return None
        value = self.eval(node, scope)
        if isinstance(value, Bound) and value.owner == PANDAS:
            member = self.results.compat.member(MODULE, value.name)
            if member is not None and member.type == "class" and member.returns:
                return Obj(member.returns)
        return None

    # ------------------------------------------------------------------ expressions

    def eval(self, node: ast.AST, scope: Scope) -> Value | None:
        """The value of `node` (recorded when known); evaluates every sub-expression once."""
        kind = type(node)
        if type(node) is ast.Name:  # the commonest nodes first: this runs for every one
            value = scope.lookup(node.id)
            if value is not None:
                self.types.values[node] = value
            return value
        if type(node) is ast.Constant:
            constant = node.value
            if isinstance(constant, str):
                return STRING
            return NUMBER if type(constant) in (int, float) else None
        handler = EXPRESSIONS.get(kind)
        if handler is not None:
            return handler(self, node, scope)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):  # not the Load/Store contexts, operators, keywords
                self.eval(child, scope)
            elif isinstance(child, ast.keyword):
                self.eval(child.value, scope)
        literal = LITERALS.get(kind)
        return self.note(node, Plain(literal)) if literal else None

    def on_binop(self, node: ast.BinOp, scope: Scope) -> Value | None:
        left = self.eval(node.left, scope)
        return self.note(node, binary(left, self.eval(node.right, scope)))

    def on_compare(self, node: ast.Compare, scope: Scope) -> Value | None:
        values = [self.eval(node.left, scope)]
        values += [self.eval(c, scope) for c in node.comparators]
        return self.note(node, binary(values[0], values[1]) if len(values) == 2 else None)

    def on_unaryop(self, node: ast.UnaryOp, scope: Scope) -> Value | None:
        operand = self.eval(node.operand, scope)  # ~mask and -x keep the kind, `not` does not
        keeps = not isinstance(node.op, ast.Not) and isinstance(operand, (Obj, Plain))
        return self.note(node, operand if keeps else None)

    def on_lambda(self, node: ast.Lambda, scope: Scope) -> Value | None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.eval(default, scope)
        local = Scope(scope)
        for arg in ast.walk(node.args):
            if isinstance(arg, ast.arg):
                local.names[arg.arg] = None
        self.eval(node.body, local)
        return self.note(node, Function())

    def on_namedexpr(self, node: ast.NamedExpr, scope: Scope) -> Value | None:
        value = self.eval(node.value, scope)
        scope.names[node.target.id] = value
        return self.note(node, value)

    def on_sequence(self, node: ast.List | ast.Tuple | ast.Set, scope: Scope) -> Value | None:
        values = [self.eval(element, scope) for element in node.elts]
        first = values[0] if values else None
        same = isinstance(first, Obj) and all(
            isinstance(v, Obj) and v.kind == first.kind for v in values
        )
        item = Obj(first.kind) if same and isinstance(first, Obj) else None
        return self.note(node, Plain(LITERALS[type(node)], item))

    def on_ifexp(self, node: ast.IfExp, scope: Scope) -> Value | None:
        self.eval(node.test, scope)
        body = self.eval(node.body, scope)
        other = self.eval(node.orelse, scope)
        return self.note(node, body if body == other else None)

    def on_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp, scope: Scope
    ) -> Value | None:
        local = Scope(scope)
        for index, generator in enumerate(node.generators):
            iterated = self.eval(generator.iter, scope if index == 0 else local)
            if isinstance(iterated, Obj):
                self.touch(generator, work=True)
            self.assign(generator.target, item_of(iterated), None, local)
            for condition in generator.ifs:
                self.eval(condition, local)
        if isinstance(node, ast.DictComp):
            self.eval(node.key, local)
            self.eval(node.value, local)
        else:
            self.eval(node.elt, local)
        literal = LITERALS.get(type(node))
        return self.note(node, Plain(literal)) if literal else None

    def on_attribute(self, node: ast.Attribute, scope: Scope) -> Value | None:
        owner = self.eval(node.value, scope)
        value: Value | None = None
        if isinstance(owner, Obj):
            value = self.results.attribute(owner, node.attr)
            self.touch(node)
        elif isinstance(owner, Module):
            value = self.module_attribute(owner, node.attr)
            if owner == PANDAS:
                self.touch(node)
        elif isinstance(owner, Bound) and owner.owner == PANDAS:
            member = self.results.compat.member(MODULE, owner.name)
            if member is not None and member.type == "class" and member.returns:
                value = Bound(Obj(member.returns), node.attr)  # pd.DataFrame.from_dict
        elif isinstance(owner, Param) and node.attr == "copy":
            value = Bound(owner, node.attr)
        return self.note(node, value)

    def module_attribute(self, module: Module, name: str) -> Value | None:
        if module == PANDAS:
            return Bound(PANDAS, name) if self.results.compat.member(MODULE, name) else None
        return Bound(module, name)

    def on_call(self, node: ast.Call, scope: Scope) -> Value | None:
        function = self.eval(node.func, scope)
        args = [self.eval(a, scope) for a in node.args]
        for keyword in node.keywords:
            self.eval(keyword.value, scope)
        value: Value | None = None
        if isinstance(function, Bound):
            value = self.bound_call(function, node, args)
        elif isinstance(function, Function):
            value = self.function_result(function, node, args)
        elif isinstance(node.func, ast.Name) and not scope.is_bound(node.func.id):
            result = BUILTIN_RESULTS.get(node.func.id)
            value = Plain(result) if result else None
            if any(isinstance(a, Obj) for a in args):
                self.touch(node)
        return self.note(node, value)

    def bound_call(self, function: Bound, node: ast.Call, args: list[Value | None]) -> Value | None:
        owner = function.owner
        if isinstance(owner, Obj):
            self.touch(node, work=True)
            return self.results.method(owner, function.name, node)
        if owner == PANDAS:
            self.touch(node, work=True)
            for argument, value in zip(node.args, args, strict=False):
                if isinstance(value, Obj):
                    self.worked_on(argument)
            return self.results.module_call(function.name, node, args, self.types.value_of)
        if owner == NUMPY:
            first = args[0] if args else None
            if isinstance(first, Obj):
                self.touch(node)
                if function.name in NUMPY_ELEMENTWISE:
                    return first
            return Plain("ndarray") if function.name in NUMPY_ARRAYS else None
        if isinstance(owner, Param):
            return owner  # frame.copy()
        return None

    def function_result(
        self, function: Function, call: ast.Call, args: list[Value | None]
    ) -> Value | None:
        """A notebook function's result; for one that returns a parameter, that argument."""
        index = function.passthrough
        if index is None:
            return function.returns
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return None
        if index < len(call.args):
            return args[index]
        name = function.params[index] if index < len(function.params) else None
        given = next((k.value for k in call.keywords if k.arg == name), None)
        return self.types.value_of(given)

    def on_subscript(self, node: ast.Subscript, scope: Scope) -> Value | None:
        owner = self.eval(node.value, scope)
        index = node.slice
        if isinstance(owner, Indexer) and isinstance(index, ast.Tuple) and len(index.elts) == 2:
            rows = self.eval(index.elts[0], scope)
            columns = self.eval(index.elts[1], scope)
            self.touch(node, work=True)
            return self.note(node, self.results.indexed(owner, rows, columns, True))
        key = self.eval(index, scope)
        if isinstance(owner, Indexer):
            self.touch(node, work=True)
            return self.note(node, self.results.indexed(owner, key, None, False))
        if isinstance(owner, Obj):
            self.touch(node, work=True)
            return self.note(node, self.results.subscript(owner, key, index))
        return None


Handler = Callable[[Evaluator, Any, Scope], "Value | None"]
EXPRESSIONS: dict[type[ast.AST], Handler] = {
    ast.Attribute: Evaluator.on_attribute,
    ast.Call: Evaluator.on_call,
    ast.Subscript: Evaluator.on_subscript,
    ast.BinOp: Evaluator.on_binop,
    ast.Compare: Evaluator.on_compare,
    ast.UnaryOp: Evaluator.on_unaryop,
    ast.Lambda: Evaluator.on_lambda,
    ast.NamedExpr: Evaluator.on_namedexpr,
    ast.IfExp: Evaluator.on_ifexp,
    ast.List: Evaluator.on_sequence,
    ast.Tuple: Evaluator.on_sequence,
    ast.Set: Evaluator.on_sequence,
    ast.ListComp: Evaluator.on_comprehension,
    ast.SetComp: Evaluator.on_comprehension,
    ast.DictComp: Evaluator.on_comprehension,
    ast.GeneratorExp: Evaluator.on_comprehension,
}


def item_of(value: Value | None) -> Value | None:
    """What a `for` over `value` binds: the kind of `[train, test]`'s items, else unknown."""
    return value.item if isinstance(value, Plain) else None
