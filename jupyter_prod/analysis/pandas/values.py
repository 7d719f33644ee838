"""What the type tracker knows about a name or an expression (None: nothing).

- `Obj`: a pandas object of a table kind (`DataFrame`, `Series`, `DataFrameGroupBy`, `Rolling`...);
  `base` is what a window or GroupBy aggregates back into; `reduced` marks aggregates
  (`groupby(...).sum()`, `value_counts()`, `df.columns`), small enough to collect.
- `Module`: `pandas` (also `pyspark.pandas`) or `numpy`, under any alias.
- `Bound`: a callable member of a module or object, not yet called (`pd.read_csv`, `df.apply`,
  `DataFrame` imported from pandas).
- `Indexer`: `df.loc` / `df.iloc` / `df.at` / `df.iat` of a known object.
- `Function`: a notebook function whose result is known, or which returns one of its parameters;
  top-level ones keep their definition, to be read again with the kinds they are called with.
- `Param`: inside a function body, an unannotated parameter (to spot `return frame`).
- `Plain`: a Python value that is certainly not pandas (`list`, `str`, `dict`, numpy `ndarray`...);
  a list or tuple of pandas objects of one kind (`[train, test]`) knows that kind.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

DATAFRAME, SERIES, INDEX = "DataFrame", "Series", "Index"
FRAME = "DataFrame|Series"  # one or the other (`pd.concat` of unknown objects)
GROUPBY_KINDS = frozenset({"DataFrameGroupBy", "SeriesGroupBy"})
WINDOW_KINDS = frozenset({"Rolling", "Expanding", "ExponentialMovingWindow"})
GROUPED_WINDOW_KINDS = frozenset(
    {"RollingGroupby", "ExpandingGroupby", "ExponentialMovingWindowGroupby"}
)
RESAMPLER_KINDS = frozenset({"DataFrameResampler", "SeriesResampler"})
INDEX_KINDS = frozenset({"Index", "DatetimeIndex", "TimedeltaIndex", "MultiIndex"})
FRAME_KINDS = frozenset({DATAFRAME, SERIES, FRAME})


@dataclass(frozen=True)
class Obj:
    kind: str
    base: str | None = None
    reduced: bool = False

    @property
    def is_frame(self) -> bool:
        """A DataFrame or a Series (not grouped, not a window)."""
        return self.kind in FRAME_KINDS


@dataclass(frozen=True)
class Module:
    name: str  # pandas | numpy


PANDAS = Module("pandas")
NUMPY = Module("numpy")


@dataclass(frozen=True)
class Bound:
    owner: Value
    name: str


@dataclass(frozen=True)
class Indexer:
    owner: Obj
    name: str  # loc | iloc | at | iat


@dataclass(frozen=True)
class Function:
    returns: Value | None = None
    passthrough: int | None = None  # index of the parameter it returns unchanged
    params: tuple[str, ...] = ()
    # A function defined at a cell's top level, read again with the kinds of the arguments
    # it is called with (see Tracker.function_result).
    node: ast.FunctionDef | ast.AsyncFunctionDef | None = field(default=None, compare=False)
    cell: int = 0


@dataclass(frozen=True)
class Param:
    index: int


@dataclass(frozen=True)
class Plain:
    type: str  # list | tuple | dict | set | str | number | ndarray | class
    item: Obj | None = None  # [train, test]: what a loop over it binds


Value = Obj | Module | Bound | Indexer | Function | Param | Plain


def frame_of(kind: str | None, reduced: bool = False) -> Obj | None:
    return Obj(kind, reduced=reduced) if kind else None
