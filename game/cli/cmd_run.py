"""``python main.py run``: one headless game, every state AI-played; a line per turn, turns.csv, final hash."""
from __future__ import annotations

import argparse
import csv
import sys
from contextlib import suppress
from pathlib import Path

from game.cli.common import positive_int, report_file_error, seed_int, turn_line
from game.cli.random_map import add_random_map_options, source_from_args
from game.engine.errors import FileError
from game.engine.random_map import RandomMapError
from game.engine.record import initial_state, start_game
from game.engine.saves import check_save_target, save_game
from game.engine.scenario import new_game
from game.sim.runner import play
from game.sim.turns_csv import CSV_FIELDS, record_rows


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="play one headless AI game", description=__doc__)
    p.add_argument("--scenario", default=None, metavar="FILE", help="the scenario (or use --random-map)")
    p.add_argument("--variant", default=None, metavar="NAME")
    p.add_argument("--turns", type=positive_int, default=30)
    p.add_argument("--seed", type=seed_int, default=1)
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario value by path, e.g. era.distinguishability=0.2 (repeatable)")
    p.add_argument("--out", default=None, metavar="DIR", help="write DIR/turns.csv")
    p.add_argument("--quiet", action="store_true", help="print only the final hash")
    p.add_argument("--save", default=None, metavar="FILE",
                   help="write the game as a save at the end (check it with: replay FILE --verify)")
    add_random_map_options(p)
    p.set_defaults(func=run_run)


def run_run(args: argparse.Namespace) -> int:
    try:
        random = source_from_args(args)
        if random is None and not args.scenario:
            raise RandomMapError("give --scenario FILE or --random-map")
        if args.save:
            check_save_target(args.save)
        source = random[0] if random else args.scenario
        record = start_game(source, args.variant, args.seed, args.sets) if args.save else None
        state = (record.state if record else initial_state(random[0], args.variant, args.seed, args.sets, label=random[1])
                 if random else new_game(args.scenario, args.variant, args.seed, args.sets))
    except FileError as exc:
        return report_file_error(exc)
    except RandomMapError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    writer = fh = None
    if args.out:
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
            fh = open(out / "turns.csv", "w", newline="", encoding="utf-8")
        except OSError as exc:
            print(f"cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
    try:
        for res in play(state, args.turns):
            state = res.state
            if record:
                record = record.advanced(res.orders, res.state, res.events)
            rec = state.history[-1]
            if not args.quiet:
                print(turn_line(state, rec))
            if writer:
                writer.writerows(record_rows(rec))
        if fh:
            fh.close()          # a full disk often shows only here, when the last buffer is written
    except OSError as exc:      # disk full, quota, a read-only or vanished folder
        print(f"cannot write {Path(args.out) / 'turns.csv'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        if fh and not fh.closed:
            with suppress(OSError):
                fh.close()
    if state.finished and not args.quiet:
        print(f"game over: {state.end_reason}")
    print(f"final hash {state.state_hash()}")
    if record:
        try:
            save_game(record, args.save)
        except FileError as exc:
            return report_file_error(exc)
        if not args.quiet:
            print(f"saved {args.save}")
    return 0
