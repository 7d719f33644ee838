"""Sort each cell's top-level statements by where they go in the job.

- `import`: to the package's modules (each module keeps the imports it uses);
- `definition`: functions and classes, to `functions.py`;
- `constant`: a name bound once to a literal and never changed, to `functions.py`;
- `parameter`: an inferred parameter's assignment, to the job notebook's parameters cell;
- `magic`: `%magic` and `!shell` lines, dropped (`pip install` becomes a dependency);
- `code`: everything else, sliced into the step functions of `steps.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.facts import CellFacts, NotebookFacts
from .builtin_imports import hidden_builtins
from .parameters import ParameterPlan, literal_type
from .source_text import CellText, Statement, parsed_text

IMPORT, DEFINITION, CONSTANT, PARAMETER, MAGIC, CODE = (
    "import", "definition", "constant", "parameter", "magic", "code"
)  # fmt: skip
_IPYTHON_METHODS = {"run_line_magic": "magic", "system": "shell", "run_cell_magic": "cell-magic"}


@dataclass
class CellStatements:
    """A Python cell, its text, and each top-level statement with its kind."""

    cell: CellFacts
    text: CellText
    statements: list[Statement] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Statement]:
        return [s for s, k in zip(self.statements, self.kinds, strict=True) if k == kind]


@dataclass(frozen=True)
class Magic:
    """`%name argument` (kind `magic`) or `!command` (kind `shell`) in cell `cell`, `line`."""

    kind: str
    name: str
    argument: str
    cell: int
    line: int

    @property
    def written(self) -> str:
        return (
            f"%{self.name} {self.argument}".strip() if self.kind != "shell" else f"!{self.argument}"
        )


def classify(
    facts: NotebookFacts, parameters: ParameterPlan, constants: set[str]
) -> list[CellStatements]:
    """Every Python code cell with its statements sorted (the parameters cell included)."""
    found: list[CellStatements] = []
    for cell in facts.python_cells():
        assert cell.tree is not None
        text = CellText(cell.index, parsed_text(cell.cell.source))
        sorted_cell = CellStatements(cell, text, text.statements(cell.tree))
        for statement in sorted_cell.statements:
            sorted_cell.kinds.append(_kind(cell.index, statement.node, parameters, constants))
        found.append(sorted_cell)
    return found


def _kind(cell: int, node: ast.stmt, parameters: ParameterPlan, constants: set[str]) -> str:
    if magic_call(node) is not None:
        return MAGIC
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return IMPORT if _installed(node) and not hidden_builtins(node) else CODE
    if cell == parameters.tagged_cell or (cell, id(node)) in parameters.assignments:
        return PARAMETER
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return DEFINITION
    if constant_name(node) in constants:
        return CONSTANT
    return CODE


def _installed(node: ast.Import | ast.ImportFrom) -> bool:
    """Whether the modules it imports come with Python or an installed distribution. The
    notebook's own modules are imported where the notebook imported them: a cell above may
    write the file (`%%writefile`) or put its folder on `sys.path` first."""
    import sys

    from .dependencies import installed_modules

    if isinstance(node, ast.ImportFrom):
        modules = [node.module or ""] if not node.level else []
    else:
        modules = [alias.name for alias in node.names]
    tops = {m.split(".")[0] for m in modules}
    known = installed_modules() | sys.stdlib_module_names | {"__future__"}
    return all(top in known for top in tops)


def constant_name(node: ast.stmt) -> str | None:
    """The name of `NAME = <literal>` (one target), else None."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    target = node.targets[0]
    if not isinstance(target, ast.Name) or literal_type(node.value) is None:
        return None
    return target.id


def magic_call(node: ast.stmt) -> tuple[str, str, str] | None:
    """(kind, name, argument) of a statement that is only a magic or shell line."""
    if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Call):
        return None
    call = node.value
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in _IPYTHON_METHODS:
        return None
    owner = func.value
    if not (isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "get_ipython"):
        return None
    texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    kind = _IPYTHON_METHODS[func.attr]
    if kind == "shell":
        command = texts[0].strip() if texts else ""
        return kind, command.split(None, 1)[0] if command else "", command
    return kind, texts[0] if texts else "", texts[1] if len(texts) > 1 else ""


def magics_of(cells: list[CellStatements]) -> list[Magic]:
    found: list[Magic] = []
    for cell in cells:
        for statement in cell.of_kind(MAGIC):
            kind, name, argument = magic_call(statement.node) or ("magic", "", "")
            line = statement.node.lineno + cell.cell.line_offset
            found.append(Magic(kind, name, argument, cell.cell.index, line))
    return found


def pip_requirements(magics: list[Magic]) -> list[str]:
    """Packages named by `%pip install` / `!pip install` lines (options dropped)."""
    found: list[str] = []
    for magic in magics:
        words = magic.argument.split() if magic.kind != "shell" else magic.argument.split()[1:]
        if magic.kind == "shell" and magic.name not in ("pip", "pip3"):
            words = words[2:] if words[:2] == ["-m", "pip"] else []
        elif magic.kind != "shell" and magic.name not in ("pip", "conda"):
            continue
        if words[:1] != ["install"]:
            continue
        found += _package_words(words[1:])
    return list(dict.fromkeys(found))


_OPTIONS_WITH_VALUES = frozenset({"-r", "-c", "-e", "-i", "--index-url", "--extra-index-url",
                                  "--requirement", "--constraint", "--target", "-t"})  # fmt: skip


def _package_words(words: list[str]) -> list[str]:
    found: list[str] = []
    skip = False
    for word in words:
        if skip:  # the value of an option such as `-r requirements.txt`
            skip = False
        elif word.startswith("-"):
            skip = word in _OPTIONS_WITH_VALUES
        else:
            found.append(word.strip("'\""))
    return found
