"""Export fidelity on real notebooks (issue 12): does the exported job print what the notebook printed?

For each notebook of the corpus (`manifest.json`; public repositories laid out by `--prepare`):

1. run the ORIGINAL twice with papermill in a fresh kernel, in the notebook's folder, with a
   time limit (outputs that differ between the two runs are noise and are not compared);
2. export it with `jupyter prod export NB -o WORK/job` (from the notebook's folder); a refusal
   is recorded and the export is tried again with `--force`, to measure the job all the same;
3. run the job with `jupyter prod run WORK/job --cwd NB_FOLDER --output WORK/job-out.ipynb`;
4. compare every text output of every cell, per step (see `compare.py`).

Prints a line per notebook and the totals; `--results FILE` writes them as JSON, `--failures
FILE` a categorised Markdown list of what went wrong. The code under test is this checkout
(`PYTHONPATH`), run by the corpus's Python (`--python`, a venv with pandas, matplotlib,
scikit-learn... and the project's dependencies).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import fnmatch
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import (  # noqa: E402
    Comparison,
    compare,
    noisy_items,
    notebook_items,
    step_mapping,
)
from corpus import CorpusError, Repo, check_corpus, load_manifest, prepare  # noqa: E402

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]
DEFAULT_CORPUS = Path("/work/fidelity-corpus")
DEFAULT_PYTHON = Path("/work/fidelity-venv/bin/python")
KERNEL_START_FAILED = "Kernel died before replying to kernel_info"


@dataclass
class Outcome:
    """What happened to one notebook, at each stage."""

    repo: str
    notebook: str  # path inside the repo
    original: str = "not run"  # ok | failed | timed out
    original_error: str = ""
    export: str = "not run"  # ok | forced (refused, then --force) | refused | error | timed out
    export_message: str = ""
    job: str = "not run"  # ran | did not import | crashed | timed out | no output
    job_error: str = ""
    job_cell: int | None = None  # the job notebook's failing cell, 1-based
    mode: str = ""
    compared: int = 0
    reproduced: int = 0
    noisy: int = 0
    extra: int = 0
    timing_lost: int = 0
    first_difference: str = ""
    lost_cells: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def runnable(self) -> bool:
        """The original ran top to bottom without an error."""
        return self.original == "ok"

    @property
    def exported(self) -> bool:
        """A job was written (with or without `--force`)."""
        return self.export in ("ok", "forced")

    @property
    def full(self) -> bool:
        """The job ran and reproduced every compared output, printing nothing extra."""
        return self.job == "ran" and self.reproduced == self.compared and self.extra == 0

    def line(self) -> str:
        """The one-line summary printed for the notebook."""
        parts = [f"original {self.original}"]
        if self.runnable:
            parts.append(f"export {self.export}")
        if self.exported:
            job = self.job if self.job_cell is None else f"{self.job} (job cell {self.job_cell})"
            parts.append(f"job {job}")
        if self.mode:
            extra = f", {self.extra} extra" if self.extra else ""
            parts.append(f"outputs {self.reproduced}/{self.compared} ({self.noisy} noisy{extra})")
        if self.first_difference:
            parts.append(f"first diff {self.first_difference}")
        elif self.job_error:
            parts.append(self.job_error[:160])
        elif self.runnable and not self.exported and self.export_message:
            parts.append(self.export_message[:160])
        elif self.original_error:
            parts.append(self.original_error[:160])
        return f"{self.repo}/{self.notebook}: " + " | ".join(parts) + f"  [{self.seconds:.0f}s]"


class Runner:
    """Runs the corpus's commands with one environment and one time limit."""

    def __init__(self, python: Path, timeout: float, kernel: str, source: Path) -> None:
        self.python = python
        self.timeout = timeout
        self.kernel = kernel
        self.env = dict(os.environ)
        self.env["PATH"] = f"{python.parent}{os.pathsep}{self.env.get('PATH', '')}"
        self.env["PYTHONPATH"] = str(source)  # the jupyter_prod measured
        self.env["PYTHONHASHSEED"] = "0"  # set and dict-of-str orders repeat in every kernel
        self.env.pop("VIRTUAL_ENV", None)

    def run(self, arguments: list[str], cwd: Path, limit: float) -> tuple[int | None, str]:
        """(exit status or None when the limit was hit, stdout + stderr).

        Run once more when the kernel died while starting (seen under load on 2 shared cores):
        that says nothing of the notebook or the export.
        """
        status, output = self._run_once(arguments, cwd, limit)
        if status not in (0, None) and KERNEL_START_FAILED in output:
            status, output = self._run_once(arguments, cwd, limit)
        return status, output

    def _run_once(self, arguments: list[str], cwd: Path, limit: float) -> tuple[int | None, str]:
        process = subprocess.Popen(
            [str(self.python), *arguments], cwd=cwd, env=self.env, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        )  # fmt: skip
        try:
            output, _ = process.communicate(timeout=limit)
            return process.returncode, output
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            return None, output

    def papermill(self, notebook: Path, out: Path) -> tuple[int | None, str]:
        """Run a notebook with papermill in a fresh kernel, in its own folder."""
        arguments = ["-m", "papermill", str(notebook), str(out), "--cwd", str(notebook.parent),
                     "-k", self.kernel, "--no-progress-bar", "--log-level", "ERROR"]  # fmt: skip
        return self.run(arguments, notebook.parent, self.timeout)

    def jupyter_prod(self, arguments: list[str], cwd: Path, limit: float) -> tuple[int | None, str]:
        """`jupyter prod ...` from this checkout."""
        return self.run(["-m", "jupyter_prod.cli.main", *arguments], cwd, limit)


