"""Compare a cell's fresh outputs with its saved ones, after normalising what legitimately varies.

- What is compared: the cell's stdout text (stream chunks joined), its results and displays
  (text/plain when present; images and HTML only by kind), and its error (name and message).
  stderr is not compared: warnings and progress bars live there and change with library versions.
- What is normalised away: execution counts, carriage-return rewrites and progress bars,
  memory addresses (`0x7f…`), durations (`Wall time: 2.31 s`, `%timeit` lines), dates and
  times, kernel temporary paths, widget model ids, trailing blanks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_TIMEIT = re.compile(r".*per loop \(mean ± std\. dev\. of .*")
_DURATION = re.compile(
    r"\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\s?"
    r"(?:ns|µs|μs|us|ms|s|sec|secs|seconds|min|mins|minutes|h|hours)\b"  # µ micro sign, μ mu
)
_DATETIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
    r"|\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b"
    r"|datetime\.datetime\([\d, ]+\)"
)
_PROGRESS = re.compile(r"\d+%\|.*\||\d+/\d+ \[[\d:<?]+|\b[\d.]+\s?(?:it/s|s/it)\b|ETA:? ?[\d:]+")
_KERNEL_TMP = re.compile(r"/tmp/ipykernel_\d+/\d+\.py|ipykernel_\d+")
_WIDGET = "application/vnd.jupyter.widget-view+json"
# `%%writefile` says `Writing x` the first time and `Overwriting x` on every run after it.
_WRITEFILE = re.compile(r"^(?:Over)?[Ww]riting (\S.*)$")


@dataclass(frozen=True)
class CellOutputs:
    """A cell's outputs, normalised: stdout text, results/displays, error (`Name: message`)."""

    stdout: str
    shown: tuple[str, ...]
    error: str | None


def normalise_text(text: str) -> str:
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.rsplit("\r", 1)[-1]  # a progress bar rewrites its line with \r
        if _TIMEIT.match(line):
            line = "<timeit>"
        line = _WRITEFILE.sub(r"Writing \1", line)
        line = _PROGRESS.sub("<progress>", line)
        line = _ADDRESS.sub("0x…", line)
        line = _KERNEL_TMP.sub("<kernel file>", line)
        line = _DATETIME.sub("<datetime>", line)
        line = _DURATION.sub("<duration>", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


def normalise(outputs: Iterable[Mapping[str, Any]]) -> CellOutputs:
    stdout: list[str] = []
    shown: list[str] = []
    error: str | None = None
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout":
                stdout.append(_text(output.get("text", "")))
        elif kind in ("execute_result", "display_data", "pyout"):
            rendered = _rendered(output.get("data") or {})
            if rendered is not None:
                shown.append(rendered)
        elif kind in ("error", "pyerr"):
            message = normalise_text(str(output.get("evalue", ""))).split("\n")[0]
            error = f"{output.get('ename', 'Error')}: {message}".rstrip(": ")
    return CellOutputs(normalise_text("".join(stdout)), tuple(shown), error)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _rendered(data: Mapping[str, Any]) -> str | None:
    if _WIDGET in data:
        return "<widget>"
    if "text/plain" in data:
        return normalise_text(_text(data["text/plain"]))
    kinds = sorted(k for k in data if not k.startswith("application/vnd.jupyter"))
    return f"<{', '.join(kinds)}>" if kinds else None


def describe_difference(saved: CellOutputs, fresh: CellOutputs) -> tuple[str, str] | None:
    """(saved, fresh) excerpts of the first thing that differs, or None when they agree."""
    if saved.error != fresh.error:
        return saved.error or _first(saved), fresh.error or _first(fresh)
    if saved.stdout != fresh.stdout:
        return _first_differing_line(saved.stdout, fresh.stdout)
    if saved.shown != fresh.shown:
        for old, new in zip(saved.shown, fresh.shown, strict=False):
            if old != new:
                return _first_differing_line(old, new)
        return (_count(len(saved.shown)), _count(len(fresh.shown)))
    return None


def _first(outputs: CellOutputs) -> str:
    if outputs.stdout:
        return outputs.stdout.split("\n")[0]
    return outputs.shown[0].split("\n")[0] if outputs.shown else "no output"


def _first_differing_line(old: str, new: str) -> tuple[str, str]:
    old_lines, new_lines = old.split("\n"), new.split("\n")
    for index in range(max(len(old_lines), len(new_lines))):
        a = old_lines[index] if index < len(old_lines) else "(nothing)"
        b = new_lines[index] if index < len(new_lines) else "(nothing)"
        if a != b:
            return a or "(an empty line)", b or "(an empty line)"
    return old, new


def _count(n: int) -> str:
    return f"{n} displayed result{'s' if n != 1 else ''}"


def shorten(text: str, limit: int = 80) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
