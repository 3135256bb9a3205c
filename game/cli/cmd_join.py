"""``python main.py join HOST:PORT --code CODE``: join a game hosted with ``python main.py host``.

``--seat NAME --bot`` plays the seat with the built-in AI through the network (tests, load runs,
an absent delegation). ``--token-file F`` keeps the seat's token: written (0600) on the first join,
read to reconnect after a drop. ``--room`` watches the public view, as a projector would.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from game.cli.common import read_password_file
from game.engine.errors import FileError
from game.engine.saves import write_atomic
from game.session.client import Client, Desync, HostRefused
from game.session.protocol import ProtocolError
from game.session.wire import WireError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("join", help="join a game hosted on the local network", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("address", metavar="HOST:PORT")
    p.add_argument("--code", required=True, help="the room code the host shows")
    p.add_argument("--seat", default=None, metavar="NAME", help="the nation to play (key or name)")
    p.add_argument("--bot", action="store_true", help="play the seat with the built-in AI")
    p.add_argument("--room", action="store_true", help="watch the public view (room screen)")
    p.add_argument("--token-file", default=None, metavar="F", help="keep the seat's token in F (reconnect)")
    p.add_argument("--passphrase-file", default=None, metavar="F", help="the host's passphrase, first line of F")
    p.set_defaults(func=run_join)


def run_join(args: argparse.Namespace) -> int:
    if not (args.bot or args.room):
        print("join: the terminal plays a seat as a bot (--bot) or watches (--room); people play in the window",
              file=sys.stderr)
        return 2
    token = None
    try:
        passphrase = read_password_file(args.passphrase_file) if args.passphrase_file else None
        if args.token_file and Path(args.token_file).is_file():
            token = Path(args.token_file).read_text(encoding="utf-8").strip()[:64] or None
    except (FileError, OSError, UnicodeDecodeError) as exc:
        print(f"join: {exc}", file=sys.stderr)
        return 2
    client = Client(f"ws://{args.address}", args.code, seat=args.seat, token=token, passphrase=passphrase,
                    role="room" if args.room else "player")
    try:
        return asyncio.run(_play(client, args))
    except (HostRefused, Desync, ProtocolError, WireError) as exc:
        print(f"join: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"join: cannot reach {args.address}: {exc.strerror or exc}", file=sys.stderr)
        return 1


async def _play(client: Client, args: argparse.Namespace) -> int:
    await client.connect()
    if args.token_file and client.token:
        write_atomic(Path(args.token_file), client.token.encode("utf-8"))
        os.chmod(args.token_file, 0o600)
    who = "the room screen" if args.room else f"seat {client.nation}"
    print(f"joined as {who}", flush=True)
    try:
        if args.room:
            while client.end is None:
                await client.next_message()
        else:
            await client.play()
    finally:
        await client.close()
    end = client.end
    print(f"game ended at turn {end.turn if end else '?'}: {end.reason if end else 'host gone'}", flush=True)
    return 0 if end else 1
