"""A function moved into the package gains keyword-only parameters (the globals it read) or a
new name (an earlier version of it): its header is edited in place, comments kept."""

from __future__ import annotations

import ast

import pytest

from jupyter_prod.export.call_edits import header_edit
from jupyter_prod.export.source_text import CellText


def edited(source: str, extra: list[str], name: str | None = None) -> str:
    text = CellText(0, source)
    [statement] = text.statements(ast.parse(source))
    header_edit(statement, text, extra, name or statement.node.name)  # type: ignore[attr-defined]
    code = statement.code(text.data)
    ast.parse(code)  # still Python
    return code.split(":\n")[0] if "\n" in code else code


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("def f():", "def f(*, rate, cap)"),
        ("def f(x):", "def f(x, *, rate, cap)"),
        ("def f(x=1):", "def f(x=1, *, rate, cap)"),
        ("def f(x: int = 1) -> int:", "def f(x: int = 1, *, rate, cap) -> int"),
        ("def f(*args):", "def f(*args, rate, cap)"),
        ("def f(*, k=2):", "def f(*, k=2, rate, cap)"),
        ("def f(x, **kw):", "def f(x, *, rate, cap, **kw)"),
        ("def f(*a, **kw):", "def f(*a, rate, cap, **kw)"),
        ("def f(a, /):", "def f(a, /, *, rate, cap)"),
        ("def f(a, /, b):", "def f(a, /, b, *, rate, cap)"),
        ("async def f(x):", "async def f(x, *, rate, cap)"),
        ("def f(x,):", "def f(x,*, rate, cap, )"),
    ],
)
def test_keyword_only_parameters_join_every_kind_of_header(header: str, expected: str) -> None:
    assert edited(f"{header}\n    return 1\n", ["rate", "cap"]) == expected


def test_comments_and_layout_of_a_multi_line_header_stay():
    source = (
        "def score(\n"
        "    frame,  # the cleaned orders\n"
        "    weight=1.0,  # per-row weight\n"
        "):\n"
        "    return frame * weight * rate\n"
    )
    code = edited(source, ["rate"])
    assert code == (
        "def score(\n"
        "    frame,  # the cleaned orders\n"
        "    weight=1.0,  # per-row weight\n"
        "*, rate, )"
    )


def test_an_earlier_version_is_renamed_and_keeps_its_decorator():
    source = "@cache\ndef f(x):  # first try\n    return x\n"
    text = CellText(0, source)
    [statement] = text.statements(ast.parse(source))
    header_edit(statement, text, [], "f_v1")
    assert statement.code(text.data) == source.rstrip("\n").replace("def f(", "def f_v1(")


def test_an_exported_function_keeps_the_comments_of_its_header(tmp_path, cli) -> None:
    from helpers import notebook, write_notebook

    cells = (
        "rate = float('0.2')",
        "def net(\n    price,  # before tax\n    qty=1,  # units\n):\n    return price * qty * (1 - rate)",
        "print(net(10.0))",
    )
    write_notebook(tmp_path, "analysis.ipynb", notebook(*cells))
    result = cli("export", str(tmp_path / "analysis.ipynb"), "-o", str(tmp_path / "jobs"))

    assert result.status == 0, result.err
    functions = (tmp_path / "jobs" / "analysis" / "functions.py").read_text()
    assert "    price,  # before tax\n    qty=1,  # units\n    *,\n    rate,\n):" in functions
    assert "rate" in functions.split("):")[0]  # the header gained the global it reads
