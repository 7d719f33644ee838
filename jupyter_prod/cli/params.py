"""`jupyter prod params NOTEBOOK`: the parameters an export would give the job."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .. import api

NAME = "params"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="show the parameters a job exported from the notebook would take",
        description="Show the parameters `jupyter prod export` would use: the cell tagged "
        "`parameters`, or those inferred from early literal assignments, plus hard-coded I/O "
        "paths lifted into parameters, with types and defaults. Exit status: 0, or 2 when the "
        "notebook cannot be read.",
    )
    parser.add_argument("notebook", metavar="NOTEBOOK", help="the notebook (.ipynb)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..export import ExportError
    from .errors import EXIT_CLEAN, UsageError

    try:
        plan = api.infer_parameters(args.notebook)
    except ExportError as error:
        raise UsageError(error.message) from None
    if args.format == "json":
        print(json.dumps([p.to_dict() for p in plan.parameters], indent=2))
        return EXIT_CLEAN
    if plan.tagged_cell is not None:
        source = f"the cell tagged `parameters` (cell {plan.tagged_cell + 1})"
    else:
        source = "inferred: no cell is tagged `parameters`"
    print(f"{len(plan.parameters)} parameter(s) of {args.notebook} ({source}):")
    width = max((len(_declared(p)) for p in plan.parameters), default=0)
    for parameter in plan.parameters:
        print(f"  {_declared(parameter):<{width}}  # {parameter.origin}")
    return EXIT_CLEAN


def _declared(parameter: Any) -> str:
    annotation = f": {parameter.type_name}" if parameter.type_name else ""
    return f"{parameter.name}{annotation} = {parameter.default}"
