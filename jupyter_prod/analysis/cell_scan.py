"""What one cell does with names, scope-aware: the facts every cross-cell rule starts from.

The scanner walks the cell's module-level statements in execution order, so it knows for each
name read whether the cell itself bound it earlier (a local value) or needs it from the kernel
(an external read, the raw material of hidden state). Functions, lambdas, comprehensions and
classes are summarised by `scopes.summarise_scope`: a function's free reads are resolved where
it is *called*, not where it is defined (see `dataflow.py`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .mutations import Mutation, mutations_of_statement
from .scopes import (
    COMPREHENSIONS,
    FUNCTIONS,
    SCOPE_NODES,
    ScopeSummary,
    Site,
    bound_name,
    outer_parts,
    summarise_scope,
    walk_scope,
    walrus_targets,
)


@dataclass
class FunctionInfo:
    """A function or class defined at a cell's top level; a class stands for all its methods."""

    name: str
    cell: int
    site: Site
    free_reads: dict[str, Site]
    global_writes: set[str]
    is_class: bool = False
    node: ast.AST | None = None


@dataclass
class CellScan:
    """Names one cell binds, reads from outside, deletes, imports and mutates."""

    defines: dict[str, Site] = field(default_factory=dict)
    reads: dict[str, Site] = field(default_factory=dict)
    # Every module-level reference to a name: (name, site, bound earlier in this cell).
    references: list[tuple[str, Site, bool]] = field(default_factory=list)
    deletes: dict[str, Site] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # bound name -> dotted module
    star_imports: list[str] = field(default_factory=list)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    mutations: list[Mutation] = field(default_factory=list)
    # Names read after this cell's own `del` removed them (and nothing bound them again).
    deleted_reads: dict[str, Site] = field(default_factory=dict)


def scan_cell(tree: ast.Module, cell_index: int, offset: int = 0) -> CellScan:
    """Scan a parsed cell; `offset` turns AST lines into cell lines (a `%%time` body: 1)."""
    scanner = _CellScanner(cell_index, offset)
    for statement in tree.body:
        scanner.statement(statement)
    return scanner.scan


