"""`jupyter prod export`: a notebook in, a reviewable, runnable, tested job out.

    result = export_notebook("orders.ipynb", ExportOptions(verify=True))

What a job folder holds (`jobs/<name>/` beside the notebook unless `output` says otherwise):
`<name>.ipynb` (parameters cell + thin cells calling the package), `<package>/` (functions,
classes and constants in `functions.py`; the top-level code sliced into steps in `steps.py`),
`tests/` (recorded from a run of the notebook), `job.yaml`, `requirements.txt`,
`pyproject.toml`, `README.md` and `export-report.md`. The pipeline, in order:

- `parameters.py` + `paths.py`: the parameters (kept, inferred, or lifted from I/O paths);
- `plan.py`: where each statement goes (`statements.py`, `function_globals.py`,
  `kept_cells.py` for the cells that stay as written, `step_plan.py` with `sections.py` and
  `slicing.py` for the steps, `call_edits.py`);
- `modules.py`, `job_notebook.py`, `job_files.py`: the files, black-formatted;
  `package_check.py`: they compile, and papermill reads the parameters;
- `recording.py` + `kernel_capture.py` + `test_writer.py`: a run of the notebook, recorded;
- `verify.py`: the job run against the notebook, outputs compared cell by cell (by default;
  a step that differs is exported again with its cells kept as written, `exporter.py`);
- `staging.py`: everything built beside the target, then renamed into place.
The input notebook is only ever read.
"""

from __future__ import annotations

from .errors import (
    BadOption,
    ExportError,
    ExportRefused,
    JobExists,
    NotebookUnreadable,
    VerificationFailed,
)
from .exporter import ENGINES, ExportOptions, ExportResult, export_notebook, read_notebook
from .parameters import Parameter, ParameterPlan, infer_parameters
from .report import ExportReport

__all__ = [
    "BadOption", "ENGINES", "ExportError", "ExportOptions", "ExportRefused", "ExportReport", "ExportResult",
    "JobExists", "NotebookUnreadable", "Parameter", "ParameterPlan", "VerificationFailed",
    "export_notebook", "infer_parameters", "read_notebook",
]  # fmt: skip
