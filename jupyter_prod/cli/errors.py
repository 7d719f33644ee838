"""Exit statuses and the errors every subcommand raises or lets through.

Kept out of `main.py`: run as `python -m jupyter_prod.cli.main`, that module is `__main__`, and a
class defined there would not be the one the subcommands import and raise.
"""

from __future__ import annotations

import os

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# The work could not be done for a reason of the user's machine, not a bug of ours: a folder
# that is read-only, a full disk. 1, as a failed job or a refused export (docs/users).
EXIT_FAILED = 1


def interrupted_status(signal_number: int) -> int:
    """The shell's convention for a process stopped by a signal: 130 for SIGINT, 143 SIGTERM."""
    return 128 + signal_number


class UsageError(Exception):
    """The command line cannot be carried out as written."""


class PathError(Exception):
    """A file or folder of the user's could not be written or read (read-only, full disk...)."""

    def __init__(self, action: str, path: object, error: OSError, where: str | None = None) -> None:
        also = f" ({where})" if where and where not in reason(error) else ""
        super().__init__(f"cannot {action} {path}: {reason(error)}{also}")


def reason(error: OSError) -> str:
    """The system's words for an `OSError` (`No space left on device`), without its errno;
    "File exists" from making a folder where a file is says which file."""
    name = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) else None
    if isinstance(error, FileExistsError) and name and os.path.isfile(name):
        return f"{name} is a file, not a folder"
    return error.strerror or str(error) or type(error).__name__


def path_problem(error: OSError) -> str:
    """An `OSError` in one line, naming the path when the error knows it."""
    text = reason(error)
    name = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) else None
    return f"{name}: {text}" if name and name not in text else text
