"""A secret (key, token, password, private key) is written into the notebook.

## What it does
Reports cloud keys (AWS `AKIA…`, GCP service-account private keys, Azure connection-string
keys), API tokens (GitHub, GitLab, Slack, Stripe, OpenAI-style `sk-…`, Hugging Face, JWTs,
bearer headers), PEM private keys, passwords inside connection URLs, and random-looking values
bound to names such as `api_key`, `secret`, `token`, `password` or `credentials` or passed
to `login(...)`: in Python, in `%env`/`!export` lines and in `%%bash` bodies. Values read from `os.environ`, `os.getenv`
or `getpass`, f-string placeholders (`postgresql://u:{pw}@host`), labels such as
`primary_key = "customer_id"` and regexes such as `TOKEN_RE` are not reported.

Saved outputs are searched too (printed text, displayed values, HTML, tracebacks, output
metadata): a secret there is a warning on its cell ("in the output of cell N"). An export leaves
such outputs out of the job notebook instead of refusing it. So are the notebook's and the
cells' metadata, which tools fill without showing it: the parameters papermill recorded for a
run, custom keys, and the saved state of widgets (a Password widget's value is a password,
whatever it looks like); the finding names the metadata key.

## Why is this bad?
Notebooks get committed, shared, attached to tickets and rendered with their outputs: a key in
a cell is a key published, and it stays in the git history. A job cannot be given a different
credential per environment either. Our own output never repeats the secret.

## Example
```python
api_key = "3f9Kq7ZtW2xLp8Rb"
```

## Use instead
```python
api_key = os.environ["API_KEY"]
```
and revoke the value that was in the notebook.

## Fix safety
Unsafe: the literal becomes `os.environ["NAME"]`, which raises `KeyError` until the variable
is set where the notebook runs. Secrets in shell lines get a display-only suggestion, and so do
secrets in outputs (clear the cell's output) and in metadata (remove the key).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.facts import CellFacts, NotebookFacts
from ...analysis.scopes import Site
from ...analysis.secret_values import secret_name
from ...analysis.secrets import SecretHit
from ...analysis.secrets_in_metadata import MetadataSecret, describe_key
from ...analysis.string_literals import Span
from ...findings.finding import Edit, Finding, Fix
from ..base import HANDOFF, rule
from ..words import code

_STRING = re.compile(r"(?P<prefix>[rRuU]?)(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)", re.S)


@rule("HO001", "hardcoded-secret", HANDOFF, "error")
def hardcoded_secret(facts: NotebookFacts) -> Iterator[Finding]:
    cells = {cell.index: cell for cell in facts.cells}
    seen: set[tuple[int, Span, str]] = set()
    for hit in facts.secrets:
        key = (hit.cell, hit.literal or hit.span, hit.kind)
        if key in seen:  # one finding per literal, even when it is split over several pieces
            continue
        seen.add(key)
        cell = cells[hit.cell]
        yield hardcoded_secret.at(
            cell, _site(cell, hit), _message(hit, facts.secrets), fix=_fix(facts, cell, hit)
        )
    yield from _in_outputs(facts, cells)
    yield from _in_metadata(facts)


def _in_outputs(facts: NotebookFacts, cells: dict[int, CellFacts]) -> Iterator[Finding]:
    """One finding per output holding secrets, on its cell (an output has no source line)."""
    by_output: dict[tuple[int, int], list[str]] = {}
    for found in facts.output_secrets:
        by_output.setdefault((found.cell, found.output), []).append(found.kind)
    for (index, output), kinds in by_output.items():
        what = ", ".join(dict.fromkeys(kinds))
        message = (
            f"a secret ({what}) in the output of cell {index + 1} (output {output + 1}): clear "
            "the cell's "
            "output before sharing the notebook, and revoke it; an export leaves it out of the job"
        )
        fix = Fix(
            "clear this cell's output (Edit > Clear Outputs of Selected Cells)", "display-only"
        )
        yield Finding(hardcoded_secret.code, hardcoded_secret.name, hardcoded_secret.category,
                      "warning", message, cell=index, cell_id=cells[index].cell.cell_id,
                      fix=fix)  # fmt: skip


def _in_metadata(facts: NotebookFacts) -> Iterator[Finding]:
    """One finding per metadata key holding secrets: on its cell, or on the notebook."""
    by_key: dict[tuple[int | None, str], list[MetadataSecret]] = {}
    for found in facts.metadata_secrets:
        by_key.setdefault((found.cell, found.key), []).append(found)
    for (index, _key), hits in by_key.items():
        what = ", ".join(dict.fromkeys(hit.kind for hit in hits))
        owner = "the notebook's" if index is None else f"cell {index + 1}'s"
        message = (
            f"a secret ({what}) in {owner} {describe_key(hits[0])}: tools save it with the file "
            "without showing it; remove it before sharing the notebook, and revoke it"
        )
        fix = Fix("remove it from the metadata (Property Inspector, or `jupyter nbconvert "
                  "--ClearMetadataPreprocessor.enabled=True`)", "display-only")  # fmt: skip
        cell_id = facts.notebook.cells[index].cell_id if index is not None else None
        yield Finding(hardcoded_secret.code, hardcoded_secret.name, hardcoded_secret.category,
                      "warning", message, cell=index, cell_id=cell_id, fix=fix)  # fmt: skip


def _message(hit: SecretHit, hits: list[SecretHit]) -> str:
    # Say the kind, the holder and the length: enough to find it, nothing to reuse it.
    name = hit.name
    shown = (
        name is not None
        and re.fullmatch(r"[\w.-]{1,60}", name)
        and not any(h.value in name or name in h.value for h in hits)
    )
    where = f" in {code(name)}" if shown and name is not None else ""
    if name is not None and name.startswith("login("):
        where = " passed to `login()`"
    return (
        f"hard-coded {hit.kind}{where} ({len(hit.value)} characters): read it from the "
        "environment or a secrets manager, and revoke this one"
    )


def _site(cell: CellFacts, hit: SecretHit) -> Site:
    """`Rule.at` takes `ast` byte columns; hits count characters."""
    lines = cell.cell.source.replace("\r\n", "\n").split("\n")

    def byte_column(line: int, column: int) -> int:
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(text[:column].encode("utf-8"))

    return Site(
        hit.line,
        byte_column(hit.line, hit.column),
        hit.end_line,
        byte_column(hit.end_line, hit.end_column),
    )


def _fix(facts: NotebookFacts, cell: CellFacts, hit: SecretHit) -> Fix | None:
    if hit.literal is None:
        env = _env_name(hit.name) or hit.env_hint
        return Fix(
            f"set `{env}` in the environment that runs the job, outside the notebook, "
            "and remove it from this line",
            "display-only",
        )
    literal = _literal_text(cell, hit.literal)
    match = _STRING.fullmatch(literal)
    # The secret is the whole value (else a part of a URL or header): by position, or by name
    # when the literal is split into several pieces.
    whole = match["body"] == hit.value if match else secret_name(hit.name or "") is not None
    named = hit.name is not None and (secret_name(hit.name) is not None or hit.name.isupper())
    env = (_env_name(hit.name) if whole and named else None) or hit.env_hint
    if hit.kind == "password" and "PASS" not in env and "PWD" not in env:
        env += "_PASSWORD"  # `auth=("user", "...")`: say what the variable holds
    text = _replacement(literal, hit.value, env, whole)
    if text is None or any(other.value in text for other in facts.secrets):
        # A second secret in the same literal would be copied into the fix, which no output
        # redacts: better no automatic fix.
        return None
    span = hit.literal
    edits = [
        Edit(
            "replace",
            cell.index,
            text,
            span.line,
            span.column + 1,
            span.end_line,
            span.end_column + 1,
        )
    ]
    if not _imports_os_by(facts, cell.index):
        top = cell.line_offset + 1  # below a `%%time` line, if any
        edits.insert(0, Edit("replace", cell.index, "import os\n", top, 1, top, 1))
    return Fix(f"read it from the environment variable `{env}`", "unsafe", tuple(edits))


def _imports_os_by(facts: NotebookFacts, index: int) -> bool:
    return any(
        c.scan.imports.get("os") == "os"
        for c in facts.python_cells()
        if c.index <= index and c.scan
    )


def _replacement(literal: str, secret: str, env: str, whole: bool) -> str | None:
    """`os.environ["ENV"]` for a whole-value secret; an f-string around it for a part of one."""
    if whole:
        return f'os.environ["{env}"]'
    match = _STRING.fullmatch(literal)
    if match is None or match["body"].count(secret) != 1:
        return None  # implicit concatenation, bytes, or ambiguous: no automatic fix
    quote, body = match["quote"], match["body"]
    inner = "'" if quote[0] == '"' else '"'
    before, after = (part.replace("{", "{{").replace("}", "}}") for part in body.split(secret))
    raw = "r" if match["prefix"] in ("r", "R") else ""
    return f"f{raw}{quote}{before}{{os.environ[{inner}{env}{inner}]}}{after}{quote}"


def _literal_text(cell: CellFacts, span: Span) -> str:
    lines = cell.cell.source.replace("\r\n", "\n").split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column : span.end_column]
    middle = lines[span.line : span.end_line - 1]
    return "\n".join(
        [lines[span.line - 1][span.column :], *middle, lines[span.end_line - 1][: span.end_column]]
    )


def _env_name(name: str | None) -> str | None:
    if name is None:
        return None
    env = re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)).strip("_")
    return (env.upper() or None) if env[:1].isalpha() else None
