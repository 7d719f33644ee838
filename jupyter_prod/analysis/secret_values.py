"""Whether a name sounds secret (`api_key`) and whether its value is a credential or a label.

- a *name* is secret-sounding when one of its words says so (`password`, `token`, `key`...),
  unless another word says it is about data (`primary_key`, `pad_token`) or describes the
  secret (`token_url`, `TOKEN_RE`, `password_field`);
- a *value* is a credential when it is not a path, URL, template, regex, number or placeholder,
  and (for keys and tokens) looks generated: mixed characters, not made of English-like words,
  high entropy. A password only has to be more than a plain word.
"""

from __future__ import annotations

import math
import re

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
# Every secret-sounding name contains one of these (case aside), and so does a cell calling
# `login(...)`: a cheap pre-check per cell.
SECRET_WORD_PARTS = ("pass", "pw", "secret", "token", "key", "credential", "auth", "sig", "login")
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


def secret_label(name: str) -> str:
    words = {w.lower() for w in _WORD.findall(name)}
    if "aws" in words and "secret" in words:
        return "AWS secret access key"
    if "token" in words or "auth" in words:
        return "token"
    if "key" in words or "apikey" in "".join(words):
        return "API key" if "api" in words or "apikey" in words else "secret key"
    return "credential" if "credential" in "".join(words) else "secret"
