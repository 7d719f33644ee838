"""Python scoping rules, for one function, lambda, comprehension or class body.

The cell scanner (`cell_scan.py`) handles module-level code statement by statement; whatever
opens a scope of its own is summarised here: the names it reads from outside itself (free
reads, resolved where the function is *called*) and the globals it assigns (`global x`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

SCOPE_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


@dataclass(frozen=True)
class Site:
    """A position in a cell: 1-based lines, 0-based UTF-8 byte columns as `ast` gives them."""

    line: int
    col: int
    end_line: int
    end_col: int

    @staticmethod
    def of(node: ast.AST, offset: int = 0) -> Site:
        line: int = getattr(node, "lineno", 1) + offset
        col: int = getattr(node, "col_offset", 0)
        end_line: int | None = getattr(node, "end_lineno", None)
        end_col: int | None = getattr(node, "end_col_offset", None)
        return Site(
            line,
            col,
            (end_line + offset) if end_line is not None else line,
            end_col if end_col is not None else col,
        )


@dataclass
class ScopeSummary:
    """What a scope needs from outside and what it writes there."""

    free_reads: dict[str, Site] = field(default_factory=dict)
    global_writes: set[str] = field(default_factory=set)


def outer_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a scope node evaluated in the *enclosing* scope, where it stands."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        parts: list[ast.AST] = [*node.decorator_list, *args.defaults]
        parts += [d for d in args.kw_defaults if d is not None]
        parts += [a.annotation for a in _all_args(args) if a.annotation is not None]
        if node.returns is not None:
            parts.append(node.returns)
        return parts
    if isinstance(node, ast.Lambda):
        return [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
    if isinstance(node, COMPREHENSIONS):
        return [node.generators[0].iter]
    return []


def inner_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a scope node evaluated inside its own scope."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return list(node.body)
    if isinstance(node, ast.Lambda):
        return [node.body]
    if isinstance(node, COMPREHENSIONS):
        parts: list[ast.AST] = []
        for index, generator in enumerate(node.generators):
            parts.append(generator.target)
            if index:
                parts.append(generator.iter)
            parts.extend(generator.ifs)
        if isinstance(node, ast.DictComp):
            parts += [node.key, node.value]
        else:
            parts.append(node.elt)
        return parts
    return []


def walk_scope(roots: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node of the current scope under `roots`, in source order; a nested scope node is
    yielded, its outer parts (decorators, defaults, a comprehension's first iterable) walked,
    its body not. Contexts and operators (`Load`, `Add`...) are never yielded: no rule needs
    them. This is the analysis's hottest loop, hence the per-class field table below."""
    stack = list(reversed(roots))
    pop, push, extend = stack.pop, stack.append, stack.extend
    fields_of = _CHILD_FIELDS
    while stack:
        node = pop()
        yield node
        kind = type(node)
        if kind in _SCOPE_TYPES:
            extend(reversed(outer_parts(node)))
            continue
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = _child_fields(kind)
        for name in reversed(fields):
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                extend(v for v in reversed(value) if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                push(value)


def walk_tree(root: ast.AST) -> list[ast.AST]:
    """Every node under `root`, nested scopes included, breadth first like `ast.walk` but
    without contexts and operators, and about twice as fast (the field table again)."""
    nodes = [root]
    append, extend = nodes.append, nodes.extend
    fields_of = _CHILD_FIELDS
    for node in nodes:  # grows while we go: breadth first
        kind = type(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = _child_fields(kind)
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                append(value)
    return nodes


_SCOPE_TYPES = frozenset(SCOPE_NODES)
# Fields that hold contexts, operators or plain values, never a node `walk_scope` yields.
_NOT_CHILDREN = frozenset({"ctx", "op", "ops", "type_comment", "kind", "conversion", "simple",
                           "level", "is_async", "type_ignores"})  # fmt: skip
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    fields: tuple[str, ...] = getattr(kind, "_fields", ())
    return tuple(f for f in fields if f not in _NOT_CHILDREN)


def summarise_scope(node: ast.AST, offset: int = 0) -> ScopeSummary:
    """Free reads and global writes of a function, lambda, comprehension or class body."""
    local, declared_global = _local_names(node)
    summary = ScopeSummary()
    for child in walk_scope(inner_parts(node)):
        if isinstance(child, ast.Name):
            if child.id in declared_global and not isinstance(child.ctx, ast.Load):
                summary.global_writes.add(child.id)
            elif child.id not in local and isinstance(child.ctx, ast.Load):
                summary.free_reads.setdefault(child.id, Site.of(child, offset))
        elif isinstance(child, SCOPE_NODES) and child is not node:
            nested = summarise_scope(child, offset)
            for name, site in nested.free_reads.items():
                if name not in local or name in declared_global:
                    summary.free_reads.setdefault(name, site)
            summary.global_writes |= nested.global_writes
            if isinstance(child, COMPREHENSIONS):
                # A walrus inside a comprehension binds in this scope, not the comprehension's.
                summary.global_writes |= {n for n in walrus_targets(child) if n in declared_global}
    return summary


def walrus_targets(node: ast.AST) -> list[str]:
    """Names bound by `:=` inside a comprehension, which leak into the enclosing scope."""
    return [
        child.target.id
        for child in walk_tree(node)
        if isinstance(child, ast.NamedExpr) and isinstance(child.target, ast.Name)
    ]


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _local_names(node: ast.AST) -> tuple[set[str], set[str]]:
    """Names local to the scope (assigned, imported, parameters) and those declared global.

    A `nonlocal` name is neither: it belongs to an enclosing function, so assigning it is not a
    global write and reading it is a free read that the enclosing function resolves."""
    local: set[str] = set()
    declared_global: set[str] = set()
    declared_nonlocal: set[str] = set()
    if isinstance(node, FUNCTIONS):
        local |= {a.arg for a in _all_args(node.args)}
    for child in walk_scope(inner_parts(node)):
        if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
            local.add(child.id)
        elif isinstance(child, ast.Global):
            declared_global.update(child.names)
        elif isinstance(child, ast.Nonlocal):
            declared_nonlocal.update(child.names)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(child.name)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            local |= {bound_name(alias) for alias in child.names if alias.name != "*"}
        elif isinstance(child, ast.ExceptHandler) and child.name:
            local.add(child.name)
        elif isinstance(child, (ast.MatchAs, ast.MatchStar)) and child.name:
            local.add(child.name)
        elif isinstance(child, ast.MatchMapping) and child.rest:
            local.add(child.rest)
        elif isinstance(child, COMPREHENSIONS):
            local.update(walrus_targets(child))
    return local - declared_global - declared_nonlocal, declared_global


def bound_name(alias: ast.alias) -> str:
    """`import a.b` binds `a`; `import a.b as c` and `from m import x as c` bind `c`."""
    return alias.asname or alias.name.split(".")[0]
