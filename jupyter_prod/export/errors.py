"""Why an export did not happen: one exception per cause, each with a message for people."""

from __future__ import annotations


class ExportError(Exception):
    """The export could not be made (an internal problem, or something the notebook holds)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobExists(ExportError):
    """The target folder exists and `--force` was not given."""


class BadOption(ExportError):
    """An option names something that does not exist here (a kernel, an engine)."""


class NotebookUnreadable(ExportError):
    """The notebook file cannot be read."""


class ExportRefused(ExportError):
    """Hidden-state errors or code that cannot be moved faithfully: the reasons are listed."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons


class VerificationFailed(ExportError):
    """`--verify`: the exported job's outputs differ from the notebook's."""

    def __init__(self, message: str, cells: list[int] | None = None, kept: bool = False) -> None:
        super().__init__(message)
        self.cells = cells or []  # the notebook cells (0-based) whose job cell differed
        self.kept = kept  # that job cell runs the notebook's cells as written


class BrokenPackage(ExportError):
    """The package an export wrote does not compile: a bug of the export, with the cells."""

    def __init__(self, message: str, cells: list[int]) -> None:
        super().__init__(message)
        self.cells = cells
