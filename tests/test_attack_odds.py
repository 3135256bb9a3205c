"""One combat rule: the resolution, the stage game, the AI and the orders preview all take their
attack strength, odds and expected losses from :func:`game.engine.combat.attack_odds`."""
from __future__ import annotations

import pytest

from factory import hx, make_state, two_state
from game.ai.attacks import odds as ai_odds
from game.engine.balance import border_axes, dyad_balances
from game.engine.combat import Attackers, Defenders, attack_odds, attackers, defenders
from game.engine.odds import estimated_defenders, planned_attack_odds
from game.engine.orders import Attack, Orders
from game.engine.resolve import resolve_turn
from game.engine.stagegame import stage_game, true_forces
from game.engine.views import player_view


def _state(**kw):
    return make_state(two_state(era="1940", forces_a={"armour": 3, "infantry": 1}, forces_b={"infantry": 2}, **kw))


def test_resolution_reports_the_odds_of_attack_odds_on_the_true_forces():
    s = _state()
    src, t = hx(s, 3, 1), hx(s, 4, 1)
    expected = attack_odds(s.gmap.rules, s.era, attackers(s.era, [s.units[src]]),
                           defenders(s.gmap.rules, s.era, s.units[t]), s.gmap.terrain[t],
                           s.gmap.link(src, t).mult, s.fort[t], surprise=True)
    _, ev = resolve_turn(s, {0: Orders(0, {1: "D"}, attacks=(Attack(t, (src,)),)), 1: Orders(1, {0: "C"})})
    att = [e for e in ev if e.kind == "attack"][0]
    assert att.data["surprise"] is True
    assert att.data["odds"] == round(expected.probability, 4)
    assert att.data["ratio"] == round(expected.ratio, 4)


def test_stage_game_strike_is_the_best_axis_of_attack_odds():
    s = _state()
    axes, forces = border_axes(s), true_forces(s)
    game = stage_game(s, 0, 1, forces, axes, dyad_balances(s, axes), {0: s.income(0), 1: s.income(1)},
                      perceived=False)
    rules, militia = s.gmap.rules, s.gmap.rules.constants.combat.militia
    best = 0.0
    for ax in axes[(0, 1)]:
        f, d = forces.at(ax.src), forces.at(ax.dst)
        if f.attack <= 0:
            continue
        o = attack_odds(rules, s.era, Attackers(((1, f.attack, f.sensitivity),), f.count),
                        Defenders(d.defence + militia, d.count), s.gmap.terrain[ax.dst], ax.mult, s.fort[ax.dst],
                        surprise=ax.via is None)
        best = max(best, o.probability)
    assert best > 0
    assert game.p_win == best


@pytest.mark.parametrize("chance", [0.0, 0.4, 1.0])
def test_ai_odds_weigh_planned_attack_odds_by_the_chance_of_surprise(chance):
    s = _state()
    v = player_view(s, 0)
    src, t = hx(s, 3, 1), hx(s, 4, 1)
    p, rho = ai_odds(v, t, [src], chance)
    plain = planned_attack_odds(v, t, [src], surprise=False, cautious=True)
    sure = planned_attack_odds(v, t, [src], surprise=True, cautious=True)
    assert p == pytest.approx(chance * sure.probability + (1 - chance) * plain.probability, abs=1e-15)
    assert rho == plain.ratio
    assert sure.ratio > plain.ratio          # the first-strike bonus


def test_a_cautious_estimate_reads_the_defender_stronger():
    s = _state()
    v = player_view(s, 0)
    t = hx(s, 4, 1)
    assert estimated_defenders(v, t, True).strength > estimated_defenders(v, t, False).strength
    assert estimated_defenders(v, hx(s, 3, 1), False) == Defenders(s.gmap.rules.constants.combat.militia, 0)


def test_expected_losses_follow_the_ratio():
    s = _state()
    rules, era = s.gmap.rules, s.era
    weak = attack_odds(rules, era, attackers(era, [{"infantry": 1}]), defenders(rules, era, {"infantry": 4}),
                       "plains", 1.0, 0, surprise=False)
    strong = attack_odds(rules, era, attackers(era, [{"armour": 6}]), defenders(rules, era, {"infantry": 1}),
                         "plains", 1.0, 0, surprise=False)
    assert weak.ratio < 1 < strong.ratio and weak.probability < strong.probability
    assert weak.attacker_loss > strong.attacker_loss and weak.defender_loss < strong.defender_loss
    assert strong.attacker_units_lost == pytest.approx(strong.attacker_loss * 6)
    assert weak.defender_units_lost == pytest.approx(weak.defender_loss * 4)
    # units that stay home (forts, weak-signature units) add nothing to an attack
    assert attackers(era, [{"armour": 2, "nonexistent": 5}]).count == 2
