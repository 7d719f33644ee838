"""Characterisation tests for the job, written from a recorded run of the notebook.

- `test_steps.py`: each step, given the values the notebook had before its cells ran, gives
  the values the notebook had after them (and prints what they printed);
- `test_functions.py`: each notebook function, called as the notebook first called it, returns
  what it returned then and changes its arguments as it did;
- `test_job.py`: the whole job runs with its default parameters and prints what the notebook
  printed.
Values are compared with the comparison their type needs: `pd.testing.assert_frame_equal`,
`np.testing.assert_allclose`, `pytest.approx`, `==`, or `assert_same` for other objects.
A step or call whose values could not be recorded gets no test, and the report says why.
A value withheld as a secret (`recorded_secrets`) is checked by its type and length only; a
step that needs one as an input gets no test; printed text holding one is not expected.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..execution.outputs import normalise_text
from .formatting import format_python
from .function_globals import FunctionPlan
from .plan import ExportPlan
from .recorded_secrets import FROM_ENVIRONMENT, WITHHELD
from .recording import RecordedRun
from .slicing import Step
from .statements import CODE
from .test_templates import CONFTEST, JOB_TEST, RECORDED

COMPARE = {
    "frame": "pd.testing.assert_frame_equal({actual}, {expected})",
    "series": "pd.testing.assert_series_equal({actual}, {expected})",
    "index": "pd.testing.assert_index_equal({actual}, {expected})",
    "array": "np.testing.assert_allclose({actual}, {expected})",
    "array-exact": "np.testing.assert_array_equal({actual}, {expected})",
    "object": "assert_same({actual}, {expected})",
}


@dataclass
class WrittenTests:
    files: dict[str, str] = field(default_factory=dict)  # path under the job -> text
    data_files: set[str] = field(default_factory=set)  # names under tests/data that are used
    count: int = 0
    skipped: list[str] = field(default_factory=list)  # why a step or call has no test


def write_tests(
    plan: ExportPlan, run: RecordedRun, workdir: str, notebook: str, kernel: str
) -> WrittenTests:
    written = WrittenTests()
    written.files["tests/__init__.py"] = ""
    written.files["tests/conftest.py"] = CONFTEST.format(name=plan.name, workdir=workdir)
    written.files["tests/recorded.py"] = RECORDED.replace("PACKAGE_NAME", plan.package)
    moved = [s for s in plan.steps if not s.kept]
    step_tests = [t for s in moved if (t := _step_test(plan, s, run, written))]
    if step_tests:
        written.files["tests/test_steps.py"] = _module(plan, "steps", step_tests)
    function_tests = [
        t for f in plan.functions.values() for t in _function_tests(plan, f, run, written)
    ]
    if function_tests:
        written.files["tests/test_functions.py"] = _module(plan, "functions", function_tests)
    if run.failure is None:
        expected = repr(_job_stdout(plan, run))
        job_test = JOB_TEST.format(
            workdir=workdir, notebook=notebook, kernel=kernel, expected=expected
        )
        written.files["tests/test_job.py"] = format_python(job_test, "tests/test_job.py")
        written.count += 1
    return written


def _module(plan: ExportPlan, module: str, tests: list[str]) -> str:
    header = [f'"""Characterisation tests of `{plan.package}.{module}`, recorded from a run of the notebook."""',
              "import numpy as np" if any("np." in t for t in tests) else "",
              "import pandas as pd" if any("pd." in t for t in tests) else "",
              "import pytest" if any("pytest." in t for t in tests) else "",
              f"from {plan.package} import {module}", f"from .recorded import {_helpers(tests)}"]  # fmt: skip
    source = "\n".join(h for h in header if h) + "\n\n\n" + "\n\n\n".join(tests) + "\n"
    return format_python(source, f"tests/test_{module}.py")


def _helpers(tests: list[str]) -> str:
    used = [
        name for name in ("Shown", "assert_same", "load") if any(f"{name}(" in t for t in tests)
    ]
    return ", ".join(used) if used else "load  # noqa: F401"


# ---------------------------------------------------------------------- steps
class _Untestable(Exception):
    """A value a test needs was not recorded; the message says which and why."""


def _step_test(plan: ExportPlan, step: Step, run: RecordedRun, written: WrittenTests) -> str | None:
    recorded = run.manifest.get("steps", {}).get(step.name)
    if recorded is None:
        return _skip(
            written, f"step `{step.name}`: its cells did not run to the end in the recorded run"
        )
    fixtures: list[str] = []
    try:
        arguments = [f"{n}={_input(plan, n, recorded['inputs'], written)}" for n in step.inputs]
        checks = [_output(n, recorded.get("outputs", {}), written) for n in step.outputs]
    except _Untestable as missing:
        return _skip(written, f"step `{step.name}`: {missing}")
    fixtures += ["tmp_path"] if any("tmp_path" in a for a in arguments) else []
    setup = _shown_checks(recorded.get("shown", []), fixtures, checks, written, plan.show)
    printed = _stable_stdout(plan, step, run)
    if printed:
        checks.append(f"assert capsys.readouterr().out == {printed!r}")
        fixtures.append("capsys")
    call = f"steps.{step.name}({', '.join(arguments)})"
    call = f"{', '.join(step.outputs)} = {call}" if step.outputs else call
    written.count += 1
    return _test_function(f"test_{step.name}", fixtures, [_docstring(step), *setup, call, *checks])


def _input(plan: ExportPlan, name: str, recorded: dict[str, Any], written: WrittenTests) -> str:
    value = _input_value(plan, name, recorded.get(name), written)
    if value is None:
        raise _Untestable(f"input `{name}` {_reason(recorded.get(name))}")
    return value


def _output(name: str, recorded: dict[str, Any], written: WrittenTests) -> str:
    check = _assertion(name, recorded.get(name), written)
    if check is None:
        raise _Untestable(f"output `{name}` {_reason(recorded.get(name))}")
    return check


def _test_function(name: str, fixtures: list[str], lines: list[str]) -> str:
    return f"def {name}({', '.join(fixtures)}):\n" + "\n".join("    " + line for line in lines)


def _shown_checks(shown: list[dict[str, Any]], fixtures: list[str], checks: list[str],
                  written: WrittenTests, helper: str) -> list[str]:  # fmt: skip
    """What the step displays, as the notebook displayed it: `show()` replaced by a recorder."""
    if not shown:
        return []
    fixtures.append("monkeypatch")
    checks.append(f"assert len(shown) == {len(shown)}")
    for index, descriptor in enumerate(shown):
        check = _assertion(f"shown[{index}]", descriptor, written)
        checks += [check] if check is not None else []
    return ["shown = Shown()", f"monkeypatch.setattr(steps, {helper!r}, shown)"]


def _input_value(
    plan: ExportPlan, name: str, descriptor: dict[str, Any] | None, written: WrittenTests
) -> str | None:
    """The recorded value; a parameter's default (a path the step writes: under `tmp_path`)."""
    parameter = next((p for p in plan.parameters.parameters if p.name == name), None)
    if parameter is not None and parameter.writes:
        base = str(parameter.value).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "output"
        return f"str(tmp_path / {base!r})"
    value = _expression(descriptor, written)
    return value if value is not None or parameter is None else parameter.default


