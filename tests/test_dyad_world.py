"""The world of a dyad has one home (engine/balance.dyad_world): the resolution's record, the
stage game and the map's Worlds mode agree, and a direction with no axis counts as NO_AXIS_ODB."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.balance import Axis, DyadBalance, directed_odb, dyad_balances, dyad_world, world_of
from game.engine.rules import rule_constants
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.scenario import new_game
from game.engine.views import player_view
from game.ui.mapdata import layers_from_view

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def _bal(i, j, odb, perceived):
    return DyadBalance(i, j, odb, odb, perceived, perceived, Axis(0, 1, 1.0, "land"), 1)


NO_AXIS_ODB = rule_constants().balance.no_axis_odb


def test_a_direction_without_an_axis_is_practically_unattackable():
    assert NO_AXIS_ODB > 1
    bal = {(0, 1): _bal(0, 1, 0.8, 0.6)}
    assert directed_odb(bal, 0, 1, False) == 0.8 and directed_odb(bal, 0, 1, True) == 0.6
    assert directed_odb(bal, 1, 0, False) == NO_AXIS_ODB
    assert dyad_world(bal, 0, 1, 0.2, False) == dyad_world(bal, 1, 0, 0.2, False) == world_of(0.8, 0.2) == 1
    assert dyad_world({}, 0, 1, 0.9, True) == world_of(NO_AXIS_ODB, 0.9) == 4


@pytest.mark.parametrize("variant,world", [("w1", 1), ("w2", 2), ("w3", 3), ("w4", 4)])
def test_record_stage_game_and_map_agree_on_the_world(variant, world):
    state = new_game(FOUR_WORLDS, variant, seed=1)
    bal = dyad_balances(state)
    new, _ = resolve_turn(state, {0: Orders(0), 1: Orders(1)})
    assert new.history[-1].world["0-1"] == dyad_world(bal, 0, 1, state.era.distinguishability, False) == world
    view = player_view(state, 0)
    assert view.games[1].world == dyad_world(view.balances, 0, 1, view.distinguishability, True)
    assert layers_from_view(view).dyad_world[(0, 1)] == view.games[1].world
