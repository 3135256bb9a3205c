"""``python main.py replay FILE``: re-run a saved game from its scenario, seed and order log.

Without options, prints one line per turn like ``run``. ``--verify`` compares every turn's state
hash with the saved one: exit 0 when all match, 1 with the first turn that differs, 2 when the
file cannot be loaded. ``--view NATION`` (a key, an id or ``public``) adds what that state saw
each turn. FILE may be a bare name in the saves directory (``--saves DIR`` or the user data dir).
An encrypted save takes its password from ``--password-file F`` or a prompt at the terminal.
"""
from __future__ import annotations

import argparse
import sys

from game.cli.common import add_password_file, find_save, load_save, report_file_error, turn_line
from game.engine.errors import FileError
from game.engine.replay import replay_states, verify
from game.engine.saves import LoadedSave
from game.engine.state import Event, GameState
from game.engine.views import player_view

PUBLIC = "public"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="replay or verify a saved game", description=__doc__)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--verify", action="store_true", help="check every turn's state hash; exit 1 at the first difference")
    p.add_argument("--view", metavar="NATION", default=None,
                   help="also print what this state (key or id) or 'public' saw each turn")
    p.add_argument("--saves", metavar="DIR", default=None, help="where to look for a bare FILE name")
    p.add_argument("--quiet", action="store_true", help="print only the result line")
    add_password_file(p)
    p.set_defaults(func=run_replay)


def _observer(text: str, state: GameState) -> int | None:
    if text == PUBLIC:
        return None
    for n in state.nations:
        if text in (n.key, str(n.id)) or text.lower() == n.name.lower():
            return n.id
    names = ", ".join(f"{n.key} ({n.name})" for n in state.nations)
    raise ValueError(f"--view {text!r}: no such state; choose one of {names} or {PUBLIC}")


def view_lines(state: GameState, me: int | None, events: tuple[Event, ...]) -> list[str]:
    """A few lines of what ``me`` (None: the public) could see after a turn."""
    v = player_view(state, me, events)
    who = "the public" if me is None else v.nations[me].name
    lines = [f"    view of {who}: distinguishability {v.distinguishability:.2f}, "
             f"{len(v.estimates)} foreign stacks seen, {len(v.treaties)} treaties"]
    if me is not None and v.my_nation is not None:
        units = sum(sum(s.values()) for s in v.my_units.values())
        lines.append(f"    own: treasury {v.my_nation.treasury:.0f}, income {v.my_income:.1f}, "
                     f"{units} units, {len(v.my_queue)} builds queued")
        lines += [f"    vs {v.name(j)}: {v.games[j].kind}" for j in v.neighbours if j in v.games]
    lines += [f"    - {e.text}" for e in v.events]
    return lines


def run_replay(args: argparse.Namespace) -> int:
    try:
        loaded: LoadedSave = load_save(find_save(args.file, args.saves), args.password_file)
    except FileError as exc:
        return report_file_error(exc)
    for note in loaded.notes:
        print(f"note: {note}", file=sys.stderr)
    record = loaded.record
    try:
        me = _observer(args.view, record.state) if args.view is not None else None
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        if args.verify:
            return _verify(loaded, args.quiet)
        state = None
        for state, events in replay_states(record):
            if not args.quiet:
                print(turn_line(state, state.history[-1]))
                if args.view is not None:
                    print("\n".join(view_lines(state, me, events)))
    except FileError as exc:
        return report_file_error(exc)
    except ValueError as exc:
        print(f"{loaded.path}: the order log cannot be replayed: {exc}", file=sys.stderr)
        return 1
    final = state if state is not None else record.state
    if final.finished and not args.quiet:
        print(f"game over: {final.end_reason}")
    print(f"final hash {final.state_hash()}")
    return 0


def _verify(loaded: LoadedSave, quiet: bool) -> int:
    result = verify(loaded.record)
    if not quiet:
        for check in result.turns:
            mark = "ok" if check.ok else "DIFFERS"
            print(f"turn {check.turn:3d}  saved {check.saved_hash}  replayed {check.replayed_hash}  {mark}")
    if result.ok:
        print(f"{loaded.path}: verified {len(result.turns)} turns, every state hash matches (final hash {result.final_hash})")
        return 0
    print(f"{loaded.path}: {result.problem}", file=sys.stderr)
    return 1
