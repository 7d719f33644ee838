"""Validate a frame against its pandera schema, lazily: every violation at once, grouped by
column and check, each with a few failing values.

Copied into every job with a contract (see `__init__.py`); pandera is imported when used.
"""

from __future__ import annotations

from typing import Any

FAILING_VALUES = 5  # kept per column and check
VALUE_LENGTH = 60  # characters of a failing value's text


def register_checks() -> None:
    """The checks pandera lacks, registered once so that schemas can name them in YAML."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    import pandera.pandas as pa
    from pandera import extensions

    if hasattr(pa.Check, "row_count_between"):
        return

    @extensions.register_check_method(  # type: ignore[untyped-decorator,unused-ignore]
        statistics=["min_rows", "max_rows"], supported_types=pd.DataFrame
    )
    def row_count_between(frame: Any, *, min_rows: int, max_rows: int) -> bool:
        """The frame has between `min_rows` and `max_rows` rows."""
        return bool(min_rows <= len(frame) <= max_rows)


def load_schema(path: str) -> Any:
    import pandera.pandas as pa

    register_checks()
    with open(path, encoding="utf-8") as handle:
        return pa.DataFrameSchema.from_yaml(handle.read())


def violations(schema: Any, frame: Any, name: str) -> list[dict[str, Any]]:
    """`[{"frame", "column", "check", "failing_values", "count"}]`, empty when the frame passes."""
    from pandera.errors import SchemaError, SchemaErrors

    # pandas: validated in place, not copied (its schemas coerce nothing). pandas API on Spark:
    # a copy, which costs no data (a new plan), so that coercing never changes the job's frame.
    in_place = type(frame).__module__.startswith("pandas")
    try:
        schema.validate(frame, lazy=True, inplace=in_place)
    except SchemaErrors as errors:
        return _grouped(errors.schema_errors, name)
    except SchemaError as error:  # raised outside lazy collection (a schema-wide failure)
        return [{"frame": name, "column": None, "check": str(error.check or "schema"),
                 "failing_values": [_text(error.failure_cases)], "count": 1}]  # fmt: skip
    return []


def _grouped(errors: list[Any], name: str) -> list[dict[str, Any]]:
    """One entry per (column, check). Each error's failure cases are read a few rows at a
    time (`head`): on pandas API on Spark only those rows reach the driver."""
    found: dict[tuple[str | None, str], dict[str, Any]] = {}
    for error in errors:
        check = str(getattr(error.check, "error", None) or error.check)
        cases = error.failure_cases
        frame_wide = type(error.schema).__name__ == "DataFrameSchema"
        named = getattr(error, "column_name", None) or (None if frame_wide else error.schema.name)
        column = None if named is None else str(named)
        if not hasattr(cases, "head"):  # one case: a missing or unexpected column, a dtype
            values, count = [cases], 1
            if check in ("column_in_dataframe", "column_in_schema"):
                column, values = str(cases), []
        else:
            count = int(len(cases))
            sample = cases.head(FAILING_VALUES * 4)
            sample = sample.to_pandas() if hasattr(sample, "to_pandas") else sample
            values = list(sample["failure_case"]) if "failure_case" in sample else []
        entry = found.setdefault((column, check), {"frame": name, "column": column, "check": check,
                                                   "failing_values": [], "count": 0})  # fmt: skip
        entry["count"] += count
        for value in values:
            text = _text(value)
            if text is not None and text not in entry["failing_values"] \
                    and len(entry["failing_values"]) < FAILING_VALUES:  # fmt: skip
                entry["failing_values"].append(text)
    return list(found.values())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN: a null is the failing value of a nullability check
            return "null"
    except (TypeError, ValueError):
        pass
    text = str(value)
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"


def describe(found: list[dict[str, Any]]) -> str:
    """One line per violation: `sales.amount: in_range(0, 10) failed for 3 value(s): 12, 15`."""
    lines = []
    for v in found:
        where = f"{v['frame']}.{v['column']}" if v["column"] else v["frame"]
        values = ", ".join(v["failing_values"])
        lines.append(f"{where}: {v['check']} failed" + (f" ({values})" if values else ""))
    return "\n".join(lines)
