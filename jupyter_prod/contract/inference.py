"""Infer a frame's contract (a pandera schema) from its profile at export.

From one recorded run, what held is what the contract asks for:
- every column, with its dtype; no other column (`strict`);
- nullability: a column without nulls must stay without them;
- numbers and dates: the range seen;
- low-cardinality columns (at most `VALUE_SET_LIMIT` values, and fewer than half the rows):
  that value set;
- uniqueness for integer and text columns whose every value differed (ids, keys), on at
  least `UNIQUE_MIN_ROWS` rows, where it is unlikely to be chance;
- the row count within a tenth and ten times the recorded one (data grows; it does not
  vanish).
The schema is pandera's, saved as its YAML: a reviewer edits it as any pandera schema.
"""

from __future__ import annotations

from typing import Any

VALUE_SET_LIMIT = 20
UNIQUE_MIN_ROWS = 20
ROW_FACTOR = 10


def infer_schema(name: str, profile: dict[str, Any], engine: str = "local") -> Any:
    """A `pandera.pandas.DataFrameSchema` for the frame `name` with this profile. For a Spark
    job, number columns are coerced before they are checked: the profile comes from the
    notebook's pandas run, and Spark reads 32-bit integers where pandas reads 64-bit ones."""
    import pandera.pandas as pa

    from .in_job.validation import register_checks

    register_checks()
    rows = int(profile["rows"])
    order = profile.get("order") or list(profile["columns"])
    coerce = engine == "spark"
    columns = {column: _column(pa, profile["columns"][column], coerce) for column in order}
    bounds = pa.Check.row_count_between(min_rows=max(1, rows // ROW_FACTOR) if rows else 0,
                                        max_rows=max(rows, 1) * ROW_FACTOR)  # fmt: skip
    return pa.DataFrameSchema(columns, checks=[bounds], strict=True, name=name)


def _column(pa: Any, facts: dict[str, Any], coerce: bool) -> Any:
    checks = []
    kind, count = facts["kind"], facts["count"]
    if kind in ("number", "datetime") and count and "min" in facts:
        low, high = _bound(facts["min"], kind), _bound(facts["max"], kind)
        checks.append(pa.Check.in_range(low, high))
    distinct = facts.get("distinct")
    values = [v for v, _share in facts.get("top", [])]
    if kind != "bool" and distinct is not None and distinct == len(values) \
            and distinct <= VALUE_SET_LIMIT and distinct * 2 <= count:  # fmt: skip
        checks.append(pa.Check.isin(sorted(values, key=str)))
    unique = (
        distinct is not None and distinct == count and count >= UNIQUE_MIN_ROWS
        and (kind == "category" or facts["dtype"].lower().startswith(("int", "uint")))
    )  # fmt: skip
    return pa.Column(facts["dtype"], checks=checks or None, nullable=facts["nulls"] > 0,
                     unique=unique, coerce=coerce and kind == "number")  # fmt: skip


def _bound(value: Any, kind: str) -> Any:
    if kind == "datetime":
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        return pd.Timestamp(value)
    return value


def schema_yaml(schema: Any) -> str:
    header = (
        "# The data contract of one frame of this job (a pandera schema; edit it as one).\n"
        "# Written by `jupyter prod export` from the notebook's run; see docs/users/run.md.\n"
    )
    return header + str(schema.to_yaml())
