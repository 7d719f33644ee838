"""The export report: what went where, and what makes the export risky.

Written into the job as `export-report.md` (no times, no absolute paths: the same notebook
gives the same file) and summarised on the terminal by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings.finding import Finding
from .parameters import Parameter


@dataclass
class ExportReport:
    notebook: str
    job: str  # the job folder, as the user named it (or the default)
    name: str
    package: str
    engine: str
    parameters: list[Parameter] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)  # name, cells, inputs, outputs
    functions: list[dict[str, Any]] = field(default_factory=list)  # name, cell, extra
    constants: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tests: int = 0
    tests_note: str | None = None  # why there are no (or fewer) tests
    skipped_tests: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # values the tests do not carry, and why
    files: list[str] = field(default_factory=list)
    verified: str | None = None  # what --verify compared, when it ran
    forced: bool = False
    kept: list[str] = field(default_factory=list)  # cells kept as written in the job notebook
    moved_share: float = 1.0  # the share of the notebook's code lines that went into the package
    spark: list[str] = field(default_factory=list)  # the Spark engine: escape hatch, sample run

    def to_dict(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook, "job": self.job, "name": self.name,
            "package": self.package, "engine": self.engine,
            "parameters": [p.to_dict() for p in self.parameters], "steps": self.steps,
            "functions": self.functions, "constants": self.constants, "dropped": self.dropped,
            "notes": self.notes, "dependencies": self.dependencies,
            "findings": [f.to_dict() for f in self.findings], "tests": self.tests,
            "tests_note": self.tests_note, "skipped_tests": self.skipped_tests,
            "withheld": self.withheld,
            "files": self.files, "verified": self.verified, "forced": self.forced,
            "kept": self.kept, "moved_share": round(self.moved_share, 4), "spark": self.spark,
        }  # fmt: skip

    def markdown(self) -> str:
        sections = [
            f"# Export report: `{self.notebook}`\n\nJob `{self.name}`, package `{self.package}`, "
            f"engine `{self.engine}`.",
            _section(
                "Parameters",
                [
                    f"`{p.name}`: {p.type_name or 'unknown type'} = `{p.default}` ({p.origin})"
                    for p in self.parameters
                ],
            ),  # fmt: skip
            _section("Steps (`steps.py`)", [_step_line(s) for s in self.steps]),
            _section(
                "Functions and classes (`functions.py`)",
                [_function_line(f) for f in self.functions],
            ),
            _section("Constants (`functions.py`)", [f"`{c}`" for c in self.constants]),
            _section("Kept as written in the job notebook", self._kept_lines()),
            _section("Left out of the job", self.dropped + self.notes),
            _section("On Spark", self.spark),
            _section("Risks found in the notebook", [_finding_line(f) for f in self.findings]),
            _section("Tests", self._test_lines()),
            _section("Not recorded: secrets and values from the environment", self.withheld),
            _section("Dependencies (`requirements.txt`)", [f"`{d}`" for d in self.dependencies]),
        ]
        if self.verified:
            sections.append(_section("Verification", [self.verified]))
        return "\n\n".join(s for s in sections if s) + "\n"

    def _kept_lines(self) -> list[str]:
        if not self.kept:
            return []
        share = f"{self.moved_share:.0%} of the notebook's code lines went into the package; "
        return [share + "these cells run in the job notebook as the notebook ran them:", *self.kept]

    def _test_lines(self) -> list[str]:
        lines = [f"{self.tests} test(s) recorded from a run of the notebook"] if self.tests else []
        if self.tests_note:
            lines.append(self.tests_note)
        return lines + [f"no test for {s}" for s in self.skipped_tests]


def _section(title: str, lines: list[str]) -> str:
    if not lines:
        return ""
    return f"## {title}\n\n" + "\n".join(f"- {line}" for line in lines)


def _step_line(step: dict[str, Any]) -> str:
    cells = ", ".join(str(c + 1) for c in step["cells"])
    inputs = ", ".join(f"`{n}`" for n in step["inputs"]) or "nothing"
    outputs = ", ".join(f"`{n}`" for n in step["outputs"]) or "nothing (it shows or writes)"
    return f"`{step['name']}` (cell(s) {cells}): takes {inputs}; gives {outputs}"


def _function_line(function: dict[str, Any]) -> str:
    line = f"`{function['name']}` (cell {function['cell'] + 1})"
    if function.get("original", function["name"]) != function["name"]:
        line += f", an earlier definition of `{function['original']}`"
    if function["extra"]:
        names = ", ".join(f"`{n}`" for n in function["extra"])
        line += f": the notebook variable(s) {names} it read are now keyword-only parameters"
    return line


def _finding_line(finding: Finding) -> str:
    where = f"cell {finding.cell + 1}" if finding.cell is not None else "notebook"
    if finding.line is not None:
        where += f", line {finding.line}"
    return f"{finding.severity} {finding.rule} ({where}): {finding.message}"
