"""The network host keeps its record's old turns packed (game.engine.packed_turns), so that its memory
does not grow with the game (issue 12, "Load": host RSS flat): a packed turn decodes to exactly the
turn it was, every reader of the record (replay, rewind, verify, saves) gets the same results, and a
hosted game's record holds its old turns packed. docs/network.md, "Figures"."""
from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import tracemalloc
import zlib
from dataclasses import replace

from game.engine import save_container as box
from game.engine.orders import orders_from_plain, orders_to_plain
from game.engine.packed_turns import PackedTurn, TurnLog, carry_packed
from game.engine.record import GameRecord, Intervention, start_game
from game.engine.replay import rewind, verify
from game.engine.save_encode import encode_stream
from game.engine.saves import encode_record, encode_save, load_game, save_pieces
from game.engine.views import player_view
from game.session.autosave import TurnCache
from game.session.wire import HistoryTexts, canonical, canonical_views, view_to_plain
from game.sim.runner import default_policy

from tests.test_network import SMALL, _hosted_game, run_hash

AT = "2026-12-08T04:00:00+00:00"
POLICY = default_policy()


def _orders(record: GameRecord) -> dict:
    """Every nation's AI orders, through JSON as the host receives them from its clients."""
    state, events = record.state, list(record.last_events)
    return {i: orders_from_plain(json.loads(json.dumps(orders_to_plain(POLICY(player_view(state, i, events))))))
            for i in state.alive_ids()}


def _two_records(turns: int, seed: int = 3) -> tuple[GameRecord, GameRecord, TurnCache]:
    """The same game twice: as played (every turn's objects) and as the host keeps it (packed after each save)."""
    live = packed = start_game(SMALL, None, seed)
    cache = TurnCache()
    for t in range(turns):
        orders = _orders(live)
        live, packed = live.play_turn(orders)[0], packed.play_turn(orders)[0]
        if t == 1:        # a facilitator's message pending before turn 3 (an intervention in the log)
            iv = Intervention("message", {"text": "Talks at noon", "to": [0]})
            live, packed = live.intervene(iv)[0], packed.intervene(iv)[0]
        cache.encode_save(packed)
        packed = cache.packed(packed)
    return live, packed, cache


def test_P01_old_turns_are_held_packed_and_decode_to_exactly_the_turns_they_were():
    live, packed, cache = _two_records(5)
    assert isinstance(packed.orders, TurnLog) and isinstance(packed.events, TurnLog)
    assert packed.orders.packed() == packed.events.packed() == 4            # all but the last turn
    assert all(isinstance(packed.orders.raw(k), PackedTurn) and packed.events.raw(k) is packed.orders.raw(k)
               for k in range(4))
    assert packed.orders.raw(4) is live.orders[4] or packed.orders.raw(4) == live.orders[4]
    assert packed.turns_played == 5 and len(packed.orders) == len(packed.events) == 5
    assert list(packed.orders) == list(live.orders) and list(packed.events) == list(live.events)
    assert packed.orders == live.orders and packed.events == live.events
    assert packed.last_events == live.last_events
    assert isinstance(packed.orders[1:3], TurnLog) and packed.orders[1:3].packed() == 2   # a slice decodes nothing


def test_P02_a_packed_record_saves_the_same_bytes_replays_rewinds_and_plays_on_the_same(tmp_path):
    live, packed, cache = _two_records(5)
    # the same document (the files' compressed streams are cut into other segments: the live record's
    # first save encodes its turns as one run)
    assert encode_save(packed, None, AT) == cache.encode_save(packed, None, AT)
    assert box.decode(encode_save(packed, None, AT))[0] == encode_record(live, AT) == encode_record(packed, AT)
    assert verify(packed).ok and verify(packed).final_hash == live.state.state_hash()
    back, back_live = rewind(packed, 2), rewind(live, 2)
    assert back.orders.packed() == 2 and back.state.state_hash() == back_live.state.state_hash()
    assert box.decode(cache.encode_save(back, "seminar", AT))[0] == encode_record(back_live, AT)
    orders = _orders(live)
    on, on_live = packed.play_turn(orders)[0], live.play_turn(orders)[0]
    assert isinstance(on.orders, TurnLog) and on.orders.packed() == 4
    assert on.state.state_hash() == on_live.state.state_hash()
    loaded = load_game(cache.save(on, tmp_path / "g.json")).record
    assert loaded.orders == on.orders and loaded.events == on.events
    assert encode_record(loaded, AT) == encode_record(on_live, AT)


def test_P03_a_record_made_meanwhile_keeps_the_turns_packed_while_it_was_made():
    """The host resolves a turn from record R while its autosave packs R's old turns: the resolved record
    (and one with a message posted) takes the packed turns, never the objects again."""
    live, _, _ = _two_records(3)
    cache = TurnCache()
    cache.encode_save(live)
    packed = cache.packed(live)
    resolved = live.play_turn(_orders(live))[0].post(1, "We come in peace")
    carried = carry_packed(resolved, live, packed)
    assert carried.orders.packed() == 2 and carried.turns_played == 4 and carried.messages == resolved.messages
    assert carried.orders == resolved.orders and carried.events == resolved.events
    assert encode_record(carried, AT) == encode_record(resolved, AT)
    other = _two_records(3)[0]                 # the same game played again: other objects, left as they are
    assert carry_packed(other, live, packed) is other


