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
    def collect(facts: NotebookFacts) -> Seeds:
        seeds = Seeds()
        helpers = _seeding_functions(facts)
        for cell in facts.python_cells():
            in_functions = function_body_nodes(cell)
            for node in cell.nodes:
                if not isinstance(node, ast.Call):
                    continue
                libraries = seeded_libraries(resolved_name(node.func, facts.imports), node)
                if isinstance(node.func, ast.Name) and node.func.id in helpers:
                    libraries = libraries | helpers[node.func.id]
                if not libraries:
                    continue
                seeds.anywhere |= libraries
                if id(node) not in in_functions:
                    where = (cell.index, node.lineno + cell.line_offset, node.col_offset)
                    seeds.events.append((where, libraries))
        return seeds

    def cover(self, library: str, where: Position, in_function: bool) -> bool:
        """Whether a draw of `library` at `where` runs after a seed of that library."""
        if library == NONE:
            return False
        if in_function:
            return library in self.anywhere
        return any(library in libraries and seen < where for seen, libraries in self.events)


def _seeding_functions(facts: NotebookFacts) -> dict[str, frozenset[str]]:
    """User functions that seed generators (`seed_everything`), by name."""
    found: dict[str, frozenset[str]] = {}
    for cell in facts.python_cells():
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


def function_body_nodes(cell: CellFacts) -> set[int]:
    """ids of the nodes that run only when a function or lambda of the cell is called."""
    inside: set[int] = set()
    for node in cell.nodes:
        if isinstance(node, _FUNCTIONS):
            body = node.body if isinstance(node.body, list) else [node.body]
            for statement in body:
                inside.update(id(n) for n in ast.walk(statement))
    return inside
