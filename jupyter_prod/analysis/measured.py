"""What `check --execute` measured in a fresh kernel: plain data the rules read.

The execution package (`jupyter_prod.execution`) produces it and hangs it on the notebook's
test map (`facts.test_map.execution`); without `--execute` there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FunctionCoverage:
    """The executable lines of one function's body (cell lines), and those a test ran."""

    name: str
    line: int  # the `def` / `class` line
    lines: tuple[int, ...]
    run: tuple[int, ...]
    # Branches (coverage.py's arcs out of a line with more than one way out) in the body:
    # how many there are, and each one a test never took, in words, from a line that ran.
    branches: int = 0
    branches_missed: tuple[tuple[int, str], ...] = ()

    @property
    def missed(self) -> tuple[int, ...]:
        ran = set(self.run)
        return tuple(line for line in self.lines if line not in ran)


@dataclass(frozen=True)
class OutputDifference:
    """The first cell whose fresh outputs differ from the saved ones."""

    cell: int
    saved: str  # what the saved notebook shows there (normalised, shortened)
    fresh: str  # what the fresh run gave
    raised: str | None = None  # "NameError: ..." when the fresh run raised and the saved did not


@dataclass
class Measured:
    kernel: str
    completed: bool  # every cell ran (errors allowed); False after a timeout or a dead kernel
    coverage: dict[int, list[FunctionCoverage]] = field(default_factory=dict)  # by logic cell
    difference: OutputDifference | None = None
    compared_cells: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be measured, and why
    seconds: float = 0.0
