"""Exit statuses and the usage error every subcommand raises.

Kept out of `main.py`: run as `python -m jupyter_prod.cli.main`, that module is `__main__`, and a
class defined there would not be the one the subcommands import and raise.
"""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line cannot be carried out as written."""
