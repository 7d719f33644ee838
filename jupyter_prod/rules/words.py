"""How findings name things, so every message reads the same way."""

from __future__ import annotations


def cell_label(index: int) -> str:
    """Cells are counted from 1 in messages, as a person counts them in the notebook;
    the JSON `cell` field stays the 0-based index."""
    return f"cell {index + 1}"


def run_label(count: int | None) -> str:
    return "never run" if count is None else f"In[{count}]"


def code(name: str) -> str:
    return f"`{name}`"
