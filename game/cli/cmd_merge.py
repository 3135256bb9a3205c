"""``python main.py merge DIR... --out D``: join the shards of a batch (``batch --shard I/N``) into one.

Checks that the directories are all N shards of one batch, each complete, then writes D/games.csv
and D/summary.csv byte-identical to the unsharded batch's, and D/manifest.json (the batch's, with
this command, the times and ``merged_from``); prints the summary table.
"""
from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from game.sim.batch_merge import MergeError, merge_shards
from game.sim.batch_run import format_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="join the shards of a batch (batch --shard I/N) into one batch directory",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dirs", nargs="+", metavar="DIR", help="the shards' --out directories, all N of them")
    p.add_argument("--out", required=True, metavar="D")
    p.set_defaults(func=run_merge_cmd)


def run_merge_cmd(args: argparse.Namespace) -> int:
    command = " ".join(shlex.quote(p) for p in ["python", "main.py", "merge", *args.dirs, "--out", args.out])
    out = Path(args.out)
    try:
        outcome = merge_shards([Path(d) for d in args.dirs], out, command)
    except MergeError as exc:
        print(f"merge: {exc}", file=sys.stderr)
        return 2
    print(format_table(outcome.rows, outcome.cells))
    print(f"wrote {out / 'games.csv'}, {out / 'summary.csv'} and {out / 'manifest.json'}")
    return 0
