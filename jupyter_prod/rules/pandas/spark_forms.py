"""How `fails-on-spark` reads code in the probe table's terms: members, argument forms, fixes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.facts import CellFacts
from ...analysis.pandas import PandasTypes
from ...analysis.pandas.behaviour import ABSENT, SparkBehaviour, value_form
from ...analysis.pandas.compat import SPELLED
from ...analysis.pandas.values import FRAME, INDEX_KINDS, PANDAS, Bound, Indexer, Obj, Value
from ...findings.finding import Edit, Fix
from .uses import site


def kinds_of(owner: Value | None) -> list[str]:
    """Probe-table spellings of a receiver's kind (`Series.str` for the string accessor)."""
    if owner == PANDAS:
        return ["pd"]
    if not isinstance(owner, Obj):
        return []
    if owner.kind == FRAME:
        return ["DataFrame", "Series"]
    return [SPELLED.get(owner.kind, owner.kind)]


def called_members(call: ast.Call, types: PandasTypes) -> list[str]:
    """`DataFrame.pivot_table` for `sales.pivot_table(...)` (both frame kinds when unsure)."""
    bound = types.value_of(call.func)
    if not isinstance(bound, Bound):
        return []
    return [f"{kind}.{bound.name}" for kind in kinds_of(bound.owner)]


def probed_arguments(
    call: ast.Call, member: str, table: SparkBehaviour
) -> Iterator[tuple[str, ast.expr | None, str]]:
    """(parameter, argument or None, form) for each probed parameter of the call."""
    unknown_rest = any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    )
    for parameter, forms in table.parameters(member).items():
        argument = next((k.value for k in call.keywords if k.arg == parameter), None)
        for index, positional in enumerate(call.args):
            if table.position(member, index) == parameter:
                argument = positional
        if argument is None:
            if ABSENT in forms and not unknown_rest:
                yield parameter, None, ABSENT
            continue
        form = value_form(argument)
        if form is not None:
            yield parameter, argument, form


def argument_fix(cell: CellFacts, argument: ast.expr, template: str | None) -> Fix | None:
    """The argument rewritten by the probe's template (`[{value}]`)."""
    if template is None:
        return None
    fields = {"value": ast.unparse(argument), "name": "", "first": ""}
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        fields["name"] = argument.value
    if isinstance(argument, (ast.List, ast.Tuple)) and len(argument.elts) == 1:
        fields["first"] = ast.unparse(argument.elts[0])
    if any(f"{{{key}}}" in template and not value for key, value in fields.items()):
        return None  # `{first}` of a list of two: no single column to give
    return _replace(cell, argument, template.format(**fields))


def subscript_kinds(node: ast.Subscript, types: PandasTypes) -> list[tuple[str, ast.expr]]:
    """(probe kind, receiver) of `obj[...]`: `Series.iloc` and the Series for `s.iloc[-1]`,
    `StringMethods` and the Series for `s.str[0]`, `Index` and the index for `df.index[0]`."""
    value = types.value_of(node.value)
    indexed = node.value
    receiver = indexed.value if isinstance(indexed, ast.Attribute) else indexed
    if isinstance(value, Indexer):
        return [(f"{kind}.{value.name}", receiver) for kind in kinds_of(value.owner)]
    if not isinstance(value, Obj):
        return []
    if value.kind == "StringMethods" and isinstance(indexed, ast.Attribute):
        return [("StringMethods", receiver)]
    if value.kind in INDEX_KINDS:
        return [(value.kind, indexed), ("Index", indexed)]
    return [(kind, indexed) for kind in kinds_of(value) if kind in ("Series", "DataFrame")]


def subscript_fix(cell: CellFacts, node: ast.Subscript, receiver: ast.expr,
                  template: str | None) -> Fix | None:  # fmt: skip
    if template is None:
        return None
    index = node.slice
    fields = {"obj": ast.unparse(receiver), "value": ast.unparse(index), "n": "0",
              "start": "None", "stop": "None"}  # fmt: skip
    if isinstance(index, ast.Slice):
        fields["start"] = ast.unparse(index.lower) if index.lower else "None"
        fields["stop"] = ast.unparse(index.upper) if index.upper else "None"
        index = index.lower or index.upper or index
    if isinstance(index, ast.UnaryOp):
        index = index.operand
    if isinstance(index, ast.Constant):
        fields["n"] = str(index.value)
    return _replace(cell, node, template.format(**fields))


def _replace(cell: CellFacts, node: ast.AST, text: str) -> Fix:
    at = site(cell, node)
    edit = Edit("replace", cell.index, text, at.line, at.col + 1, at.end_line, at.end_col + 1)
    return Fix(
        f"write `{text}`, which the probe ran on Spark with pandas' result", "unsafe", (edit,)
    )
