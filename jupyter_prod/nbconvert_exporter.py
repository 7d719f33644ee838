"""`jupyter nbconvert --to prod NOTEBOOK`: the export as an nbconvert exporter (a thin face).

- The options are traitlets of `ProdExporter` (`c.ProdExporter.engine = "spark"` in
  `jupyter_nbconvert_config.py`, or `--ProdExporter.run=False` on the command line); they map
  one to one onto `api.ExportOptions`, and `api.export_notebook` writes the job folder itself
  (atomically), because a job is a folder and nbconvert's writer writes one file.
- The job folder: `jobs/<name>` beside the notebook, as `jupyter prod export` writes it; with
  `--output-dir DIR` (nbconvert's `FilesWriter.build_directory`), `DIR/<name>`.
- What nbconvert's writer gets is the job's `export-report.md`, so it writes `<notebook>.md`
  beside the notebook (or in DIR): a copy of the report, the one file nbconvert expects.
- A refused or failed export prints the one-line messages `jupyter prod export` prints and
  exits with its status (1 refused or failed, 2 usage); nothing is written. Called as a library
  (not from `jupyter nbconvert`), it raises `ProdExportFailed` instead.

nbconvert is imported here only.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from nbconvert.utils.exceptions import ConversionException
from traitlets import Bool, Enum, Float, Unicode, default

from . import api

EXIT_FAILED, EXIT_USAGE = 1, 2  # as `jupyter prod export`
PREFIX = "jupyter nbconvert --to prod"


class ProdExportFailed(ConversionException):
    """The export was refused or failed: `lines` are the messages `jupyter prod export` prints."""

    def __init__(self, lines: list[str], status: int) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.status = status


class ProdExporter(Exporter):
    """Export a notebook into a production job folder (see `jupyter prod export --help`)."""

    output_mimetype = "text/markdown"

    name = Unicode(None, allow_none=True, help="the job's name (default: from the notebook's "
                   "file name)").tag(config=True)  # fmt: skip
    engine = Enum(("local", "spark"), "local", help="local: pandas; spark: pandas API on "
                  "Spark").tag(config=True)  # fmt: skip
    force = Bool(False, help="replace an existing job (its runs/ are kept), and export despite "
                 "hidden-state errors").tag(config=True)  # fmt: skip
    verify = Bool(None, allow_none=True, help="True: fail if any cell's output differs between "
                  "the notebook and the job; False: do not run the job to compare; None "
                  "(default): compare whenever the notebook ran").tag(config=True)  # fmt: skip
    run = Bool(True, help="run the notebook to record the job's tests (False: faster, no "
               "tests)").tag(config=True)  # fmt: skip
    kernel = Unicode(None, allow_none=True, help="kernel for the runs (default: the "
                     "notebook's)").tag(config=True)  # fmt: skip
    timeout = Float(300.0, help="per-cell time limit for the runs, in seconds").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".md"

    def from_filename(
        self, filename: str, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, dict[str, Any]]:
        """Write the job folder of the notebook `filename`; the export report is the body."""
        resources = self._init_resources(resources)  # type: ignore[no-untyped-call]
        folder, basename = os.path.split(filename)
        resources["metadata"]["name"] = os.path.splitext(basename)[0]
        resources["metadata"]["path"] = folder
        try:
            result = self._export(filename)
        except ProdExportFailed as error:
            _exit_if_command(error)
            raise
        report = Path(result.job_dir) / "export-report.md"
        return report.read_text(encoding="utf-8"), resources

    def from_notebook_node(
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, dict[str, Any]]:
        """A job is written beside its notebook file: a notebook read from stdin has none."""
        error = ProdExportFailed([f"{PREFIX}: error: needs a notebook file (not --stdin)"],
                                 EXIT_USAGE)  # fmt: skip
        _exit_if_command(error)
        raise error

    def options(self, notebook: str) -> Any:
        """The `api.ExportOptions` these traitlets ask for (the job folder included)."""
        options = api.ExportOptions(name=self.name, engine=self.engine, force=self.force,
                                    verify=self.verify, run=self.run, kernel=self.kernel,
                                    timeout=self.timeout)  # fmt: skip
        output_dir = self._output_dir()
        if not output_dir:
            return options
        name = Path(api.export_target(notebook, options)).name  # <name> of jobs/<name>
        return replace(options, output=os.path.join(output_dir, name))

    def _output_dir(self) -> str:
        """`--output-dir DIR`: nbconvert's alias of `FilesWriter.build_directory`."""
        writer = self.config.get("FilesWriter", {})
        return str(writer.get("build_directory", "") or "")

    def _export(self, notebook: str) -> Any:
        from .cli.errors import PathError
        from .export import BadOption, ExportError, ExportRefused, JobExists, NotebookUnreadable

        if self.timeout <= 0:
            raise ProdExportFailed([f"{PREFIX}: error: ProdExporter.timeout must be a positive "
                                    "number of seconds"], EXIT_USAGE)  # fmt: skip
        options = self.options(notebook)
        try:
            return api.export_notebook(notebook, options)
        except (BadOption, JobExists, NotebookUnreadable) as error:
            raise ProdExportFailed([f"{PREFIX}: error: {error.message}"], EXIT_USAGE) from None
        except ExportRefused as error:
            lines = [f"{PREFIX}: refused: {error.message}"]
            raise ProdExportFailed(
                lines + [f"  - {r}" for r in error.reasons], EXIT_FAILED
            ) from None
        except ExportError as error:  # VerificationFailed, BrokenPackage, ...
            raise ProdExportFailed([f"{PREFIX}: failed: {error.message}"], EXIT_FAILED) from None
        except OSError as error:  # a read-only or full disk: name the job folder
            target = api.export_target(notebook, options)
            message = str(PathError("write the job folder", target, error))
            raise ProdExportFailed([f"{PREFIX}: error: {message}"], EXIT_FAILED) from None


def _exit_if_command(error: ProdExportFailed) -> None:
    """Under `jupyter nbconvert`, print the messages and exit as `jupyter prod export` does:
    nbconvert would log a traceback for a `ConversionException`."""
    from nbconvert.nbconvertapp import NbConvertApp

    if not NbConvertApp.initialized():
        return
    for line in error.lines:
        print(line, file=sys.stderr)
    NbConvertApp.instance().exit(error.status)
