"""Hard-coded secrets in a notebook: where they are, what they are, what holds them.

- Known token formats (cloud keys, API tokens, private keys, passwords in connection URLs,
  bearer headers) are matched in the raw text of every cell, so magics, `!shell` lines,
  `%%bash` bodies, comments and markdown are covered with exact positions.
- In code cells, string literals bound to a secret-sounding name (`api_key = ...`, `password=...`,
  `{"token": ...}`, `%env TOKEN=...`, `export TOKEN=...`) are reported when the value looks
  like a real credential, not a label, a path, a template or a placeholder (`secret_values`).
- Where two matches overlap, the first (most specific) one is kept.

The values are what the API redacts from every output; rules never print them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .secret_values import (
    SECRET_WORD_PARTS,
    credential_like,
    looks_random,
    secret_label,
    secret_name,
)
from .string_literals import CellStrings, Span, normalised

if TYPE_CHECKING:
    from .facts import CellFacts, NotebookFacts


@dataclass(frozen=True)
class SecretHit:
    """One hard-coded secret. `value` is the exact text in the cell source (to redact)."""

    cell: int
    line: int
    column: int
    end_line: int
    end_column: int
    value: str
    kind: str
    name: str | None = None
    # The whole Python string literal holding the secret (quotes included), for fixes.
    literal: Span | None = None
    # What the environment variable could be called when nothing better is known.
    env_hint: str = "SECRET"

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)


# ------------------------------------------------------------------------ known formats
@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    env_hint: str
    check_value: bool = False  # the captured text must also look random (no fixed format)
    needles: tuple[str, ...] = ()  # lower-case text that any match contains (a cheap pre-check)


def _p(kind: str, regex: str, env_hint: str, check_value: bool = False) -> _Pattern:
    return _Pattern(kind, re.compile(regex), env_hint, check_value, _NEEDLES[kind])


_NEEDLES: dict[str, tuple[str, ...]] = {
    "private key": ("private key",),
    "AWS access key": ("akia", "asia", "abia", "acca"),
    "GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "GitLab token": ("glpat-",),
    "Slack token": ("xox", "xapp-"),
    "Slack webhook": ("hooks.slack.com",),
    "Discord webhook": ("discord",),
    "Stripe secret key": ("k_live_", "k_test_"),
    "OpenAI-style API key": ("sk-",),
    "Hugging Face token": ("hf_",),
    "Google API key": ("aiza",),
    "SendGrid API key": ("sg.",),
    "npm token": ("npm_",),
    "Telegram bot token": (":aa",),
    "JWT": ("eyj",),
    "Azure storage account key": ("accountkey=",),
    "Azure shared access key": ("sharedaccesskey=",),
    "Azure SAS signature": ("sig=",),
    "password in a connection URL": ("://",),
    "password in a connection string": ("password", "pwd"),
    "bearer token": ("bearer", "token", "basic"),
    "password option": ("--pass", "--api", "--token", "--secret"),
    "password in a command line": ("-u", "--user"),
}


_ALL_NEEDLES = tuple(sorted({needle for needles in _NEEDLES.values() for needle in needles}))
# One scan of the cell for all of them, instead of one `in` per needle.
_SECRET_WORD = re.compile("|".join(SECRET_WORD_PARTS))
_ANY_NEEDLE = re.compile("|".join(re.escape(needle) for needle in _ALL_NEEDLES))
_B64 = r"[A-Za-z0-9+/]"
# In order of specificity: of two overlapping matches, the first one listed wins.
PATTERNS: tuple[_Pattern, ...] = (
    _p(
        "private key",
        # The body never holds `-----`: each BEGIN scans at most to the next marker, not on.
        r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----)){16,10000}?"
        r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
        "PRIVATE_KEY",
    ),
    _p(
        "AWS access key",
        r"(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])",
        "AWS_ACCESS_KEY_ID",
    ),
    _p(
        "GitHub token",
        r"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_\w{40,255})",
        "GITHUB_TOKEN",
    ),
    _p("GitLab token", r"(?<![A-Za-z0-9_])(glpat-[A-Za-z0-9_-]{20,})", "GITLAB_TOKEN"),
    _p(
        "Slack token",
        r"(?<![A-Za-z0-9])(xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,})",
        "SLACK_TOKEN",
    ),
    _p(
        "Slack webhook",
        r"hooks\.slack\.com/services/(T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})",
        "SLACK_WEBHOOK_URL",
    ),
    _p(
        "Discord webhook",
        r"discord(?:app)?\.com/api/webhooks/(\d+/[A-Za-z0-9_-]{30,})",
        "DISCORD_WEBHOOK_URL",
    ),
    _p(
        "Stripe secret key",
        r"(?<![A-Za-z0-9])((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})",
        "STRIPE_API_KEY",
    ),
    _p(
        "OpenAI-style API key",
        r"(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]"
        r"{20,})",
        "OPENAI_API_KEY",
        check_value=True,
    ),
    _p("Hugging Face token", r"(?<![A-Za-z0-9_])(hf_[A-Za-z0-9]{30,})", "HF_TOKEN", True),
    _p("Google API key", r"(?<![A-Za-z0-9_])(AIza[0-9A-Za-z_-]{35})", "GOOGLE_API_KEY"),
    _p("SendGrid API key", r"(SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})", "SENDGRID_API_KEY"),
    _p("npm token", r"(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})", "NPM_TOKEN"),
    _p("Telegram bot token", r"(?<!\d)(\d{8,10}:AA[A-Za-z0-9_-]{33})", "TELEGRAM_BOT_TOKEN"),
    # Matches any dotted run from `eyJ` (so it never backtracks); _is_jwt checks the shape.
    _p("JWT", r"(eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*)", "API_TOKEN"),
    _p("Azure storage account key", rf"AccountKey=({_B64}{{20,}}={{0,2}})", "AZURE_STORAGE_KEY"),
    _p("Azure shared access key", rf"SharedAccessKey=({_B64}{{20,}}={{0,2}})", "AZURE_ACCESS_KEY"),
    _p(
        "Azure SAS signature",
        r"[?&;]sig=([A-Za-z0-9%+/]{20,}(?:=|%3D){0,2})",
        "AZURE_SAS_TOKEN",
        True,
    ),
    # `scheme://user:password@host`; braces, `$` and `%` stay out so templates never match.
    _p(
        "password in a connection URL",
        r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}://[^\s:/@'\"{}<>$%]*:"
        r"([^\s@'\"/{}<>$%]+)@[A-Za-z0-9\[\]_.-]",
        "DB_PASSWORD",
    ),
    # `...;Password=...;` (ODBC, JDBC, ADO.NET): the value up to the next separator.
    _p(
        "password in a connection string",
        r"(?i)(?:[?&;]|[\"'])\s*(?:password|pwd)\s*=\s*([^;&'\"\s{}]+)",
        "DB_PASSWORD",
    ),
    # A token after `Bearer`/`token`/`Basic` that opens a string or follows `Authorization: `
    # (matched, not looked behind for: a lookbehind is tried at every position of a long text).
    _p(
        "bearer token",
        r"(?:[\"']|uthorization: )(?:[Bb]earer|[Tt]oken|[Bb]asic)\s+"
        r"([A-Za-z0-9._~+/-]{16,}=*)",
        "API_TOKEN",
        check_value=True,
    ),
    # `curl -u user:password ...`
    _p(
        "password in a command line",
        r"(?:^|\s)(?:-u|--user)[ =]?[^\s:'\"$]+:([^\s'\"@$]+)",
        "SECRET",
    ),
    _p(
        "password option",
        r"--(?:password|passwd|api-key|apikey|token|secret)[= ]"
        r"([^\s'\"$`{}()<>|;&]{6,})",
        "SECRET",
        check_value=True,
    ),
)


# ------------------------------------------------------------------------ finding them
def find_secrets(facts: NotebookFacts) -> list[SecretHit]:
    """Every hard-coded secret in the notebook, in document order: code cells in full;
    markdown and raw cells for known token formats only (prose has no assignments)."""
    hits: list[SecretHit] = []
    for cell in facts.cells:
        hits.extend(cell_secrets(cell))
    return hits


def cell_secrets(cell: CellFacts) -> list[SecretHit]:
    text = normalised(cell.cell.source)
    if not text.strip():
        return []
    strings = CellStrings(cell, text)
    lowered = text.lower()
    if not cell.cell.is_code:
        return list(_pattern_hits(cell.index, text, lowered, strings))
    found: list[SecretHit] = []
    for hit in (
        *_pattern_hits(cell.index, text, lowered, strings),
        *_named_hits(cell.index, lowered, strings),
        *_shell_hits(cell, text),
        *_unparsed_assignments(cell, text),
    ):
        if not any(hit.span.overlaps(kept.span) for kept in found):
            found.append(hit)
    return sorted(found, key=lambda h: h.span)


def _pattern_hits(cell: int, text: str, lowered: str, strings: CellStrings) -> Iterator[SecretHit]:
    starts: list[int] = []
    for pattern, match in pattern_matches(text, lowered):
        value = match.group(1)
        starts = starts or [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        span = _span(starts, match.start(1), match.end(1))
        holder = strings.holding(span)
        kind = pattern.kind
        if kind == "private key" and (
            "service_account" in text or (holder is not None and holder.name == "private_key")
        ):
            kind = "GCP service-account private key"
        yield SecretHit(
            cell,
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            value,
            kind,
            holder.name if holder else None,
            holder.span if holder else None,
            pattern.env_hint,
        )


def pattern_matches(
    text: str, lowered: str | None = None
) -> Iterator[tuple[_Pattern, re.Match[str]]]:
    """The known-format secrets in `text` (group 1 of each match is the secret), overlapping
    ones included; `lowered` is `text.lower()` when the caller has it already."""
    lowered = text.lower() if lowered is None else lowered
    if not _ANY_NEEDLE.search(lowered):
        return  # the usual text: no fixed part of any format, so no regex runs at all
    # A long text (a saved output) is read once for all the needles, not once per needle.
    present = _needles_in(lowered) if len(lowered) > 20_000 else None
    for pattern in PATTERNS:
        if present is not None and present.isdisjoint(pattern.needles):
            continue
        if present is None and not any(needle in lowered for needle in pattern.needles):
            continue  # cheap: most texts hold none of the fixed parts of any format
        for match in pattern.regex.finditer(text):
            value = match.group(1)
            if pattern.kind == "JWT" and not _is_jwt(value):
                continue
            if (pattern.check_value and not looks_random(value, 16)) or _DOCS_EXAMPLE.search(value):
                continue
            if pattern.kind.startswith("password ") and not credential_like(value, "password"):
                continue
            yield pattern, match


def _needles_in(lowered: str) -> set[str]:
    """The needles a text holds (one found inside a longer one, `token` in `--token`, too)."""
    remaining, present = set(_ALL_NEEDLES), set()
    while remaining:  # each round finds the first of the needles not found yet
        match = re.compile("|".join(re.escape(n) for n in sorted(remaining))).search(lowered)
        if match is None:
            break
        found = {needle for needle in remaining if needle in match.group()}
        present |= found
        remaining -= found
    return present


def _is_jwt(value: str) -> bool:
    """header.payload.signature, the first two base64url JSON objects (`eyJ` is `{"`)."""
    parts = value.split(".")
    return len(parts) == 3 and parts[1].startswith("eyJ") and all(len(p) >= 8 for p in parts)


def _span(starts: list[int], start: int, end: int) -> Span:
    line = bisect_right(starts, start)
    end_line = bisect_right(starts, end)
    return Span(line, start - starts[line - 1], end_line, end - starts[end_line - 1])


def _named_hits(cell: int, lowered: str, strings: CellStrings) -> Iterator[SecretHit]:
    if not _SECRET_WORD.search(lowered):
        return  # a name is written in the cell: no secret-sounding word, no named secret
    for node, name, password_slot in strings.named():
        kind = "password" if password_slot else secret_name(name)
        if kind is None or not credential_like(str(node.value), kind):
            continue
        literal = strings.locate(node)
        if literal is None:
            continue
        label = "password" if kind == "password" else secret_label(name)
        for span, body in literal.bodies:
            if body:
                yield SecretHit(
                    cell,
                    span.line,
                    span.column,
                    span.end_line,
                    span.end_column,
                    body,
                    label,
                    name,
                    literal.span,
                )


# ------------------------------------------------------------------------ shell and %env lines
_ENV_MAGIC = re.compile(r"^[ \t]*%(?:env|set_env)[ \t]+([A-Za-z_]\w*)(?:[ \t]*=[ \t]*|[ \t]+)(\S+)")
_SHELL_ASSIGN = re.compile(
    r"(?:^|[;&|][ \t]*|^[ \t]*!+[ \t]*)(?:export[ \t]+)?([A-Za-z_]\w*)=(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|]+)"
)
_PYTHON_ASSIGN = re.compile(
    r"""(?:^|[\s,({])["']?([A-Za-z_][\w-]*)["']?\s*[:=]\s*[rRuU]?("[^"\n]*"|'[^'\n]*')"""
)
# Format-matching values that vendors publish in their documentation (`AKIA...EXAMPLE`).
_DOCS_EXAMPLE = re.compile(r"example|xxxxx", re.IGNORECASE)
_SHELL_MAGICS = frozenset("bash sh script shell system writefile file".split())


def _shell_hits(cell: CellFacts, text: str) -> Iterator[SecretHit]:
    """`%env NAME=value`, `!export NAME=value` and `NAME=value` lines of shell cell bodies."""
    magic = cell.source.cell_magic if cell.source is not None else None
    if magic not in _SHELL_MAGICS and "!" not in text and "env" not in text:
        return
    lines = text.split("\n")
    body_from = cell.source.line_offset if magic in _SHELL_MAGICS and cell.source else len(lines)
    for number, line in enumerate(lines, start=1):
        if (match := _ENV_MAGIC.match(line)) is not None:
            yield from _assignment_hit(cell.index, number, match)
        elif line.lstrip().startswith("!") or number > body_from:
            # `export NAME=value`, and `"key": "value"` of JSON echoed or written to a file
            for match in (*_SHELL_ASSIGN.finditer(line), *_PYTHON_ASSIGN.finditer(line)):
                yield from _assignment_hit(cell.index, number, match)


def _unparsed_assignments(cell: CellFacts, text: str) -> Iterator[SecretHit]:
    """`name = "value"` lines of a Python cell that does not parse (a typo elsewhere in it)."""
    if cell.tree is not None or (cell.source is not None and cell.source.cell_magic is not None):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _PYTHON_ASSIGN.finditer(line):
            yield from _assignment_hit(cell.index, number, match)


def _assignment_hit(cell: int, line: int, match: re.Match[str]) -> Iterator[SecretHit]:
    name, value = match.group(1), match.group(2)
    start, end = match.start(2), match.end(2)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value, start, end = value[1:-1], start + 1, end - 1
    kind = secret_name(name)
    if kind is not None and credential_like(value, kind):
        label = "password" if kind == "password" else secret_label(name)
        yield SecretHit(cell, line, start, line, end, value, label, name, None, name.upper())
