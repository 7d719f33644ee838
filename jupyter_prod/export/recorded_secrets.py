"""What a job's recorded tests must not carry: values from the environment, and secrets.

- names computed from the environment (`analysis.environment_values`) are not saved at all:
  the recorder in the kernel is told their names;
- every value the run did save is searched, as text, for the values of the environment
  variables the notebook reads (those that may be secrets) and for secrets (HO001's detectors:
  known formats, credentials under secret-sounding names or dict keys). Pickles are read with
  `pickletools`, never unpickled. A value holding one is withheld: its file under `tests/data`
  is deleted, its test asserts only a shape (type, length) or is left out;
- what the steps printed is searched the same way before it becomes an expected output;
- each withheld value is said in the report, with why; never the value itself.
"""

from __future__ import annotations

import ast
import os
import pickletools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..analysis.environment_values import environment_reads
from ..analysis.facts import NotebookFacts
from ..analysis.secret_values import looks_random, secret_name
from ..analysis.secrets_in_text import named_secret, text_secrets
from ..findings.redact import Redactor

WITHHELD = "withheld"
FROM_ENVIRONMENT = "computed from the environment (os.environ, getenv, getpass or dotenv)"


def environment_secrets(names: frozenset[str] | set[str]) -> dict[str, str]:
    """{variable: value} of the environment variables named that may hold secrets: those
    with a secret-sounding name, and random-looking values. Paths and words are left out:
    searching for them would withhold every value that mentions `data`."""
    found: dict[str, str] = {}
    for name in sorted(names):
        value = os.environ.get(name, "")
        if (secret_name(name) is not None and len(value) >= 6) or looks_random(value):
            found[name] = value
    return found


@dataclass
class SecretGuard:
    derived: frozenset[str]  # notebook names whose values come from the environment
    environment: dict[str, str]  # variable -> value, see `environment_secrets`
    withheld: list[str] = field(default_factory=list)  # report lines: what, and why
    found: set[str] = field(default_factory=set)  # secret strings met, to redact text with

    def reason(self, texts: list[str], named: list[tuple[str, str]]) -> str | None:
        """Why a value made of `texts` (and `(name, string)` pairs) must not be recorded."""
        for variable, value in self.environment.items():
            if any(value in text for text in texts):
                self.found.add(value)
                return f"it holds the value of the environment variable `{variable}`"
        for text in texts:
            secrets = text_secrets(text)
            if secrets:
                self.found.update(value for _kind, value in secrets)
                return f"it holds a secret ({secrets[0][0]})"
        for name, value in named:
            kind = named_secret(name, value)
            if kind is not None:
                self.found.add(value)
                return f"it holds a secret ({kind} in `{name}`)"
        return None

    def screen(self, manifest: dict[str, Any], folder: str) -> None:
        """Replace, in a recorded run's manifest, each value that must not be kept."""
        for step_name, step in manifest.get("steps", {}).items():
            for role in ("inputs", "outputs"):
                values = step.get(role, {})
                for name in values:
                    where = f"{role[:-1]} `{name}` of step `{step_name}`"
                    values[name] = self._checked(values[name], folder, name, where)
            shown = step.get("shown", [])
            for number, descriptor in enumerate(shown):
                where = f"value {number + 1} shown by step `{step_name}`"
                shown[number] = self._checked(descriptor, folder, None, where)
        for function, calls in manifest.get("calls", {}).items():
            for number, call in enumerate(calls, start=1):
                self._screen_call(call, folder, f"call {number} of `{function}`")

    def _screen_call(self, call: dict[str, Any], folder: str, where: str) -> None:
        arguments = call.get("args", [])
        for index, descriptor in enumerate(arguments):
            arguments[index] = self._checked(
                descriptor, folder, None, f"argument {index + 1} of {where}"
            )
        for role, label in (("kwargs", "argument"), ("globals", "global"), ("after", "changed")):
            values = call.get(role, {})
            for name in values:
                values[name] = self._checked(
                    values[name], folder, name, f"{label} `{name}` of {where}"
                )
        if "result" in call:
            call["result"] = self._checked(call["result"], folder, None, f"the result of {where}")

    def _checked(self, descriptor: Any, folder: str, name: str | None, where: str) -> Any:
        if not isinstance(descriptor, dict):
            return descriptor
        if descriptor.get("kind") == "unsaved":  # the reason may quote the value's repr
            return {**descriptor, "reason": self.redact(str(descriptor.get("reason", "")))}
        if descriptor.get("kind") == WITHHELD or (name is not None and name in self.derived):
            why: str | None = FROM_ENVIRONMENT
        else:
            texts, named = _contents(descriptor, folder, name)
            why = self.reason(texts, named)
        if why is None:
            return descriptor
        if descriptor.get("file"):
            path = os.path.join(folder, str(descriptor["file"]))
            if os.path.exists(path):
                os.remove(path)
        self.note(f"{where}: not recorded, {why}")
        return {"kind": WITHHELD, "reason": why, "type": descriptor.get("type"),
                "length": descriptor.get("length")}  # fmt: skip

    def text_reason(self, text: str) -> str | None:
        """Why printed `text` must not become an expected output (None: it may)."""
        return self.reason([text], [])

    def note(self, line: str) -> None:
        if line not in self.withheld:
            self.withheld.append(line)

    def redact(self, text: str) -> str:
        """`text` with every secret met so far and every secret it holds masked."""
        self.reason([text], [])
        secrets = {*self.found, *self.environment.values()}
        secrets.update(value for _kind, value in text_secrets(text))
        return Redactor(secrets)(text)


