"""A save's document (format 2) and its compressed form, each resolved turn encoded once.

The document is UTF-8 JSON with one line per top-level key, per state field and per turn, and
its last member is the checksum: the SHA-256 of every byte before it (:func:`seal`). The turns are
almost all of a long game's document (a 200-turn Concert of Powers game: 4.2 of 4.3 MB) and never
change once resolved, so each turn's piece of the document (its line, with the separator before
it) is encoded once: the turns a save encodes are compressed as one deflate segment (a sync flush:
byte-aligned, ending the segment; its window primed with the 32 KiB of turns before it, which are
what precedes it in the stream), kept beside the first of those turns'
:class:`~game.engine.state.TurnRecord`. A run is recognised by the objects it was made from (a
record is immutable: a rollback, a fork or an edited record gives new objects, encoded again).

A save then encodes only its head (the state, pending interventions, messages) and the turns not
yet encoded; its zlib stream (RFC 1950) is the head's segment, the kept turn segments and the
tail's final segment, with the Adler-32 of the whole document: what ``zlib.decompress`` reads,
byte for byte the document. Checking and writing it out: :mod:`game.engine.saves`.
"""
from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import datetime, timezone
from importlib import metadata
from typing import Any, Mapping

from .orders import orders_to_plain
from .record import GameRecord, Intervention
from .save_schema import FORMAT_NAME, FORMAT_VERSION
from .state import Event, TurnRecord, turn_record_to_plain

LEVEL = 3                                   # zlib level: 12x smaller than the JSON, ~2x faster than 6
WINDOW = 32 * 1024                          # deflate's window: how far back a segment may refer
_ZLIB_HEADER = b"\x78\x01"                  # deflate, 32 KiB window, no preset dictionary (RFC 1950)
_TURNS_KEY = b'\n "turns": []'              # encode_plain's line of an empty turn list
CHECKSUM_KEY = b',\n "checksum": "'         # the document ends: CHECKSUM_KEY + 64 hex digits + CHECKSUM_END
CHECKSUM_END = b'"\n}\n'
CHECKSUM_TAIL = len(CHECKSUM_KEY) + 64 + len(CHECKSUM_END)
_MEMO = "_save_piece"                       # the attribute of a TurnRecord holding the run of pieces from it


def _json_default(o: Any) -> Any:
    """numpy scalars in event data and counts become plain numbers."""
    if hasattr(o, "item") and callable(o.item):
        return o.item()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, default=_json_default)


def dumps(v: Any) -> str:
    """A value as the document writes it (no cycles in plain data: not checked, which is faster)."""
    return _ENCODER.encode(v)


def app_version() -> str:
    try:
        return metadata.version("security-dilemma")
    except metadata.PackageNotFoundError:
        return "unknown"


def event_to_plain(e: Event) -> dict[str, Any]:
    return {"turn": e.turn, "kind": e.kind, "text": e.text, "data": dict(e.data),
            "visible_to": None if e.visible_to is None else list(e.visible_to)}


def intervention_to_plain(iv: Intervention) -> dict[str, Any]:
    return {"kind": iv.kind, "args": dict(iv.args)}


_EVENT_KEYS = ("turn", "kind", "text", "data", "visible_to")


def _event_json_ready(e: Event) -> Any:
    """What the document writes for ``e``: its own ``__dict__`` when that is already ``event_to_plain(e)``
    as JSON (the fields in order, ``data`` a dict; a tuple is written as a list), so that ~17,000
    events a 200-turn game are not copied into new dicts first."""
    d = e.__dict__
    return d if type(d["data"]) is dict and tuple(d) == _EVENT_KEYS else event_to_plain(e)


def turn_to_plain(k: int, interventions: tuple[Intervention, ...], orders: Mapping[int, Any],
                  events: tuple[Event, ...], rec: TurnRecord, *, to_encode: bool = False) -> dict[str, Any]:
    """One entry of the document's ``turns`` (``k`` counts from 0). ``to_encode``: only for
    :func:`dumps` at once (its events may be the events' own field dicts, never to be changed)."""
    return {"turn": k + 1, "interventions": [intervention_to_plain(iv) for iv in interventions],
            "orders": {str(i): orders_to_plain(o) for i, o in sorted(orders.items())},
            "events": [_event_json_ready(e) if to_encode else event_to_plain(e) for e in events],
            "record": turn_record_to_plain(rec)}


