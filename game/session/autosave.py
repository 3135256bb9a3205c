"""The network host's autosave, written every turn without encoding the whole game every turn.

A save (``game.engine.saves``) holds every resolved turn (orders with the AI's motives, events, the
turn's public record): about 170 KB of JSON a turn on Concert of Powers, so a save of turn 100 is
17 MB, encoded twice (the document and the canonical JSON its checksum hashes). Encoding that every
turn held the interpreter's lock for a second or more at turn 100, which delayed the next views
(docs/network.md, "Figures"), and its millions of short-lived objects grew the host's memory.

:class:`TurnCache` encodes each resolved turn once (a :class:`~game.engine.packed_turns.PackedTurn`:
its two encodings, compressed); a save is then the small rest of the record (its state, pending
interventions, messages), encoded as :func:`~game.engine.saves.record_to_plain` does, with the
packed turns spliced in. The bytes are exactly those of :func:`~game.engine.saves.save_game`
(``tests/test_network_autosave.py``). A turn is recognised by its objects (the record is immutable):
a rollback or an edit of the record gives new objects and the turns from there are encoded again.

:meth:`TurnCache.packed` gives the record with its old turns held packed (``game.engine.packed_turns``):
the host keeps that one, so that its memory does not grow with the game's length; a turn the record
already holds packed is used as it is, never decoded to be saved.
"""
from __future__ import annotations

import hashlib
import json
import threading
import zlib
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from game.engine import save_container as box
from game.engine.errors import FileError, FileIssue
from game.engine.packed_turns import PackedTurn, canonical_json, pack_turn, raw_turn, with_packed
from game.engine.record import GameRecord
from game.engine.saves import (check_save_target, encode_plain, make_private_dirs, record_to_plain, summary_of,
                               turn_interventions, write_atomic)

_TURNS_LINE = b'\n "turns": []'     # encode_plain's line of an empty turn list (a top-level key: one space)


class TurnCache:
    """Each resolved turn of a record encoded once, for every later save of that record (or of its
    continuations). One writer at a time (a lock): the host's saver thread."""

    def __init__(self) -> None:
        self._turns: dict[int, tuple[tuple[Any, ...], PackedTurn]] = {}   # turn (from 0): (the turn's objects, packed)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """The turns held here (not those the record holds packed itself)."""
        return len(self._turns)

    def _turn(self, record: GameRecord, k: int, interventions: tuple[Any, ...]) -> PackedTurn:
        history = record.state.history[k]
        orders, events = raw_turn(record.orders, k), raw_turn(record.events, k)
        if isinstance(orders, PackedTurn) and events is orders and orders.holds(k, interventions, history):
            self._turns.pop(k, None)              # the record holds it packed: nothing to keep here
            return orders
        key = (orders, events, interventions, history)
        held = self._turns.get(k)
        if held is not None:
            if all(a is b for a, b in zip(held[0], key)):
                return held[1]
            for j in [j for j in self._turns if j >= k]:    # another game from here (a rollback): encode again
                del self._turns[j]
        packed = pack_turn(record, k, interventions)
        self._turns[k] = (key, packed)
        return packed

    def packed(self, record: GameRecord, keep: int = 1) -> GameRecord:
        """``record`` with its resolved turns but the last ``keep`` held packed (those of its last save
        are encoded already); they are forgotten here, the record holding them: keep that record."""
        with self._lock:
            ivs = turn_interventions(record)
            turns = {k: self._turn(record, k, ivs[k]) for k in range(record.turns_played - keep)}
            for k in turns:
                self._turns.pop(k, None)
        return with_packed(record, turns)

    def encode_save(self, record: GameRecord, mode: str | None = None, saved_at: str | None = None) -> bytes:
        """``game.engine.saves.encode_save(record, None, saved_at, mode)``, byte for byte."""
        return b"".join(self._pieces(record, mode, saved_at))

    def _pieces(self, record: GameRecord, mode: str | None, saved_at: str | None) -> Iterator[bytes]:
        """The save file's bytes in pieces: the document is never held whole (17 MB at turn 100 on Concert
        of Powers), each turn decompressed in its turn; pieces of the same size every turn, so that the
        allocator reuses their memory instead of growing the heap with the game (docs/network.md)."""
        saved_at = saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            turns = self._packed_turns(record)
        # The record without its turns (the state's history is not in the state's plain form, nor in its hash).
        s = record.state
        head = record_to_plain(replace(record, orders=(), events=(), interventions=(), state=replace(s, history=())),
                               saved_at)
        # content_checksum: the canonical JSON of everything but the checksum, keys sorted, the turns in place.
        sha = hashlib.sha256(b"{")
        for j, k in enumerate(sorted(head)):
            sha.update(((',' if j else '') + json.dumps(k, ensure_ascii=False) + ":").encode("utf-8"))
            if k != "turns":
                sha.update(canonical_json(head[k]).encode("utf-8"))
                continue
            sha.update(b"[")
            for t, packed in enumerate(turns):
                if t:
                    sha.update(b",")
                sha.update(zlib.decompress(packed.canon))
            sha.update(b"]")
        sha.update(b"}")
        head["checksum"] = sha.hexdigest()
        # encode_plain: one line per top-level key; the turns' block (one line a turn) in place of "[]".
        document = encode_plain(head)
        if document.count(_TURNS_LINE) != 1:
            raise ValueError("cannot find the turns in the save's document")
        at = document.index(_TURNS_LINE) + len(_TURNS_LINE) - 2
        return box.encode_pieces(_document(document[:at], turns, document[at + 2:]), summary_of(record, saved_at, False, mode))

    def _packed_turns(self, record: GameRecord) -> list[PackedTurn]:
        n = len(record.orders)
        if not (n == len(record.events) == len(record.state.history)):
            raise ValueError("a record needs orders, events and a history entry for every resolved turn")
        ivs = turn_interventions(record)
        turns = [self._turn(record, k, ivs[k]) for k in range(n)]
        for k in [k for k in self._turns if k >= n]:      # turns a rollback undid
            del self._turns[k]
        return turns

    def save(self, record: GameRecord, path: str | Path, mode: str | None = None) -> Path:
        """``game.engine.saves.save_game(record, path, mode=mode)`` (not encrypted), with the cache."""
        target = Path(path)
        check_save_target(target)
        pieces = self._pieces(record, mode, None)
        try:
            make_private_dirs(target.parent)
            write_atomic(target, pieces)
        except OSError as exc:
            raise FileError([FileIssue(str(target), None, None, "", f"cannot write the save: {exc.strerror or exc}")]) from None
        return target


def _document(before: bytes, turns: list[PackedTurn], after: bytes) -> Iterator[bytes]:
    """The save's document: ``before`` the turns' block, each turn's line, ``after`` it."""
    yield before
    if not turns:
        yield b"[]"
    else:
        yield b"[\n"
        for t, packed in enumerate(turns):
            if t:
                yield b",\n"
            yield zlib.decompress(packed.doc)
        yield b"\n ]"
    yield after
