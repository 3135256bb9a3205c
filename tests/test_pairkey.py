"""Dyad keys have one type (engine/pairkey): "a-b" for a pair, "i>j" for a direction, in the record,
saves, JSON and CSV alike."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.orders import Orders
from game.engine.pairkey import PairKey, direction_key, dyad_key
from game.engine.resolve import resolve_turn
from game.engine.scenario import new_game
from game.engine.state import state_from_plain

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def test_keys_read_back_as_written():
    assert dyad_key(3, 1) == dyad_key(1, 3) == "1-3"
    assert direction_key(3, 1) == "3>1"
    assert PairKey.parse("1-3") == PairKey.dyad(3, 1) and not PairKey.parse("1-3").directed
    assert PairKey.parse("3>1") == PairKey.toward(3, 1) and PairKey.parse("3>1").pair == (3, 1)
    assert PairKey.parse("1-3").directions() == ("1>3", "3>1")
    for text in ("12-40", "7>0"):
        assert str(PairKey.parse(text)) == text


@pytest.mark.parametrize("bad", ["", "1", "1-2-3", "a-b", "1>2>3"])
def test_malformed_keys_are_refused(bad):
    with pytest.raises(ValueError):
        PairKey.parse(bad)


def test_the_record_and_the_save_use_the_key_forms():
    state = new_game(FOUR_WORLDS, "w1", seed=1)
    new, _ = resolve_turn(state, {0: Orders(0, {1: "D"}), 1: Orders(1)})
    rec = new.history[-1]
    assert set(rec.outcomes) == {"0-1"} and rec.outcomes["0-1"] == "DC"
    assert set(rec.stances) == {"0>1", "1>0"} and rec.stances["0>1"] == "D"
    assert set(rec.world) == {"0-1"} and {"0>1", "1>0"} <= set(rec.balance)
    plain = new.to_plain()
    assert plain["last_stances"] == {"0>1": "D", "1>0": "C"}
    back = state_from_plain(plain, new, new.history)
    assert back.last_stances == {(0, 1): "D", (1, 0): "C"}
