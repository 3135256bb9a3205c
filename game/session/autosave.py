"""The network host's autosave: :func:`~game.engine.saves.save_game` from the host's saver thread,
one save at a time, and the record with its old turns packed, which the host keeps instead.

A save holds every resolved turn (orders with the AI's motives, events, the turn's public record):
about 170 KB of JSON a turn on Concert of Powers. Encoding all of it every turn held the
interpreter's lock for a second or more at turn 100, which delayed the next views
(docs/network.md, "Figures"). The engine encodes each resolved turn once for every later save
of the game (:mod:`game.engine.save_encode` keeps each turn's compressed piece beside its
``TurnRecord``), so an autosave encodes only the state, the pending interventions, the messages and
the new turn, whoever saves, and writes the file in pieces (the document is never held whole). A
rollback or an edited record gives new objects, and the turns from there are encoded again.

:meth:`TurnCache.packed` gives the record with its old turns held packed (``game.engine.packed_turns``):
the host keeps that one, so that its memory does not grow with the game's length. A packed turn is
the very segment the saves are made of (one compressed copy of each turn, never decoded to be saved).
"""
from __future__ import annotations

import threading
from pathlib import Path

from game.engine.packed_turns import with_packed
from game.engine.record import GameRecord
from game.engine.save_encode import pack_turns
from game.engine.saves import encode_save, save_game


class TurnCache:
    """The host's saves, one at a time (a lock): the saver thread and a save on demand never interleave."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def encode_save(self, record: GameRecord, mode: str | None = None, saved_at: str | None = None) -> bytes:
        """``game.engine.saves.encode_save(record, None, saved_at, mode)``."""
        with self._lock:
            return encode_save(record, None, saved_at, mode)

    def save(self, record: GameRecord, path: str | Path, mode: str | None = None) -> Path:
        """``game.engine.saves.save_game(record, path, mode=mode)`` (not encrypted)."""
        with self._lock:
            return save_game(record, path, mode=mode)

    def packed(self, record: GameRecord, keep: int = 1) -> GameRecord:
        """``record`` with its resolved turns but the last ``keep`` held packed (those of its last save
        are encoded already, each its own segment): keep that record."""
        with self._lock:
            return with_packed(record, pack_turns(record, record.turns_played - keep))
