"""``python main.py join HOST:PORT --code CODE``: join a game hosted with ``python main.py host``.

``--seat NAME --bot`` plays the seat with the built-in AI through the network (tests, load runs,
an absent delegation). ``--token-file F`` keeps the seat's token: written (0600) on the first join,
read to reconnect after a drop. ``--room`` watches the public view, as a projector would.

``--facilitator`` (a seminar host; ``--passphrase-file`` holds the facilitator's passphrase) reads
one command a line from standard input and prints the phase, the timer and the host's answers::

    pause | resume | add SECONDS | next | say TEXT | say@A,B TEXT | inject ID | edit PATH VALUE |
    rollback TURN | fork | end
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from pathlib import Path

from game.cli.common import read_password_file
from game.engine.errors import FileError
from game.engine.saves import write_atomic
from game.session.client import Client, Desync, HostRefused, SealRefused
from game.session import protocol as P
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
    p.add_argument("--facilitator", action="store_true",
                   help="run a seminar host's phases: commands from standard input (see above)")
    p.add_argument("--token-file", default=None, metavar="F", help="keep the seat's token in F (reconnect)")
    p.add_argument("--passphrase-file", default=None, metavar="F", help="the host's passphrase, first line of F")
    p.set_defaults(func=run_join)


def run_join(args: argparse.Namespace) -> int:
    if sum((args.bot, args.room, args.facilitator)) != 1:
        print("join: the terminal plays a seat as a bot (--bot), watches (--room) or facilitates (--facilitator); "
              "people play in the window", file=sys.stderr)
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
                    role="room" if args.room else "facilitator" if args.facilitator else "player")
    try:
        return asyncio.run(_play(client, args))
    except (HostRefused, SealRefused, Desync, ProtocolError, WireError) as exc:
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
    who = "the room screen" if args.room else "the facilitator" if args.facilitator else f"seat {client.nation}"
    print(f"joined as {who}", flush=True)
    try:
        if args.facilitator:
            await _facilitate(client)
        elif args.room:
            while client.end is None:
                await client.next_message()
        else:
            await client.play()
    finally:
        await client.close()
    end = client.end
    print(f"game ended at turn {end.turn if end else '?'}: {end.reason if end else 'host gone'}", flush=True)
    return 0 if end else 1


def parse_command_line(line: str, keys: dict[str, int]) -> dict | None:
    """One facilitator line as Client.command keywords (None: a blank line); ValueError if malformed."""
    word, _, rest = line.strip().partition(" ")
    rest = rest.strip()
    if not word:
        return None
    simple = {"pause": "pause", "resume": "resume", "next": "next_phase", "end": "end"}
    if word in simple and not rest:
        return {"action": simple[word]}
    if word == "add":
        try:
            return {"action": "add_time", "seconds": float(rest)}
        except ValueError:
            raise ValueError("add SECONDS") from None
    if word == "say" or word.startswith("say@"):
        to = None
        if word.startswith("say@"):
            names = [k.strip() for k in word[4:].split(",") if k.strip()]
            unknown = [k for k in names if k not in keys]
            if unknown or not names:
                raise ValueError(f"say@KEYS: no nation {','.join(unknown) or '(none)'}; keys are {''.join(keys)}")
            to = [keys[k] for k in names]
        return {"action": "message", "text": rest, "to": to}
    if word == "inject" and rest:
        return {"action": "inject", "text": rest}
    if word == "fork" and not rest:
        return {"action": "fork"}
    if word == "rollback":
        try:
            return {"action": "rollback", "turn": int(rest)}
        except ValueError:
            raise ValueError("rollback TURN") from None
    if word == "edit":
        path, _, value = rest.partition(" ")
        if path and value.strip():
            return {"action": "edit", "path": path, "text": value.strip()}
        raise ValueError("edit PATH VALUE")
    raise ValueError(f"unknown command {word!r}: pause, resume, add S, next, say TEXT, say@A,B TEXT, inject ID, "
                     "edit PATH VALUE, rollback TURN, fork, end")


async def _facilitate(client: Client) -> None:
    """Commands from standard input, the host's phases, notices and errors to standard output."""
    keys = {n.key: n.id for n in client.view.nations} if client.view is not None else {}
    loop = asyncio.get_running_loop()

    lines: asyncio.Queue[str] = asyncio.Queue()

    def read_stdin() -> None:   # a daemon thread: a blocked read must not keep the program alive at the end
        try:
            for line in sys.stdin:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, "")
        except RuntimeError:    # the game ended and its loop is closed
            pass

    threading.Thread(target=read_stdin, daemon=True).start()

    async def commands() -> None:
        while client.end is None:
            line = await lines.get()
            if not line:
                return
            try:
                cmd = parse_command_line(line, keys)
            except ValueError as exc:
                print(f"? {exc}", flush=True)
                continue
            if cmd is not None:
                await client.command(**cmd)

    async def listen() -> None:
        shown = (0, 0)
        while client.end is None:
            msg = await client.next_message()
            if client.view is not None and not keys:
                keys.update({n.key: n.id for n in client.view.nations})
            if isinstance(msg, P.Phase):
                left = "" if msg.seconds_left is None else f", {msg.seconds_left:.0f} s left"
                print(f"turn {msg.turn}: {msg.phase}{left}{' (paused)' if msg.paused else ''}"
                      f"{' SANDBOX' if msg.sandbox else ''}", flush=True)
            elif isinstance(msg, P.Notice):
                print(f"ok: {msg.text}", flush=True)
            elif isinstance(msg, P.Error):
                print(f"refused: {msg.message}", flush=True)
            elif isinstance(msg, P.Status):
                sealed = sum(r.sealed for r in msg.seats if r.human)
                now = (msg.turn, sealed)
                if now != shown:
                    shown = now
                    print(f"turn {msg.turn}: {sealed} of {sum(r.human for r in msg.seats)} seats sealed", flush=True)

    reader = asyncio.ensure_future(commands())
    try:
        await listen()
    finally:
        reader.cancel()
