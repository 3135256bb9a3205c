"""Crisis preemption: the reciprocal fear of surprise attack (game/ai/preemption.py; J78 pp. 188-190,
Schelling 1960 ch. 9; issue 7: "first strikes more frequent under MIRV")."""
from __future__ import annotations

from dataclasses import replace

import pytest

from factory import make_state, two_state, with_sets
from game.ai.controller import ai_orders
from game.ai.preemption import FEAR_P, crisis_preemption, first_strike_advantage, first_strike_balance
from game.ai.strategies import Payoffs
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.rules import load_rules
from game.engine.stagegame import StageGame
from game.engine.views import PlayerView, player_view

RULES = load_rules()
MIRV, NUCLEAR = RULES.eras["mirv"], RULES.eras["nuclear"]
NO_COUNTERFORCE = MIRV.model_copy(update={"damage_limitation": 0.0})
# a Chicken-shaped crisis: mutual defection (both on alert) is the worst cell, exploiting beats peace
CRISIS = Payoffs(cc=10.0, cd=-40.0, dc=30.0, dd=-120.0)


def _game(odb_theirs: float, p_lose: float = 0.9) -> StageGame:
    return StageGame(0, 1, CRISIS.cc, CRISIS.cd, CRISIS.dc, CRISIS.dd, 0.9, p_lose, 0.3, 1,
                     odb_theirs, odb_theirs, 2)


def test_the_first_strike_balance_is_the_balance_a_surprise_attacker_faces() -> None:
    assert first_strike_balance(_game(1.5), MIRV) == pytest.approx(1.5 / MIRV.first_strike_bonus)
    assert first_strike_advantage(_game(1.5), MIRV)              # MIRV: 1.5 / 3 = 0.5 < 1
    assert not first_strike_advantage(_game(4.0), MIRV)          # 4 / 3 > 1: defence holds even unwarned
    assert not first_strike_advantage(_game(0.5), NUCLEAR)       # bonus 1: nothing to gain by going first


def test_preemption_needs_every_condition() -> None:
    g = _game(1.5)
    pre = crisis_preemption(g, MIRV, CRISIS, p_lose=0.9, belief=0.3, continuation=0.9, can_surprise=True)
    assert pre is not None and pre.margin > 0 and pre.balance == pytest.approx(0.5)
    # waiting: q*CC + (1-q)*CD; striking first: q*DC_eff + (1-q)*DC with DC_eff = min(DC, 0.1 DC + 0.9 DD)
    assert pre.wait == pytest.approx(0.3 * 10 + 0.7 * -40)
    assert pre.strike_first == pytest.approx(0.3 * min(30, 0.1 * 30 + 0.9 * -120) + 0.7 * 30)
    fails = {
        "no first-strike advantage (secure second strike)": (g, NUCLEAR, 0.9, 0.3, True),
        "their strike would likely fail": (g, MIRV, FEAR_P - 0.01, 0.3, True),
        "they are expected to keep the peace": (g, MIRV, 0.9, 0.5, True),
        "my strike could not come as a surprise": (g, MIRV, 0.9, 0.3, False),
        "no counterforce: the surprise bonus alone is tactical": (g, NO_COUNTERFORCE, 0.9, 0.3, True),
    }
    for why, (game, era, p_lose, q, surprise) in fails.items():
        assert crisis_preemption(game, era, CRISIS, p_lose, q, 0.9, surprise) is None, why
    # striking first must beat waiting: a crisis in which peace is worth far more than any strike
    calm = Payoffs(cc=200.0, cd=-5.0, dc=0.0, dd=-120.0)
    assert crisis_preemption(g, MIRV, calm, 0.9, 0.45, 0.9, True) is None


def _crisis_view(era: str, *sets: str, hawk_turns: int = 2, calm_turns: int = 0) -> PlayerView:
    """Aland (security seeker, no mistakes) has cooperated while Borduria cooperated ``calm_turns``
    times, then defected ``hawk_turns`` times."""
    foot = "mech_infantry" if "mech_infantry" in RULES.eras[era].units else "infantry"
    forces = {"armour": 2, foot: 1}
    state = make_state(with_sets(two_state(era, "........", forces_a=forces, forces_b=forces), *sets), seed=1)
    nations = list(state.nations)
    nations[0] = replace(nations[0], difficulty="hard")
    state = replace(state, nations=tuple(nations))
    events: list = []
    for hawk in [False] * calm_turns + [True] * hawk_turns:
        move = "D" if hawk else "C"
        state, events = resolve_turn(state, {0: Orders(0, stances={1: "C"}), 1: Orders(1, stances={0: move})})
    return player_view(state, 0, events)


