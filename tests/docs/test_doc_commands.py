"""Every command the docs show runs as shown, so the docs cannot drift from the code.

- Docs: README.md, docs/users/*.md, docs/developers/*.md. Each line of a ```sh block is a
  command; a doc's commands run in order, in a sandbox laid out as the doc assumes (the
  repository's `binder/` and `docs/rules/` from its root; for the export guide, the notebook it
  names), so one command can use what an earlier one wrote.
- Exit status: `check` may exit 1 (findings reported); a command whose comment says `exits N`
  must exit N; every other command must exit 0. No traceback, ever.
- ```python blocks of the docs in `PYTHON_FOLDERS` run too, as one script in a fresh process.
- A command no runner here understands fails the test: a new kind of command needs a runner
  (or, like `make test`, a reason it is not run here, in `NOT_RUN`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [
    REPO / "README.md",
    *sorted((REPO / "docs" / "users").glob("*.md")),
    *sorted((REPO / "docs" / "developers").glob("*.md")),
]
EXPECTED_EXIT = re.compile(r"\bexits (\d)\b")
# Commands shown but not run here, and why.
NOT_RUN = {
    "make demo": "sets up .venv (what `make test`, i.e. CI, does first) and checks the demo: "
    "that check is the README's first `jupyter prod check` command",
    "make test": "is CI itself (.ci/run)",
}
# Where a doc's ```python examples run (relative to its sandbox); other docs' Python blocks are
# illustrations (adding-a-rule.md's template of a rule that does not exist).
PYTHON_FOLDERS = {"README.md": "binder/demo", "widgets.md": "binder/demo"}
ENTRY_POINT = "import sys; from jupyter_prod.cli.main import main; sys.exit(main())"
REALISTIC = REPO / "tests" / "fixtures" / "export" / "realistic"


@dataclass(frozen=True)
class Command:
    doc: str
    line: str  # as shown, comment removed
    expected: frozenset[int]


@dataclass
class Ran:
    command: Command
    status: int
    out: str
    err: str


def blocks_of(doc: Path) -> list[tuple[str, str]]:
    """(language, text) of each fenced block, in order; a plain block's language is ""."""
    found, language, lines = [], None, []
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("```") and language is None:
            language, lines = line[3:].strip(), []
        elif line.startswith("```"):
            found.append((language, "\n".join(lines) + "\n"))
            language = None
        elif language is not None:
            lines.append(line)
    return found


def shown(doc: Path, language: str) -> list[str]:
    return [text for kind, text in blocks_of(doc) if kind == language]


def commands_of(doc: Path) -> list[Command]:
    found = []
    for block in shown(doc, "sh"):
        for raw in block.splitlines():
            line = _without_comment(raw).strip()
            if not line:
                continue
            comment = raw[len(_without_comment(raw)) :]
            exit_code = EXPECTED_EXIT.search(comment)
            if exit_code:
                expected = frozenset({int(exit_code.group(1))})
            elif line.startswith("jupyter prod check"):
                expected = frozenset({0, 1})
            else:
                expected = frozenset({0})
            found.append(Command(doc.name, line, expected))
    return found


def _without_comment(line: str) -> str:
    """The line up to a `#` that starts a comment (not one inside quotes)."""
    quote = None
    for index, char in enumerate(line):
        if char in "'\"" and quote in (None, char):
            quote = None if quote else char
        elif char == "#" and quote is None and (index == 0 or line[index - 1] == " "):
            return line[:index]
    return line


# ---------------------------------------------------------------------- running a command
def argv_of(line: str) -> tuple[dict[str, str], list[str]] | None:
    """The environment assignments and the argv a shown command runs as; None: not runnable."""
    words = shlex.split(line)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if words[:2] == ["jupyter", "prod"]:  # what the `jupyter-prod` console script runs
        return env, [sys.executable, "-c", ENTRY_POINT, *words[2:]]
    if words[:1] == ["jupyter"] and words[1:2] != ["lab"]:
        return env, [sys.executable, "-m", "jupyter", *words[1:]]
    if words[:1] in (["pytest"], ["papermill"]):
        return env, [sys.executable, "-m", words[0], *words[1:]]
    if words[:1] == ["python"]:
        return env, [sys.executable, *words[1:]]
    return None