def _docstring(step: Step) -> str:
    cells = ", ".join(str(c + 1) for c in step.cells)
    label = "Cell" if len(step.cells) == 1 else "Cells"
    return f'"""{label} {cells}: given what the notebook had before, gives what it had after."""'


def _stable_stdout(plan: ExportPlan, step: Step, run: RecordedRun) -> str | None:
    """What the step's cells printed, when nothing else in them printed and nothing varies."""
    if step.kept:
        return None  # a kept cell may run magics and shell commands: their output varies
    for index in step.cells:
        cell = plan.text_of(index)
        if cell.cell.source is not None and cell.cell.source.cell_magic:
            return None
        if any(
            kind not in (CODE, "definition", "import", "constant", "parameter")
            for kind in cell.kinds
        ):
            return None
    text = "".join(_stdout(run.outputs.get(i, [])) for i in step.cells)
    stable = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
    if normalise_text(text) != stable:
        return None
    why = run.guard.text_reason(text)
    if why is not None:
        run.guard.note(f"what step `{step.name}` printed: not kept as an expected output, {why}")
        return None
    return text


def _stdout(outputs: list[dict[str, Any]]) -> str:
    return "".join(_text(o.get("text", "")) for o in outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")  # fmt: skip


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _job_stdout(plan: ExportPlan, run: RecordedRun) -> dict[str, str]:
    from .job_notebook import job_notebook

    cells = job_notebook(plan)["cells"]
    by_step = {s.name: s for s in plan.steps}
    expected: dict[str, str] = {}
    for cell in cells:
        step = by_step.get(cell["metadata"].get("jupyter_prod", {}).get("step", ""))
        if step is not None:
            printed = _stable_stdout(plan, step, run)
            if printed is not None:
                expected[cell["id"]] = printed
    return expected


# ---------------------------------------------------------------------- functions
def _function_tests(
    plan: ExportPlan, function: FunctionPlan, run: RecordedRun, written: WrittenTests
) -> list[str]:
    calls = run.manifest.get("calls", {}).get(function.name, [])
    tests: list[str] = []
    for number, call in enumerate(calls, start=1):
        test = _call_test(plan, function, number, call, written)
        if test is not None:
            tests.append(test)
    return tests


def _call_test(plan: ExportPlan, function: FunctionPlan, number: int, call: dict[str, Any],
               written: WrittenTests) -> str | None:  # fmt: skip
    try:
        values = _call_values(plan, function, call, written)
    except _Untestable as missing:
        return _skip(written, f"`{function.name}` call {number}: {missing}")
    result = "returned" if "result" in {v for v, _value, _p in values} else "result"
    check = _assertion(result, call.get("result"), written)
    if check is None:
        return _skip(
            written, f"`{function.name}` call {number}: its result {_reason(call.get('result'))}"
        )
    checks = [check] + [c for name, d in call.get("after", {}).items()
                        if (c := _assertion(name, d, written)) is not None]  # fmt: skip
    written.count += 1
    doc = f'"""`{function.name}` (cell {function.cell + 1}), called as the notebook called it (call {number})."""'
    passed = ", ".join(p for _v, _value, p in values)
    call_line = f"{result} = functions.{function.name}({passed})"
    lines = [doc, *(f"{v} = {value}" for v, value, _p in values), call_line, *checks]
    return _test_function(f"test_{function.name}_call_{number}", [], lines)


def _call_values(plan: ExportPlan, function: FunctionPlan, call: dict[str, Any],
                 written: WrittenTests) -> list[tuple[str, str, str]]:  # fmt: skip
    """(variable, its value, how the call passes it) for each argument of a recorded call."""
    node = function.statement.node
    names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]  # type: ignore[attr-defined]
    defaults = {p.name: p.default for p in plan.parameters.parameters}
    values: list[tuple[str, str | None, str]] = []
    why: dict[str, str] = {}  # a missing value's variable -> why it is missing
    for index, descriptor in enumerate(call.get("args", [])):
        variable = names[index] if index < len(names) else f"arg{index}"
        values.append((variable, _expression(descriptor, written), variable))
        why[variable] = _reason(descriptor)
    for key, descriptor in call.get("kwargs", {}).items():
        values.append((key, _expression(descriptor, written), f"{key}={key}"))
        why[key] = _reason(descriptor)
    for name in function.extra:
        descriptor = call.get("globals", {}).get(name)
        value = _expression(descriptor, written) or defaults.get(name)
        values.append((name, value, f"{name}={name}"))
        why[name] = _reason(descriptor)
    missing = next((v for v, value, _p in values if value is None), None)
    if missing is not None:
        raise _Untestable(f"the value of `{missing}` {why[missing]}")
    return [(v, value or "", p) for v, value, p in values]


