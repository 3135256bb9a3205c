"""``python main.py validate FILE...``: exit 0 when every scenario is valid, 2 with file:line:col lines otherwise."""
from __future__ import annotations

import argparse
import sys

from game.engine.scenario import validate_files


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files", description=__doc__)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    issues = validate_files(args.files)
    for issue in issues:
        print(str(issue), file=sys.stderr)
    if issues:
        bad = len({i.file for i in issues})
        print(f"{bad} of {len(args.files)} file(s) invalid, {len(issues)} problem(s)", file=sys.stderr)
        return 2
    print(f"{len(args.files)} file(s) valid")
    return 0
