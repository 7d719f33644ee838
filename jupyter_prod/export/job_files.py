"""`job.yaml`, `requirements.txt`, `pyproject.toml` and `README.md` of a job."""

from __future__ import annotations

from typing import Any

from .dependencies import Dependencies
from .entry_point import readme_section
from .parameters import Parameter

JOB_FILE = "job.yaml"


def job_yaml(info: dict[str, Any], parameters: list[Parameter], dependencies: Dependencies) -> str:
    import yaml  # type: ignore[import-untyped]

    document = {
        **info,
        "parameters": {
            p.name: {"type": p.type_name or None, "default": _default(p), "origin": p.origin}
            for p in parameters
        },  # fmt: skip
        "dependencies": dependencies.pinned,
    }
    header = "# A job exported by jupyter-prod: `jupyter prod run <this folder>` runs it.\n"
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return header + str(text)


def _default(parameter: Parameter) -> Any:
    value = parameter.value
    if value is None and parameter.default != "None":
        return parameter.default  # not a literal: its source, as written
    return list(value) if isinstance(value, (tuple, set, frozenset)) else value


def requirements_txt(dependencies: Dependencies) -> str:
    lines = ["# The versions this job was exported with (pip install -r requirements.txt)."]
    return "\n".join(lines + dependencies.pinned) + "\n"


def pyproject_toml(name: str, package: str, dependencies: Dependencies) -> str:
    loose = [d.split("==")[0] for d in dependencies.pinned]
    quoted = ",\n".join(f'    "{d}"' for d in loose)
    return (
        "[build-system]\n"
        'requires = ["setuptools>=61"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        "[project]\n"
        f'name = "{name.replace("_", "-")}-job"\n'
        'version = "0.1.0"\n'
        f'description = "The {name} job, exported from a notebook by jupyter-prod"\n'
        'requires-python = ">=3.9"\n'
        f"dependencies = [\n{quoted}\n]\n\n"
        "[project.optional-dependencies]\n"
        'test = ["pytest"]\n\n'
        "[tool.setuptools]\n"
        f'packages = ["{package}"]\n'
    )


def readme(
    info: dict[str, Any], parameters: list[Parameter], job_from_workdir: str, notes: list[str]
) -> str:
    name, notebook = info["name"], info["notebook"]
    example = next((p for p in parameters), None)
    override = f" -p {example.name} {_shell_value(example)}" if example is not None else ""
    table = "\n".join(
        f"| `{p.name}` | {p.type_name or '?'} | `{p.default}` | {p.origin} |" for p in parameters
    )
    lines = [
        f"# {name}",
        "",
        f"A job exported by jupyter-prod from the notebook `{info['exported_from']}`.",
        "Commands below run from the notebook's folder, where its relative data paths resolve.",
        "",
        "## Run it",
        "",
        "```sh",
        f"jupyter prod run {job_from_workdir}{override}",
        f"PYTHONPATH={job_from_workdir} papermill {job_from_workdir}/{notebook} output.ipynb{override}",
        "```",
        "",
        "`jupyter prod run` records each run under `runs/`; with papermill, install the package first",
        f"(`pip install -e {job_from_workdir}`) or put the job folder on `PYTHONPATH` as above.",
        "",
        *readme_section(info["package"], job_from_workdir, parameters),
        "## Parameters",
        "",
        "| name | type | default | from |",
        "|---|---|---|---|",
        table or "| (none) | | | |",
        "",
        "## Test it",
        "",
        "```sh",
        f"pytest {job_from_workdir}/tests",
        "```",
        "",
        f"See `export-report.md` for what came from where{' and what to watch' if notes else ''}.",
    ]
    return "\n".join(lines) + "\n"


def _shell_value(parameter: Parameter) -> str:
    value = parameter.value
    text = str(value) if value is not None else parameter.default
    return text if text and all(c.isalnum() or c in "._-/" for c in text) else f"'{text}'"