def _stance(orders: Orders):
    return next(m for m in orders.motives if m.subject == "stance" and m.target == 1)


def test_under_mirv_a_security_seeker_that_expects_a_strike_strikes_first() -> None:
    view = _crisis_view("mirv")
    game = view.games[1]
    assert game.odb_theirs > 1.0                     # the border itself favours the defence...
    assert game.odb_theirs / view.era.first_strike_bonus < 1.0   # ...but not against a surprise strike
    orders = ai_orders(view)
    m = _stance(orders)
    assert orders.stances[1] == "D" and m.motive == "fear" and m.numbers["preempt"] == 1.0
    assert m.numbers["belief"] < 0.5 and m.numbers["p_lose"] >= FEAR_P
    assert m.numbers["strike_first_value"] > m.numbers["wait_value"]
    assert m.text.startswith("Toward Borduria: Crisis: going first pays") and "preempt" in m.text
    attacks = [a for a in orders.motives if a.subject == "attack"]
    assert orders.attacks and len(attacks) == len(orders.attacks)
    assert all(a.motive == "fear" for a in attacks)
    # counterforce limits the striker's war: the war it adds costs q x (1 - damage limitation) x war
    war = view.era.war_cost * view.my_income * view.my_nation.war_cost_factor
    for a in attacks:
        assert a.numbers["war_cost"] == pytest.approx(a.numbers["belief"] * (1 - view.era.damage_limitation) * war)


def test_with_secure_second_strike_the_same_crisis_brings_alert_but_no_first_strike() -> None:
    orders = ai_orders(_crisis_view("nuclear"))
    m = _stance(orders)
    assert "preempt" not in m.numbers
    assert not orders.attacks
    # MIRV warheads without the first-strike bonus, or without damage limitation: no preemption either
    for sets in (["era.first_strike_bonus=1.0"], ["era.damage_limitation=0"]):
        flat = ai_orders(_crisis_view("mirv", *sets))
        assert "preempt" not in _stance(flat).numbers and not flat.attacks, sets


def test_conventional_surprise_bonuses_leave_the_crisis_rule_to_counterforce() -> None:
    """1940 (first-strike bonus 1.8) on a border whose balance favours the defence (1 < ODB < 1.8):
    the crisis rule (a C turned into a preemptive D) needs counterforce; without it the AI still
    defects and may strike first, but only because the expected-value rule says the strike is worth
    its war (issue 15: no balance forbids a war)."""
    view = _crisis_view("1940", "era.defence_tech=1.6")
    game = view.games[1]
    assert 1.0 < game.odb_theirs < view.era.first_strike_bonus
    orders = ai_orders(view)
    assert orders.stances[1] == "D"
    assert "preempt" not in _stance(orders).numbers
    strikes = [m for m in orders.motives if m.subject == "attack"]
    assert strikes, "their strike is sure and expected: going first pays even where defence dominates"
    assert all(m.numbers["expected_worth"] > m.numbers["war_cost"] for m in strikes)
    counterforce = ai_orders(_crisis_view("1940", "era.defence_tech=1.6", "era.damage_limitation=0.5"))
    m = _stance(counterforce)
    assert m.numbers["preempt"] == 1.0 and m.motive == "fear" and m.text.endswith("it preempts.")
    assert counterforce.attacks and all(a.motive == "fear" for a in counterforce.motives if a.subject == "attack")


def test_no_preemption_against_a_neighbour_that_keeps_the_peace() -> None:
    orders = ai_orders(_crisis_view("mirv", hawk_turns=0, calm_turns=4))
    assert orders.stances[1] == "C"
    assert "preempt" not in _stance(orders).numbers and not orders.attacks


def test_named_strategies_are_never_overridden() -> None:
    view = _crisis_view("mirv")
    orders = ai_orders(replace(view, my_nation=replace(view.my_nation, strategy="allc")))
    assert orders.stances[1] == "C" and not orders.attacks
