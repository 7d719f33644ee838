"""`export_notebook`: a notebook in, a job folder out (see the package docstring)."""

from __future__ import annotations

import keyword
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis.facts import NotebookFacts, analyse
from ..findings.finding import Finding
from ..findings.redact import Redactor
from ..notebook.model import Notebook
from ..notebook.reader import NotebookReadError, load_notebook
from ..rules.checker import run_rules
from ..rules.registry import select_rules
from .dependencies import dependencies, installed_modules
from .entry_point import entry_point_files
from .errors import (
    BadOption,
    BrokenPackage,
    ExportRefused,
    JobExists,
    NotebookUnreadable,
    VerificationFailed,
)
from .job_files import JOB_FILE, job_yaml, pyproject_toml, readme, requirements_txt
from .job_notebook import job_notebook, notebook_text
from .kept_cells import KeptCell
from .modules import render_package
from .package_check import check_job_parameters, check_package
from .plan import ExportPlan, build_plan
from .report import ExportReport
from .spark import spark_plan
from .spark_job import adapt_files
from .spark_sample import checks_on_pandas, run_sample
from .staging import Staging, check_replaceable, restore_moved_aside

ENGINES = ("local", "spark")
REPORT_FILE = "export-report.md"
# Families whose findings make an export risky; errors among them refuse it (unless --force).
RISK_SELECTORS = ["hidden-state", "untested", "HO001"]


@dataclass(frozen=True)
class ExportOptions:
    output: str | None = None  # the job folder; None: jobs/<name> beside the notebook
    name: str | None = None  # the job's name; None: from the notebook's file name
    engine: str = "local"
    force: bool = False  # overwrite an existing job; export despite hidden-state errors
    # Run the job and compare its outputs with the notebook's, cell by cell: True (--verify)
    # fails the export on any difference; None (the default) does so when the notebook ran,
    # and reports differences that only cells kept as written show; False skips it.
    verify: bool | None = None
    run: bool = True  # run the notebook to record characterisation tests
    kernel: str | None = None  # None: the notebook's kernelspec
    timeout: float = 300.0  # seconds per cell for the runs


@dataclass
class ExportResult:
    job_dir: str
    report: ExportReport


MAX_ATTEMPTS = 4  # the first plan, then up to three with more cells kept as written


def export_notebook(
    path: str | os.PathLike[str], options: ExportOptions | None = None
) -> ExportResult:
    """Export, checking the job: a step that does not compile, or whose run gives other outputs
    than the notebook's, is exported again with its cells kept as written in the job notebook
    (the notebook's own code, run by the kernel as the notebook ran it)."""
    options = options or ExportOptions()
    plan, target, findings = plan_export(path, options)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return _write(plan, target, options, findings)
        except (BrokenPackage, VerificationFailed) as error:
            if not _can_keep(error, plan) or attempt == MAX_ATTEMPTS:
                raise
            plan = build_plan(plan.facts, plan.name, plan.package, _kept_after(error, plan))
    raise AssertionError("unreachable")


def _can_keep(error: BrokenPackage | VerificationFailed, plan: ExportPlan) -> bool:
    kept = getattr(error, "kept", False)
    return bool(error.cells) and not kept and not set(error.cells) <= set(plan.kept)


def _kept_after(error: BrokenPackage | VerificationFailed, plan: ExportPlan) -> dict[int, KeptCell]:
    """The plan's kept cells, and the cells of the step that failed, with the reason."""
    why = ("the package could not hold it" if isinstance(error, BrokenPackage)
           else "moved into the package, it gave other outputs")  # fmt: skip
    detail = error.message.split(": ", 1)[-1]
    kept = dict(plan.kept)
    for cell in error.cells:
        kept.setdefault(cell, KeptCell(cell, 1, f"{why} ({_clip(detail)})"))
    return kept


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_export(
    path: str | os.PathLike[str], options: ExportOptions
) -> tuple[ExportPlan, Path, list[Finding]]:
    """Everything an export decides before writing: the plan, the target folder and the risky
    findings; raises the export's refusals (`JobExists`, `ExportRefused`, `BadOption`...)."""
    check_options(options)
    notebook = read_notebook(path)
    name = job_name(options.name or Path(path).stem)
    target = job_folder(Path(path), options.output, name)
    check_target(target, Path(path), options.force)
    facts = analyse(notebook)
    findings = risks(facts, options.engine)
    refuse_errors(findings, options.force)
    refuse_secrets(facts)
    plan = build_plan(facts, name, package_name(name))
    if plan.blockers:
        raise ExportRefused("the notebook cannot be exported as it is:", plan.blockers)
    if options.engine == "spark":
        from .spark import spark_blockers

        blockers = spark_blockers(facts)
        if blockers:
            raise ExportRefused("the Spark engine cannot run this notebook:", blockers)
    return plan, target, findings


