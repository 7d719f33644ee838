"""The job package's kernel-free entry point: `PACKAGE/entry_point.py` (`run_job(**parameters)`),
`job_file.py`, `command_line.py`, `run_cells.py`, `run_record.py`, `run_steps.py` and
`PACKAGE/__main__.py` (`python -m PACKAGE --name value ...`).

The modules are `job_entry/`'s sources, copied, so that they are linted, typed and tested here
and the job needs no jupyter-prod to run. The export fills in what must be masked: the
parameters with secret-sounding names, and the environment variables the package reads whose
names sound secret (their values are masked in the run record and the output notebook).
"""

from __future__ import annotations

from pathlib import Path

from ..analysis.environment_values import module_variables
from ..analysis.secret_values import secret_name
from .parameters import Parameter

_SOURCES = Path(__file__).with_name("job_entry")
MODULES = ("entry_point.py", "job_file.py", "command_line.py", "run_cells.py", "run_record.py",
           "run_steps.py")  # fmt: skip
_PARAMETERS_LINE = "SECRET_PARAMETERS: tuple[str, ...] = ()"
_VARIABLES_LINE = "SECRET_VARIABLES: tuple[str, ...] = ()"

MAIN_MODULE = '''"""`python -m {package} --help`: run the job without Jupyter (see entry_point.py)."""

import sys

if __package__:
    from .command_line import main
else:  # run as a file (`spark-submit {package}/__main__.py ...`): import the package itself
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from {package}.command_line import main

sys.exit(main())
'''


def entry_point_files(
    package: str, parameters: list[Parameter], files: dict[str, str]
) -> dict[str, str]:
    """The entry point's modules and `__main__.py` for the package whose modules are `files`."""
    secret_parameters = tuple(p.name for p in parameters if secret_name(p.name))
    variables: set[str] = set()
    for relative, text in sorted(files.items()):
        if relative.startswith(f"{package}/") and relative.endswith(".py"):
            variables |= module_variables(text)
    secret_variables = tuple(sorted(v for v in variables if secret_name(v)))
    copied = {f"{package}/{m}": (_SOURCES / m).read_text(encoding="utf-8") for m in MODULES}
    record = copied[f"{package}/run_record.py"]
    for line, value in ((_PARAMETERS_LINE, secret_parameters), (_VARIABLES_LINE, secret_variables)):
        assert line in record, f"job_entry/run_record.py lost its line {line!r}"
        record = record.replace(line, f"{line.split(' = ')[0]} = {value!r}", 1)
    return {
        **copied,
        f"{package}/run_record.py": record,
        f"{package}/__main__.py": MAIN_MODULE.format(package=package),
    }


def readme_section(package: str, job_from_workdir: str, parameters: list[Parameter]) -> list[str]:
    """The README's "Run it without Jupyter" lines: the command line the entry point takes."""
    example = next(iter(parameters), None)
    flag = f" --{example.name} VALUE" if example is not None else ""
    return [
        "## Run it without Jupyter",
        "",
        "The package runs the job notebook's cells in this process, no kernel (what Airflow,",
        "jupyter-scheduler or spark-submit call); each run is recorded under `runs/` as above:",
        "",
        "```sh",
        f"PYTHONPATH={job_from_workdir} python -m {package}{flag}",
        f"PYTHONPATH={job_from_workdir} python -m {package} --help    # every parameter, typed",
        f'PYTHONPATH={job_from_workdir} python -c "from {package}.entry_point import run_job; run_job()"',
        "```",
        "",
        "Each parameter is an option (`--name VALUE`, read as its type: JSON for lists and",
        "dicts, `yes`/`no` for booleans); `--engine local|spark` picks the engine, `--cwd DIR` the",
        "folder relative paths resolve in (the notebook's, by default), `--contract` the data",
        "contract's mode, `--json` prints the run record; `--steps` lists the job's steps and",
        "`--step NAME [--run-id ID]` runs one (an orchestrator's task per step). Exit status:",
        "0 succeeded, 1 the job failed (the cell and error on stderr), 2 usage error, 130/143",
        "stopped by SIGINT/SIGTERM. `jupyter prod schedule --airflow` writes an Airflow DAG for it.",
        "",
    ]
