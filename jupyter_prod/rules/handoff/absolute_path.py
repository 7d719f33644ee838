"""A path that exists only on the author's machine: `/Users/…`, `/home/…`, `C:\\…`, `~/…`.

## What it does
Reports string literals that are home, mount or drive paths (`/Users/…`, `/home/…`, `/root/…`,
`/mnt/…`, `/kaggle/…`, `C:\\…`, `\\\\server\\share`, `~/…`, `file:///…`) wherever they appear,
and other absolute paths (`/data/…`, `/opt/…`) given to I/O calls (`open`, `read_*`, `to_*`,
`np.load`, `Path`, `os.chdir`, `sys.path.append`, `joblib.dump`...), bound to path-like names
(`DATA_DIR`) or naming a data file; also in `%cd`, `%run` and shell lines. URLs (`https://`,
`s3://`), relative paths, API routes, separators (`"/"`), `/dev/null`, paths built from the
environment and string operations (`path.replace("/home/me", base)`) are not reported.

## Why is this bad?
The job runs on another machine, in a container or as another user: the path does not exist
there, and the notebook fails (or, worse, reads a stale copy). It also discloses a user name.

## Example
```python
orders = pd.read_csv("/Users/maria/Desktop/orders.csv")
```

## Use instead
```python
# in the cell tagged `parameters`
ORDERS_PATH = "data/orders.csv"
```
and `pd.read_csv(ORDERS_PATH)`, so that a job can pass its own path. A machine-bound path that
already is a default in the `parameters` cell is still reported (a run that passes no path fails),
asking for a default relative to the project or a path passed at every run instead.

## Fix safety
Display-only: it suggests the parameter; choosing its value is up to the author.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.ipython_calls import ipython_calls
from ...analysis.parameters_cell import is_parameters_cell
from ...analysis.scopes import Site
from ...findings.finding import Edit, Finding, Fix
from ..base import HANDOFF, rule
from ..words import code
from .path_context import PathUse, path_uses
from .paths import is_absolute_posix, machine_bound, names_data_file, shorten

_PATH_MAGICS = frozenset({"cd", "run", "load", "writefile", "pushd", "bookmark"})
# Shell commands that only show something: a missing path there does not break the job.
_LOOK_ONLY = frozenset("ls ll du df tree find echo wc head tail cat file stat which pwd".split())
_SHELL_TOKEN = re.compile(r"""[^\s'"=]+|'[^']*'|"[^"]*\"""")


@rule("HO002", "absolute-path", HANDOFF, "warning")
def absolute_path(facts: NotebookFacts) -> Iterator[Finding]:
    for cell in facts.code_cells():
        if cell.tree is not None:
            for use in path_uses(cell, facts.imports):
                kind = _kind(use)
                if kind is not None:
                    yield _finding(cell, use, kind)
        yield from _in_magics(cell)


def _kind(use: PathUse) -> str | None:
    if use.context == "not-a-path":
        return None
    kind = machine_bound(use.value)
    if kind is None and is_absolute_posix(use.value):
        # A name alone is weaker evidence than an I/O call: `{"path": "/status"}` is JSON Patch.
        named = use.context == "path-name" and use.value.strip("/").count("/") >= 1
        if use.context == "io" or named or names_data_file(use.value):
            kind = "absolute path"
    return kind


def _finding(cell: CellFacts, use: PathUse, kind: str) -> Finding:
    site = Site.of(use.node, cell.line_offset)
    if use.name is not None and is_parameters_cell(cell):
        # It is a parameter already: only its default is machine-bound.
        message = (
            f"{kind} {code(shorten(use.value))} is the default of the parameter "
            f"{code(use.name)}: it will not exist where the job runs; default to a path "
            f"relative to the project, or pass the job's path at every run (`-p {use.name} ...`)"
        )
        fix = Fix(f"default {code(use.name)} to a path relative to the project", "display-only")
        return absolute_path.at(cell, site, message, fix=fix)
    message = (
        f"{kind} {code(shorten(use.value))} will not exist where the job runs: make it a "
        "parameter, or build it from a configured base directory"
    )
    if use.name is not None:
        fix = Fix(f"move {code(use.name)} into the cell tagged `parameters`", "display-only")
    else:
        parameter = "OUTPUT_PATH" if use.writes else "INPUT_PATH"
        edit = Edit(
            "replace",
            cell.index,
            parameter,
            site.line,
            site.col + 1,
            site.end_line,
            site.end_col + 1,
        )
        fix = Fix(
            f"lift the path into a parameter {code(parameter)} in the cell tagged "
            "`parameters` and use it here",
            "display-only",
            (edit,),
        )
    return absolute_path.at(cell, site, message, fix=fix)


def _in_magics(cell: CellFacts) -> Iterator[Finding]:
    """`%cd /Users/me/project`, `!cp /home/me/data.csv .`, `%%writefile /home/me/x.py`."""
    source = cell.source
    if "%" not in cell.cell.source and "!" not in cell.cell.source:
        return
    lines: list[tuple[int, str, bool]] = []
    if source is not None and source.cell_magic is not None:
        lines.append((source.line_offset, source.magic_line, source.cell_magic in _PATH_MAGICS))
        if source.cell_magic in ("bash", "sh", "script", "shell"):
            body = source.magic_body.split("\n")
            lines += [(source.line_offset + i + 1, text, False) for i, text in enumerate(body)]
    for call in ipython_calls(cell) if cell.tree is not None else []:
        if call.kind in ("magic", "shell"):
            lines.append((call.site.line, call.argument, call.name in _PATH_MAGICS))
    for line, text, is_path_magic in lines:
        if text.split(None, 1)[:1] and text.split(None, 1)[0] in _LOOK_ONLY:
            continue  # `!ls /kaggle/input` prints an error elsewhere; nothing breaks
        for token in _SHELL_TOKEN.findall(text):
            value = token.strip("'\"")
            kind = machine_bound(value) or (
                "absolute path" if is_path_magic and is_absolute_posix(value) else None
            )
            if kind is not None:
                message = (
                    f"{kind} {code(shorten(value))} will not exist where the job runs: "
                    "make it relative to the project, or a parameter"
                )
                yield absolute_path.on_cell(cell, message, line=line)
                break