def refuse_secrets(facts: NotebookFacts) -> None:
    """A hard-coded secret is never written into a job, not even with `--force`: a job's files
    are made to be committed, shared and scheduled."""
    if facts.secrets:
        reasons = [f"cell {hit.cell + 1}, line {hit.line}: a hard-coded {hit.kind}"
                   + (f" in `{hit.name}`" if hit.name else "") for hit in facts.secrets]  # fmt: skip
        raise ExportRefused(
            "the notebook holds hard-coded secrets, which a job must not carry (not even with "
            "--force): read them from the environment first (HO001's fix in `jupyter prod check` "
            "does it):",
            reasons,
        )


def check_options(options: ExportOptions) -> None:
    if options.engine not in ENGINES:
        raise BadOption(f"unknown engine {options.engine!r} (choose from {', '.join(ENGINES)})")
    if options.kernel is not None:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            KernelSpecManager().get_kernel_spec(options.kernel)
        except NoSuchKernel:
            raise BadOption(f"no Jupyter kernel named {options.kernel!r} is installed here "
                            "(see `jupyter kernelspec list`)") from None  # fmt: skip


def read_notebook(path: str | os.PathLike[str]) -> Notebook:
    try:
        return load_notebook(path)
    except NotebookReadError as error:
        raise NotebookUnreadable(f"cannot read {os.fspath(path)}: {error.message}") from None


def job_name(text: str) -> str:
    """A name usable for a folder, a notebook and a Python package: `Sales Report (v2)` →
    `sales_report_v2`."""
    name = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower() or "job"
    if name[0].isdigit():
        name = "job_" + name
    return name + "_" if keyword.iskeyword(name) else name


def package_name(name: str) -> str:
    """The job's package: its name, unless that would hide a module Python already has."""
    # Installed distributions, not whatever folder happens to be on sys.path here.
    shadows = name in sys.stdlib_module_names or name in installed_modules()
    return name + "_job" if shadows or name in ("steps", "functions", "tests") else name


def job_folder(notebook: Path, output: str | None, name: str) -> Path:
    return Path(output) if output else notebook.parent / "jobs" / name


def check_target(target: Path, notebook: Path, force: bool) -> None:
    real_target, real_notebook = target.resolve(), notebook.resolve()
    if real_target == real_notebook.parent or real_target in real_notebook.parents:
        raise JobExists(f"{target} holds the notebook itself: choose another folder with -o")
    if target.parent.is_dir():
        restore_moved_aside(target)  # a job an interrupted export had moved aside
    if target.exists() and not target.is_dir():
        raise JobExists(f"{target} exists and is not a folder")
    if target.exists() and not force:
        raise JobExists(f"{target} already exists: pass --force to replace it (its runs/, and "
                        "any file the export did not write, are kept)")  # fmt: skip
    if target.exists():
        check_replaceable(target)


def risks(facts: NotebookFacts, engine: str) -> list[Finding]:
    selectors = RISK_SELECTORS + (["pandas"] if engine == "spark" else [])
    findings = run_rules(facts, select_rules(selectors))
    redact = Redactor(hit.value for hit in facts.secrets)
    return [redact.finding(f) for f in findings] if redact else findings


def refuse_errors(findings: list[Finding], force: bool) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if errors and not force:
        reasons = [
            f"{f.rule} cell {f.cell + 1 if f.cell is not None else '-'}: {f.message}"
            for f in errors
        ]
        raise ExportRefused("the notebook has errors that would make the job wrong "
                            "(fix them, or pass --force to export anyway):", reasons)  # fmt: skip


# ---------------------------------------------------------------------- writing
def _write(
    plan: ExportPlan, target: Path, options: ExportOptions, findings: list[Finding]
) -> ExportResult:
    notebook_path = Path(plan.facts.path)
    workdir = os.path.relpath(notebook_path.resolve().parent, target.resolve())
    kernel = options.kernel or _kernel_of(plan)
    files, report = _job_files(plan, options, workdir, kernel, notebook_path, target)
    report.findings = findings
    report.forced = options.force
    check_package(plan, files)
    with Staging(target) as stage:
        assert stage.path is not None
        for relative, text in files.items():
            stage.write(relative, text)
        with checks_on_pandas(options.engine):  # they compare with the notebook; Spark's is below
            _test_and_verify(plan, stage, report, options, workdir, kernel)
        if options.engine == "spark" and options.run:  # the job on a local Spark, sampled inputs
            run_sample(plan, stage, report, kernel=kernel, timeout=options.timeout,
                       fallbacks=spark_plan(plan.facts).fallbacks)  # fmt: skip
        report.files = sorted(_listing(stage.path) + [REPORT_FILE])
        stage.write(REPORT_FILE, report.markdown())
        stage.commit()
    return ExportResult(str(target), report)


