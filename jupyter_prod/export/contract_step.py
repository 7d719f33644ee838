"""The export's contract step: after the notebook's recorded run, write the job's data contract.

- `contract/<frame>.schema.yaml`: the pandera schema inferred from the frame's profile;
- `contract/<frame>.profile.json`: that profile, the reference drift is measured against;
- `job.yaml` gets a `contract:` section (mode, frames, drift thresholds);
- the package gets `data_contract/` (copied from `in_job/`), and the job notebook a check cell
  after the step that reads each input frame and before the step that writes each output;
- `tests/test_contract.py`: the recorded frames pass their contract.
The kernel profiles the frames while the notebook runs (`kernel_capture.py`), so a frame of
any size is described without being saved. Without pandera here, the job gets no contract.
"""

from __future__ import annotations

import json
import os
from importlib import util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..contract.frames import INPUT, ContractFrame, contract_frames

if TYPE_CHECKING:
    from .dependencies import Dependencies
    from .plan import ExportPlan
    from .recording import RecordedRun
    from .report import ExportReport
    from .staging import Staging

FOLDER = "contract"
IN_JOB = Path(__file__).resolve().parents[1] / "contract" / "in_job"
IN_JOB_FILES = ("__init__.py", "drift.py", "profiles.py", "validation.py")
PROFILES_SOURCE = IN_JOB / "profiles.py"
DEFAULT_MODE = "warn"  # the first version of a contract records and warns; `strict` fails
DRIFT = {"psi": 0.2, "share": 0.1}
NO_PANDERA = ("no data contract: pandera is not installed where the job was exported "
              "(pip install 'jupyter-prod[contract]')")  # fmt: skip


def contract_available() -> bool:
    return util.find_spec("pandera") is not None


def planned_frames(plan: ExportPlan) -> list[ContractFrame]:
    """The frames a contract would cover (none without pandera to write it)."""
    return contract_frames(plan) if contract_available() else []


def with_contract_dependencies(plan: ExportPlan, found: Dependencies) -> Dependencies:
    """The job's dependencies, with what its contract needs at run time when it has one."""
    from dataclasses import replace

    from .dependencies import pin

    if not planned_frames(plan):
        return found
    names = {p.split("==")[0].lower() for p in found.pinned}
    extra = [pin(n) for n in ("pandera", "pyyaml") if n not in names]
    return replace(found, pinned=sorted(found.pinned + extra, key=str.lower))


def capture_steps(plan: ExportPlan) -> dict[str, dict[str, list[str]]]:
    """For the recorder: per step, the frames to profile after it ran and before it runs."""
    steps: dict[str, dict[str, list[str]]] = {}
    for frame in planned_frames(plan):
        when = "profile_after" if frame.role == INPUT else "profile_before"
        steps.setdefault(frame.step, {"profile_after": [], "profile_before": []})[when].append(
            frame.name
        )
    return steps


def add_contract(plan: ExportPlan, stage: Staging, recorded: RecordedRun,
                 report: ExportReport) -> list[str]:  # fmt: skip
    """Write the contract of every frame the run profiled; the frames' names."""
    assert stage.path is not None
    frames = contract_frames(plan)
    if frames and not contract_available():
        report.notes.append(NO_PANDERA)
        return []
    profiles = recorded.manifest.get("profiles") or {}
    for profile in profiles.values():
        withhold_secrets(profile, recorded.guard)
    covered = [f for f in frames if f.name in profiles]
    if not covered:
        return []
    from ..contract.inference import infer_schema, schema_yaml

    for frame in covered:
        profile = profiles[frame.name]
        stage.write(
            f"{FOLDER}/{frame.name}.schema.yaml",
            schema_yaml(infer_schema(frame.name, profile, report.engine)),
        )
        stage.write(f"{FOLDER}/{frame.name}.profile.json", json.dumps(profile, indent=1) + "\n")
    _append_section(stage, covered)
    _readme_section(stage, covered)
    for name in IN_JOB_FILES:
        stage.write(f"{plan.package}/data_contract/{name}", (IN_JOB / name).read_text("utf-8"))
    _add_check_cells(stage, plan, covered)
    test, count = _contract_test(plan, covered, recorded, stage.path)
    if test:
        stage.write("tests/test_contract.py", test)
        report.tests += count
    return [f.name for f in covered]


def withhold_secrets(profile: dict[str, Any], guard: Any) -> None:
    """A column whose name sounds secret, or whose values hold a secret (a token in a file
    the notebook read, an environment variable's value), keeps its dtype and nullability but
    none of its values: no value set, no range, no reference for drift (the job's checks then
    keep none of its values either)."""
    from ..analysis.secret_values import secret_name
    from ..contract.in_job import VALUE_KEYS

    for column, facts in profile.get("columns", {}).items():
        texts = [str(v) for v, _share in facts.get("top", [])]
        texts += [str(facts[k]) for k in ("min", "max") if k in facts]
        if secret_name(column) or guard.reason(texts, [(column, t) for t in texts]) is not None:
            for key in VALUE_KEYS:
                facts.pop(key, None)
            facts["withheld"] = "it holds secrets: none of its values are kept"


