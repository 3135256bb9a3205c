"""``python main.py report SAVE --out DIR``: the after-action report of a saved game
(report.md, charts as PNG, turns.csv, messages.csv). An encrypted save takes its password from
``--password-file F`` or a prompt at the terminal."""
from __future__ import annotations

import argparse
import sys

from game.cli.common import add_password_file, load_save, report_file_error
from game.engine.errors import FileError
from game.sim.report import write_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the after-action report of a saved game", description=__doc__)
    p.add_argument("save", metavar="SAVE")
    p.add_argument("--out", required=True, metavar="DIR")
    add_password_file(p)
    p.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    try:
        loaded = load_save(args.save, args.password_file)
    except FileError as exc:
        return report_file_error(exc)
    from game.ui.entry import report_chart_writer  # the command line's other door into the UI (see game.ui.entry)
    try:
        files = write_report(loaded.record, args.out, save_name=str(args.save), draw_charts=report_chart_writer())
    except OSError as exc:
        print(f"cannot write the report to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for note in loaded.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {len(files)} files to {args.out}: " + ", ".join(f.name for f in files))
    return 0
