"""Where a notebook seeds its random generators, in document order.

- a seed call at module level (`np.random.seed(0)`, `torch.manual_seed(0)`) seeds its library
  for every draw below it;
- a user function that seeds (`def seed_everything(seed): ...`) seeds those libraries where it
  is *called*;
- a draw inside a function runs when the function is called, which we do not follow: any seed
  of its library anywhere in the notebook covers it (silence rather than guess).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ...analysis.facts import CellFacts, NotebookFacts
from .calls import resolved_name
from .randomness import NONE, seeded_libraries

Position = tuple[int, int, int]  # (cell, line, column)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


@dataclass
class Seeds:
    events: list[tuple[Position, frozenset[str]]] = field(default_factory=list)
    anywhere: set[str] = field(default_factory=set)

    @staticmethod
    def collect(facts: NotebookFacts, calls: dict[int, list[ast.Call]]) -> Seeds:
        """The seeds among `calls` (each Python cell's calls, by cell index)."""
        seeds = Seeds()
        helpers = _seeding_functions(facts)
        for cell in facts.python_cells():
            bodies: FunctionBodies | None = None
            for call in calls[cell.index]:
                libraries = seeded_libraries(resolved_name(call.func, facts.imports), call)
                if type(call.func) is ast.Name and call.func.id in helpers:
                    libraries = libraries | helpers[call.func.id]
                if not libraries:
                    continue
                seeds.anywhere |= libraries
                bodies = bodies or FunctionBodies(cell)
                if not bodies.contain(call):
                    where = (cell.index, call.lineno + cell.line_offset, call.col_offset)
                    seeds.events.append((where, libraries))
        return seeds

    def cover(self, library: str, where: Position, in_function: bool) -> bool:
        """Whether a draw of `library` at `where` runs after a seed of that library."""
        if library == NONE:
            return False
        if in_function:
            return library in self.anywhere
        return any(library in libraries and seen < where for seen, libraries in self.events)


def calls_of(cell: CellFacts) -> list[ast.Call]:
    return [node for node in cell.nodes if type(node) is ast.Call]


class FunctionBodies:
    """The source ranges of a cell's function and lambda bodies (code that runs when called).
    Decorators and default values sit before the body, so they stay outside."""

    def __init__(self, cell: CellFacts) -> None:
        self.ranges: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for node in cell.nodes:
            if isinstance(node, _FUNCTIONS):
                first = node.body[0] if isinstance(node.body, list) else node.body
                end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
                self.ranges.append(((first.lineno, first.col_offset), end))

    def contain(self, node: ast.expr) -> bool:
        at = (node.lineno, node.col_offset)
        return any(start <= at < end for start, end in self.ranges)


def _seeding_functions(facts: NotebookFacts) -> dict[str, frozenset[str]]:
    """User functions that seed generators (`seed_everything`), by name."""
    found: dict[str, frozenset[str]] = {}
    for cell in facts.python_cells():
        if "seed" not in cell.cell.source.lower():
            continue  # cheap: a function that seeds says so
        for node in cell.nodes:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            libraries: frozenset[str] = frozenset()
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    full = resolved_name(inner.func, facts.imports)
                    libraries |= seeded_libraries(full, inner)
            if libraries:
                found[node.name] = libraries
    return found