def test_P04_a_packed_turn_holds_a_fraction_of_the_memory_of_its_objects():
    """Off the heap: a packed turn (one compressed string) against the live objects it decodes to, as
    tracemalloc counts them (the objects that a record of 100 turns would otherwise keep alive)."""
    _, packed, _ = _two_records(3)
    p = packed.orders.raw(1)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        turn = (p.orders(), p.events())
        live_bytes = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    held = len(p.segment)
    assert turn[0] == packed.orders[1]
    assert held * 4 < live_bytes, (held, live_bytes)


def test_P05_a_hosted_game_keeps_its_old_turns_packed_and_ends_with_runs_hash(tmp_path, monkeypatch):
    """... and never decodes one while it plays (no reader of old turns on the host's way)."""
    decoded = []
    for part in ("orders", "events"):
        real = getattr(PackedTurn, part)
        monkeypatch.setattr(PackedTurn, part, lambda self, real=real: decoded.append(self.turn) or real(self))
    save = tmp_path / "host.json"
    record = start_game(SMALL, None, 5)
    final, clients = asyncio.run(_hosted_game(record, "ABC", 4, save=save))
    assert decoded == []
    assert final.state.state_hash() == run_hash(SMALL, 5, 4)
    assert isinstance(final.orders, TurnLog) and final.orders.packed() >= final.turns_played - 2
    loaded = load_game(save).record
    assert loaded.orders == final.orders and loaded.events == final.events
    assert encode_record(loaded, AT) == encode_record(final, AT)


def test_P06_a_save_of_a_packed_record_is_made_of_the_packed_turns_own_segments_written_in_pieces(tmp_path):
    """One compressed copy of each old turn: the save's stream holds the packed turns' very segments (not
    copies, not decoded), the file is written piece by piece, and the stream is one plain zlib stream."""
    _, packed, cache = _two_records(4)
    stream = encode_stream(packed, AT)
    segments = [packed.orders.raw(k).segment for k in range(3)]
    assert all(any(piece is seg for piece in stream) for seg in segments)
    pieces = save_pieces(packed, None, AT, "network")
    assert len(pieces) == len(stream) + 1 and all(a is b for a, b in zip(pieces[3:-2], stream[2:-2]))   # the turns
    whole = b"".join(pieces)
    assert whole == cache.encode_save(packed, "network", AT)
    document = box.decode(whole)[0]
    assert zlib.decompress(whole[whole.index(b"\n") + 1:]) == document == encode_record(packed, AT)
    assert json.loads(document)["turns"][1] == packed.orders.raw(1).plain()


def test_P07_history_texts_kept_between_rounds_give_the_same_views_and_hashes():
    record = start_game(SMALL, None, 4)
    memo = HistoryTexts()
    for _ in range(3):
        record = record.play_turn(_orders(record))[0]
        views = [player_view(record.state, me, list(record.last_events)) for me in (0, 1, None)]
        texts = canonical_views(views, memo)
        alone = [canonical(view_to_plain(v)) for v in views]
        assert [t.full() for t in texts] == alone
        assert [t.digest() for t in texts] == [hashlib.sha256(a.encode("utf-8")).hexdigest() for a in alone]
    assert len(texts[0].history) == 3


def test_P08_a_record_saved_as_one_run_is_packed_turn_by_turn_then_each_turn_is_encoded_once_more(monkeypatch):
    """A resumed host: its first save encodes every turn as one run; packing then encodes each old turn
    alone (a run's segment cannot be cut) and keeps the last one alone, so that from there a save
    encodes only its new turn and packing encodes nothing (the steady state of a hosted game)."""
    from game.engine import save_encode
    live, _, _ = _two_records(4)
    record = replace(live, state=replace(live.state, history=tuple(replace(h) for h in live.state.history)))
    cache = TurnCache()
    cache.encode_save(record, None, AT)                                  # one run of four turns
    encoded = []
    real = save_encode.orders_to_plain
    monkeypatch.setattr(save_encode, "orders_to_plain", lambda o: encoded.append(o) or real(o))
    packed = cache.packed(record)
    assert packed.orders.packed() == 3 and len(encoded) == 4 * len(record.orders[0])   # turns 1-3, and 4 kept alone
    assert [packed.orders.raw(k).plain()["turn"] for k in range(3)] == [1, 2, 3]
    encoded.clear()
    on = packed.play_turn(_orders(live))[0]
    cache.encode_save(on, None, AT)
    assert len(encoded) == len(on.orders.raw(4))                         # the new turn's orders only
    encoded.clear()
    on = cache.packed(on)
    assert on.orders.packed() == 4 and encoded == []
    assert encode_record(on, AT) == encode_record(replace(on, orders=tuple(on.orders), events=tuple(on.events)), AT)