def measure(repo: Repo, notebook: Path, work: Path, runner: Runner) -> Outcome:
    """Run, export, run the job and compare, for one notebook (see the module doc)."""
    started = time.monotonic()
    outcome = Outcome(repo.repo, str(notebook.relative_to(notebook.parents[0])))
    outcome.notebook = notebook.as_posix().split(f"/{repo.folder_name}/", 1)[-1]
    work.mkdir(parents=True, exist_ok=True)
    try:
        runs = _run_original(outcome, notebook, work, runner)
        if runs is not None:
            job = _export(outcome, notebook, work, runner)
            if job is not None:
                _run_job_and_compare(outcome, notebook, work, job, runs, runner)
    finally:
        outcome.seconds = time.monotonic() - started
    return outcome


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return None


def _run_original(
    outcome: Outcome, notebook: Path, work: Path, runner: Runner
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    runs = []
    for number in (1, 2):
        out = work / f"original-{number}.ipynb"
        status, text = runner.papermill(notebook, out)
        if status != 0:
            outcome.original = "timed out" if status is None else "failed"
            outcome.original_error = _last_error(text) + (f" (run {number})" if number == 2 else "")
            return None
        data = _load(out)
        if data is None:
            outcome.original, outcome.original_error = "failed", "no output notebook"
            return None
        runs.append(data)
    outcome.original = "ok"
    return runs[0], runs[1]


def _export(outcome: Outcome, notebook: Path, work: Path, runner: Runner) -> Path | None:
    job = work / "job"
    base = ["export", str(notebook), "-o", str(job), "--kernel", runner.kernel,
            "--timeout", str(runner.timeout)]  # fmt: skip
    limit = 3 * runner.timeout + 60
    status, text = runner.jupyter_prod(base, notebook.parent, limit)
    (work / "export.log").write_text(text, encoding="utf-8")
    if status == 0:
        outcome.export = "ok"
        return job
    outcome.export_message = _export_message(text)
    if status is None:
        outcome.export = "timed out"
        return None
    if status != 1 or "Traceback" in text:
        outcome.export = "error"
        return None
    status, forced = runner.jupyter_prod([*base, "--force"], notebook.parent, limit)
    (work / "export-forced.log").write_text(forced, encoding="utf-8")
    outcome.export = "forced" if status == 0 else "refused"
    return job if status == 0 else None


def _run_job_and_compare(
    outcome: Outcome,
    notebook: Path,
    work: Path,
    job: Path,
    runs: tuple[dict[str, Any], dict[str, Any]],
    runner: Runner,
) -> None:
    out = work / "job-out.ipynb"
    arguments = ["run", str(job), "--cwd", str(notebook.parent), "--output", str(out),
                 "--no-progress"]  # fmt: skip
    status, text = runner.jupyter_prod(arguments, notebook.parent, 2 * runner.timeout + 30)
    (work / "run.log").write_text(text, encoding="utf-8")
    result = _load(out)
    if status is None:
        outcome.job = "timed out"
    elif result is None:
        outcome.job, outcome.job_error = "no output", _last_error(text)
        return
    else:
        outcome.job = "ran" if status == 0 else _job_failure(outcome, result, text)
    if result is not None:
        _compare_outputs(outcome, notebook, work, runs, result)


def _compare_outputs(
    outcome: Outcome,
    notebook: Path,
    work: Path,
    runs: tuple[dict[str, Any], dict[str, Any]],
    result: dict[str, Any],
) -> None:
    paths = {str(work): "<work>", str(notebook.parent): "<nbdir>"}
    run1, run2 = notebook_items(runs[0], paths), notebook_items(runs[1], paths)
    report = work / "job" / "export-report.md"
    mapping = step_mapping(report.read_text(encoding="utf-8"), result) if report.is_file() else None
    _record(outcome, compare(run1, noisy_items(run1, run2), notebook_items(result, paths), mapping))


def rescore(results: Path, corpus: Path) -> list[Outcome]:
    """The outcomes of an earlier run, compared again from its work folder (no notebook runs).

    For a change of `compare.py`: the runs, exports and jobs stay as they were.
    """
    data = json.loads(results.read_text(encoding="utf-8"))
    work = Path(data["work"])
    outcomes = []
    for index, saved in enumerate(data["notebooks"]):
        saved.pop("category", None)
        outcome = Outcome(**saved)
        repo_folder = outcome.repo.replace("/", "+")
        notebook = corpus / repo_folder / outcome.notebook
        folder = work / f"{index:03d}-{notebook.stem[:40]}"
        runs = (_load(folder / "original-1.ipynb"), _load(folder / "original-2.ipynb"))
        result = _load(folder / "job-out.ipynb")
        if runs[0] and runs[1] and result and outcome.runnable and outcome.exported:
            _compare_outputs(outcome, notebook, folder, (runs[0], runs[1]), result)
        outcomes.append(outcome)
    return outcomes


def _record(outcome: Outcome, comparison: Comparison) -> None:
    outcome.mode = comparison.mode
    outcome.compared, outcome.reproduced = comparison.compared, comparison.reproduced
    outcome.noisy, outcome.extra = comparison.noisy, comparison.extra
    outcome.timing_lost = comparison.timing_lost
    outcome.lost_cells = comparison.lost_cells
    if comparison.first is not None:
        outcome.first_difference = comparison.first.short()


def _job_failure(outcome: Outcome, result: dict[str, Any], text: str) -> str:
    """Which cell of the job failed and how: 'did not import' when no step cell ran."""
    outcome.job_error = _last_error(text)
    for index, cell in enumerate(result.get("cells", [])):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            outcome.job_cell = index + 1
            source = "".join(cell.get("source", ""))
            error = f"{errors[0].get('ename')}: {errors[0].get('evalue')}"
            outcome.job_error = f"{error} in `{source.strip()[:80]}`"
            return "did not import" if "import steps" in source else "crashed"
    return "crashed"


def _last_error(text: str) -> str:
    """The most telling line of a command's output: its last error-looking line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line or "Exception" in line:
            return line[:300]
    return lines[-1][:300] if lines else ""


def _export_message(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    picked = [line for line in lines if "refus" in line or "error" in line.lower()]
    return " / ".join((picked or lines)[:4])[:400]


def totals(outcomes: list[Outcome]) -> dict[str, Any]:
    """The figures of issue 12 over the whole run."""
    runnable = [o for o in outcomes if o.runnable]
    compared = sum(o.compared for o in runnable)
    reproduced = sum(o.reproduced for o in runnable if o.exported)
    timing = sum(o.timing_lost for o in runnable)
    return {
        "notebooks": len(outcomes),
        "runnable_originals": len(runnable),
        "exported": sum(o.export == "ok" for o in runnable),
        "exported_only_with_force": sum(o.export == "forced" for o in runnable),
        "export_refused_or_failed": sum(not o.exported for o in runnable),
        "jobs_ran": sum(o.job == "ran" for o in runnable),
        "full_fidelity": sum(o.full for o in runnable),
        "full_fidelity_without_force": sum(o.full and o.export == "ok" for o in runnable),
        # every output but the timing lines of `%time`/`%timeit` (a job runs the statement only)
        "full_fidelity_but_timing_lines": sum(_full_but_timing(o) for o in runnable),
        "notebooks_with_outputs": sum(o.compared > 0 for o in runnable),
        "outputs_compared": compared,
        "outputs_reproduced": reproduced,
        "outputs_reproduced_share": round(reproduced / compared, 4) if compared else None,
        "timing_lines_lost": timing,
        "outputs_reproduced_share_without_timing_lines": (
            round(reproduced / (compared - timing), 4) if compared > timing else None
        ),
        "noisy_outputs_excluded": sum(o.noisy for o in runnable),
        "extra_outputs": sum(o.extra for o in runnable),
    }


def _full_but_timing(outcome: Outcome) -> bool:
    return (
        outcome.job == "ran"
        and outcome.reproduced + outcome.timing_lost == outcome.compared
        and outcome.extra == 0
    )


def totals_text(figures: dict[str, Any]) -> str:
    """The totals as the lines printed at the end of a run."""
    share = figures["outputs_reproduced_share"]
    share_text = _percent(share)
    runnable = figures["runnable_originals"]
    return "\n".join([
        f"notebooks: {figures['notebooks']}, runnable originals: {runnable}",
        f"exported: {figures['exported']} (+{figures['exported_only_with_force']} only with "
        f"--force; {figures['export_refused_or_failed']} refused or failed)",
        f"jobs ran: {figures['jobs_ran']} of {runnable}",
        f"full-fidelity notebooks: {figures['full_fidelity']} of {runnable} "
        f"({figures['full_fidelity_without_force']} without --force; "
        f"{figures.get('full_fidelity_but_timing_lines', '?')} but for %time/%timeit lines)",
        f"outputs reproduced: {figures['outputs_reproduced']} of {figures['outputs_compared']} "
        f"({share_text}; {figures['noisy_outputs_excluded']} noisy outputs excluded, "
        f"{figures['extra_outputs']} extra outputs in jobs)",
        f"  without the {figures['timing_lines_lost']} %time/%timeit lines the jobs do not print: "
        f"{_percent(figures['outputs_reproduced_share_without_timing_lines'])}",
    ])  # fmt: skip


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.1f} %"


def category(outcome: Outcome) -> str | None:
    """The failure category of a runnable notebook, or None when it is fully reproduced."""
    if not outcome.runnable:
        return None
    if outcome.export == "forced":
        label = "export refused (measured with --force)"
    elif not outcome.exported:
        return f"export {outcome.export}"
    else:
        label = ""
    if outcome.job == "did not import":
        return "job did not import" + (f"; {label}" if label else "")
    if outcome.job in ("crashed", "timed out", "no output"):
        return f"job {outcome.job}" + (f"; {label}" if label else "")
    if not outcome.full:
        return "output lost or different" + (f"; {label}" if label else "")
    return label or None


def failures_markdown(outcomes: list[Outcome], header: str) -> str:
    """The categorised list of failures, as Markdown."""
    by_category: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        name = category(outcome)
        if name is not None:
            by_category.setdefault(name, []).append(outcome)
    lines = [header, ""]
    for name in sorted(by_category):
        lines += [f"### {name} ({len(by_category[name])})", ""]
        for o in by_category[name]:
            what = o.first_difference or o.job_error or o.export_message
            cells = f"; cells with a lost output: {o.lost_cells[:12]}" if o.lost_cells else ""
            score = f" {o.reproduced}/{o.compared}" if o.mode else ""
            lines.append(f"- `{o.repo}/{o.notebook}`{score}: {what}{cells}")
        lines.append("")
    not_runnable = [o for o in outcomes if not o.runnable]
    if not_runnable:
        lines += [f"### original not runnable here, excluded ({len(not_runnable)})", ""]
        lines += [
            f"- `{o.repo}/{o.notebook}`: {o.original}: {o.original_error}" for o in not_runnable
        ]
    return "\n".join(lines) + "\n"


def _select(pairs: list[tuple[Repo, Path]], pattern: str | None) -> list[tuple[Repo, Path]]:
    if not pattern:
        return pairs
    glob = any(ch in pattern for ch in "*?[")
    chosen = []
    for repo, notebook in pairs:
        name = f"{repo.repo}/{notebook.name}"
        full = f"{repo.repo}/{notebook}"
        if glob and (fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(full, pattern)):
            chosen.append((repo, notebook))
        elif not glob and pattern.lower() in full.lower():
            chosen.append((repo, notebook))
    return chosen


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.json")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"where the repositories are laid out (default {DEFAULT_CORPUS})")  # fmt: skip
    parser.add_argument("--prepare", action="store_true",
                        help="lay the corpus out from the mirrors in the manifest, then measure")  # fmt: skip
    parser.add_argument("--prepare-only", action="store_true", help="lay the corpus out and stop")
    parser.add_argument("--python", type=Path, default=None,
                        help=f"the corpus's Python (default {DEFAULT_PYTHON} if present)")  # fmt: skip
    parser.add_argument("--source", type=Path, default=CHECKOUT,
                        help="the folder holding the jupyter_prod to measure (default: this "
                        "checkout; e.g. `git archive COMMIT jupyter_prod | tar -x -C DIR`)")  # fmt: skip
    parser.add_argument("--kernel", default="python3", help="kernel for every run (python3)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds for one run of one notebook (120)")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=1, help="notebooks measured at once (1)")
    parser.add_argument("--only", metavar="PATTERN",
                        help="notebooks whose repo/path contains PATTERN (or matches a glob)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="folder for runs and jobs (default: a new temp)")
    parser.add_argument("--results", type=Path, help="write the figures and outcomes as JSON")
    parser.add_argument("--failures", type=Path, help="write the categorised failures (Markdown)")
    parser.add_argument("--rescore", type=Path, metavar="RESULTS.json",
                        help="compare again the runs of an earlier --results file (its work "
                        "folder), without running anything; writes --results/--failures anew")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Measure the corpus; 0 when it ran (whatever the figures), 2 on a usage or corpus error."""
    args = parse_arguments(argv)
    try:
        manifest = load_manifest(args.manifest)
        if args.prepare or args.prepare_only:
            prepare(manifest, args.corpus)
            if args.prepare_only:
                return 0
        missing = check_corpus(manifest, args.corpus)
        if missing:
            raise CorpusError(
                f"{len(missing)} notebook(s) of the manifest are not in {args.corpus} (first: "
                f"{missing[0]}); lay the corpus out with --prepare"
            )
    except CorpusError as error:
        print(f"run_fidelity: {error}", file=sys.stderr)
        return 2
    if args.rescore:
        return _rescore(args)
    python = args.python or (DEFAULT_PYTHON if DEFAULT_PYTHON.exists() else Path(sys.executable))
    if not python.exists():
        print(f"run_fidelity: no Python at {python}", file=sys.stderr)
        return 2
    pairs = _select(manifest.notebooks(args.corpus), args.only)
    if not pairs:
        print(f"run_fidelity: no notebook matches {args.only!r}", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="fidelity-"))
    if not (args.source / "jupyter_prod" / "__init__.py").is_file():
        print(f"run_fidelity: no jupyter_prod package in {args.source}", file=sys.stderr)
        return 2
    runner = Runner(python, args.timeout, args.kernel, args.source)
    outcomes = _measure_all(pairs, work, runner, max(1, args.jobs), args.failures)
    figures = totals(outcomes)
    print("\n" + totals_text(figures))
    print(f"work folder (runs, jobs, logs): {work}")
    if args.results:
        _write_results(args, outcomes, figures, python)
    return 0