def _padded_interventions(record: GameRecord) -> tuple[tuple[Intervention, ...], ...]:
    s = record.state
    if not (len(record.orders) == len(record.events) == len(s.history)):
        raise ValueError("a record needs orders, events and a history entry for every resolved turn")
    return record.interventions + ((),) * (len(record.orders) - len(record.interventions))


def record_to_plain(record: GameRecord, saved_at: str | None = None) -> dict[str, Any]:
    """The JSON-ready form of a record (format version :data:`FORMAT_VERSION`), without the checksum."""
    ivs = _padded_interventions(record)
    plain = _head_plain(record, saved_at)
    plain["turns"] = [turn_to_plain(k, ivs[k], record.orders[k], record.events[k], record.state.history[k])
                      for k in range(len(record.orders))]
    return plain


def _head_plain(record: GameRecord, saved_at: str | None) -> dict[str, Any]:
    """Everything of the document but the checksum, with ``turns`` empty (the turns go in as pieces)."""
    s = record.state
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "app_version": app_version(),
        "saved_at": saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "scenario": {"path": record.source.path, "sha256": record.source.sha256, "text": record.source.text},
        "variant": record.variant, "sets": list(record.sets), "seed": record.seed,
        "controllers": {str(i): c for i, c in sorted(record.controllers.items())},
        "players": {str(i): p for i, p in sorted(record.players.items())},
        "state_hash": s.state_hash(),
        "state": s.to_plain(exact=True),
        "pending": {"interventions": [intervention_to_plain(iv) for iv in record.pending],
                    "events": [event_to_plain(e) for e in record.pending_events]},
        "turns": [],
        "messages": [{"turn": m.turn, "sender": m.sender, "to": None if m.to is None else list(m.to), "text": m.text}
                     for m in record.messages],
    }


def encode_plain(plain: Mapping[str, Any]) -> bytes:
    """The bytes of a document holding ``plain`` as it is, one line per top-level key, per state field
    and per turn (readable, diffable, and a parse error's line number points at a turn). The checksum
    is not added: :func:`seal` does that."""
    def block(items: list[str], open_: str, close: str) -> str:
        return open_ + "\n" + ",\n".join("  " + x for x in items) + "\n " + close if items else open_ + close

    lines = []
    for key, value in plain.items():
        if key == "state" and isinstance(value, Mapping):
            body = block([f"{dumps(k)}: {dumps(v)}" for k, v in value.items()], "{", "}")
        elif key == "turns" and isinstance(value, list):
            body = block([dumps(t) for t in value], "[", "]")
        else:
            body = dumps(value)
        lines.append(f" {dumps(key)}: {body}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def checksum_of(body: bytes) -> str:
    """The checksum of a document whose bytes before the checksum member are ``body``."""
    return hashlib.sha256(body).hexdigest()


def seal(plain: Mapping[str, Any]) -> bytes:
    """The document of ``plain`` (any ``checksum`` in it dropped) with its checksum: the bytes of
    :func:`encode_plain` up to the closing brace, then ``,\\n "checksum": "<SHA-256 of those bytes>"``."""
    body = encode_plain({k: v for k, v in plain.items() if k != "checksum"})[:-3]   # without "\n}\n"
    return body + _checksum_member(checksum_of(body))


def _checksum_member(digest: str) -> bytes:
    return CHECKSUM_KEY + digest.encode("ascii") + CHECKSUM_END


def stored_checksum(document: bytes) -> tuple[bytes, str] | None:
    """``(the bytes the checksum covers, the checksum)`` when ``document`` ends with its checksum as
    :func:`seal` writes it; None otherwise (edited by hand, or not this format)."""
    if len(document) < CHECKSUM_TAIL or not document.endswith(CHECKSUM_END):
        return None
    at = len(document) - CHECKSUM_TAIL
    if document[at:at + len(CHECKSUM_KEY)] != CHECKSUM_KEY:
        return None
    digest = document[at + len(CHECKSUM_KEY):at + len(CHECKSUM_KEY) + 64]
    if not all(c in b"0123456789abcdef" for c in digest):
        return None
    return document[:at], digest.decode("ascii")


# --- each turn once ------------------------------------------------------------------------------------

def _segment(data: bytes, window: bytes = b"", final: bool = False) -> bytes:
    """``data`` deflated (raw deflate) as the continuation of a stream whose last output was ``window``
    (at most 32 KiB: back-references may reach into it), ending byte-aligned (a sync flush) or, with
    ``final``, with the stream's last block."""
    c = (zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=window) if window
         else zlib.compressobj(LEVEL, zlib.DEFLATED, -15))
    return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