def contract_section(frames: list[ContractFrame]) -> dict[str, Any]:
    return {"mode": DEFAULT_MODE, "folder": FOLDER,
            "frames": {f.name: {"role": f.role, "step": f.step} for f in frames},
            "drift": dict(DRIFT)}  # fmt: skip


def _append_section(stage: Staging, frames: list[ContractFrame]) -> None:
    import yaml  # type: ignore[import-untyped]

    assert stage.path is not None
    path = stage.path / "job.yaml"
    text = path.read_text("utf-8").rstrip("\n") + "\n"
    comment = (
        "# The data contract (docs/users/run.md): each frame's pandera schema and its profile at\n"
        "# export are in contract/. `mode`: what a run does when a frame breaks it (strict: the\n"
        "# run fails; warn: recorded and warned; off: not checked); `jupyter prod run --contract`\n"
        "# overrides it. Drift beyond `drift` (PSI for numbers and dates, share points for\n"
        "# categories; per column under `columns: {frame.column: {psi: ...}}`) is a warning.\n"
    )
    section = yaml.safe_dump({"contract": contract_section(frames)}, sort_keys=False)
    stage.write("job.yaml", text + comment + str(section))


def _readme_section(stage: Staging, frames: list[ContractFrame]) -> None:
    """The job's README says what the contract covers and how a run uses it."""
    assert stage.path is not None
    path = stage.path / "README.md"
    if not path.is_file():
        return
    rows = [f"| `{f.name}` | {'read' if f.role == INPUT else 'written'} by step `{f.step}` | "
            f"`{FOLDER}/{f.name}.schema.yaml` |" for f in frames]  # fmt: skip
    lines = [
        "## Data contract", "",
        "Each run checks these frames against what they were when the job was exported (a pandera",
        "schema you can review and edit), profiles them and compares the profile with the export's",
        "(`job.yaml`, `contract:` holds the mode and the drift thresholds):", "",
        "| frame | checked | schema |", "|---|---|---|", *rows, "",
        "`jupyter prod run --contract strict` fails a run that breaks it (`warn`, the default,",
        "records and warns; `off` skips it); other runners set `JUPYTER_PROD_CONTRACT`.",
        "`jupyter prod runs` lists each run's violations and drifted columns.", "",
    ]  # fmt: skip
    stage.write("README.md", path.read_text("utf-8").rstrip("\n") + "\n\n" + "\n".join(lines))


def check_cell(name: str) -> dict[str, Any]:
    source = f"data_contract.check({name!r}, {name})"
    return {"cell_type": "code", "execution_count": None, "id": f"contract-{name}",
            "metadata": {"jupyter_prod": {"contract": name}, "tags": ["data-contract"]},
            "outputs": [], "source": source}  # fmt: skip


def _add_check_cells(stage: Staging, plan: ExportPlan, frames: list[ContractFrame]) -> None:
    """Check cells after the step reading an input, before the step writing an output; ids
    apart from the numbered cells', so those stay what the tests expect."""
    from .job_notebook import notebook_text

    assert stage.path is not None
    relative = f"{plan.name}.ipynb"
    document = json.loads((stage.path / relative).read_text("utf-8"))
    cells: list[dict[str, Any]] = []
    setup = True  # the code cell after the parameters cell imports the package
    for cell in document["cells"]:
        metadata = cell.get("metadata", {})
        if cell["cell_type"] == "code" and "parameters" not in metadata.get("tags", []) and setup:
            source = "".join(cell["source"]).rstrip("\n")  # the file holds it as lines
            cell["source"] = source + f"\nfrom {plan.package} import data_contract"
            setup = False
        step = metadata.get("jupyter_prod", {}).get("step")
        cells += [check_cell(f.name) for f in frames if f.step == step and f.role != INPUT]
        cells.append(cell)
        cells += [check_cell(f.name) for f in frames if f.step == step and f.role == INPUT]
    document["cells"] = cells
    stage.write(relative, notebook_text(document))


def _contract_test(plan: ExportPlan, frames: list[ContractFrame], recorded: RecordedRun,
                   job: Path) -> tuple[str | None, int]:  # fmt: skip
    """A test per frame whose recorded value the tests kept (`tests/data`)."""
    tests = []
    for frame in frames:
        step = recorded.manifest.get("steps", {}).get(frame.step, {})
        saved = step.get("outputs" if frame.role == INPUT else "inputs", {}).get(frame.name, {})
        file = saved.get("file")
        if not file or not os.path.isfile(job / "tests" / "data" / file):
            continue
        tests.append(f"def test_the_recorded_{frame.name}_passes_the_contract():\n"
                     f"    found = data_contract.violations_of({frame.name!r}, load({file!r}))\n"
                     f"    assert found == [], data_contract.describe(found)\n")  # fmt: skip
    if not tests:
        return None, 0
    from .formatting import format_python

    header = ('"""The frames recorded from the notebook pass the job\'s data contract '
              '(contract/*.schema.yaml)."""\n\n'
              f"from {plan.package} import data_contract\n\nfrom .recorded import load\n")  # fmt: skip
    text = format_python(header + "\n\n" + "\n\n".join(tests), "tests/test_contract.py")
    return text, len(tests)
