"""The network host's autosave (game.session.autosave) and the engine under it (game.engine.save_encode):
each resolved turn encoded once, the save's bytes exactly those of a save encoded afresh, through edits,
messages and a rollback."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from game.engine.record import Intervention, start_game
from game.engine.replay import rewind
from game.engine.saves import encode_save, load_game
from game.engine.views import player_view
from game.engine import save_container as box
from game.engine import save_encode as A
from game.session.autosave import TurnCache
from game.sim.runner import default_policy

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "maps" / "island_continent.yaml"
AT = "2026-12-08T01:00:00+00:00"


def _turn(record, policy=default_policy()):
    state, events = record.state, list(record.last_events)
    return record.play_turn({i: policy(player_view(state, i, events)) for i in state.alive_ids()})[0]


def _afresh(record):
    """The document ``encode_save`` writes for a copy of ``record`` whose turns were never encoded (new
    TurnRecord objects)."""
    copy = replace(record, state=replace(record.state, history=tuple(replace(h) for h in record.state.history)))
    return _document(encode_save(copy, None, AT, "network"))


def _document(saved: bytes) -> bytes:
    """The document inside a save file's bytes (its compressed stream is made of other segments when
    some turns were kept, so the files differ, not what they hold)."""
    return box.decode(saved)[0]


def test_A01_the_cached_save_is_save_games_bytes_turn_after_turn_and_each_turn_is_encoded_once(monkeypatch, tmp_path):
    encoded = []
    real = A.orders_to_plain
    cache = TurnCache()
    record = start_game(SMALL, None, 3)
    assert _document(cache.encode_save(record, "network", AT)) == _afresh(record)   # no turn yet
    for t in range(4):
        record = _turn(record)
        if t == 1:   # a facilitator's message and a public message, pending before turn 3
            record = record.intervene(Intervention("message", {"text": "Talks at noon", "to": [0]}))[0]
            record = record.post(1, "We come in peace")
        monkeypatch.setattr(A, "orders_to_plain", lambda o: encoded.append(o) or real(o))
        assert cache.encode_save(record, "network", AT) == encode_save(record, None, AT, "network")
        monkeypatch.setattr(A, "orders_to_plain", real)
        assert _document(cache.encode_save(record, "network", AT)) == _afresh(record)
    nations = len(record.state.nations)
    assert len(encoded) == 4 * nations     # every turn's orders encoded once, not per save
    assert load_game(cache.save(record, tmp_path / "g.json")).record.state.state_hash() == record.state.state_hash()


def test_A02_after_a_rollback_the_undone_turns_are_encoded_again_from_the_new_record(tmp_path):
    cache = TurnCache()
    record = start_game(SMALL, None, 4)
    for _ in range(3):
        record = _turn(record)
        cache.encode_save(record)
    back = rewind(record, 1)                                  # the facilitator rolls back to turn 2
    assert cache.encode_save(back, "seminar", AT) == encode_save(back, None, AT, "seminar")
    assert _document(cache.encode_save(back, "network", AT)) == _afresh(back)
    again = _turn(back)
    path = cache.save(again, tmp_path / "game.json", "seminar")
    assert load_game(path).record.state.state_hash() == again.state.state_hash()
    assert _document(cache.encode_save(again, "network", AT)) == _afresh(again)

