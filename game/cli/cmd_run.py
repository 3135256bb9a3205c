"""``python main.py run``: one headless game, every state AI-played; a line per turn, turns.csv, final hash."""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from game.cli.common import positive_int, report_file_error, seed_int
from game.cli.random_map import RandomMapError, add_random_map_options, source_from_args
from game.engine.errors import FileError
from game.engine.pairkey import PairKey
from game.engine.record import initial_state, start_game
from game.engine.saves import check_save_target, save_game
from game.engine.scenario import new_game
from game.engine.state import GameState, TurnRecord
from game.sim.runner import play


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


def turn_line(state: GameState, rec: TurnRecord) -> str:
    names = [n.key for n in state.nations]
    dy = " ".join(f"{names[a]}{names[b]}:{o}" for k, o in rec.outcomes.items() for a, b, _ in [PairKey.parse(k)])
    terr = "/".join(str(t) for t in rec.territory)
    tre = "/".join(f"{t:.0f}" for t in rec.treasury)
    extra = f" attacks={rec.attacks}" if rec.attacks else ""
    return f"turn {rec.turn:3d}  {dy or '-'}  territory {terr}  treasury {tre}{extra}"


CSV_FIELDS = ["turn", "dyad", "outcome", "stance_a", "stance_b", "balance_ab", "balance_ba", "world",
              "game_a", "game_b", "war", "attacks", "first_strikes", "territory", "treasury", "arms_spent",
              "econ_spent", "state_hash"]


def record_rows(rec: TurnRecord) -> list[dict]:
    rows = []
    common = {"turn": rec.turn, "attacks": rec.attacks, "first_strikes": rec.first_strikes,
              "territory": " ".join(map(str, rec.territory)),
              "treasury": " ".join(f"{x:.2f}" for x in rec.treasury),
              "arms_spent": " ".join(f"{x:.2f}" for x in rec.arms_spent),
              "econ_spent": " ".join(f"{x:.2f}" for x in rec.econ_spent), "state_hash": rec.state_hash}
    for key, outcome in rec.outcomes.items():
        ab, ba = PairKey.parse(key).directions()
        rows.append({**common, "dyad": key, "outcome": outcome, "stance_a": outcome[0], "stance_b": outcome[1],
                     "balance_ab": rec.balance.get(ab, ""), "balance_ba": rec.balance.get(ba, ""),
                     "world": rec.world.get(key, ""), "game_a": rec.games.get(ab, ""),
                     "game_b": rec.games.get(ba, ""), "war": int(key in rec.wars)})
    if not rows:
        rows.append({**common, "dyad": "", "outcome": ""})
    return rows


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
            print(f"cannot write to {out}: {exc.strerror}", file=sys.stderr)
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
    finally:
        if fh:
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
