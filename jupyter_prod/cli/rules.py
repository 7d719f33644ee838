"""`jupyter prod rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .. import api
from ..rules.registry import find_rule

NAME = "rules"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(NAME, help="list the rules, or explain one",
                                 description="List every rule, or show one rule's documentation.")  # fmt: skip
    parser.add_argument("rule", nargs="?", help="a rule code or name to explain")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .errors import UsageError

    if args.rule:
        rule = find_rule(args.rule)
        if rule is None:
            raise UsageError(f"no rule {args.rule!r} (see `jupyter prod rules`)")
        if args.format == "json":
            print(json.dumps(next(r for r in api.list_rules() if r["code"] == rule.code), indent=2))
        else:
            print(
                f"{rule.code} {rule.name} ({rule.category}, {rule.severity})\n\n{rule.doc.strip()}"
            )
        return 0
    rules = api.list_rules()
    if args.format == "json":
        print(json.dumps(rules, indent=2))
        return 0
    for entry in rules:
        print(
            f"{entry['code']}  {entry['name']:<28} {entry['category']:<13} {entry['severity']:<8} {entry['summary']}"
        )
    return 0