def redact_message(facts: NotebookFacts | None, text: str) -> str:
    """An export's message with every secret masked: the notebook's (code, saved outputs),
    the environment's values it reads, and any secret in the text (a quoted output)."""
    secrets = {value for _kind, value in text_secrets(text)}
    if facts is not None:
        secrets.update(hit.value for hit in facts.secrets)
        secrets.update(hit.value for hit in facts.output_secrets)
        secrets.update(environment_secrets(environment_reads(facts).variables).values())
    return Redactor(secrets)(text)


def secret_guard(facts: NotebookFacts) -> SecretGuard:
    reads = environment_reads(facts)
    return SecretGuard(reads.derived, environment_secrets(reads.variables))


# ---------------------------------------------------------------------- a value's text
def _contents(
    descriptor: dict[str, Any], folder: str, name: str | None
) -> tuple[list[str], list[tuple[str, str]]]:
    """The strings a recorded value holds, and (key, string) pairs where a name holds one."""
    if descriptor.get("kind") == "inline":
        text = str(descriptor.get("repr", ""))
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return [text], []
        strings, named = _literal_strings(value, name)
        return [text, *strings], named
    path = os.path.join(folder, str(descriptor.get("file", "")))
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return [], []
    strings = list(_pickled_strings(data)) if path.endswith(".pkl") else []
    # In a pickle a dict's key comes right before its value.
    named = [(a, b) for a, b in zip(strings, strings[1:], strict=False) if a.isidentifier()]
    return ["\n".join(strings), *_decoded(data)], named


def _literal_strings(value: Any, name: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    strings: list[str] = []
    named: list[tuple[str, str]] = []

    def walk(item: Any, holder: str | None, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(item, bytes):
            item = item.decode("latin-1")
        if isinstance(item, str):
            strings.append(item)
            if holder is not None:
                named.append((holder, item))
        elif isinstance(item, dict):
            for key, inner in item.items():
                walk(key, None, depth + 1)
                walk(inner, key if isinstance(key, str) else holder, depth + 1)
        elif isinstance(item, (list, tuple, set, frozenset)):
            for inner in item:
                walk(inner, holder, depth + 1)

    walk(value, name, 0)
    return strings, named


def _pickled_strings(data: bytes) -> Iterator[str]:
    """The strings and bytes a pickle holds, in order, without unpickling it."""
    try:
        for _opcode, argument, _position in pickletools.genops(data):
            if isinstance(argument, str):
                yield argument
            elif isinstance(argument, (bytes, bytearray)):
                yield from _decoded(bytes(argument))
    except Exception:  # noqa: BLE001 - a pickle we cannot walk: its raw bytes are searched
        yield from _decoded(data)


def _decoded(data: bytes) -> list[str]:
    """Raw bytes as text: byte strings and UTF-8 read as Latin-1, numpy's `U` arrays as UTF-32."""
    texts = [data.decode("latin-1")]
    if len(data) >= 4:
        texts.append(data[: len(data) // 4 * 4].decode("utf-32-le", errors="ignore"))
    return texts