def run_commands(commands: list[Command], sandbox: Path) -> list[Ran]:
    cwd, ran = sandbox, []
    for command in commands:
        if command.line in NOT_RUN:
            continue
        if command.line.startswith("cd "):
            cwd = (cwd / shlex.split(command.line)[1]).resolve()
            assert cwd.is_dir(), f"{command.doc}: `{command.line}`: no such folder"
            continue
        parsed = argv_of(command.line)
        assert parsed is not None, f"{command.doc}: no test runs `{command.line}`"
        extra, argv = parsed
        env = _environment(sandbox, extra)
        result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode in command.expected, (
            f"{command.doc}: `{command.line}` exited {result.returncode} "
            f"(expected {sorted(command.expected)}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        )
        assert "Traceback" not in result.stderr, (
            f"{command.doc}: `{command.line}`:\n{result.stderr}"
        )
        ran.append(Ran(command, result.returncode, result.stdout, result.stderr))
    return ran


def _environment(sandbox: Path, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for name, value in extra.items():  # `PYTHONPATH=jobs/orders papermill ...`: ours stays too
        env[name] = os.pathsep.join([value, str(REPO)]) if name == "PYTHONPATH" else value
    return env


def run_python_blocks(doc: Path, sandbox: Path) -> subprocess.CompletedProcess[str]:
    script = "\n\n".join(shown(doc, "python"))
    folder = sandbox / PYTHON_FOLDERS[doc.name]
    result = subprocess.run([sys.executable, "-c", script], cwd=folder, env=_environment(sandbox, {}),
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, (
        f"{doc.name}: its Python examples failed:\n{result.stderr[-4000:]}"
    )
    return result


# ---------------------------------------------------------------------- sandboxes
def repository_root(sandbox: Path) -> None:
    """The repository's files the docs use, as a newcomer has them at its root."""
    shutil.copytree(REPO / "binder", sandbox / "binder", ignore=shutil.ignore_patterns("jobs"))
    shutil.copytree(REPO / "docs" / "rules", sandbox / "docs" / "rules")


def orders_notebook(sandbox: Path) -> None:
    """export.md's `orders.ipynb`: a realistic retail notebook with its data."""
    shutil.copytree(REALISTIC / "data", sandbox / "data")
    shutil.copy(REALISTIC / "retail_orders.ipynb", sandbox / "orders.ipynb")


SANDBOXES: dict[str, Callable[[Path], None]] = {"export.md": orders_notebook}


# ---------------------------------------------------------------------- the tests
def test_the_docs_show_commands_and_every_one_is_runnable() -> None:
    commands = [c for doc in DOCS for c in commands_of(doc)]
    assert len(commands) >= 30
    subcommands = {shlex.split(c.line)[2] for c in commands if c.line.startswith("jupyter prod ")}
    assert {"check", "rules", "params", "export", "run"} <= subcommands
    for command in commands:
        runnable = (
            command.line in NOT_RUN or command.line.startswith("cd ") or argv_of(command.line)
        )
        assert runnable, f"{command.doc}: no test runs `{command.line}`"


def test_the_readme_opens_with_the_two_commands() -> None:
    first = shown(REPO / "README.md", "sh")[0]
    assert [line.split("#")[0].strip() for line in first.splitlines()] == ["make demo", "make test"]


@pytest.mark.slow
@pytest.mark.parametrize("doc", [d for d in DOCS if commands_of(d) or d.name in PYTHON_FOLDERS],
                         ids=lambda d: d.name)  # fmt: skip
def test_documented_commands_run_in_order(doc: Path, tmp_path: Path) -> None:
    SANDBOXES.get(doc.name, repository_root)(tmp_path)
    ran = run_commands(commands_of(doc), tmp_path)
    python = run_python_blocks(doc, tmp_path) if doc.name in PYTHON_FOLDERS else None
    CHECKS.get(doc.name, lambda *_: None)(tmp_path, ran, python)


# What each doc's commands must have done, beyond exiting as expected.
def _export_guide(sandbox: Path, ran: list[Ran], _python: object) -> None:
    assert [shlex.split(r.command.line)[2] for r in ran if r.command.line.startswith("jupyter")] == [
        "params", "export", "export", "run", "run",
    ]  # fmt: skip
    assert "MIN_QTY" in ran[0].out and (sandbox / "jobs" / "orders" / "job.yaml").is_file()
    assert "succeeded" in next(r.out for r in ran if "--list" in r.command.line)
    assert " passed" in next(r.out for r in ran if r.command.line.startswith("pytest"))


def _run_guide(sandbox: Path, ran: list[Ran], _python: object) -> None:
    demo = sandbox / "binder" / "demo"
    assert (demo / "q3_north.ipynb").is_file()
    printed = "\n".join(_normalised(r.err) for r in ran)
    shown_lines = _shown_output(REPO / "docs" / "users" / "run.md", "jupyter prod run: ")
    assert len(shown_lines) == 3  # the failed run, the unknown parameter, the wrong type
    for line in shown_lines:
        assert _normalised(line) in printed, f"run.md shows a message no command printed: {line}"
    failed = next(r for r in ran if "missing.csv" in r.command.line)
    assert "the job failed: cell 7" in failed.err and "FileNotFoundError" in failed.err
    listed = next(r for r in ran if "--list" in r.command.line).out
    assert listed.count("succeeded") == 3 and listed.count("failed: cell 7") == 1


def _shown_output(doc: Path, prefix: str) -> list[str]:
    """The lines of a doc's plain blocks (shown output) that start with `prefix`. A block
    written as a terminal session (`$ command` lines) shows another job than the doc's
    commands run (the data contract's, tested in tests/contract), and is left out."""
    return [
        line
        for block in shown(doc, "")
        if not block.lstrip().startswith("$ ")
        for line in block.splitlines()
        if line.startswith(prefix)
    ]


def _normalised(text: str) -> str:
    """Run ids and the folders before `jobs/` are the only parts that differ run to run."""
    text = re.sub(r"\d{8}T\d{6}Z(-\d+)?", "<run>", text)
    return re.sub(r"/\S*/(binder/demo/)?jobs/", "jobs/", text)


def _readme(sandbox: Path, ran: list[Ran], python: subprocess.CompletedProcess[str] | None) -> None:
    assert (sandbox / "binder" / "demo" / "jobs" / "sales_report_fixed" / "job.yaml").is_file()
    run = next(r for r in ran if r.command.line.startswith("jupyter prod run"))
    assert run.out.strip().endswith("output.ipynb")


def _widgets_guide(
    _sandbox: Path, _ran: list[Ran], python: subprocess.CompletedProcess[str] | None
) -> None:
    assert python is not None
    assert "HO001" in python.stdout and "HS004" in python.stdout and "HS006" not in python.stdout
    assert "Tr0ub4dor" not in python.stdout
    assert re.search(r"^succeeded /\S+/output\.ipynb$", python.stdout, re.MULTILINE), python.stdout


def _rule_reference(sandbox: Path, _ran: list[Ran], _python: object) -> None:
    generated = {
        p.name: p.read_text(encoding="utf-8") for p in (sandbox / "docs" / "rules").glob("*.md")
    }
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs" / "rules").glob("*.md")
    }
    assert generated == committed


CHECKS: dict[str, Callable[..., None]] = {
    "export.md": _export_guide, "run.md": _run_guide, "README.md": _readme,
    "widgets.md": _widgets_guide, "adding-a-rule.md": _rule_reference,
}  # fmt: skip


def test_comments_expected_exits_and_unknown_commands_are_read(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(
        "```sh\njupyter prod run j -p tag '#1'   # exits 1: it fails\nrm -rf data\n"
        "jupyter prod check nb.ipynb\n```\n",
        encoding="utf-8",
    )
    run, remove, check = commands_of(doc)
    assert run.line == "jupyter prod run j -p tag '#1'" and run.expected == {1}
    assert argv_of(remove.line) is None  # a command no runner understands fails the doc test
    assert check.expected == {0, 1}


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    pages = [*DOCS, REPO / "CHANGELOG.md"]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            path = (page.parent / target).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)} → {target}")
    assert not broken, broken
