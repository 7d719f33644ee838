"""What an export would write, without writing the job: the panel's export preview.

- the export is planned and written exactly as `export_notebook` would (without the recording
  run: that is the slow part, and its tests are listed as "recorded when you export"), into a
  hidden folder beside the target, so relative paths (`workdir`, the README's commands) come out
  as they will be;
- the files are read back (the text of the small ones), then the folder is deleted, with any
  parent folder the preview created. The real target is never touched.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .exporter import ExportOptions, _write, job_folder, job_name, plan_export

SHOWN_BYTES = 64_000  # files larger than this are listed without their text
# One preview at a time: two previews beside each other could remove the parent folder one of
# them created while the other is writing into it (the panel asks again as the user types).
_ONE_AT_A_TIME = threading.Lock()


@dataclass
class PreviewFile:
    path: str  # relative to the job folder
    size: int
    text: str | None  # None: binary or large

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "text": self.text}


@dataclass
class ExportPreview:
    job_dir: str  # where the export would write, as `output` or the default names it
    exists: bool  # a job is there already (exporting needs `force`, which keeps its runs/)
    files: list[PreviewFile] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"job_dir": self.job_dir, "exists": self.exists,
                "files": [f.to_dict() for f in self.files], "report": self.report}  # fmt: skip


def preview_export(path: str | os.PathLike[str], options: ExportOptions) -> ExportPreview:
    """The job folder and its files as `export_notebook(path, options)` would write them."""
    with _ONE_AT_A_TIME:
        return _preview(path, options)


def _preview(path: str | os.PathLike[str], options: ExportOptions) -> ExportPreview:
    name = job_name(options.name or Path(path).stem)
    target = job_folder(Path(path), options.output, name)
    exists = target.exists()
    missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
    scratch = target.parent / f".{target.name}.preview-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    quiet = replace(options, output=str(scratch), run=False, verify=False)
    try:
        plan, _scratch, findings = plan_export(path, quiet)
        result = _write(plan, scratch, quiet, findings)
        files = _read_back(scratch, {str(scratch): str(target), scratch.name: target.name})
        report = result.report.to_dict()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        for folder in missing:  # nearest first: only the empty ones the preview made
            try:
                folder.rmdir()
            except OSError:
                break
    report["job"] = str(target)
    report["tests_note"] = "tests are recorded from a run of the notebook when you export"
    return ExportPreview(str(target), exists, files, report)


def _read_back(root: Path, names: dict[str, str]) -> list[PreviewFile]:
    """Every file with its text; the scratch folder's name reads as the target's."""
    found: list[PreviewFile] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        data = file.read_bytes()
        text: str | None = None
        if len(data) <= SHOWN_BYTES:
            try:
                text = data.decode("utf-8")
                for scratch, target in names.items():
                    text = text.replace(scratch, target)
            except UnicodeDecodeError:
                text = None
        found.append(PreviewFile(file.relative_to(root).as_posix(), len(data), text))
    return found