def _test_and_verify(plan: ExportPlan, stage: Staging, report: ExportReport,
                     options: ExportOptions, workdir: str, kernel: str) -> None:  # fmt: skip
    """The runs: the notebook recorded for the tests, then (`--verify`) the job against it."""
    assert stage.path is not None
    recorded = None
    if options.run:
        from .tests_step import add_tests

        recorded = add_tests(
            plan, stage, report, workdir=workdir, kernel=kernel, timeout=options.timeout
        )
        if recorded is not None:  # the data contract, from the frames the run profiled
            from .contract_step import add_contract

            add_contract(plan, stage, recorded, report)
    else:
        report.tests_note = "no tests: the notebook was not run (--no-run)"
    if not _verifies(options, recorded, report):
        return
    from .verify import verify

    check_job_parameters(plan, str(stage.path / f"{plan.name}.ipynb"))
    outputs = recorded.outputs if recorded is not None else None
    try:
        report.verified = verify(
            plan, stage.path, kernel=kernel, timeout=options.timeout, original=outputs
        )
    except VerificationFailed as error:
        if options.verify or not error.kept:
            raise
        # The notebook's own cell, run as written, differs from its recorded run: the
        # notebook does not give the same outputs twice (time, randomness, the files it reads).
        report.verified = f"differences remain in cells kept as written: {error.message}"


def _verifies(options: ExportOptions, recorded: Any, report: ExportReport) -> bool:
    """`--verify` always runs the job; by default it runs when the notebook ran to its end."""
    if options.verify:
        return True
    if options.verify is False or recorded is None:
        return False
    if recorded.failure is not None:
        report.verified = (
            f"not verified: the notebook's own run did not complete ({recorded.failure})"
        )
        return False
    return True


def _job_files(plan: ExportPlan, options: ExportOptions, workdir: str, kernel: str,
               notebook_path: Path, target: Path) -> tuple[dict[str, str], ExportReport]:  # fmt: skip
    engine = options.engine
    deps = dependencies([s.node for s in plan.imports], plan.pip_installs, engine)
    if options.run:  # a job with a data contract needs pandera to check it
        from .contract_step import with_contract_dependencies

        deps = with_contract_dependencies(plan, deps)
    info = {"name": plan.name, "notebook": f"{plan.name}.ipynb", "package": plan.package,
            "kernel": kernel, "engine": engine, "workdir": workdir.replace(os.sep, "/"),
            "exported_from": notebook_path.name}  # fmt: skip
    files = render_package(plan, engine)
    files.update(entry_point_files(plan.package, plan.parameters.parameters, files))
    files[info["notebook"]] = notebook_text(job_notebook(plan, engine))
    files[JOB_FILE] = job_yaml(info, plan.parameters.parameters, deps)
    files["requirements.txt"] = requirements_txt(deps)
    files["pyproject.toml"] = pyproject_toml(plan.name, plan.package, deps)
    from_workdir = os.path.relpath(target.resolve(), notebook_path.resolve().parent).replace(
        os.sep, "/"
    )
    notes = plan.notes + [
        f"`{m}` is imported but not installed here: add its distribution to requirements.txt, "
        "or copy it into the job if it is the notebook's own module"
        for m in deps.local_modules
    ]
    files["README.md"] = readme(info, plan.parameters.parameters, from_workdir, notes)
    report = _report(plan, options, target, deps.pinned, notes)
    if engine == "spark":  # its engine, settings, requirements without pyspark, README section
        report.spark = adapt_files(plan, files, spark_plan(plan.facts).fallbacks)
    return files, report


def _report(plan: ExportPlan, options: ExportOptions, target: Path, pinned: list[str],
            notes: list[str]) -> ExportReport:  # fmt: skip
    from .statements import constant_name

    report = ExportReport(Path(plan.facts.path).name, str(target), plan.name, plan.package, options.engine,
                          parameters=plan.parameters.parameters, dependencies=pinned, notes=notes)  # fmt: skip
    report.steps = [
        {"name": s.name, "cells": s.cells, "inputs": s.inputs, "outputs": s.outputs}
        for s in plan.steps
    ]
    report.functions = [
        {"name": f.name, "original": f.original, "cell": f.cell, "extra": f.extra}
        for f in plan.functions.values()
    ]
    report.constants = [constant_name(s.node) or "?" for s in plan.constants]
    report.dropped = [_dropped(m) for m in plan.magics]
    report.kept = [k.describe() for _c, k in sorted(plan.kept.items())]
    report.moved_share = _moved_share(plan)
    return report


def _moved_share(plan: ExportPlan) -> float:
    """Code lines (not blank, not comments) of the cells that went into the package, over all."""
    moved = total = 0
    for cell in plan.facts.code_cells():
        lines = sum(
            1 for line in cell.cell.lines if line.strip() and not line.strip().startswith("#")
        )
        total += lines
        moved += 0 if cell.index in plan.kept else lines
    return moved / total if total else 1.0


def _dropped(magic: object) -> str:
    from .statements import Magic

    assert isinstance(magic, Magic)
    what = "dropped"
    if magic.name in ("pip", "pip3", "conda") and "install" in magic.argument:
        what = "a dependency"
    return f"`{magic.written}` (cell {magic.cell + 1}, line {magic.line}): {what}"


def _kernel_of(plan: ExportPlan) -> str:
    spec = plan.facts.notebook.metadata.get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    return str(name) if name else "python3"


def _listing(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
