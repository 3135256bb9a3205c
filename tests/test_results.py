"""Turn results (payoff received against the card's prediction) and the end-of-game verdict."""
from __future__ import annotations

from dataclasses import replace

from factory import hx, make_state, two_state
from game.engine.orders import Attack, Budget, Orders
from game.engine.resolve import resolve_turn
from game.engine.results import pair_results, score_of, verdict
from game.engine.views import player_view


def _quiet(i: int, stance: str = "C", **kw) -> Orders:
    return Orders(i, stances={1 - i: stance}, budget=Budget(0.0, 0.0, 0.0), **kw)


def test_mutual_cooperation_pays_exactly_the_trade_the_treasury_received() -> None:
    s0 = make_state(two_state())
    cards = player_view(s0, 0).games
    s1, events = resolve_turn(s0, {0: _quiet(0), 1: _quiet(1)})
    (r,) = pair_results(s0, s1, events, 0, cards)
    assert r.outcome == "CC" and r.other == 1
    upkeep_free = s0.nations[0].treasury + s1.history[-1].income[0]
    # nothing built, nothing invested: the treasury moved by income + trade - upkeep
    units = s0.era.units
    upkeep = sum(units[k].upkeep * n for h, st in s0.units.items() if s0.owner[h] == 0 for k, n in st.items())
    assert abs(s1.nations[0].treasury - (upkeep_free + r.trade - upkeep)) < 1e-6
    assert r.trade > 0 and r.received == r.trade and r.war == 0 and r.land == 0
    assert r.predicted == round(cards[1].cc, 3)
    assert r.arms_saving > 0


def test_a_taken_hex_and_the_war_cost_are_what_each_side_received() -> None:
    data = two_state(forces_a={"armour": 6}, forces_b={"infantry": 1})
    s0 = make_state(data)
    target, src = hx(s0, 4, 1), hx(s0, 3, 1)
    a = Orders(0, stances={1: "D"}, budget=Budget(0, 0, 0), attacks=(Attack(target, (src,)),))
    s1, events = resolve_turn(s0, {0: a, 1: _quiet(1)})
    taken = [e for e in events if e.kind == "attack" and e.data["success"]]
    assert taken, "the attack should succeed with 6 armour against 1 infantry"
    (mine,) = pair_results(s0, s1, events, 0)
    (theirs,) = pair_results(s0, s1, events, 1)
    assert mine.outcome == "DC" and theirs.outcome == "CD"
    assert mine.land > 0 and theirs.land == -mine.land
    assert mine.war > 0 and theirs.war > 0 and mine.trade == theirs.trade == 0
    assert mine.predicted is None


def test_no_result_for_a_state_that_is_not_from_the_turn_before() -> None:
    s0 = make_state(two_state())
    s1, ev = resolve_turn(s0, {})
    s2, ev2 = resolve_turn(s1, {})
    assert pair_results(s0, s2, ev2, 0) == ()


def test_verdicts_won_held_lost() -> None:
    s = make_state(two_state())
    v = verdict(replace(s, finished=True, winner=0, end_reason="x"), 0)
    assert v.result == "won" and v.rank in (1, 2)
    assert verdict(replace(s, finished=True, winner=0), 1).result == "lost"
    # B loses more than half its land to A: lost; A, ahead with everything kept: won
    owner = list(s.owner)
    b = [h for h, o in enumerate(owner) if o == 1 and h != s.nations[1].capital]
    for h in b[: len(b) * 3 // 4]:
        owner[h] = 0
    s2 = replace(s, owner=tuple(owner), finished=True)
    assert verdict(s2, 1).result == "lost"
    assert verdict(s2, 0).result == "won"
    # an even game at the limit: whoever is not first held
    even = replace(s, finished=True, nations=(s.nations[0], replace(s.nations[1], treasury=s.nations[0].treasury + 50)))
    assert {verdict(even, 0).result, verdict(even, 1).result} == {"won", "held"}
    assert verdict(even, 0).scores[0].total >= verdict(even, 0).scores[1].total
    assert score_of(even, 1) > score_of(even, 0)
