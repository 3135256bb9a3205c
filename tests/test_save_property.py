"""Whatever the game can save, it can load and verify (issue 11 §2): texts at and over every length
limit, any seed, facilitator edits of any value, messages, through the engine values that store them."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.simple import simple_orders
from game.engine.bounds import MAX_MESSAGE, MAX_SEED, MAX_SHORT, MAX_TEXT
from game.engine.facilitator import editable_paths
from game.engine.record import GameRecord, Intervention, ScenarioSource
from game.engine.replay import verify
from game.engine.saves import load_game, save_game
from game.engine.views import player_view
from recorded import FOUR_WORLDS

SOURCE = ScenarioSource.from_file(FOUR_WORLDS)


def texts(limit: int) -> st.SearchStrategy[str]:
    """Any text up to ``limit`` characters, often exactly at the limit."""
    chars = st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\x00"]))   # lone surrogates: no file holds them
    return st.one_of(st.text(chars, max_size=40), st.text(chars, min_size=1, max_size=3).map(lambda t: (t * limit)[:limit]))


def numbers() -> st.SearchStrategy[object]:
    return st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                     st.sampled_from(["inf", "nan", "1e308", "5e-324", "", "x", "bayes", "greedy"]))


@st.composite
def games(draw: st.DrawFn) -> tuple[GameRecord, list[str]]:
    """A short game with hostile texts and edits; returns the record and what was refused."""
    from game.engine.record import start_game

    refused: list[str] = []
    names = draw(st.dictionaries(st.integers(0, 1), texts(MAX_SHORT + 1), max_size=2))
    seed = draw(st.integers(0, MAX_SEED))
    try:
        record = start_game(SOURCE, "w1", seed, players=names)
    except ValueError:
        refused.append("players")
        record = start_game(SOURCE, "w1", seed)
    for _ in range(draw(st.integers(1, 2))):
        for _ in range(draw(st.integers(0, 2))):
            paths = editable_paths(record.state)
            iv = draw(st.one_of(
                st.builds(lambda p, v: Intervention("edit", {"path": p, "value": v}), st.sampled_from(paths), numbers()),
                st.builds(lambda t: Intervention("message", {"text": t, "to": None}), texts(MAX_MESSAGE + 1))))
            try:
                record, _ = record.intervene(iv)
            except ValueError:
                refused.append(iv.kind)
        for _ in range(draw(st.integers(0, 2))):
            try:
                record = record.post(draw(st.sampled_from([None, 0, 1])), draw(texts(MAX_MESSAGE + 1)))
            except ValueError:
                refused.append("message")
        if record.state.finished:
            break
        statement = draw(texts(MAX_TEXT + 1))
        orders = {n.id: simple_orders(player_view(record.state, n.id, record.last_events))
                  for n in record.state.nations if n.alive}
        orders[0] = replace(orders[0], statement=statement)
        try:
            record, _ = record.play_turn(orders)
        except ValueError:
            refused.append("statement")
            record, _ = record.play_turn({**orders, 0: replace(orders[0], statement="")})
    return record, refused


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(games())
@pytest.mark.slow
def test_whatever_the_game_saves_it_loads_and_verifies(tmp_path: Path, game: tuple[GameRecord, list[str]]) -> None:
    record, _ = game
    path = save_game(record, tmp_path / "g.json")
    loaded = load_game(path).record
    assert loaded.state.state_hash() == record.state.state_hash()
    assert loaded.players == record.players and loaded.messages == record.messages
    assert verify(loaded).ok


@pytest.mark.parametrize("what", ["statement", "player", "message", "facilitator message", "seed"])
def test_texts_over_the_limits_are_refused_before_they_are_stored(what: str) -> None:
    from game.engine.record import start_game

    record = start_game(SOURCE, "w1", 1)
    with pytest.raises(ValueError):
        if what == "statement":
            orders = {0: replace(simple_orders(player_view(record.state, 0, ())), statement="x" * (MAX_TEXT + 1))}
            record.play_turn(orders)
        elif what == "player":
            start_game(SOURCE, "w1", 1, players={0: "x" * (MAX_SHORT + 1)})
        elif what == "message":
            record.post(0, "x" * (MAX_MESSAGE + 1))
        elif what == "facilitator message":
            record.intervene(Intervention("message", {"text": "x" * (MAX_MESSAGE + 1), "to": None}))
        else:
            start_game(SOURCE, "w1", MAX_SEED + 1)
