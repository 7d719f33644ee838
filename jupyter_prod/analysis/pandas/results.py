"""What a pandas call, attribute or subscript gives back, in pandas' own semantics.

The table says what each member returns (from pandas' annotations); this module adds what
depends on the arguments (`df["a"]` vs `df[["a", "b"]]`, `agg("sum")` vs `agg(["min", "max"])`,
`inplace=True` returning None), the GroupBy and window bases, and which results are aggregates
(`reduced`: small, so collecting them to the driver is fine).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from .compat import MODULE, Member, SparkCompat
from .values import (
    DATAFRAME,
    FRAME,
    GROUPBY_KINDS,
    GROUPED_WINDOW_KINDS,
    INDEX_KINDS,
    RESAMPLER_KINDS,
    SERIES,
    WINDOW_KINDS,
    Bound,
    Indexer,
    Obj,
    Plain,
    Value,
)

ValueOf = Callable[[ast.AST], "Value | None"]

REDUCTIONS = frozenset(
    {"sum", "mean", "median", "min", "max", "std", "var", "sem", "skew", "kurt", "kurtosis",
     "prod", "product", "count", "nunique", "all", "any", "idxmax", "idxmin", "quantile", "mode",
     "describe", "value_counts", "corr", "cov", "head", "tail", "nlargest", "nsmallest",
     "memory_usage", "pivot_table", "size", "agg", "aggregate", "first", "last", "ohlc"}
)  # fmt: skip
# GroupBy methods that keep one row per input row (not aggregates).
GROUP_TRANSFORMS = frozenset(
    {"cumsum", "cumprod", "cummax", "cummin", "cumcount", "shift", "diff", "rank", "ffill",
     "bfill", "transform", "fillna", "pct_change", "ngroup", "filter", "apply", "sample",
     "head", "tail", "nth", "rolling", "expanding", "ewm"}
)  # fmt: skip
# Results that can be bigger than their (reduced) input.
GROWING = frozenset({"merge", "join", "explode", "reindex", "repeat", "stack", "melt"})
SMALL_PROPERTIES = frozenset({"columns", "dtypes", "shape", "ndim", "size", "empty", "name"})
READERS_OF_MANY = {"read_html": Plain("list")}
NUMPY_ELEMENTWISE = frozenset(
    {"log", "log1p", "log2", "log10", "exp", "expm1", "sqrt", "square", "abs", "absolute",
     "floor", "ceil", "round", "rint", "clip", "sign", "sin", "cos", "tan", "tanh", "power",
     "negative", "isnan", "isfinite", "maximum", "minimum", "fabs", "cbrt"}
)  # fmt: skip
NUMPY_ARRAYS = frozenset(
    {"array", "asarray", "where", "zeros", "ones", "empty", "full", "arange", "linspace",
     "vstack", "hstack", "column_stack", "concatenate", "stack", "load", "loadtxt", "genfromtxt",
     "zeros_like", "ones_like", "unique", "argsort", "sort", "cumsum", "diff", "select"}
)  # fmt: skip
BUILTIN_RESULTS = {
    "list": "list", "sorted": "list", "dict": "dict", "set": "set", "frozenset": "set",
    "tuple": "tuple", "str": "str", "repr": "str", "len": "number", "int": "number",
    "float": "number", "round": "number", "sum": "number", "bool": "number",
}  # fmt: skip


def obj(kind: str | None, *, base: str | None = None, reduced: bool = False) -> Value | None:
    """A tracked value for a table `returns` entry."""
    if kind is None:
        return None
    if kind == "ndarray":
        return Plain("ndarray")
    return Obj(kind, base=base, reduced=reduced)


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def argument(call: ast.Call, position: int, name: str) -> ast.AST | None:
    """The argument given at `position` or as `name=`."""
    if len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return keyword(call, name)


class Results:
    """Result kinds of members, calls and subscripts, with the table for the common case."""

    def __init__(self, compat: SparkCompat) -> None:
        self.compat = compat

    # ------------------------------------------------------------------ members
    def member(self, kind: str, name: str) -> Member | None:
        """`kind.name` in the table; for a DataFrame-or-Series, only what both kinds agree on."""
        if kind != FRAME:
            return self.compat.member(kind, name)
        frame, series = self.compat.member(DATAFRAME, name), self.compat.member(SERIES, name)
        if frame is None or series is None:
            return None
        if frame.returns == series.returns or frame.returns in (None, DATAFRAME):
            return frame
        return None

    def attribute(self, owner: Obj, name: str) -> Value | None:
        """`owner.name`: a property's value, a bound method, an indexer or a column."""
        if name in ("loc", "iloc", "at", "iat") and owner.kind in (DATAFRAME, SERIES, FRAME):
            return Indexer(owner, name)
        found = self.member(owner.kind, name)
        if found is None:
            if owner.kind == DATAFRAME:  # `df.amount` is the column
                return Obj(SERIES, reduced=owner.reduced)
            if owner.kind == "DataFrameGroupBy":
                return Obj("SeriesGroupBy", base=SERIES)
            return None
        if found.type == "property":
            reduced = owner.reduced or name in SMALL_PROPERTIES
            return obj(self._kind(found.returns, owner), base=self._base(found.returns, owner),
                       reduced=reduced)  # fmt: skip
        return Bound(owner, name)

    # ------------------------------------------------------------------ calls
    def method(self, owner: Obj, name: str, call: ast.Call) -> Value | None:
        """The result of `owner.name(...)`."""
        if is_true(keyword(call, "inplace")):
            return None
        kind = owner.kind
        special = self._special_method(owner, name, call)
        if special is not None:
            return special
        found = self.member(kind, name)
        if found is None:
            return None
        returns = self._kind(found.returns, owner)
        return obj(returns, base=self._base(found.returns, owner),
                   reduced=self._reduces(owner, name))  # fmt: skip

    def _special_method(self, owner: Obj, name: str, call: ast.Call) -> Value | None:
        kind = owner.kind
        if name == "groupby" and kind in (DATAFRAME, SERIES):
            return Obj(kind + "GroupBy", base=kind)
        if name in ("agg", "aggregate") and kind == "SeriesGroupBy":
            first = argument(call, 0, "func")
            if isinstance(first, (ast.List, ast.Dict, ast.Tuple)) or any(
                k.arg for k in call.keywords
            ):
                return Obj(DATAFRAME, reduced=True)
            return Obj(SERIES, reduced=True) if isinstance(first, ast.Constant) else None
        if name == "apply" and kind == DATAFRAME:
            axis = argument(call, 1, "axis")
            if isinstance(axis, ast.Constant) and axis.value in (1, "columns"):
                return Obj(SERIES, reduced=owner.reduced)
            return None
        if name in ("apply", "map") and kind == SERIES:
            return Obj(SERIES, reduced=owner.reduced)
        if name == "reset_index" and kind == SERIES:
            drop = is_true(keyword(call, "drop"))
            return Obj(SERIES if drop else DATAFRAME, reduced=owner.reduced)
        if name in ("rolling", "expanding", "ewm"):
            found = self.member(kind, name)
            base = kind if kind in (DATAFRAME, SERIES) else owner.base
            return Obj(found.returns, base=base) if found and found.returns else None
        return None

    def _kind(self, returns: str | None, owner: Obj) -> str | None:
        if returns == "base":
            return owner.base
        return returns

    def _base(self, returns: str | None, owner: Obj) -> str | None:
        if returns in GROUPBY_KINDS:
            return DATAFRAME if returns == "DataFrameGroupBy" else SERIES
        if returns in RESAMPLER_KINDS:
            return DATAFRAME if returns == "DataFrameResampler" else SERIES
        if returns in WINDOW_KINDS or returns in GROUPED_WINDOW_KINDS:
            return owner.base
        return None

    def _reduces(self, owner: Obj, name: str) -> bool:
        if owner.kind in WINDOW_KINDS or owner.kind in GROUPED_WINDOW_KINDS:
            return False
        if owner.kind in GROUPBY_KINDS:
            return name not in GROUP_TRANSFORMS
        if owner.kind in RESAMPLER_KINDS:
            return name not in ("transform", "ffill", "bfill", "interpolate", "asfreq")
        if name in REDUCTIONS:
            return True
        return owner.reduced and name not in GROWING

    def module_call(
        self, name: str, call: ast.Call, args: list[Value | None], value_of: ValueOf
    ) -> Value | None:
        """`pd.name(...)`: readers, constructors, concat and the element-wise converters."""
        first = args[0] if args else None
        if name.startswith("read_"):
            if keyword(call, "chunksize") is not None or is_true(keyword(call, "iterator")):
                return None
            if name in READERS_OF_MANY:
                return READERS_OF_MANY[name]
            return Obj(SERIES) if _constant(keyword(call, "typ")) == "series" else Obj(DATAFRAME)
        if name == "concat":
            return self._concat(call, value_of)
        if name in ("to_datetime", "to_numeric", "to_timedelta", "cut", "qcut", "isna", "isnull",
                    "notna", "notnull"):  # fmt: skip
            if isinstance(first, Obj) and first.kind in (SERIES, DATAFRAME):
                return Obj(
                    SERIES if first.kind == DATAFRAME and name.startswith("to_") else first.kind
                )
            if isinstance(first, Plain) and first.type == "list" and name == "to_datetime":
                return Obj("DatetimeIndex")
            return None
        found = self.compat.member(MODULE, name)
        if found is None:
            return None
        return obj(found.returns, reduced=name in ("pivot_table", "crosstab"))

    def _concat(self, call: ast.Call, value_of: ValueOf) -> Value | None:
        items = call.args[0] if call.args else keyword(call, "objs")
        axis = _constant(keyword(call, "axis"))
        if not isinstance(items, (ast.List, ast.Tuple)):
            return Obj(FRAME)
        kinds = {getattr(value_of(item), "kind", None) for item in items.elts}
        if DATAFRAME in kinds or axis in (1, "columns"):
            return Obj(DATAFRAME)
        return Obj(SERIES) if kinds == {SERIES} else Obj(FRAME)

    # ------------------------------------------------------------------ subscripts
    def subscript(self, owner: Obj, key: Value | None, key_node: ast.AST) -> Value | None:
        """`owner[key]`: a column, columns, a row mask, a slice of rows."""
        kind, reduced = owner.kind, owner.reduced
        if kind == DATAFRAME:
            if _is(key, "str", "number"):
                return Obj(SERIES, reduced=reduced)
            if _is(key, "list", "slice") or _is_mask(key):
                return Obj(DATAFRAME, reduced=reduced)
            return None
        if kind == SERIES:
            return (
                Obj(SERIES, reduced=reduced) if _is(key, "list", "slice") or _is_mask(key) else None
            )
        if kind == "DataFrameGroupBy":
            if _is(key, "str", "number"):
                return Obj("SeriesGroupBy", base=SERIES)
            return Obj("DataFrameGroupBy", base=DATAFRAME) if _is(key, "list", "tuple") else None
        if kind in INDEX_KINDS and (_is(key, "slice", "list") or _is_mask(key)):
            return Obj(kind, reduced=reduced)
        return None

    def indexed(self, indexer: Indexer, rows: Value | None, columns: Value | None,
                has_columns: bool) -> Value | None:  # fmt: skip
        """`df.loc[rows, columns]`, `df.iloc[rows]`, ...; `at`/`iat` give scalars."""
        owner = indexer.owner
        if indexer.name in ("at", "iat"):
            return None
        scalar_rows = _is(rows, "str", "number")
        if owner.kind == SERIES:
            return None if scalar_rows else Obj(SERIES, reduced=owner.reduced)
        if owner.kind != DATAFRAME:
            return None
        if not has_columns:
            return Obj(SERIES if scalar_rows else DATAFRAME, reduced=owner.reduced or scalar_rows)
        scalar_columns = _is(columns, "str", "number")
        if scalar_rows and scalar_columns:
            return None
        if scalar_rows or scalar_columns:
            return Obj(SERIES, reduced=owner.reduced or scalar_rows)
        return Obj(DATAFRAME, reduced=owner.reduced)


def binary(left: Value | None, right: Value | None) -> Value | None:
    """Arithmetic and comparisons: DataFrame beats Series beats Index; arrays keep the kind."""
    kinds = [v for v in (left, right) if isinstance(v, Obj)]
    if not kinds:
        return None
    reduced = all(v.reduced for v in kinds)
    names = {v.kind for v in kinds}
    for kind in (DATAFRAME, FRAME, SERIES):
        if kind in names:
            return Obj(kind, reduced=reduced)
    index = next((k for k in names if k in INDEX_KINDS), None)
    return Obj(index, reduced=reduced) if index else None


def _constant(node: ast.AST | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _is(value: Value | None, *types: str) -> bool:
    return isinstance(value, Plain) and value.type in types


def _is_mask(value: Value | None) -> bool:
    return isinstance(value, Obj) and value.kind in (SERIES, DATAFRAME, FRAME)
