"""A save's document (format 2) and its compressed form, each resolved turn encoded once.

The document is UTF-8 JSON with one line per top-level key, per state field and per turn, and
its last member is the checksum: the SHA-256 of every byte before it (:func:`seal`). The turns are
almost all of a long game's document (a 200-turn Concert of Powers game: 4.2 of 4.3 MB) and never
change once resolved, so each turn's piece of the document (its line, with the separator before
it) is encoded once: the turns a save encodes are compressed as one deflate segment (a sync flush:
byte-aligned, ending the segment), compressed alone (no window primed from what precedes it, so it
inflates alone and stays good whatever precedes it), kept beside the first of those turns'
:class:`~game.engine.state.TurnRecord`. A run is recognised by the objects it was made from (a
record is immutable: a rollback, a fork or an edited record gives new objects, encoded again). A
turn a record holds packed (:mod:`game.engine.packed_turns`: the network host's old turns) is a run
of one, its segment: the same bytes serve the save and the packed turn (:func:`pack_turns`).

A save then encodes only its head (the state, pending interventions, messages) and the turns not
yet encoded; its zlib stream (RFC 1950) is the head's segment, the kept turn segments and the
tail's final segment, with the Adler-32 of the whole document: what ``zlib.decompress`` reads,
byte for byte the document. The document itself is never built whole to write a save (its checksum
is taken piece by piece, :func:`encode_stream`). Checking and writing it out: :mod:`game.engine.saves`.
"""
from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import datetime, timezone
from importlib import metadata
from typing import Any, Iterator, Mapping

from .orders import orders_to_plain
from .packed_turns import PackedTurn, raw_turn
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


def inflate(segment: bytes) -> bytes:
    """The text of a turns' segment: each is compressed alone (no window), so it inflates alone."""
    return zlib.decompressobj(-15).decompress(segment)


def _kept_run(record: GameRecord, p: int, ivs: tuple[tuple[Intervention, ...], ...]) -> tuple[int, bytes] | None:
    """``(the turn after the run, its segment)`` of the run of turns kept from turn ``p`` on, if it was
    made from this record's turns: a turn the record holds packed (game.engine.packed_turns) is a run
    of one, its segment; else the run kept beside turn ``p``'s TurnRecord by an earlier save. The
    record's turns are compared as held (a packed turn is never decoded for this)."""
    rec = record.state.history[p]
    own = raw_turn(record.orders, p)
    if isinstance(own, PackedTurn):
        return (p + 1, own.segment) if raw_turn(record.events, p) is own and own.holds(p, ivs[p], rec) else None
    held = rec.__dict__.get(_MEMO)
    if held is None or held[0] != p or p + len(held[1]) > len(record.orders):
        return None
    for k, (orders, events, interventions) in enumerate(held[1], p):
        if not (orders is raw_turn(record.orders, k) and events is raw_turn(record.events, k)
                and interventions is ivs[k]):
            return None
    return p + len(held[1]), held[2]


def _turn_piece(record: GameRecord, k: int, ivs: tuple[tuple[Intervention, ...], ...]) -> bytes:
    """Turn ``k``'s text in the document: its line, with the separator before it."""
    plain = turn_to_plain(k, ivs[k], record.orders[k], record.events[k], record.state.history[k], to_encode=True)
    return ((",\n  " if k else "\n  ") + dumps(plain)).encode("utf-8")


def _encode_run(record: GameRecord, p: int, q: int, ivs: tuple[tuple[Intervention, ...], ...],
                texts: list[bytes] | None = None, keep: bool = True) -> bytes:
    """Turns ``p`` to ``q - 1`` as one segment, compressed alone (one compressor for them all: 200
    compressors and flushes cost ~40 ms of a first save), kept beside turn ``p``'s TurnRecord unless
    not ``keep``; each turn's text appended to ``texts``."""
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    out = []
    for k in range(p, q):
        piece = _turn_piece(record, k, ivs)
        if texts is not None:
            texts.append(piece)
        out.append(c.compress(piece))
    out.append(c.flush(zlib.Z_SYNC_FLUSH))
    seg = b"".join(out)
    if keep:
        keys = tuple((raw_turn(record.orders, k), raw_turn(record.events, k), ivs[k]) for k in range(p, q))
        # beside the frozen value, as the map keeps its texts (TurnRecord.__getstate__ leaves it out)
        object.__setattr__(record.state.history[p], _MEMO, (p, keys, seg))
    return seg


