"""Compare the text outputs of an original notebook run with those of its exported job's run.

What is compared, per output item (the unit of the "k/n outputs reproduced" figure):
- each non-blank line of stdout (the stream outputs of a cell are joined first: the kernel cuts a stream
  into messages arbitrarily, and a step that merges several cells merges their streams);
- the `text/plain` of each displayed value (`execute_result`, `display_data`: a plot's
  `<Figure size 640x480 with 1 Axes>` included, so a lost or merged figure counts);
- each error, as `ename: evalue`.
stderr is not compared: warnings name the file and line of the code that warned, which an
export moves by design.

How outputs are matched: per step. The export report (`export-report.md`) lists each step with
the notebook cells it replaces, and the job notebook calls each step as `steps.NAME(...)` in one
cell; the outputs of those notebook cells, in order, are compared with that job cell's. Outputs
of notebook cells that no step covers are compared with the job's other code cells (a cell kept
verbatim), in order. Without a usable report the whole notebook is compared as one sequence.

Noise: every item is normalised (memory addresses, timestamps, `ls -l` times, durations, timeit lines, temp
and work paths, ANSI colours, trailing blanks); items that still differ between two runs of the
original are excluded from the figures: all the items of a cell where any of them differs (a cell
of random draws matches its other run here and there by chance).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d+|\b\d{2}:\d{2}:\d{2}\.\d{3,}\b"
)
_MTIME = re.compile(  # `ls -l`: a file's modification time, to the minute
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{1,2}:\d{2}\b"
)
_TIMEIT = re.compile(r"^.*(per loop|loops each|loops, best of).*$", re.MULTILINE)
_WALL = re.compile(r"^(CPU times|Wall time):.*$", re.MULTILINE)
_DURATION = re.compile(r"\b\d+(\.\d+)?(e-?\d+)?\s?(ns|µs|us|ms|s|sec|secs|seconds)\b")
_TMP = re.compile(r"/tmp/[^\s'\"),\]]*")
_STEP_LINE = re.compile(r"^- `(\w+)` \(cell\(s\) ([\d, ]+)\)", re.MULTILINE)
_STEP_CALL = re.compile(r"\bsteps\.(\w+)\(")


@dataclass(frozen=True)
class Item:
    """One text output: its kind (stdout, display, error), normalised text, and cell (0-based)."""

    kind: str
    text: str
    cell: int

    @property
    def key(self) -> str:
        """What two items must share to be the same output."""
        return f"{self.kind}\0{self.text}"


def normalise(text: str, paths: dict[str, str]) -> str:
    """The text with run-to-run noise replaced by placeholders (see the module doc)."""
    text = _ANSI.sub("", text)
    for path, placeholder in sorted(paths.items(), key=lambda p: -len(p[0])):
        text = text.replace(path, placeholder)
    text = _TMP.sub("<tmp>", text)
    text = _ADDRESS.sub("0x<addr>", text)
    text = _TIMESTAMP.sub("<timestamp>", text)
    text = _MTIME.sub("<mtime>", text)
    text = _TIMEIT.sub("<timeit>", text)
    text = _WALL.sub(r"\1: <duration>", text)
    text = _DURATION.sub("<duration>", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def cell_items(cell: dict[str, Any], index: int, paths: dict[str, str]) -> list[Item]:
    """The text output items of one code cell, in the order they were shown."""
    items: list[Item] = []
    stdout: list[str] = []

    def flush() -> None:
        for line in normalise("".join(stdout), paths).splitlines():
            if line.strip():  # blank lines: where one cell's output ends inside a merged step
                items.append(Item("stdout", line, index))
        stdout.clear()

    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout":
                stdout.append(_text(output.get("text")))
            continue
        flush()
        if kind in ("execute_result", "display_data"):
            plain = (output.get("data") or {}).get("text/plain")
            if plain is not None:
                items.append(Item("display", normalise(_text(plain), paths), index))
        elif kind == "error":
            error = f"{output.get('ename')}: {output.get('evalue')}"
            items.append(Item("error", normalise(error, paths), index))
    flush()
    return items


def notebook_items(notebook: dict[str, Any], paths: dict[str, str]) -> dict[int, list[Item]]:
    """The items of every code cell of a notebook, by cell index (0-based, all cells counted)."""
    return {
        i: cell_items(cell, i, paths)
        for i, cell in enumerate(notebook.get("cells", []))
        if cell.get("cell_type") == "code"
    }


def noisy_items(run1: dict[int, list[Item]], run2: dict[int, list[Item]]) -> set[tuple[int, int]]:
    """(cell, position) of the items of run 1 that run 2 did not reproduce."""
    noisy: set[tuple[int, int]] = set()
    for cell, items in run1.items():
        matched = _matched(items, run2.get(cell, []))
        differing = {(cell, i) for i in range(len(items)) if i not in matched}
        # A cell of random draws matches its other run here and there by chance: the whole
        # cell is noise, or those chance matches count as outputs the job lost.
        if differing:
            differing = {(cell, i) for i in range(len(items))}
        noisy |= differing
    return noisy


def _matched(left: list[Item], right: list[Item]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, [i.key for i in left], [i.key for i in right], False)
    pairs: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        pairs.update({block.a + k: block.b + k for k in range(block.size)})
    return pairs


def step_mapping(report_text: str, job: dict[str, Any]) -> dict[int, list[int]] | None:
    """Job cell index -> the notebook cells (0-based) its step replaces; None if unusable."""
    cells_of = {
        name: [int(c) - 1 for c in cells.replace(" ", "").split(",") if c]
        for name, cells in _STEP_LINE.findall(report_text)
    }
    if not cells_of:
        return None
    mapping: dict[int, list[int]] = {}
    for index, cell in enumerate(job.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        called = _STEP_CALL.findall(_text(cell.get("source")))
        if len(called) == 1 and called[0] in cells_of:
            mapping[index] = cells_of[called[0]]
    return mapping or None


@dataclass
class Difference:
    """The first original output the job did not reproduce, and what the job showed there."""

    cell: int  # the notebook's cell, 1-based as a user counts
    expected: str
    got: str | None

    def short(self, width: int = 110) -> str:
        """`cell N: -expected +got`, each side cut to `width` characters."""
        got = "(nothing)" if self.got is None else _cut(self.got, width)
        return f"cell {self.cell}: -{_cut(self.expected, width)} +{got}"


def _cut(text: str, width: int) -> str:
    flat = text.replace("\n", "\\n")
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


@dataclass
class Comparison:
    """The result of comparing one notebook with its job."""

    mode: str  # "per-step" or "sequence"
    compared: int = 0  # non-noisy original items
    reproduced: int = 0
    noisy: int = 0
    extra: int = 0  # job items matching no original item (beyond noisy slots)
    timing_lost: int = 0  # lost items that are %time/%timeit lines (the job does not time)
    first: Difference | None = None
    lost_cells: list[int] = field(default_factory=list)  # 1-based cells with a lost output

    @property
    def full(self) -> bool:
        """Every compared output reproduced and nothing extra printed."""
        return self.reproduced == self.compared and self.extra == 0


def compare(
    run1: dict[int, list[Item]],
    noisy: set[tuple[int, int]],
    job_items: dict[int, list[Item]],
    mapping: dict[int, list[int]] | None,
) -> Comparison:
    """Match the original's items against the job's (per step when `mapping` is given)."""
    if mapping is None:
        groups = [(list(run1), [i for items in job_items.values() for i in items])]
        result = Comparison("sequence")
    else:
        covered = {c for cells in mapping.values() for c in cells}
        groups = [(cells, job_items.get(job, [])) for job, cells in sorted(mapping.items())]
        rest = [c for c in run1 if c not in covered]
        others = [i for j, items in sorted(job_items.items()) if j not in mapping for i in items]
        groups.append((rest, others))
        result = Comparison("per-step")
    for cells, got in groups:
        _compare_group(result, run1, noisy, sorted(cells), got)
    result.lost_cells = sorted(set(result.lost_cells))
    return result


def _compare_group(
    result: Comparison,
    run1: dict[int, list[Item]],
    noisy: set[tuple[int, int]],
    cells: list[int],
    got: list[Item],
) -> None:
    expected = [(c, i, item) for c in cells for i, item in enumerate(run1.get(c, []))]
    is_noisy = [(c, i) in noisy for c, i, _ in expected]
    matcher = difflib.SequenceMatcher(
        None, [e[2].key for e in expected], [g.key for g in got], False
    )
    matched: set[int] = set()
    for block in matcher.get_matching_blocks():
        matched |= set(range(block.a, block.a + block.size))
    got_matched = sum(b.size for b in matcher.get_matching_blocks())
    unmatched_noisy = sum(1 for k, n in enumerate(is_noisy) if n and k not in matched)
    result.extra += max(0, len(got) - got_matched - unmatched_noisy)
    for k, (cell, _, item) in enumerate(expected):
        if is_noisy[k]:
            result.noisy += 1
            continue
        result.compared += 1
        if k in matched:
            result.reproduced += 1
            continue
        result.lost_cells.append(cell + 1)
        result.timing_lost += is_timing(item)
        if result.first is None:
            result.first = Difference(cell + 1, item.text, _counterpart(matcher, k, got))


def is_timing(item: Item) -> bool:
    """A line that `%time` or `%timeit` printed (once normalised)."""
    return item.kind == "stdout" and (
        item.text == "<timeit>" or item.text.endswith(("times: <duration>", "time: <duration>"))
    )


def _counterpart(matcher: difflib.SequenceMatcher[str], k: int, got: list[Item]) -> str | None:
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if a1 <= k < a2 and tag == "replace":
            j = min(b1 + (k - a1), b2 - 1)
            return got[j].text
    return None
