"""Seat tokens kept on this computer, so that the window's "Join a game" can take its seat back after the
window itself was closed (the CLI keeps its token with ``join --token-file F``).

A host gives each seat a random 128-bit token on its first join and, from then on, lets that seat in only
with it ("that seat is taken: reconnect with its token"). The window keeps the tokens it was given in one
small JSON file in the user data directory, private to the user (0600, written atomically), keyed by the
host's address, the room code and the seat as typed; the newest :data:`MAX_ENTRIES` are kept. A token is
worth only as much as the room it opens: a classroom game on the local network (docs/network.md, threat
model). A damaged, oversized or foreign file is read as empty and written anew, never trusted or fatal.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from game.engine.saves import write_atomic
from game.userdirs import user_data_dir

MAX_BYTES = 64 * 1024
MAX_ENTRIES = 32
TOKEN_MAX = 64


def tokens_path() -> Path:
    """Where the window keeps its seat tokens: ``<user data>/network/seat_tokens.json``."""
    return user_data_dir() / "network" / "seat_tokens.json"


def token_key(address: str, code: str, seat: str) -> str:
    return f"{address.strip().lower()}|{code.strip().upper()}|{seat.strip().upper()}"


def _read(path: Path) -> dict[str, str]:
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read(MAX_BYTES + 1)[:MAX_BYTES].decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and 0 < len(v) <= TOKEN_MAX}


def read_token(path: Path, address: str, code: str, seat: str) -> str | None:
    """The token kept for this seat of this room, or None."""
    return _read(path).get(token_key(address, code, seat))


def _write(path: Path, tokens: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(dict(list(tokens.items())[-MAX_ENTRIES:]), indent=0).encode("utf-8"))
    if os.name == "posix":
        os.chmod(path, 0o600)


def keep_token(path: Path, address: str, code: str, seat: str, token: str) -> None:
    """Remember ``token`` for this seat of this room (the newest last). OSError if it cannot be written."""
    tokens = _read(path)
    key = token_key(address, code, seat)
    tokens.pop(key, None)
    tokens[key] = token[:TOKEN_MAX]
    _write(path, tokens)


def forget_token(path: Path, address: str, code: str, seat: str) -> None:
    """Drop the token of this seat of this room (the host no longer knows it)."""
    tokens = _read(path)
    if tokens.pop(token_key(address, code, seat), None) is not None:
        _write(path, tokens)