def _turn_segments(record: GameRecord, ivs: tuple[tuple[Intervention, ...], ...]) -> Iterator[tuple[bytes, list[bytes] | None]]:
    """The turns' segments in order, each with its text when it was encoded now (None: kept, to be
    inflated): the runs kept from earlier saves (and the turns held packed) as they are, and each
    stretch of turns between them encoded as one new run, kept for later saves. Every segment is
    compressed alone, so a kept run stays good whatever is encoded before it (a rollback re-encodes
    only the turns it changed), and each can be read alone (a packed turn is one)."""
    n, p = len(record.orders), 0
    while p < n:
        run = _kept_run(record, p, ivs)
        if run is not None:
            p, seg = run
            yield seg, None
            continue
        q = p + 1
        while q < n and _kept_run(record, q, ivs) is None:
            q += 1
        texts: list[bytes] = []
        seg = _encode_run(record, p, q, ivs, texts)
        yield seg, texts
        p = q


def _encode(record: GameRecord, saved_at: str | None, document: list[bytes] | None) -> list[bytes]:
    """The zlib stream (RFC 1950) of the document, in pieces: the head's segment, the turns' segments as
    kept, the tail's final segment and the Adler-32 of the whole document, which ``zlib.decompress``
    reads as one stream. The document is never held whole: the checksum and the Adler-32 are taken
    piece by piece, each kept segment inflated in its turn, and the tail's window is the last 32 KiB
    before it. ``document``: a list the document's pieces are appended to, if given."""
    ivs = _padded_interventions(record)
    head = encode_plain(_head_plain(record, saved_at))[:-3]     # without "\n}\n"
    at = head.index(_TURNS_KEY) + len(_TURNS_KEY) - 1           # between the turns' "[" and "]"
    prefix, suffix = head[:at], (b"\n " if record.orders else b"") + head[at:]
    sha, adler, window = hashlib.sha256(prefix), zlib.adler32(prefix), prefix[-WINDOW:]
    stream = [_ZLIB_HEADER, _segment(prefix)]
    if document is not None:
        document.append(prefix)
    for seg, texts in _turn_segments(record, ivs):
        stream.append(seg)
        for text in texts if texts is not None else (inflate(seg),):
            sha.update(text)
            adler = zlib.adler32(text, adler)
            window = text[-WINDOW:] if len(text) >= WINDOW else (window + text)[-WINDOW:]
            if document is not None:
                document.append(text)
    sha.update(suffix)
    tail = suffix + _checksum_member(sha.hexdigest())
    if document is not None:
        document.append(tail)
    stream += [_segment(tail, window, final=True), struct.pack(">I", zlib.adler32(tail, adler))]
    return stream


def encode_stream(record: GameRecord, saved_at: str | None = None) -> list[bytes]:
    """The document's zlib stream in pieces (a kept segment is one piece, never copied): the turns
    already encoded for an earlier save of this game, or held packed, are not encoded again."""
    return _encode(record, saved_at, None)


def encode_document(record: GameRecord, saved_at: str | None = None) -> bytes:
    """The document of ``record``: what :func:`encode_stream` compresses."""
    pieces: list[bytes] = []
    _encode(record, saved_at, pieces)
    return b"".join(pieces)


def pack_turns(record: GameRecord, upto: int) -> dict[int, PackedTurn]:
    """Turns ``0`` to ``upto - 1`` of ``record`` as :class:`~game.engine.packed_turns.PackedTurn` (for
    ``packed_turns.with_packed``), each its document piece compressed alone: the segment kept by an
    earlier save when its run is that turn alone (the network host saves every turn, so each turn's
    run is its own: nothing is encoded or copied), a turn already packed as it is, any other encoded
    alone once. What was kept beside a packed turn is dropped (it names the turn's objects, which the
    packed record lets go); a turn from ``upto`` on that shared a dropped run is kept alone again."""
    ivs = _padded_interventions(record)
    out: dict[int, PackedTurn] = {}
    for k in range(upto):
        rec = record.state.history[k]
        run = _kept_run(record, k, ivs)
        held = raw_turn(record.orders, k)
        if run is not None and isinstance(held, PackedTurn):
            out[k] = held
            continue
        rec.__dict__.pop(_MEMO, None)
        if run is None or run[0] != k + 1:
            for j in range(upto, run[0] if run is not None else upto):
                _encode_run(record, j, j + 1, ivs)
            seg = _encode_run(record, k, k + 1, ivs, keep=False)
        else:
            seg = run[1]
        out[k] = PackedTurn(k + 1, ivs[k], rec, seg)
    return out
