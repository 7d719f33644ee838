"""Benchmark `jupyter prod check` against ruff on the same notebooks, in the same run.

    python bench/bench_check.py [--count 1000] [--seed 0] [--profile]

Machines here are shared and noisy, so every number is printed beside a reference measured in
the same run (ruff; the json.loads + ast.parse floor) and the targets of issue 2 are checked on
those ratios and absolute values. This is a benchmark, not a timed test: it never fails a build.

- (a) wall time: `ruff check` and `jupyter prod check --format json` over the whole corpus,
  interleaved, `--repeats` times each after one untimed warm-up; median; ratio (target <= 3x);
- (b) peak memory of our check over the corpus, the process pool included (target < 300 MB);
- (c) in-process time of `api.check_file` on the 300-cell notebook (warm, median of `--runs`)
  beside the floor: `json.loads` + `ast.parse` of its code cells (target < 50 ms);
- `--profile`: a per-phase table and cProfile's top entries for one 300-cell run, the one-time
  cost of a fresh process, and cProfile over `--profile-count` corpus notebooks.

`--source DIR` measures the `jupyter_prod` in DIR instead of this checkout, e.g. a snapshot of one
commit (`git archive HEAD jupyter_prod | tar -x -C DIR`) while others keep editing the working tree.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

import make_corpus  # noqa: E402
from bench_memory import peak_memory  # noqa: E402

TARGET_RATIO, TARGET_MB, TARGET_MS = 3.0, 300.0, 50.0
OUT_DIR = os.path.join(BENCH, "out")  # gitignored, like bench/corpus/
# The folder holding the `jupyter_prod` that is measured: this checkout, or `--source` (a snapshot
# of one commit, so that other people's uncommitted edits do not change the numbers mid-run).
SOURCE = ROOT


# ---------------------------------------------------------------------- set-up
def ensure_corpus(folder: str, count: int, seed: int) -> dict[str, Any]:
    """The corpus for (count, seed), generated only when missing or made with other arguments."""
    try:
        with open(os.path.join(folder, make_corpus.MANIFEST), encoding="utf-8") as handle:
            manifest: dict[str, Any] = json.load(handle)
        same = (manifest.get("count"), manifest.get("seed"), manifest.get("generator")) == (
            count,
            seed,
            make_corpus.GENERATOR_VERSION,
        )
        if same and all(os.path.exists(os.path.join(folder, f)) for f in manifest["files"]):
            return manifest
    except (OSError, ValueError, KeyError):
        pass
    print(
        f"generating {count} notebooks (seed {seed}) into {os.path.relpath(folder)} ...", flush=True
    )
    return make_corpus.generate(folder, count, seed)


def find_ruff() -> str:
    beside_python = os.path.join(os.path.dirname(sys.executable), "ruff")
    found = shutil.which("ruff") or (beside_python if os.path.exists(beside_python) else None)
    if found is None:
        sys.exit("ruff not found: it is the speed reference (`pip install ruff`)")
    return found


def our_environment() -> dict[str, str]:
    """Our commands run with cwd=SOURCE (`python -m` puts the cwd first on sys.path) and PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = SOURCE + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def preflight() -> None:
    """Stop early, with a sentence, when our check cannot run at all on this checkout."""
    probe = subprocess.run(
        [sys.executable, "-c", "import jupyter_prod.api, jupyter_prod.analysis.secrets"],
        env=our_environment(),
        cwd=SOURCE,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        sys.exit(
            f"jupyter_prod cannot be imported from {SOURCE}: {last}\n"
            "(every notebook would be an internal error; nothing worth timing)"
        )


# --isolated: the project's own ruff settings (extend-exclude = bench/corpus) must not apply;
# --no-respect-gitignore: bench/corpus/ is gitignored, and ruff would skip it.
RUFF_CHECK = "check --isolated --no-respect-gitignore --no-cache --select E,F,W --output-format concise --exit-zero"


def ruff_command(ruff: str, corpus: str) -> list[str]:
    return [ruff, *RUFF_CHECK.split(), corpus]


def our_command(corpus: str, output: str) -> list[str]:
    check = ["-m", "jupyter_prod.cli.main", "check", corpus, "--format", "json", "--no-progress",
             "--no-cache"]  # a cold check: every notebook analysed
    return [sys.executable, *check, "--output", output]


def machine() -> dict[str, str]:
    ruff = subprocess.run([find_ruff(), "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        "python": platform.python_version(),
        "ruff": ruff,
        "checkout": commit or "?",
        "measured": "this checkout" if SOURCE == ROOT else SOURCE,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ---------------------------------------------------------------------- (a) wall time
def run_once(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user + system, worker processes included), exit status, stderr."""
    with tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=SOURCE, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(process.pid, 0)  # rusage of the command and its reaped children
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, process.returncode, stderr.read()


def check_our_report(path: str, expected: int) -> str:
    """One line on what our check reported, so a broken run cannot pass for a fast one."""
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    notebooks = report["notebooks"]
    errors = Counter(nb["error"]["code"] for nb in notebooks if nb.get("error"))
    findings = sum(len(nb.get("findings") or []) for nb in notebooks)
    line = f"{len(notebooks)} notebooks, {findings} findings, errors: {dict(errors) or 'none'}"
    if len(notebooks) != expected or errors.get("internal-error"):
        line += "  <-- NOT REPRESENTATIVE"
    return line


def wall_time(corpus: str, count: int, repeats: int) -> dict[str, Any]:
    ruff, env = find_ruff(), our_environment()
    output = os.path.join(OUT_DIR, "check.json")
    seen = subprocess.run(
        [ruff, "check", "--isolated", "--no-respect-gitignore", "--show-files", corpus],
        capture_output=True,
        text=True,
    ).stdout.count(".ipynb")
    print(f"  ruff sees {seen} notebooks (expected {count})")
    commands = {
        "ruff": (ruff_command(ruff, corpus), None),
        "ours": (our_command(corpus, output), env),
    }
    for name, (command, command_env) in commands.items():  # warm-up: page cache, .pyc files
        seconds, _, status, stderr = run_once(command, command_env)
        if name == "ours" and status not in (0, 1):
            sys.exit(f"our check exited {status}:\n{stderr[-2000:]}")
        print(f"  warm-up {name}: {seconds:.2f} s, exit {status}")
    print(f"  our report: {check_our_report(output, count)}")
    times: dict[str, list[float]] = {"ruff": [], "ours": []}
    cpu: dict[str, list[float]] = {"ruff": [], "ours": []}
    for _ in range(repeats):
        for name, (command, command_env) in commands.items():
            wall, used, _, _ = run_once(command, command_env)
            times[name].append(wall)
            cpu[name].append(used)
    ruff_s, ours_s = statistics.median(times["ruff"]), statistics.median(times["ours"])
    ratio = ours_s / ruff_s
    ruff_cpu, ours_cpu = statistics.median(cpu["ruff"]), statistics.median(cpu["ours"])
    print(
        f"  ruff check  : {ruff_s:7.2f} s wall   runs {_fmt(times['ruff'], 's')}   CPU {ruff_cpu:.2f} s"
    )
    print(
        f"  prod check  : {ours_s:7.2f} s wall   runs {_fmt(times['ours'], 's')}   CPU {ours_cpu:.2f} s"
    )
    print(
        f"  ratio       : {ratio:7.2f}x ruff (wall, medians)   {_verdict(ratio, TARGET_RATIO, 'x')}"
    )
    print(
        f"  CPU ratio   : {ours_cpu / ruff_cpu:7.2f}x ruff (user + system; less sensitive to other load)"
    )
    floor_cpu = corpus_floor(corpus)
    print(
        f"  floor       : {floor_cpu:7.2f} s CPU  json.loads + ast.parse of every notebook, one process"
        f" = {floor_cpu / ruff_cpu:.2f}x ruff's CPU; our check used {ours_cpu / floor_cpu:.1f}x the floor"
    )
    return {"ruff_s": ruff_s, "ours_s": ours_s, "ratio": ratio, "runs": times, "cpu": cpu}


def corpus_floor(corpus: str) -> float:
    """CPU seconds of the parse floor over the whole corpus: what Python pays before any analysis."""
    files = make_corpus.notebooks_in(corpus)
    start = time.process_time()
    for file in files:
        parse_floor(file)
    return time.process_time() - start


# ---------------------------------------------------------------------- (b) memory
def memory(corpus: str) -> dict[str, Any]:
    output = os.path.join(OUT_DIR, "check-memory.json")
    ours = peak_memory(our_command(corpus, output), our_environment(), cwd=SOURCE)
    ruff = peak_memory(ruff_command(find_ruff(), corpus), None, cwd=SOURCE)
    print(
        f"  prod check  : peak {ours['tree_rss_mb']:6.1f} MB summed RSS of the process tree "
        f"({ours['processes']} processes), {ours['tree_pss_mb']:.1f} MB PSS, "
        f"largest single process {ours['max_rss_mb']:.1f} MB (rusage)"
    )
    print(
        f"  vs target   : {ours['tree_rss_mb'] / TARGET_MB:6.2f}x of {TARGET_MB:.0f} MB   "
        f"{_verdict(ours['tree_rss_mb'], TARGET_MB, ' MB', strict=True)}"
    )
    print(
        f"  ruff (ref.) : peak {ruff['tree_rss_mb']:6.1f} MB RSS; ours is {ours['tree_rss_mb'] / ruff['tree_rss_mb']:.1f}x"
    )
    return {"ours": ours, "ruff": ruff}


# ---------------------------------------------------------------------- (c) one notebook in-process
def parse_floor(path: str) -> int:
    """The least any static analysis does: read the JSON, parse each code cell (errors included)."""
    with open(path, "rb") as handle:
        document = json.loads(handle.read())
    parsed = 0
    for cell in document["cells"]:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            ast.parse(source if isinstance(source, str) else "".join(source))
            parsed += 1
        except SyntaxError:  # magics: the parser still did the work
            pass
    return parsed


def single_notebook(path: str, runs: int) -> dict[str, Any]:
    from jupyter_prod import api

    report = api.check_file(path)  # warm: imports, lazy tables, IPython's transformer
    parse_floor(path)
    if report.error is not None:
        print(f"  WARNING: {os.path.basename(path)} -> {report.error}")
    ours, floor = [], []
    for _ in range(runs):  # interleaved, so a burst of load hits both
        ours.append(_timed(lambda: api.check_file(path)))
        floor.append(_timed(lambda: parse_floor(path)))
    ours_ms, floor_ms = statistics.median(ours) * 1e3, statistics.median(floor) * 1e3
    size = os.path.getsize(path) / 1e6
    print(f"  {os.path.basename(path)} ({size:.2f} MB, {len(report.findings)} findings)")
    print(
        f"  check_file  : {ours_ms:7.1f} ms  median of {runs} (min {min(ours) * 1e3:.1f})   "
        f"{_verdict(ours_ms, TARGET_MS, ' ms', strict=True)}"
    )
    print(
        f"  floor       : {floor_ms:7.1f} ms  json.loads + ast.parse of every code cell (min {min(floor) * 1e3:.1f})"
    )
    print(
        f"  ratio       : {ours_ms / floor_ms:7.2f}x the floor (medians); "
        f"{min(ours) / min(floor):.2f}x (fastest runs)"
    )
    return {"ours_ms": ours_ms, "floor_ms": floor_ms, "ratio": ours_ms / floor_ms}


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


# ---------------------------------------------------------------------- helpers
def _fmt(values: list[float], unit: str) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in values) + f"] {unit}"


def _verdict(value: float, target: float, unit: str, strict: bool = False) -> str:
    met = value < target if strict else value <= target
    if met:
        return f"(target {'<' if strict else '<='} {target:g}{unit}: met)"
    return f"(target {'<' if strict else '<='} {target:g}{unit}: MISSED by {(value / target - 1) * 100:.0f}%)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count", type=int, default=1000, help="notebooks in the corpus (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--corpus", default=os.path.join(BENCH, "corpus"), help="corpus folder")
    parser.add_argument(
        "--source",
        default=ROOT,
        help="folder holding the jupyter_prod to measure (default: this checkout)",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="timed runs of each command (default 3)"
    )
    parser.add_argument(
        "--runs", type=int, default=20, help="in-process runs on the 300-cell notebook"
    )
    parser.add_argument(
        "--only",
        default="wall,memory,single",
        help="comma-separated parts to run: wall, memory, single (default: all)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a profile of one 300-cell run, of a fresh process's start, "
        "and of --profile-count corpus notebooks",
    )
    parser.add_argument(
        "--profile-count", type=int, default=100, help="notebooks in the corpus profile"
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    global SOURCE
    SOURCE = os.path.abspath(args.source)
    sys.path.insert(0, SOURCE)  # for the in-process parts; the package need not be pip-installed
    args.corpus = os.path.abspath(args.corpus)
    os.makedirs(OUT_DIR, exist_ok=True)
    preflight()
    manifest = ensure_corpus(args.corpus, args.count, args.seed)
    info = machine()
    print("  ".join(f"{k}: {v}" for k, v in info.items()))
    print(
        f"corpus: {os.path.relpath(args.corpus)}  {manifest['count']} notebooks, {manifest['cells']} cells, "
        f"{manifest['bytes'] / 1e6:.1f} MB (seed {manifest['seed']})"
    )
    if "wall" in parts:
        print(
            f"\n(a) wall time over {manifest['count']} notebooks, median of {args.repeats} interleaved runs"
        )
        wall_time(args.corpus, manifest["count"], args.repeats)
    if "memory" in parts:
        print(f"\n(b) peak memory of the check over {manifest['count']} notebooks")
        memory(args.corpus)
    reference = os.path.join(args.corpus, make_corpus.REFERENCE_NOTEBOOK)
    if "single" in parts:
        print("\n(c) one 300-cell notebook, in-process, warm")
        single_notebook(reference, args.runs)
    if args.profile:
        from bench_profile import cold_start, corpus_profile, profile_notebook

        print("\nprofile of one 300-cell run")
        profile_notebook(reference)
        print("profile of the corpus run")
        cold_start(reference, our_environment(), SOURCE)
        corpus_profile(make_corpus.notebooks_in(args.corpus)[: args.profile_count])
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