def _rescore(args: argparse.Namespace) -> int:
    try:
        outcomes = rescore(args.rescore, args.corpus)
        earlier = json.loads(args.rescore.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"run_fidelity: cannot rescore {args.rescore}: {error}", file=sys.stderr)
        return 2
    for number, outcome in enumerate(outcomes, start=1):
        print(f"[{number}/{len(outcomes)}] {outcome.line()}")
    figures = totals(outcomes)
    print("\n" + totals_text(figures))
    if args.failures:
        header = f"## Failures ({len(outcomes)} notebooks measured)"
        args.failures.write_text(failures_markdown(outcomes, header), encoding="utf-8")
    if args.results:
        earlier.update(totals=figures, rescored=True)
        earlier["notebooks"] = [asdict(o) | {"category": category(o)} for o in outcomes]
        args.results.write_text(json.dumps(earlier, indent=1) + "\n", encoding="utf-8")
    return 0


def _measure_all(
    pairs: list[tuple[Repo, Path]],
    work: Path,
    runner: Runner,
    jobs: int,
    failures: Path | None,
) -> list[Outcome]:
    """Measure every notebook, `jobs` at a time, printing each line as it is done."""
    lock = threading.Lock()
    done: dict[int, Outcome] = {}

    def one(index: int) -> None:
        repo, notebook = pairs[index]
        outcome = measure(repo, notebook, work / f"{index:03d}-{notebook.stem[:40]}", runner)
        with lock:
            done[index] = outcome
            print(f"[{len(done)}/{len(pairs)}] {outcome.line()}", flush=True)
            if failures is not None:
                ordered = [done[i] for i in sorted(done)]
                header = f"## Failures so far ({len(done)} of {len(pairs)} notebooks measured)"
                failures.write_text(failures_markdown(ordered, header), encoding="utf-8")

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(one, i) for i in range(len(pairs))]:
            future.result()
    return [done[i] for i in range(len(pairs))]


def _write_results(
    args: argparse.Namespace, outcomes: list[Outcome], figures: dict[str, Any], python: Path
) -> None:
    commit = subprocess.run(["git", "-C", str(CHECKOUT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "-C", str(CHECKOUT), "status", "--porcelain", "jupyter_prod"],
                           capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    data = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "jupyter_prod_modified_in_work_tree": bool(dirty),
        "command": shlex.join([sys.executable, *sys.argv]),
        "source": str(args.source),
        "work": str(args.work),
        "python": str(python),
        "timeout": args.timeout,
        "totals": figures,
        "notebooks": [asdict(o) | {"category": category(o)} for o in outcomes],
    }
    args.results.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
