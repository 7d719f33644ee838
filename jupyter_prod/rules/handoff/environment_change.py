"""The notebook installs or removes packages while it runs.

## What it does
Reports `%pip install`, `!pip install`, `%conda install`, `!conda install`, `!apt-get install`,
`!pip uninstall` (also through `python -m pip`, `uv pip`, `mamba`, `sudo`), in magics, shell
lines, `%%bash`/`%%sh`/`%%script bash` bodies and `os.system`/`subprocess` calls. Read-only
commands (`!pip list`, `!pip freeze`, `!pip show`, `!ls`) are not reported.

## Why is this bad?
The job's environment then depends on what the package index serves on the day it runs, the
install needs network access and rights a scheduled job rarely has, and every run pays for it.
What the notebook needs is hidden in a cell instead of declared where the job is built.

## Example
```python
%pip install pandas==2.1 xgboost
```

## Use instead
List `pandas==2.1` and `xgboost` in `requirements.txt` (or `environment.yml`, or the job's
image) and install them before the notebook runs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.ipython_calls import ipython_calls
from ...findings.finding import Finding
from ..base import HANDOFF, rule
from .calls import resolved_name, string_value
from .package_commands import PIP, SYSTEM, PackageCommand, package_commands

_SHELL_CELL_MAGICS = frozenset({"bash", "sh", "shell", "system"})
_TOOL_WORDS = ("pip", "conda", "mamba", "apt", "yum", "dnf", "apk", "brew")
_PACKAGE_MAGICS = frozenset({"pip", "conda", "mamba", "micromamba"})
_RUNNERS = frozenset(
    """
    pip.main os.system subprocess.run subprocess.call subprocess.check_call subprocess.check_output
    subprocess.Popen
    """.split()
)


@rule("HO003", "environment-change", HANDOFF, "warning")
def environment_change(facts: NotebookFacts) -> Iterator[Finding]:
    for cell in facts.code_cells():
        text = cell.cell.source
        if not any(tool in text for tool in _TOOL_WORDS):
            continue  # cheap: every command we report names its tool
        for line, command in _commands(cell, facts.imports):
            for found in package_commands(command):
                yield environment_change.on_cell(cell, _message(found), line=line)


def _commands(cell: CellFacts, imports: dict[str, str]) -> Iterator[tuple[int, str]]:
    """(line in the cell, shell command) for every command the cell runs."""
    source = cell.source
    if source is not None and source.cell_magic is not None:
        words = source.magic_line.split()
        if source.cell_magic in _SHELL_CELL_MAGICS or words[1:2] in (["bash"], ["sh"], ["zsh"]):
            body = source.magic_body.replace("\\\n", "  ").split("\n")  # keep line numbers
            yield from ((source.line_offset + i + 1, text) for i, text in enumerate(body))
    if cell.tree is None:  # a syntax error elsewhere in the cell: read its magic lines as text
        for number, text in enumerate(cell.cell.source.split("\n"), start=1):
            if re.match(r"\s*(!|%(pip|conda|mamba)\b)", text):
                yield number, text.strip().lstrip("!%")
        return
    for call in ipython_calls(cell):
        if call.kind == "shell":
            yield call.site.line, call.argument
        elif call.kind == "magic" and call.name in _PACKAGE_MAGICS:
            yield call.site.line, f"{call.name} {call.argument}"
    for node in cell.nodes:
        if (
            isinstance(node, ast.Call)
            and resolved_name(node.func, imports) in _RUNNERS
            and node.args
        ):
            command = _command_text(node.args[0])
            if command and resolved_name(node.func, imports) == "pip.main":
                command = f"pip {command}"  # pip.main(["install", "x"]), from pip < 10
            if command:
                yield node.lineno + cell.line_offset, command


def _command_text(node: ast.expr) -> str | None:
    """`"pip install x"`, or `[sys.executable, "-m", "pip", "install", "x"]` as a command line."""
    if (text := string_value(node)) is not None:
        return text
    if isinstance(node, ast.JoinedStr):  # f"pip install {package}"
        return "".join(string_value(v) or "{...}" for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        words = [string_value(e) or ("python" if _is_executable(e) else "_") for e in node.elts]
        return " ".join(words)
    return None


def _is_executable(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "executable"


def _message(command: PackageCommand) -> str:
    what = _listing(command)
    if command.removes:
        return (
            f"uninstalls {what} from inside the notebook: fix the job's environment before "
            "it runs instead"
        )
    if command.tool == SYSTEM:
        return (
            f"installs system packages {what} from inside the notebook: put them in the "
            "job's image instead"
        )
    if command.requirement_files and not command.packages:  # already declared in a file
        return (
            f"installs {what} from inside the notebook: install that file in the job's "
            "environment before it runs instead"
        )
    where = "requirements" if command.tool == PIP else "environment.yml"
    return f"installs {what} from inside the notebook: declare them in {where} instead"


def _listing(command: PackageCommand) -> str:
    # Credentials in package URLs (git+https://user:token@host) stay out of messages.
    names = [re.sub(r"://[^/@\s]*@", "://", p) for p in command.packages]
    names = [f"the local project ({p})" if p in (".", "..") else p for p in names]
    names += [f"the packages of {f}" for f in command.requirement_files]
    if not names:
        return "packages"
    shown = ", ".join(names[:6])
    return shown + (f" and {len(names) - 6} more" if len(names) > 6 else "")
