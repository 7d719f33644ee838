"""Hard-coded secrets in a notebook's code cells: where they are, what they are, what holds them.

- Known token formats (cloud keys, API tokens, private keys, passwords in connection URLs,
  bearer headers) are matched in the raw text of every code cell, so magics, `!shell` lines,
  `%%bash` bodies and comments are covered with exact positions.
- String literals bound to a secret-sounding name (`api_key = ...`, `password=...`,
  `{"token": ...}`, `%env TOKEN=...`, `export TOKEN=...`) are reported when the value looks
  like a real credential, not a label, a path, a template or a placeholder.
- Where two matches overlap, the first (most specific) one is kept.

The values are what the API redacts from every output; rules never print them.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    # A token after `Bearer`/`token`/`Basic` that opens a string or follows `Authorization: `.
    _p(
        "bearer token",
        r"(?:(?<=[\"'])|(?<=uthorization: ))(?:[Bb]earer|[Tt]oken|[Bb]asic)\s+"
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

# ------------------------------------------------------------------------ names and values
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PASSWORD_WORDS = frozenset("password passwd pwd pass passphrase pw".split())
_SECRET_WORDS = frozenset(
    """
    secret secrets token key credential credentials auth apikey passkey signature
    """.split()
)
_SECRET_PARTS = tuple(
    "password passwd secret credential apikey accesskey privatekey authtoken accesstoken".split()
)
# `primary_key`, `public_key`, `pad_token`...: the word is about data, not about access.
_NOT_SECRET_QUALIFIERS = frozenset(
    """
    primary foreign sort partition join group groupby cache object bucket s3 hot dict merge
    index unique composite lookup row range map public pub publishable natural surrogate
    business shard routing match dedup feature target record entity pad unk bos eos sep cls mask
    start end stop special oov max min num
    """.split()
)
# A name ending like this holds something *about* the secret (its column, regex, URL...).
_DESCRIPTOR_WORDS = frozenset(
    """
    re regex regexp pattern pat fmt format template prompt col cols column columns field fields
    label name names env var type url uri endpoint path file filename dir folder len length size
    count limit idx index expiry expires ttl scope scopes kind mode version prefix suffix sep
    separator delimiter id location arn region host user username email method algorithm alg
    policy hint header headers message msg text help title description doc keys
    """.split()
)
# Every secret-sounding name contains one of these (case aside): a cheap pre-check per cell.
_SECRET_WORD_PARTS = ("pass", "pw", "secret", "token", "key", "credential", "auth", "sig")
_PLACEHOLDER = re.compile(
    r"example|xxxx|\byour|your[_-]|placeholder|changeme|change[_-]me|dummy|redacted|\*\*\*|\.\.\."
    r"|[<>{}]|%[(sd]|\$\(|\$\{|^\$|^\[|fixme|todo",
    re.IGNORECASE,
)
_REGEX_LIKE = re.compile(r"\\[dDsSwWbB]|\[\^?[^\]]*-[^\]]*\]|\(\?|\.\*|\.\+|\{\d+,?\d*\}")
_WORDY = re.compile(r"[A-Za-z]+(?:[ _.:-][A-Za-z]+)*")
_NUMBERISH = re.compile(r"[\d\s.:/+,_-]+[TZ\d\s.:/+,_-]*")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_LETTER_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
# The commonest letter pairs of English: most pairs of a word are here, a quarter of random ones.
_COMMON_PAIRS = frozenset(
    """
    th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve
    co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no
    ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts
    mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo
    sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi
    da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew
    mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr
    """.split()
)
_FILE_END = re.compile(r"\.[A-Za-z][A-Za-z0-9]{1,5}$")


def secret_name(name: str) -> str | None:
    """ "password", "secret" or None: what a value bound to `name` would be."""
    words = [w.lower() for w in _WORD.findall(name)]
    if not words:
        return None
    joined, found = "".join(words), set(words)
    if words[-1] in _DESCRIPTOR_WORDS:
        return None
    if found & _PASSWORD_WORDS or "password" in joined or "passwd" in joined:
        return "password"
    if found & _NOT_SECRET_QUALIFIERS:
        return None
    if found & _SECRET_WORDS or any(part in joined for part in _SECRET_PARTS):
        return "secret"
    return None


def credential_like(value: str, kind: str) -> bool:
    """Whether a value bound to a secret-sounding name is a real credential."""
    if not 6 <= len(value) <= 4000 or not value.isascii() or not value.isprintable():
        return False
    if any(c.isspace() for c in value) or "://" in value or _PLACEHOLDER.search(value):
        return False
    if _path_like(value) or _REGEX_LIKE.search(value) or _NUMBERISH.fullmatch(value):
        return False
    if kind == "password":  # weak passwords are still passwords; a field name is not one
        return not (_WORDY.fullmatch(value) and wordy(value))
    return looks_random(value)


def looks_random(value: str, min_length: int = 12) -> bool:
    """A generated credential: long, mixed characters, not made of words, high entropy."""
    if len(value) < min_length or _PLACEHOLDER.search(value):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    if classes < 2:
        return False
    if _HEX.fullmatch(value):  # 16 symbols: lower entropy, and runs like `fec` are not words
        return len(value) >= 16 and _entropy(value) >= 2.5
    # Short random strings cannot reach the entropy of long ones.
    return not wordy(value) and _entropy(value) >= min(3.0, math.log2(len(value)) - 0.7)


def wordy(value: str) -> bool:
    """Made of words (`customer_id`, `bert-base-uncased`, `YOUR_API_KEY`), not drawn at random:
    most letters sit in runs of 3+ letters whose letter pairs are common in English."""
    runs = [run.lower() for run in _LETTER_WORD.findall(value) if len(run) >= 3]
    letters = sum(c.isalpha() for c in value)
    pairs = [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    if not letters or len(pairs) < 3 or sum(map(len, runs)) < 0.7 * letters:
        return False
    return sum(pair in _COMMON_PAIRS for pair in pairs) >= 0.65 * len(pairs)


def _entropy(value: str) -> float:
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _path_like(value: str) -> bool:
    if value.startswith(("./", "../", "~", "\\\\")) or re.match(r"[A-Za-z]:[\\/]", value):
        return True
    if "/" in value or "\\" in value:  # base64 keys hold `/` too: a path's parts read as words
        parts = re.split(r"[\\/]", value)
        plain = all(re.fullmatch(r"[a-z0-9_.-]*", p) for p in parts)
        return plain or bool(_FILE_END.search(value)) or wordy(value)
    return bool(_FILE_END.search(value)) and value.count(".") == 1 and value.islower()


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
    if not cell.cell.is_code:
        return list(_pattern_hits(cell.index, text, strings))
    found: list[SecretHit] = []
    for hit in (
        *_pattern_hits(cell.index, text, strings),
        *_named_hits(cell.index, text, strings),
        *_shell_hits(cell, text),
        *_unparsed_assignments(cell, text),
    ):
        if not any(hit.span.overlaps(kept.span) for kept in found):
            found.append(hit)
    return sorted(found, key=lambda h: h.span)


def _pattern_hits(cell: int, text: str, strings: CellStrings) -> Iterator[SecretHit]:
    lowered = text.lower()
    if not any(needle in lowered for needle in _ALL_NEEDLES):
        return  # the usual cell: no fixed part of any format, so no regex runs at all
    starts: list[int] = []
    for pattern in PATTERNS:
        if not any(needle in lowered for needle in pattern.needles):
            continue  # cheap: most cells hold none of the fixed parts of any format
        for match in pattern.regex.finditer(text):
            value = match.group(1)
            if pattern.kind == "JWT" and not _is_jwt(value):
                continue
            if (pattern.check_value and not looks_random(value, 16)) or _DOCS_EXAMPLE.search(value):
                continue
            if pattern.kind.startswith("password ") and not credential_like(value, "password"):
                continue
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


def _is_jwt(value: str) -> bool:
    """header.payload.signature, the first two base64url JSON objects (`eyJ` is `{"`)."""
    parts = value.split(".")
    return len(parts) == 3 and parts[1].startswith("eyJ") and all(len(p) >= 8 for p in parts)


def _span(starts: list[int], start: int, end: int) -> Span:
    line = bisect_right(starts, start)
    end_line = bisect_right(starts, end)
    return Span(line, start - starts[line - 1], end_line, end - starts[end_line - 1])


def _named_hits(cell: int, text: str, strings: CellStrings) -> Iterator[SecretHit]:
    lowered = text.lower()
    if not any(word in lowered for word in _SECRET_WORD_PARTS):
        return  # a name is written in the cell: no secret-sounding word, no named secret
    for node, name, password_slot in strings.named():
        kind = "password" if password_slot else secret_name(name)
        if kind is None or not credential_like(str(node.value), kind):
            continue
        literal = strings.locate(node)
        if literal is None:
            continue
        label = "password" if kind == "password" else _secret_label(name)
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


def _secret_label(name: str) -> str:
    words = {w.lower() for w in _WORD.findall(name)}
    if "aws" in words and "secret" in words:
        return "AWS secret access key"
    if "token" in words or "auth" in words:
        return "token"
    if "key" in words or "apikey" in "".join(words):
        return "API key" if "api" in words or "apikey" in words else "secret key"
    return "credential" if "credential" in "".join(words) else "secret"


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
        label = "password" if kind == "password" else _secret_label(name)
        yield SecretHit(cell, line, start, line, end, value, label, name, None, name.upper())
