"""The exploitation as a campaign (``stage.campaign_cap``; docs/rules.md §6, docs/experiments.md,
"The exploitation as a campaign"): a research knob, off as shipped (cap 1: one strike)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from factory import make_state, with_sets
from test_rules_catalogue import _game, flatland

from game.engine.stagegame import campaign_length


def _with_cap(state, cap: float):
    rules = state.gmap.rules
    stage = rules.constants.stage.model_copy(update={"campaign_cap": cap})
    rules = rules.model_copy(update={"constants": rules.constants.model_copy(update={"stage": stage})})
    return replace(state, gmap=replace(state.gmap, rules=rules))


@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 0.75, 0.99, 1.0])
def test_as_shipped_an_exploitation_is_one_strike(p: float) -> None:
    assert campaign_length(p, 1.0) == 1.0


def test_a_campaign_runs_its_odds_at_least_one_strike_at_most_the_cap() -> None:
    assert campaign_length(0.3, 3.0) == 1.0            # odds 0.43: one strike still
    assert campaign_length(0.6, 3.0) == pytest.approx(1.5)
    assert campaign_length(0.75, 3.0) == 3.0
    assert campaign_length(0.9, 3.0) == 3.0 and campaign_length(1.0, 3.0) == 3.0
    runs = [campaign_length(k / 100, 3.0) for k in range(101)]
    assert runs == sorted(runs), "a likelier strike never makes a shorter campaign"


def test_the_cap_scales_the_territorial_stakes_only_and_keeps_the_chicken_boundary() -> None:
    state = make_state(flatland("1940"))
    one, run = _game(_with_cap(state, 1.0), 0, 1), _game(_with_cap(state, 3.0), 0, 1)
    assert one.p_lose == run.p_lose and one.p_win == run.p_win and one.dd == run.dd and one.cc == run.cc
    k_lose, k_win = campaign_length(one.p_lose, 3.0), campaign_length(one.p_win, 3.0)
    assert k_lose > 1.0 and k_win > 1.0
    war = state.era.war_cost * state.income(0) * state.nations[0].war_cost_factor
    share = state.gmap.rules.constants.stage.exploit_war_share
    assert run.cd + share * war == pytest.approx(k_lose * (one.cd + share * war))
    assert run.dc + share * war * (1 - state.era.damage_limitation) == pytest.approx(
        k_win * (one.dc + share * war * (1 - state.era.damage_limitation)))
    # a catastrophic war still makes backing down better than mutual defection (invariant 23)
    dear = _game(_with_cap(make_state(with_sets(flatland("1940"), "era.war_cost=6.0")), 3.0), 0, 1)
    assert dear.kind == "Chicken" and dear.cd > dear.dd
