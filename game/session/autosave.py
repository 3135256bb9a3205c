"""The network host's autosave, written every turn without encoding the whole game every turn.

A save (``game.engine.saves``) holds every resolved turn (orders with the AI's motives, events, the
turn's public record): about 170 KB of JSON a turn on Concert of Powers, so a save of turn 100 is
17 MB, encoded twice (the document and the canonical JSON its checksum hashes). Encoding that every
turn held the interpreter's lock for a second or more at turn 100, which delayed the next views
(docs/network.md, "Figures"), and its millions of short-lived objects grew the host's memory.

:class:`TurnCache` keeps each resolved turn's two encodings, made once; a save is then the small
rest of the record (its state, pending interventions, messages), encoded as
:func:`~game.engine.saves.record_to_plain` does, with the cached turns spliced in. The bytes are
exactly those of :func:`~game.engine.saves.save_game` (``tests/test_network_autosave.py``). A turn
is recognised by its objects (the record is immutable): a rollback or an edit of the record gives new
objects and the turns from there are encoded again.
"""
from __future__ import annotations

import hashlib
import json
import threading
import zlib
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game.engine import save_container as box
from game.engine.errors import FileError, FileIssue
from game.engine.orders import orders_to_plain
from game.engine.record import GameRecord
from game.engine.saves import (_json_default, check_save_target, encode_plain, event_to_plain, intervention_to_plain,
                               make_private_dirs, record_to_plain, summary_of, write_atomic)
from game.engine.state import turn_record_to_plain

_TURNS_LINE = b'\n "turns": []'     # encode_plain's line of an empty turn list (a top-level key: one space)
PACK_LEVEL = 1                      # the cached encodings are kept compressed (about 7x smaller)


def _dumps(v: Any) -> str:
    """As ``encode_plain`` writes a turn."""
    return json.dumps(v, ensure_ascii=False, default=_json_default)


def _canonical(v: Any) -> str:
    """As ``content_checksum`` writes everything."""
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


class TurnCache:
    """Each resolved turn of a record encoded once, for every later save of that record (or of its
    continuations). One writer at a time (a lock): the host's saver thread."""

    def __init__(self) -> None:
        self._turns: list[tuple[tuple[Any, ...], bytes, bytes]] = []   # (the turn's objects, document, canonical)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._turns)

    def _turn(self, record: GameRecord, k: int, interventions: tuple[Any, ...]) -> tuple[bytes, bytes]:
        key = (record.orders[k], record.events[k], interventions, record.state.history[k])
        if k < len(self._turns):
            held, doc, canon = self._turns[k]
            if all(a is b for a, b in zip(held, key)):
                return doc, canon
            del self._turns[k:]                  # another game from here (a rollback): encode again
        plain = {"turn": k + 1, "interventions": [intervention_to_plain(iv) for iv in interventions],
                 "orders": {str(i): orders_to_plain(o) for i, o in sorted(record.orders[k].items())},
                 "events": [event_to_plain(e) for e in record.events[k]],
                 "record": turn_record_to_plain(record.state.history[k])}
        doc = zlib.compress(("  " + _dumps(plain)).encode("utf-8"), PACK_LEVEL)
        canon = zlib.compress(_canonical(plain).encode("utf-8"), PACK_LEVEL)
        self._turns.append((key, doc, canon))
        return doc, canon

    def encode_save(self, record: GameRecord, mode: str | None = None, saved_at: str | None = None) -> bytes:
        """``game.engine.saves.encode_save(record, None, saved_at, mode)``, byte for byte."""
        with self._lock:
            return self._encode_save(record, mode, saved_at)

    def _encode_save(self, record: GameRecord, mode: str | None, saved_at: str | None) -> bytes:
        saved_at = saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        s = record.state
        n = len(record.orders)
        if not (n == len(record.events) == len(s.history)):
            raise ValueError("a record needs orders, events and a history entry for every resolved turn")
        ivs = record.interventions + ((),) * (n - len(record.interventions))
        turns = [self._turn(record, k, ivs[k]) for k in range(n)]
        # The record without its turns (the state's history is not in the state's plain form, nor in its hash).
        head = record_to_plain(replace(record, orders=(), events=(), interventions=(), state=replace(s, history=())),
                               saved_at)
        # content_checksum: the canonical JSON of everything but the checksum, keys sorted, the turns in place.
        sha = hashlib.sha256(b"{")
        for j, k in enumerate(sorted(head)):
            sha.update(((',' if j else '') + json.dumps(k, ensure_ascii=False) + ":").encode("utf-8"))
            if k != "turns":
                sha.update(_canonical(head[k]).encode("utf-8"))
                continue
            sha.update(b"[")
            for t, (_, canon) in enumerate(turns):
                if t:
                    sha.update(b",")
                sha.update(zlib.decompress(canon))
            sha.update(b"]")
        sha.update(b"}")
        head["checksum"] = sha.hexdigest()
        # encode_plain: one line per top-level key; the turns' block (one line a turn) in place of "[]".
        document = encode_plain(head)
        if document.count(_TURNS_LINE) != 1:
            raise ValueError("cannot find the turns in the save's document")
        at = document.index(_TURNS_LINE) + len(_TURNS_LINE) - 2
        block = b"[]" if not turns else b"[\n" + b",\n".join(zlib.decompress(d) for d, _ in turns) + b"\n ]"
        document = document[:at] + block + document[at + 2:]
        return box.encode(document, summary_of(record, saved_at, False, mode), None)

    def save(self, record: GameRecord, path: str | Path, mode: str | None = None) -> Path:
        """``game.engine.saves.save_game(record, path, mode=mode)`` (not encrypted), with the cache."""
        target = Path(path)
        check_save_target(target)
        data = self.encode_save(record, mode)
        try:
            make_private_dirs(target.parent)
            write_atomic(target, data)
        except OSError as exc:
            raise FileError([FileIssue(str(target), None, None, "", f"cannot write the save: {exc.strerror or exc}")]) from None
        return target