class _CellScanner:
    def __init__(self, cell_index: int, offset: int) -> None:
        self.cell_index = cell_index
        self.offset = offset
        self.scan = CellScan()
        self.bound: set[str] = set()

    # ------------------------------------------------------------------ names
    def site(self, node: ast.AST) -> Site:
        return Site.of(node, self.offset)

    def read(self, name: str, site: Site) -> None:
        local = name in self.bound
        self.scan.references.append((name, site, local))
        if not local:
            self.scan.reads.setdefault(name, site)
            if name in self.scan.deletes:
                self.scan.deleted_reads.setdefault(name, site)

    def bind(self, name: str, site: Site | None) -> None:
        """`site` may be None when `name` is already defined (only the first site is kept)."""
        self.bound.add(name)
        if site is not None:
            self.scan.defines.setdefault(name, site)
        self.scan.deletes.pop(name, None)

    def delete(self, name: str, site: Site) -> None:
        if name not in self.bound:
            self.read(name, site)  # `del x` needs x to exist
        self.bound.discard(name)
        self.scan.deletes[name] = site

    # ------------------------------------------------------------------ expressions
    def expression(self, node: ast.AST | None) -> set[str]:
        """Reads in an expression (walrus targets bound after), nested scopes summarised;
        returns the names the expression loads at this level."""
        loaded: set[str] = set()
        if node is None or type(node) is ast.Constant:
            return loaded
        if type(node) is ast.Name:  # the commonest expression: no walk needed
            if isinstance(node.ctx, ast.Load):
                loaded.add(node.id)
                self.read(node.id, self.site(node))
            return loaded
        walrus: list[ast.Name] = []
        for child in walk_scope([node]):
            if isinstance(child, ast.Name):
                if isinstance(child.ctx, ast.Load):
                    loaded.add(child.id)
                    self.read(child.id, self.site(child))
            elif isinstance(child, ast.NamedExpr) and isinstance(child.target, ast.Name):
                walrus.append(child.target)
            elif isinstance(child, SCOPE_NODES):
                self.nested_scope(child)
        for target in walrus:
            self.bind(target.id, self.site(target))
        return loaded

    def nested_scope(self, node: ast.AST) -> None:
        # Lambdas and comprehensions at top level run where they stand (a lambda is usually
        # passed straight to apply/map/sorted), so their free reads are reads of this cell.
        summary = summarise_scope(node, self.offset)
        for name, site in summary.free_reads.items():
            self.read(name, site)
        if isinstance(node, COMPREHENSIONS):
            for name in walrus_targets(node):
                self.bind(name, self.site(node))

    def target(self, node: ast.AST) -> None:
        """An assignment target: names are bound; subscripts and attributes read their base."""
        if isinstance(node, ast.Name):
            # Only a name's first binding keeps its site: a cell of a million assignments
            # to one name built a million sites for nothing.
            defined = node.id in self.scan.defines
            self.bind(node.id, None if defined else self.site(node))
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.target(element)
        elif isinstance(node, ast.Starred):
            self.target(node.value)
        else:
            self.expression(node)

    # ------------------------------------------------------------------ statements
    def is_external(self, name: str) -> bool:
        return name not in self.bound

    def record_mutations(self, node: ast.stmt, value_names: set[str] | None = None) -> None:
        """Changes to state this cell did not create (checked before the targets bind)."""
        self.scan.mutations += mutations_of_statement(
            node, self.offset, self.is_external, value_names
        )

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.Expr, ast.Delete)):
            self.record_mutations(node)
        handler = getattr(self, "on_" + type(node).__name__, None)
        if handler is not None:
            handler(node)
        else:
            self.expression(node)

    def body(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def on_Assign(self, node: ast.Assign) -> None:
        target = node.targets[0]
        if (
            isinstance(node.value, ast.Lambda)
            and len(node.targets) == 1
            and isinstance(target, ast.Name)
        ):
            self.named_lambda(target, node.value)
            return
        self.record_mutations(node, self.expression(node.value))
        for target in node.targets:
            self.target(target)

    def on_AugAssign(self, node: ast.AugAssign) -> None:
        self.record_mutations(node)
        self.expression(node.value)
        if isinstance(node.target, ast.Name):
            self.read(node.target.id, self.site(node.target))
        self.target(node.target)

    def on_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.expression(node.annotation)
        self.record_mutations(node, self.expression(node.value))
        # `x: int` alone binds nothing at run time; `df["a"]: int` still evaluates df.
        if node.value is not None or not isinstance(node.target, ast.Name):
            self.target(node.target)

    def on_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.expression(node.iter)
        self.target(node.target)
        self.body(node.body)
        self.body(node.orelse)

    on_AsyncFor = on_For

    def on_While(self, node: ast.While) -> None:
        self.expression(node.test)
        self.body(node.body)
        self.body(node.orelse)

    def on_If(self, node: ast.If) -> None:
        self.expression(node.test)
        self.body(node.body)
        self.body(node.orelse)

    def on_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.expression(item.context_expr)
            if item.optional_vars is not None:
                self.target(item.optional_vars)
        self.body(node.body)

    on_AsyncWith = on_With

    def on_Try(self, node: ast.Try) -> None:
        self.body(node.body)
        for handler in node.handlers:
            self.expression(handler.type)
            if handler.name:
                self.bind(handler.name, self.site(handler))
            self.body(handler.body)
            if handler.name:  # Python deletes the exception name when the handler ends
                self.bound.discard(handler.name)
                self.scan.defines.pop(handler.name, None)
        self.body(node.orelse)
        self.body(node.finalbody)

    on_TryStar = on_Try

    def on_Match(self, node: ast.Match) -> None:
        self.expression(node.subject)
        for case in node.cases:
            for child in ast.walk(case.pattern):
                if isinstance(child, ast.MatchValue):
                    self.expression(child.value)
                elif isinstance(child, ast.MatchClass):
                    self.expression(child.cls)
                name = getattr(child, "name", None) or getattr(child, "rest", None)
                if isinstance(name, str):
                    self.bind(name, self.site(child))
            self.expression(case.guard)
            self.body(case.body)

    def on_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.delete(target.id, self.site(target))
            else:
                self.expression(target)

    def on_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            name = bound_name(alias)
            self.bind(name, self.site(node))
            self.scan.imports[name] = alias.name if alias.asname else name

    def on_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.scan.star_imports.append(module)
                continue
            name = bound_name(alias)
            self.bind(name, self.site(node))
            self.scan.imports[name] = f"{module}.{alias.name}"

    def on_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        for part in outer_parts(node):
            self.expression(part)
        if isinstance(node, ast.ClassDef):
            summary = self.class_body(node)
        else:
            summary = summarise_scope(node, self.offset)
        site = self.site(node)
        self.bind(node.name, site)
        self.scan.functions[node.name] = FunctionInfo(
            name=node.name,
            cell=self.cell_index,
            site=site,
            free_reads=summary.free_reads,
            global_writes=summary.global_writes,
            is_class=isinstance(node, ast.ClassDef),
            node=node,
        )

    on_AsyncFunctionDef = on_FunctionDef
    on_ClassDef = on_FunctionDef

    def named_lambda(self, target: ast.Name, node: ast.Lambda) -> None:
        """`f = lambda ...` is a function: its free reads resolve where it is called."""
        for part in outer_parts(node):
            self.expression(part)
        summary = summarise_scope(node, self.offset)
        site = self.site(target)
        self.bind(target.id, site)
        self.scan.functions[target.id] = FunctionInfo(
            target.id, self.cell_index, site, summary.free_reads, summary.global_writes, node=node
        )

    def class_body(self, node: ast.ClassDef) -> ScopeSummary:
        """A class body runs at once (its reads are this cell's); its methods run when used."""
        methods = ScopeSummary()
        class_names: set[str] = set()
        for statement in node.body:
            if isinstance(statement, (*FUNCTIONS, ast.ClassDef)) and hasattr(statement, "name"):
                for part in outer_parts(statement):
                    self.class_expression(part, class_names)
                nested = summarise_scope(statement, self.offset)
                for name, site in nested.free_reads.items():
                    methods.free_reads.setdefault(name, site)
                methods.global_writes |= nested.global_writes
                class_names.add(statement.name)
                continue
            for child in walk_scope([statement]):
                if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                    class_names.add(child.id)
            self.class_expression(statement, class_names)
        return methods

    def class_expression(self, node: ast.AST, class_names: set[str]) -> None:
        for child in walk_scope([node]):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                if child.id not in class_names:
                    self.read(child.id, self.site(child))
            elif isinstance(child, SCOPE_NODES) and child is not node:
                self.nested_scope(child)

    def on_Global(self, node: ast.Global) -> None:
        """`global` at top level changes nothing."""

    on_Nonlocal = on_Global
