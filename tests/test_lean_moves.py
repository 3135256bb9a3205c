"""The tournament's lean path gives what the full one gives: every strategy's ``move`` equals
``decide(...).move`` and makes the same draws, and ``deterministic`` strategies never draw."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from game.ai.strategies import REGISTRY, DecisionContext, Payoffs, make
from game.sim.ipd import run_tournament

GAMES = [Payoffs.from_rstp(3, 0, 5, 1), Payoffs.from_rstp(4, 0, 3, 1), Payoffs.from_rstp(3, 2, 5, 1)]


def histories():
    """Every pair of histories up to 3 moves, and a few long random ones."""
    for n in range(4):
        for mine in itertools.product("CD", repeat=n):
            for theirs in itertools.product("CD", repeat=n):
                yield tuple(mine), tuple(theirs)
    rng = np.random.default_rng(7)
    for n in (10, 57):
        for _ in range(5):
            yield tuple(rng.choice(["C", "D"], n).tolist()), tuple(rng.choice(["C", "D"], n).tolist())


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_move_is_decide_without_the_text(key: str) -> None:
    s = make(key)
    for game in GAMES:
        for k, (mine, theirs) in enumerate(histories()):
            full, lean = np.random.default_rng(k), np.random.default_rng(k)
            expected = s.decide(DecisionContext(mine, theirs, game), full).move
            assert s.move(mine, theirs, game, lean) == expected, (mine, theirs)
            assert full.random() == lean.random(), f"{key} drew differently on {mine} {theirs}"
            if s.deterministic:
                untouched = np.random.default_rng(k)
                s.decide(DecisionContext(mine, theirs, game), untouched)
                assert untouched.random() == np.random.default_rng(k).random()


def test_of_play_is_an_ordinary_context() -> None:
    game = GAMES[0]
    assert DecisionContext.of_play(("C", "D"), ("D", "D"), game) == DecisionContext(("C", "D"), ("D", "D"), game)
    assert DecisionContext.of_play((), (), game).turn == 1


def test_reused_matches_change_no_result() -> None:
    """A tournament whose deterministic matches are reused equals one whose matches are all played:
    repetitions 3 give the same pair scores among deterministic strategies as repetition 1."""
    keys = ["tft", "wsls", "grim", "alld", "random", "gtft"]
    one = run_tournament(keys, 50, 1, 0.0, (3, 0, 5, 1), 4)
    three = run_tournament(keys, 50, 3, 0.0, (3, 0, 5, 1), 4)
    for a, b in itertools.product(["tft", "wsls", "grim", "alld"], repeat=2):
        assert one.pair_scores[(a, b)] == three.pair_scores[(a, b)]
