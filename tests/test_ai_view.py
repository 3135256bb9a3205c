"""The AI-view test: AI decisions depend on the player view only (issue 3; docs/rules.md §9, docs/ai.md).

Hidden information that the view does not carry -- another state's type, strategy, security
requirement, difficulty, treasury, productivity, build queue, and (where distinguishability is
0) its true offensive/defensive split -- is changed in the *state*; the view must stay equal and
every AI decision must stay the same. The AI entry point takes a view and refuses a state.
"""
from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from factory import make_state, two_state
from game.ai.controller import ai_orders
from game.engine.resolve import resolve_turn
from game.engine.stagegame import stage_game, true_forces
from game.engine.balance import border_axes, dyad_balances
from game.engine.scenario import new_game
from game.engine.state import BuildItem, GameState
from game.engine.views import PlayerView, player_view


def _played(state: GameState, turns: int = 3) -> GameState:
    events = []
    for _ in range(turns):
        orders = {i: ai_orders(player_view(state, i, events)) for i in state.alive_ids()}
        state, events = resolve_turn(state, orders)
    return state


def _hidden_changes(state: GameState) -> GameState:
    """Change everything about nation 1 that nation 0 may not see."""
    n1 = state.nations[1]
    n1 = replace(n1, ai_type="greedy", strategy="alld", security_requirement=3.0, difficulty="easy",
                 treasury=n1.treasury * 7 + 500, productivity=n1.productivity * 1.5, war_cost_factor=2.0,
                 queue=n1.queue + (BuildItem("armour", state.nations[1].capital, 5, 2),))
    return replace(state, nations=(state.nations[0], n1) + state.nations[2:])


def _swap_composition(state: GameState) -> GameState:
    """Replace nation 1's infantry by anti-tank guns, one for one: same total strength and count
    (1940: infantry 1 + 1.5, anti-tank gun 0 assault + 2.5), a different offensive share."""
    units = {}
    for h, st in state.units.items():
        if state.owner[h] == 1 and "infantry" in st:
            st = dict(st)
            st["at_gun"] = st.get("at_gun", 0) + st.pop("infantry")
        units[h] = st
    return replace(state, units=units)


def _blind_1940(seed: int = 3) -> GameState:
    """Two states in 1940 on open ground, postures fully indistinguishable (d = 0), a few turns played."""
    data = two_state("1940", "........", width=8, height=4)
    data["era"] = {"base": "1940", "distinguishability": 0.0}
    return _played(make_state(data, seed=seed), 3)


@pytest.mark.parametrize("variant", ["w1", "w2", "w3", "w4"])
def test_hidden_facts_of_another_state_change_no_ai_decision(variant: str) -> None:
    state = _played(new_game("maps/four_worlds.yaml", variant, seed=11), 4)
    changed = _hidden_changes(state)
    assert changed.state_hash() != state.state_hash()
    # the change matters to the true game: nation 1's own stage game against 0 differs
    axes = border_axes(state)
    bal = dyad_balances(state, axes)
    true_a = stage_game(state, 1, 0, true_forces(state), axes, bal, {i: state.income(i) for i in (0, 1)}, perceived=False)
    true_b = stage_game(changed, 1, 0, true_forces(changed), axes, bal, {i: changed.income(i) for i in (0, 1)}, perceived=False)
    assert (true_a.dd, true_a.cd) != (true_b.dd, true_b.cd)
    view_a, view_b = player_view(state, 0), player_view(changed, 0)
    assert view_a == view_b
    assert ai_orders(view_a) == ai_orders(view_b)


def test_true_offensive_split_invisible_at_d0_changes_no_ai_decision() -> None:
    state = _blind_1940()
    changed = _swap_composition(state)
    assert true_forces(changed).hexes != true_forces(state).hexes
    view_a, view_b = player_view(state, 0), player_view(changed, 0)
    assert view_a == view_b
    orders_a, orders_b = ai_orders(view_a), ai_orders(view_b)
    assert orders_a == orders_b
    assert orders_a.motives   # it did decide something


def test_a_visible_change_does_change_the_view() -> None:
    """Control: with d > 0 the same swap is visible, so the test above is not vacuous."""
    data = two_state("1940", "........", width=8, height=4)
    data["era"] = {"base": "1940", "distinguishability": 0.8}
    state = _played(make_state(data, seed=3), 3)
    assert player_view(state, 0) != player_view(_swap_composition(state), 0)


def test_ai_orders_takes_a_player_view_and_refuses_the_state() -> None:
    sig = inspect.signature(ai_orders)
    assert list(sig.parameters) == ["view"]
    assert sig.parameters["view"].annotation in (PlayerView, "PlayerView")
    state = new_game("maps/four_worlds.yaml", "w4", seed=1)
    with pytest.raises(TypeError):
        ai_orders(state)  # type: ignore[arg-type]
    assert ai_orders(player_view(state, 1)).nation == 1