# ---------------------------------------------------------------------- values
def _expression(descriptor: dict[str, Any] | None, written: WrittenTests) -> str | None:
    if not descriptor or descriptor.get("kind") in ("unsaved", WITHHELD):
        return None
    if descriptor["kind"] == "inline":
        return str(descriptor["repr"])
    written.data_files.add(descriptor["file"])
    return f"load({descriptor['file']!r})"


def _assertion(name: str, descriptor: dict[str, Any] | None, written: WrittenTests) -> str | None:
    if descriptor is not None and descriptor.get("kind") == WITHHELD:
        return _shape_assertion(name, descriptor)
    expected = _expression(descriptor, written)
    if expected is None or descriptor is None:
        return None
    if descriptor["kind"] == "inline":
        value = ast.literal_eval(descriptor["repr"])
        if value is None or isinstance(value, bool):
            return f"assert {name} is {value!r}"
        if _numbers(value) and _has_float(value):
            return f"assert {name} == pytest.approx({expected})"
        return f"assert {name} == {expected}"
    return COMPARE[descriptor["kind"]].format(actual=name, expected=expected)


def _shape_assertion(name: str, descriptor: dict[str, Any]) -> str:
    """A withheld value: its type and length, never the value."""
    checks = [f"type({name}).__name__ == {descriptor.get('type')!r}"]
    if isinstance(descriptor.get("length"), int):
        checks.append(f"len({name}) == {descriptor['length']}")
    source = "from the environment" if descriptor.get("reason") == FROM_ENVIRONMENT else "a secret"
    why = f"# not recorded ({source}, see export-report.md): only its type and length"
    return f"{why}\n    assert {' and '.join(checks)}"  # the line after a comment, indented


def _numbers(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(value) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
        )
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _has_float(value: Any) -> bool:
    return any(
        isinstance(v, float) for v in (value if isinstance(value, (list, tuple)) else [value])
    )


def _reason(descriptor: dict[str, Any] | None) -> str:
    if descriptor is None:
        return "was not recorded"
    if descriptor.get("kind") == WITHHELD:
        return f"is not recorded: {descriptor.get('reason')}"
    return f"could not be recorded ({descriptor.get('reason', 'unknown reason')})"


def _skip(written: WrittenTests, why: str) -> str | None:
    """Note why there is no test; None, for `return _skip(...)`."""
    written.skipped.append(why)
    return None
