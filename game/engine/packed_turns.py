"""Resolved turns held packed: a record's old turns kept as their save's compressed piece, not as objects.

A :class:`~game.engine.record.GameRecord` keeps every resolved turn's sealed orders (with the AI's
motives) and events: about 0.4 MB of Python objects a turn on Concert of Powers, which a long game
(the network host: 100 turns) holds for nothing but a rollback, a fork, a replay or a save. A
:class:`PackedTurn` is one such turn as a save (format 2) holds it: its piece of the save's document
(its line, with the separator before it), deflated alone, the very segment the save's compressed
stream is made of (``game.engine.save_encode``: a save uses it as it is, the turn is never decoded
to be saved, and the bytes are held once). A :class:`TurnLog` is the sequence a record's ``orders``
or ``events`` field may hold instead of a tuple: each item is either the turn's objects or a packed
turn, decoded when it is read (as a save is loaded: JSON's numbers and lists), so every reader of a
record (replay, rewind, saves, reports) reads it unchanged::

    record = with_packed(record, pack_turns(record, n))    # game.engine.save_encode: turns 0..n-1
    record.orders[0]        # decoded from the packed turn: {nation id: Orders}
    record.events[:3]       # a TurnLog too, nothing decoded

Who packs which turns is the holder's choice (``game.session.autosave.TurnCache.packed``, for the
network host, after each autosave). docs/network.md, "Figures".
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Mapping

from .orders import Orders, orders_from_plain
from .record import GameRecord, Intervention
from .save_checks import events_from_plain
from .state import Event, TurnRecord

PARTS = ("orders", "events")


@dataclass(frozen=True, eq=False)
class PackedTurn:
    """Resolved turn ``turn`` (from 1) as a save writes it: ``segment`` its piece of the save's document
    (``",\\n  "`` or, for the first turn, ``"\\n  "``, then its JSON), raw deflate compressed alone.
    ``interventions`` and ``record`` (the turn's history entry) are the objects it was packed with, kept
    to tell whether it still is the same turn of a record (a rewound record has equal ones)."""

    turn: int
    interventions: tuple[Intervention, ...]
    record: TurnRecord
    segment: bytes = field(repr=False)

    def plain(self) -> dict[str, Any]:
        text = zlib.decompressobj(-15).decompress(self.segment)
        return json.loads(text[1:] if self.turn > 1 else text)     # the separator's comma; JSON skips the rest

    def orders(self) -> dict[int, Orders]:
        return {int(k): orders_from_plain(o) for k, o in self.plain()["orders"].items()}

    def events(self) -> tuple[Event, ...]:
        return events_from_plain(self.plain()["events"])

    def holds(self, k: int, interventions: tuple[Intervention, ...], record: TurnRecord) -> bool:
        """Whether it is turn ``k`` (from 0) with these interventions before it and this history entry."""
        return (self.turn == k + 1 and (self.interventions is interventions or self.interventions == interventions)
                and (self.record is record or self.record == record))


class TurnLog(Sequence):
    """A record's ``orders`` or ``events`` (``part``), per resolved turn, some turns packed: read like
    the tuple it replaces (an index decodes a packed turn; a slice or ``+`` keeps them packed)."""

    __slots__ = ("_items", "part")

    def __init__(self, items: Sequence[Any], part: str) -> None:
        if part not in PARTS:
            raise ValueError(f"a turn log holds {' or '.join(PARTS)}, not {part!r}")
        self._items = tuple(items)
        self.part = part

    def raw(self, k: int) -> Any:
        """Turn ``k`` as held: its objects, or a :class:`PackedTurn`."""
        return self._items[k]

    def packed(self) -> int:
        """How many turns are held packed."""
        return sum(isinstance(x, PackedTurn) for x in self._items)

    def _open(self, x: Any) -> Any:
        return getattr(x, self.part)() if isinstance(x, PackedTurn) else x

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return TurnLog(self._items[k], self.part)
        return self._open(self._items[k])

    def __iter__(self) -> Iterator[Any]:
        return (self._open(x) for x in self._items)

    def _others(self, other: Any) -> tuple[Any, ...] | None:
        if isinstance(other, TurnLog):
            return other._items if other.part == self.part else None
        return tuple(other) if isinstance(other, (tuple, list)) else None

    def __add__(self, other: Any) -> "TurnLog":
        items = self._others(other)
        return NotImplemented if items is None else TurnLog(self._items + items, self.part)

    def __radd__(self, other: Any) -> "TurnLog":
        items = self._others(other)
        return NotImplemented if items is None else TurnLog(items + self._items, self.part)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (TurnLog, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # as a tuple of dicts: not hashable

    def __repr__(self) -> str:
        return f"TurnLog({self.part}: {len(self)} turns, {self.packed()} packed)"


def raw_turn(log: Sequence[Any], k: int) -> Any:
    """Turn ``k`` of a record's ``orders`` or ``events`` as held (a :class:`PackedTurn` when packed)."""
    return log.raw(k) if isinstance(log, TurnLog) else log[k]


def _raw_items(log: Sequence[Any]) -> list[Any]:
    return list(log._items) if isinstance(log, TurnLog) else list(log)


def with_packed(record: GameRecord, packed: Mapping[int, PackedTurn]) -> GameRecord:
    """``record`` with turn k held as ``packed[k]`` (for each k given; they must be its turns)."""
    if not packed:
        return record
    logs = {}
    for part in PARTS:
        items = _raw_items(getattr(record, part))
        for k, p in packed.items():
            items[k] = p
        logs[part] = TurnLog(items, part)
    return replace(record, **logs)


def carry_packed(record: GameRecord, before: GameRecord, after: GameRecord) -> GameRecord:
    """``record``, made from ``before`` (a turn resolved from it, a message posted), with the turns it
    shares with ``before`` (the very objects) held as ``after`` holds them: ``after`` is ``before`` with
    turns packed meanwhile, which stay packed."""
    n = min(len(record.orders), len(before.orders), len(after.orders))
    packed = {}
    for k in range(n):
        p = raw_turn(after.orders, k)
        if (isinstance(p, PackedTurn) and raw_turn(after.events, k) is p and raw_turn(record.orders, k) is not p
                and raw_turn(record.orders, k) is raw_turn(before.orders, k)
                and raw_turn(record.events, k) is raw_turn(before.events, k)):
            packed[k] = p
    return with_packed(record, packed)
