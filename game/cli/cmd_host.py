"""``python main.py host``: serve a game on the local network (docs/network.md).

Prints the address and the room code; players join with ``python main.py join HOST:PORT --code CODE
--seat NAME`` (``--bot`` plays the seat with the built-in AI). The AI plays every seat not in
``--seats``. A line per turn as ``run`` prints it, and at the end ``final hash H``. The game is
autosaved every turn to ``--save FILE`` (default: the autosave folder), with the seats' tokens in
the private side file ``FILE.seats``; ``--resume FILE`` restarts a host from them.

``--seminar`` runs each turn in the seminar's phases (a timed negotiation, then the orders, then the
resolution held for the room until the facilitator opens the next turn) and lets a facilitator
join from any laptop with ``join --facilitator --passphrase-file F`` (the passphrase of
``--facilitator-passphrase-file``): pause, time, next phase, messages, injects, edits, end.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from game.cli.common import positive_int, read_password_file, report_file_error, seed_int, turn_line
from game.engine.errors import FileError
from game.engine.record import GameRecord, start_game
from game.engine.saves import check_save_target, load_game
from game.session.host import Host
from game.session.net_seminar import NetPhases, scenario_phases
from game.session.hosting import lan_address
from game.userdirs import autosave_dir


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("host", help="host a game on the local network", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", default=None, metavar="FILE")
    p.add_argument("--variant", default=None, metavar="NAME")
    p.add_argument("--seed", type=seed_int, default=1)
    p.add_argument("--turns", type=positive_int, default=30, help="stop after this many turns (counted from turn 1)")
    p.add_argument("--seats", default="all", metavar="KEYS",
                   help="the seats players take, as nation keys (e.g. ABC) or 'all' (default); the AI plays the rest")
    p.add_argument("--bind", default="0.0.0.0", metavar="ADDR", help="address to listen on (default: every interface)")
    p.add_argument("--port", type=int, default=8765, help="TCP port (0: any free port)")
    p.add_argument("--seminar", action="store_true",
                   help="a seminar: timed negotiation and orders phases (the scenario's seminar section), a "
                        "facilitator who joins with --facilitator-passphrase-file, saves marked as a seminar")
    p.add_argument("--negotiation-seconds", type=float, default=None, metavar="S",
                   help="with --seminar: the negotiation's length (0: none; default: the scenario's)")
    p.add_argument("--orders-seconds", type=float, default=None, metavar="S",
                   help="with --seminar: the orders' time (0: untimed; default: the scenario's)")
    p.add_argument("--facilitator-passphrase-file", default=None, metavar="F",
                   help="with --seminar: the facilitator joins (join --facilitator) with the passphrase on the first line of F")
    p.add_argument("--passphrase-file", default=None, metavar="F",
                   help="players must also give the passphrase on the first line of F")
    p.add_argument("--save", default=None, metavar="FILE", help="the autosave (default: in the autosave folder)")
    p.add_argument("--resume", default=None, metavar="SAVE", help="restart a host from its autosave and side file")
    p.set_defaults(func=run_host)


def _seats(record: GameRecord, spec: str) -> list[int]:
    nations = record.state.nations
    if spec == "all":
        return [n.id for n in nations]
    keys = {n.key: n.id for n in nations}
    unknown = [k for k in spec if k not in keys]
    if unknown:
        raise ValueError(f"--seats: no nation {''.join(unknown)!r}; this scenario has {''.join(keys)}")
    return sorted({keys[k] for k in spec})


def run_host(args: argparse.Namespace) -> int:
    def line(record: GameRecord) -> None:
        print(turn_line(record.state, record.state.history[-1]), flush=True)

    try:
        passphrase = read_password_file(args.passphrase_file) if args.passphrase_file else None
        seminar = _seminar_options(args)
        if args.resume:
            loaded = load_game(args.resume)          # read once: for the phases and for the host
            if args.seminar:
                seminar["phases"] = _phases(loaded.record, args)
            host = Host.resume(args.resume, args.turns, passphrase=passphrase, on_turn=line, loaded=loaded, **seminar)
        else:
            if not args.scenario:
                print("host: give --scenario FILE (or --resume SAVE)", file=sys.stderr)
                return 2
            record = start_game(args.scenario, args.variant, args.seed)
            save = Path(args.save) if args.save else autosave_dir() / f"host-{time.strftime('%Y%m%d-%H%M%S')}.json"
            check_save_target(save)
            if args.seminar:
                seminar["phases"] = _phases(record, args)
            host = Host(record, _seats(record, args.seats), args.turns, save=save, passphrase=passphrase, on_turn=line,
                        **seminar)
        host.mode = "seminar" if args.seminar else "network"
    except FileError as exc:
        return report_file_error(exc)
    except (ValueError, KeyError, OSError) as exc:
        print(f"host: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_serve(host, args))


def _seminar_options(args: argparse.Namespace) -> dict:
    """The Host keywords of a seminar (empty without --seminar); ValueError for a misused flag."""
    extra = [f for f in ("negotiation_seconds", "orders_seconds", "facilitator_passphrase_file")
             if getattr(args, f) is not None]
    if not args.seminar:
        if extra:
            raise ValueError(f"--{extra[0].replace('_', '-')} needs --seminar")
        return {}
    for f in ("negotiation_seconds", "orders_seconds"):
        v = getattr(args, f)
        if v is not None and not 0 <= v <= 7200:
            raise ValueError(f"--{f.replace('_', '-')}: from 0 to 7200 seconds")
    out: dict = {}
    if args.facilitator_passphrase_file:
        out["facilitator_passphrase"] = read_password_file(args.facilitator_passphrase_file)
    return out


def _phases(record: GameRecord, args: argparse.Namespace) -> NetPhases:
    """The seminar's phases: the scenario's seminar timings unless the flags give others."""
    return scenario_phases(record, args.negotiation_seconds, args.orders_seconds)


async def _serve(host: Host, args: argparse.Namespace) -> int:
    try:
        port = await host.start(args.bind, args.port)
    except OSError as exc:
        print(f"host: cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    shown = lan_address() if args.bind == "0.0.0.0" else args.bind
    seats = "".join(host.record.state.nations[s.nation].key for s in host.seats.values() if s.human)
    print(f"hosting on {shown}:{port} room code {host.code} seats {seats} autosave {host.save}", flush=True)
    try:
        record = await host.run()
    finally:
        await host.close()
    if record.state.finished:
        print(f"game over: {record.state.end_reason}")
    print(f"final hash {record.state.state_hash()}", flush=True)
    return 0
