"""Headless smoke: AI-played games run without exceptions and keep the state's invariants."""
from __future__ import annotations

import pytest

from factory import make_state, two_state
from game.ai.controller import ai_orders
from game.engine.scenario import load_scenario, new_game
from game.engine.state import GameState
from game.sim.runner import default_policy, play


def _check_invariants(state: GameState) -> None:
    n = len(state.nations)
    assert len(state.owner) == state.gmap.size                 # one owner per hex
    assert all(o in (-2, -1) or 0 <= o < n for o in state.owner)
    for h, stack in state.units.items():
        assert state.owner[h] >= 0, "units stand only on a state's own hexes"
        assert all(c > 0 for c in stack.values()), "forces are positive counts"
    assert all(0 <= f <= 3 for f in state.fort)
    assert all(nat.treasury >= 0 for nat in state.nations)
    for nat in state.nations:
        assert all(q.count > 0 and q.turns_left >= 0 for q in nat.queue)
        if not nat.alive:
            assert nat.id not in state.owner


def test_the_runner_uses_this_ai() -> None:
    assert default_policy() is ai_orders


@pytest.mark.parametrize("variant", load_scenario("maps/four_worlds.yaml").variants)
def test_twenty_turns_of_every_four_worlds_variant(variant: str) -> None:
    state = new_game("maps/four_worlds.yaml", variant, seed=21)
    turns = 0
    for res in play(state, 20, ai_orders):
        _check_invariants(res.state)
        assert all(o.motives for o in res.orders.values())
        turns += 1
    assert turns == 20


def test_mixed_types_three_states_fight_and_stay_consistent() -> None:
    data = two_state("1940", "........", width=12, height=6)
    data["map"]["owners"] = ["AAAABBBBCCCC"] * 6
    data["states"].append({"key": "C", "name": "Carpathia", "colour": "#00aa00", "capital": [11, 2], "treasury": 200,
                           "ai_type": "insecure_greedy", "security_requirement": 1.5,
                           "forces": [{"hex": [8, r], "units": {"infantry": 2}} for r in range(6)]})
    data["states"][0]["forces"] = [{"hex": [3, r], "units": {"infantry": 2, "armour": 1}} for r in range(6)]
    data["states"][1]["capital"] = [6, 2]
    data["states"][1]["forces"] = [{"hex": [c, r], "units": {"infantry": 1}} for c in (4, 7) for r in range(6)]
    data["states"][0]["ai_type"] = "greedy"
    data["states"][0]["difficulty"] = "hard"
    data["states"][1]["difficulty"] = "easy"
    state = make_state(data, seed=4)
    attacks = 0
    for res in play(state, 25, ai_orders):
        _check_invariants(res.state)
        attacks += res.state.history[-1].attacks
    assert attacks > 0
