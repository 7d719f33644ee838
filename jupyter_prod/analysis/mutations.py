"""State a top-level statement changes without a plain `x = ...` of its own.

soorgeon's measured failure (see FIELD.md) was to count only `x = …` as producing `x`:
`log.append(...)`, `model.fit(...)`, `df["c"] = ...` and `inplace=True` change state too.
Each change is recorded with whether running the statement *again* changes the result
(`x += 1`, `w -= lr * grad`, `df["p"] = df["p"] * k`, `log.append(v)`) or not
(`df = df.dropna()`, `model.fit(X, y)`, `d.update(k=1)`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from .scopes import Site, walk_tree

# Methods that change their object in place and accumulate: a second run adds again.
ACCUMULATING_IN_PLACE = frozenset(
    {"append", "extend", "insert", "appendleft", "extendleft", "pop", "popleft", "remove",
     "popitem", "write"}
)  # fmt: skip
# Methods that change their object in place but give the same state when repeated.
SETTLING_IN_PLACE = frozenset(
    {"update", "add", "discard", "setdefault", "clear", "sort", "reverse", "fit",
     "fit_transform", "partial_fit", "set_params", "load_state_dict", "train", "eval",
     "set_index", "reset_index", "rename", "drop", "dropna", "fillna", "sort_values",
     "sort_index", "replace", "drop_duplicates", "set_axis", "rename_axis", "astype"}
)  # fmt: skip
# Methods and functions whose result, fed its own input again, differs again.
ACCUMULATING_RESULT = frozenset(
    {"merge", "join", "append", "concat", "cumsum", "cumprod", "diff", "pct_change", "shift",
     "explode", "set_index", "drop", "pivot", "melt", "stack", "unstack", "transpose",
     "add_prefix", "add_suffix", "concatenate", "vstack", "hstack", "log", "log1p", "exp",
     "sqrt", "square", "power"}
)  # fmt: skip


@dataclass(frozen=True)
class Mutation:
    """`name` is changed at `site` by a statement of `kind`; `changes_on_rerun` says whether a
    second run of the same statement changes the state again."""

    name: str
    site: Site
    kind: str  # augmented | rebind | item | method | inplace | delete | delete-item
    changes_on_rerun: bool
    template: str  # the statement in short, `{}` standing for `subject`'s source
    subject: ast.AST | None = field(default=None, compare=False)

    @property
    def detail(self) -> str:
        """`log.append(...)`, `df["a"] = ...`: written out only when a message needs it
        (unparsing every statement's target cost a twentieth of the analysis)."""
        if self.subject is None:
            return self.template
        return self.template.replace("{}", _describe(self.subject))


def mutations_of_statement(
    node: ast.stmt,
    offset: int = 0,
    is_external: Callable[[str], bool] = lambda name: True,
    value_names: set[str] | None = None,
) -> list[Mutation]:
    """Changes one simple statement makes to names for which `is_external` holds (compound
    statements are walked by the caller); `value_names`, when known, are the names the
    assigned value loads, which spares a walk of the value."""
    if (  # `a = 1`, `b = f(x)`: names bound from values that do not read them change nothing
        type(node) is ast.Assign
        and value_names is not None
        and all(type(t) is ast.Name and t.id not in value_names for t in node.targets)
    ):
        return []
    site = Site.of(node, offset)
    found: list[Mutation] = []
    if isinstance(node, ast.AugAssign):
        root = root_name(node.target)
        if root is not None:
            kind = "augmented" if isinstance(node.target, ast.Name) else "item"
            found.append(
                Mutation(root, site, kind, True, "{} " + _augmented_operator(node.op), node.target)
            )
    elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            found += _assignment(target, node.value, site, is_external, value_names)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        found += _method_call(node.value, site)
    elif isinstance(node, ast.Delete):
        for target in node.targets:
            root = root_name(target)
            if isinstance(target, ast.Name):  # a second run finds it gone: NameError
                found.append(Mutation(target.id, site, "delete", True, f"del {target.id}"))
            elif root is not None:
                found.append(Mutation(root, site, "delete-item", False, "del {}", target))
    return [m for m in found if is_external(m.name)]


def root_name(node: ast.AST) -> str | None:
    """`df` for `df`, `df["a"]`, `df.loc[i, "a"]`, `obj.attr.x`; None for anything else."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _assignment(
    target: ast.AST,
    value: ast.AST,
    site: Site,
    is_external: Callable[[str], bool],
    value_names: set[str] | None,
) -> list[Mutation]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [
            m for t in target.elts for m in _assignment(t, value, site, is_external, value_names)
        ]
    root = root_name(target)
    if root is None or not is_external(root):
        return []
    if isinstance(target, ast.Name):
        mentioned = root in value_names if value_names is not None else _mentions(value, root)
        if not mentioned:
            return []
        changes = _derives_again(value, _key(target))
        return [Mutation(root, site, "rebind", changes, f"{root} = ... {root} ...")]
    changes = _derives_again(value, _key(target))
    return [Mutation(root, site, "item", changes, "{} = ...", target)]


def _method_call(call: ast.Call, site: Site) -> list[Mutation]:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return []
    root = root_name(func.value)
    if root is None:
        return []
    inplace = any(
        k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )
    if inplace:
        return [
            Mutation(root, site, "inplace", False, f"{{}}.{func.attr}(inplace=True)", func.value)
        ]
    described = "{}." + func.attr + "(...)"
    if func.attr in ACCUMULATING_IN_PLACE:
        return [Mutation(root, site, "method", True, described, func.value)]
    if func.attr in SETTLING_IN_PLACE:
        return [Mutation(root, site, "method", False, described, func.value)]
    return []


def _derives_again(value: ast.AST, target: tuple[str, ...] | None) -> bool:
    """Whether `value` applies arithmetic or an accumulating operation to `target` itself."""
    if target is None:
        return False
    for node in walk_tree(value):
        if isinstance(node, ast.BinOp) and target in (_key(node.left), _key(node.right)):
            return True
        if isinstance(node, ast.UnaryOp) and _key(node.operand) == target:
            return True
        if isinstance(node, ast.Call):
            func = node.func
            if _maps_through_a_dict(node, target):
                return True
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in ACCUMULATING_RESULT:
                continue
            if isinstance(func, ast.Attribute) and _key(func.value) == target:
                return True
            if any(_mentions_key(arg, target) for arg in node.args):
                return True
    return False


def _maps_through_a_dict(call: ast.Call, target: tuple[str, ...]) -> bool:
    """`df["c"].map({"Yes": 1, "No": 0})` on itself: the second run maps 1 and 0 to NaN."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "map"
        and _key(func.value) == target
        and bool(call.args)
        and isinstance(call.args[0], ast.Dict)
    )


def _key(node: ast.AST) -> tuple[str, ...] | None:
    """A comparable identity for `x`, `x["col"]`, `x.attr` (None for anything else)."""
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Attribute):
        inner = _key(node.value)
        return None if inner is None else (*inner, "." + node.attr)
    if isinstance(node, ast.Subscript):
        inner = _key(node.value)
        index = node.slice
        if inner is None or not isinstance(index, ast.Constant):
            return None
        return (*inner, repr(index.value))
    return None


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in walk_tree(node))


def _mentions_key(node: ast.AST, key: tuple[str, ...]) -> bool:
    return any(_key(n) == key for n in walk_tree(node))


def _describe(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # unparse fails on a few synthetic trees; the name is enough
        text = root_name(node) or "?"
    return text if len(text) <= 40 else text[:37] + "..."


def _augmented_operator(op: ast.operator) -> str:
    symbols = {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*=", ast.Div: "/=", ast.FloorDiv: "//=",
               ast.Mod: "%=", ast.Pow: "**=", ast.BitOr: "|=", ast.BitAnd: "&=", ast.BitXor: "^=",
               ast.LShift: "<<=", ast.RShift: ">>=", ast.MatMult: "@="}  # fmt: skip
    return symbols.get(type(op), "op=") + " ..."