def _kept_run(record: GameRecord, p: int, ivs: tuple[tuple[Intervention, ...], ...]) -> tuple[int, bytes] | None:
    """``(the turn after the run, its segment)`` of the run of turns kept from turn ``p`` on, if it was
    made from this record's turns."""
    held = record.state.history[p].__dict__.get(_MEMO)
    if held is None or held[0] != p or p + len(held[1]) > len(record.orders):
        return None
    for k, (orders, events, interventions) in enumerate(held[1], p):
        if not (orders is record.orders[k] and events is record.events[k] and interventions is ivs[k]):
            return None
    return p + len(held[1]), held[2]


def _turns(record: GameRecord, ivs: tuple[tuple[Intervention, ...], ...]) -> tuple[bytes, list[bytes]]:
    """The turns' text in the document (each turn's line with the separator before it) and its deflate
    segments: the runs of turns kept from earlier saves, then one segment for the turns encoded now,
    which is kept beside the first of them. A segment continues the stream of the turns before it
    (their last 32 KiB are its window, as one stream compressing them all would have), so a run is
    kept only while every run before it is: from the first turn encoded now every later one is
    encoded again."""
    n, p, segments = len(record.orders), 0, []
    while p < n:
        run = _kept_run(record, p, ivs)
        if run is None:
            break
        p, seg = run
        segments.append(seg)
    text = zlib.decompressobj(-15).decompress(b"".join(segments)) if segments else b""
    if p == n:
        return text, segments
    new = b"".join(((",\n  " if k else "\n  ") + dumps(turn_to_plain(k, ivs[k], record.orders[k], record.events[k],
                                                                      record.state.history[k], to_encode=True))).encode("utf-8")
                   for k in range(p, n))
    seg = _segment(new, text[-WINDOW:])
    keys = tuple((record.orders[k], record.events[k], ivs[k]) for k in range(p, n))
    # beside the frozen value, as the map keeps its texts (TurnRecord.__getstate__ leaves it out)
    object.__setattr__(record.state.history[p], _MEMO, (p, keys, seg))
    return text + new, segments + [seg]


def encode_parts(record: GameRecord, saved_at: str | None = None, compressed: bool = True) -> tuple[bytes, bytes]:
    """``(the document, its zlib stream)`` (the stream is empty unless ``compressed``); the turns
    already encoded for an earlier save of this game are not encoded again."""
    ivs = _padded_interventions(record)
    turns, segments = _turns(record, ivs)
    head = encode_plain(_head_plain(record, saved_at))[:-3]     # without "\n}\n"
    at = head.index(_TURNS_KEY) + len(_TURNS_KEY) - 1           # between the turns' "[" and "]"
    prefix, suffix = head[:at], (b"\n " if segments else b"") + head[at:]
    body = prefix + turns + suffix
    document = body + _checksum_member(checksum_of(body))
    if not compressed:
        return document, b""
    tail = document[len(prefix) + len(turns):]
    window = (prefix + turns)[-WINDOW:] if len(turns) < WINDOW else turns[-WINDOW:]
    stream = (_ZLIB_HEADER + _segment(prefix) + b"".join(segments) + _segment(tail, window, final=True)
              + struct.pack(">I", zlib.adler32(document)))
    return document, stream


def encode_document(record: GameRecord, saved_at: str | None = None) -> bytes:
    """The document of ``record``: what :func:`encode_parts` compresses."""
    return encode_parts(record, saved_at, compressed=False)[0]
