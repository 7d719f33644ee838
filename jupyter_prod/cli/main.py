"""The `jupyter-prod` console script, also reached as `jupyter prod`.

Exit status: 0 clean, 1 findings at or above `--fail-on` (or an unreadable notebook, or a file
of the user's that cannot be written: a read-only folder, a full disk), 2 usage or internal
error, 130 interrupted. No traceback reaches a user unless `JUPYTER_PROD_DEBUG=1`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import check, export, params, rules, run, runs, schedule
from .errors import EXIT_FAILED, EXIT_USAGE, PathError, UsageError, path_problem

COMMANDS = (check, rules, params, export, run, runs, schedule)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jupyter prod",
        description="From a data scientist's notebook to a production job: check notebooks "
        "for hidden state and hand-off hazards.",
    )
    parser.add_argument("--version", action="version", version=f"jupyter-prod {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 on --help
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"jupyter prod {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PathError as error:
        print(f"jupyter prod {args.command}: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"jupyter prod {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # the user's disk or folders, not our code: say which path
        if os.environ.get("JUPYTER_PROD_DEBUG"):
            raise
        print(f"jupyter prod {args.command}: error: {path_problem(error)}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # noqa: BLE001 - people get a sentence, not a traceback
        if os.environ.get("JUPYTER_PROD_DEBUG"):
            raise
        print(f"jupyter prod {args.command}: internal error: {type(error).__name__}: {error}\n"
              "Set JUPYTER_PROD_DEBUG=1 to see the traceback, and please report it.", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
