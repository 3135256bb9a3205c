"""Beliefs that act (game/ai/policy.py) and alliance decisions (game/ai/alliances.py): the decision rules."""
from __future__ import annotations

from dataclasses import replace

import pytest

from game.ai.alliances import p_fall, pact_case
from game.ai.controller import ai_orders
from game.ai.policy import REASSURE_AT, DETER_AT, cooperation_prior, policy_for
from game.engine.orders import ALLIANCE, Orders, TreatyProposal
from game.engine.resolve import resolve_turn
from game.engine.scenario import build_state, new_game
from game.engine.state import Alliance, AllianceCall
from game.engine.views import player_view
from game.sim.studies import triangle_spec


def _nation(state, i, **changes):
    nations = list(state.nations)
    nations[i] = replace(nations[i], **changes)
    return replace(state, nations=tuple(nations))


def test_policy_bands_and_requirement():
    assert policy_for(1, 0.5, 1.2).kind == "neutral" and policy_for(1, 0.5, 1.2).r == 1.2
    deter, calm = policy_for(1, 0.9, 1.2), policy_for(1, 0.1, 1.2)
    assert deter.deter and deter.r == pytest.approx(1.2 * 1.4)
    assert calm.reassure and calm.r == pytest.approx(1.2 * 0.6)
    assert policy_for(1, DETER_AT, 1.0).deter and policy_for(1, REASSURE_AT, 1.0).reassure


def test_cooperation_prior_follows_the_belief_and_is_neutral_at_one_half():
    assert cooperation_prior(0.5, 0.5) == pytest.approx(0.5)
    assert cooperation_prior(0.5, 0.9) < 0.5 < cooperation_prior(0.5, 0.1)
    assert cooperation_prior(0.25, 0.9) < cooperation_prior(0.25, 0.5)       # warned and believed greedy


def _cooperative(state, turns=2):
    for _ in range(turns):
        state, _ = resolve_turn(state, {i: Orders(i, stances={j: "C" for j in state.alive_ids() if j != i})
                                        for i in state.alive_ids()})
    return state


def test_deterrence_refuses_a_treaty_that_reassurance_accepts():
    """Borduria proposes trade after two turns of mutual cooperation (W4). Aland accepts when it
    starts out believing Borduria secure, and declines (motive deterrence) when it is near sure
    Borduria is greedy."""
    base = _cooperative(new_game("maps/four_worlds.yaml", "w4", seed=3))
    s, _ = resolve_turn(base, {0: Orders(0, stances={1: "C"}),
                               1: Orders(1, stances={0: "C"}, proposals=(TreatyProposal("trade", 0),))})
    pid = s.proposals[0].id
    trusting = ai_orders(player_view(_nation(s, 0, greed_prior=0.05), 0))
    wary = ai_orders(player_view(_nation(s, 0, greed_prior=0.99), 0))
    assert pid in trusting.accepts
    assert pid not in wary.accepts
    assert any(m.subject == "accept" and m.motive == "deterrence" for m in wary.motives)


def test_deterrence_arms_more_than_reassurance_on_the_same_border():
    """W2 at turn 1: the same state spends more on defence when it believes its neighbour greedy."""
    s = new_game("maps/four_worlds.yaml", "w2", seed=2)
    spend = {}
    for prior in (0.05, 0.99):
        o = ai_orders(player_view(_nation(s, 0, greed_prior=prior), 0))
        spend[prior] = o.budget.defence + o.budget.offence
    assert spend[0.99] > spend[0.05]


def test_p_fall_falls_as_the_perceived_defence_rises():
    views = [player_view(build_state(triangle_spec("1914", (f"era.perceived_defence_tech={t}",)), 1), 0)
             for t in (0.3, 1.0, 3.0)]
    falls = [p_fall(v, 2, 1) for v in views]
    assert falls[0] > falls[1] > falls[2]
    cases = [pact_case(v, 1, 2, {}) for v in views]
    assert cases[0].worth and not cases[2].worth          # chain-gang vs pass the buck


@pytest.mark.parametrize("tech, proposes", [(0.3, True), (3.0, False)])
def test_alliance_proposed_only_where_the_offence_is_believed_to_dominate(tech, proposes):
    s = build_state(triangle_spec("1914", (f"era.perceived_defence_tech={tech}",)), 1)
    o = ai_orders(player_view(s, 0))
    assert (TreatyProposal(ALLIANCE, 1) in o.proposals) == proposes


@pytest.mark.parametrize("tech, honours", [(0.3, True), (3.0, False)])
def test_a_call_is_honoured_under_offence_dominance_and_abandoned_under_defence(tech, honours):
    """Aland and Borduria allied; Carpania struck Borduria last turn; Aland's own stance toward
    Carpania is C (set here, to isolate the alliance rule). Called, Aland joins (D toward Carpania,
    motive alliance) when the offence is believed to dominate, and passes the buck (stays C,
    abandons) when the defence is."""
    from game.ai.alliances import plan_alliances
    from game.ai.difficulty import difficulty_of, view_rng
    from game.ai.frontier import fronts
    from game.ai.stance import decide_stances
    from game.ai.threat import assess
    from game.ai.types import profile_of
    s = build_state(triangle_spec("1914", (f"era.perceived_defence_tech={tech}",)), 1)
    s = replace(s, alliances=(Alliance("Pact", (0, 1), 0),), calls=(AllianceCall("Pact", 0, 1, 2, 1),), turn=2)
    v = player_view(s, 0)
    fr = fronts(v)
    diff = difficulty_of("normal")
    st = decide_stances(v, fr, assess(v, fr, 1.0, diff.lookahead), profile_of("security_seeker"), diff, view_rng(v))
    st = {j: replace(ch, move="C") for j, ch in st.items()}
    plan = plan_alliances(v, st, {})
    (m,) = [m for m in plan.motives if m.subject == "alliance"]
    assert (plan.stances[2].move == "D") == honours
    assert m.motive == ("alliance" if honours else "buck-passing")
    assert (m.numbers["pact_benefit"] > m.numbers["pact_cost"]) == honours
