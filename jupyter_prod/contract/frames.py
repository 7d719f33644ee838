"""Which frames a job's contract covers: those a step reads from outside (`pd.read_csv(...)`,
`spark.read...`, `read_sql`...) and those a step writes (`frame.to_parquet(...)`).

A frame read is checked after the step that reads it, before any step uses it; a frame
written is checked before the step that writes it, so that `strict` keeps bad data from being
written. Cells kept as written are not steps the recorder can see: they get no contract.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..export.plan import ExportPlan

INPUT, OUTPUT = "input", "output"
_WRITERS = frozenset({"to_csv", "to_parquet", "to_sql", "to_json", "to_excel", "to_feather",
                      "to_pickle", "to_orc", "to_hdf", "to_table", "to_delta", "to_spark_io",
                      "to_stata", "to_xml"})  # fmt: skip


@dataclass(frozen=True)
class ContractFrame:
    name: str  # the notebook variable
    role: str  # INPUT (read from outside) or OUTPUT (written)
    step: str  # the step that reads it (checked after) or writes it (checked before)


def contract_frames(plan: ExportPlan) -> list[ContractFrame]:
    found: dict[str, ContractFrame] = {}
    for step in (s for s in plan.steps if not s.kept):
        for statement in step.statements:
            for name in _read_into(statement.node):
                if name in step.outputs:
                    found.setdefault(name, ContractFrame(name, INPUT, step.name))
    for step in (s for s in plan.steps if not s.kept):
        for statement in step.statements:
            for name in _written(statement.node):
                if name in step.inputs:
                    found.setdefault(name, ContractFrame(name, OUTPUT, step.name))
    return list(found.values())


def _read_into(node: ast.stmt) -> list[str]:
    """`x = pd.read_csv(...)` (or a chain on it, `.dropna()`...): ['x']."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return []
    if not any(_is_read(call) for call in ast.walk(node.value) if isinstance(call, ast.Call)):
        return []
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _is_read(call: ast.Call) -> bool:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr.startswith("read_") or _spark_read(function.value)
    return isinstance(function, ast.Name) and function.id.startswith("read_")


def _spark_read(node: ast.expr) -> bool:
    """`spark.read.parquet(...)`, `spark.read.format(...).load(...)`."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and node.attr == "read":
            return True
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return False


def _written(node: ast.stmt) -> list[str]:
    """`frame.to_parquet(...)` anywhere in the statement: ['frame']."""
    return [
        call.func.value.id
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        and call.func.attr in _WRITERS and isinstance(call.func.value, ast.Name)
    ]  # fmt: skip
