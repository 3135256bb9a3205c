"""The rule catalogue, one test per rule case (DATC style).

Names carry the design section or Jervis proposition they check: H = hex grid, C = combat and
terrain (design §2, §4), B = offense-defense balance (§5), J = Jervis's propositions on the stage
game (docs/theory.md §1), R = resolution (§1), V = views (§7).
"""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from factory import hx, make_state, two_state, with_sets
from game.engine import hexgrid as hg
from game.engine.balance import axis_odb, border_axes, dyad_balances, world_of
from game.engine.combat import (attack_power, defence_multiplier, defence_power, force_ratio,
                                ratio_for_probability, success_probability)
from game.engine.orders import Attack, Budget, Build, Orders, TreatyProposal
from game.engine.resolve import resolve_turn
from game.engine.rules import load_rules
from game.engine.scenario import new_game
from game.engine.stagegame import classify, stage_game, true_forces
from game.engine.state import NEUTRAL, Treaty
from game.engine.views import player_view

RULES = load_rules()


def _game(state, i, j, perceived=False):
    axes = border_axes(state)
    bal = dyad_balances(state, axes)
    inc = {k: state.income(k) for k in state.alive_ids()}
    return stage_game(state, i, j, true_forces(state), axes, bal, inc, perceived=perceived)


def _turn(state, a=None, b=None):
    return resolve_turn(state, {0: a or Orders(0), 1: b or Orders(1)})


# --- H: hex grid -------------------------------------------------------------------------------

def test_H01_six_neighbours_at_distance_one():
    for col, row in [(3, 3), (4, 4), (0, 0)]:
        ns = hg.offset_neighbours(col, row)
        assert len(set(ns)) == 6
        assert all(hg.offset_distance(hg.Offset(col, row), n) == 1 for n in ns)


def test_H02_ring_has_six_k_hexes_at_distance_k():
    c = hg.Axial(2, -1)
    for k in range(1, 5):
        r = hg.ring(c, k)
        assert len(r) == 6 * k == len(set(r))
        assert all(hg.axial_distance(c, a) == k for a in r)


def test_H03_line_is_connected_and_has_distance_plus_one_hexes():
    a, b = hg.Axial(0, 0), hg.Axial(5, -2)
    ln = hg.line(a, b)
    assert ln[0] == a and ln[-1] == b and len(ln) == hg.axial_distance(a, b) + 1
    assert all(hg.axial_distance(p, q) == 1 for p, q in zip(ln, ln[1:]))


def test_H04_pixel_of_hex_centre_picks_the_same_hex():
    for col in range(6):
        for row in range(6):
            x, y = hg.hex_to_pixel(col, row, 17.0)
            assert hg.pixel_to_hex(x, y, 17.0) == (col, row)


# --- C: combat and terrain ---------------------------------------------------------------------

def test_C01_terrain_multiplies_the_defender():
    era = RULES.eras["1940"]
    assert defence_multiplier(RULES, era, "mountains", 1.0, 0) / defence_multiplier(RULES, era, "plains", 1.0, 0) \
        == pytest.approx(1.5 / 1.05)


def test_C02_rough_terrain_blunts_terrain_sensitive_attackers():
    era = RULES.eras["1940"]
    plains, _ = attack_power(RULES, era, [{"armour": 1}], "plains", False)
    mountains, _ = attack_power(RULES, era, [{"armour": 1}], "mountains", False)
    inf_p, _ = attack_power(RULES, era, [{"infantry": 1}], "plains", False)
    inf_m, _ = attack_power(RULES, era, [{"infantry": 1}], "mountains", False)
    assert mountains == pytest.approx(plains * 0.4)          # tanks: QJM factor 0.4
    assert inf_m / inf_p == pytest.approx(0.4 ** 0.3)         # infantry: much less sensitive


def test_C03_river_crossing_multiplies_defence():
    data = two_state(era="1914")
    plain = make_state(two_state(era="1914"))
    edges = [[*plain.gmap.offset(a.src), *plain.gmap.offset(a.dst)] for a in border_axes(plain)[(0, 1)]]
    data["map"]["rivers"] = [{"kind": "major_river", "edges": edges}]
    s = make_state(data)
    link = s.gmap.link(hx(s, 3, 1), hx(s, 4, 1))
    assert link.kind == "major_river" and link.mult == 1.5
    assert axis_odb(RULES, s.era, "plains", 1.5, 0) == pytest.approx(1.5 * axis_odb(RULES, plain.era, "plains", 1.0, 0))
    assert dyad_balances(s)[(0, 1)].odb > dyad_balances(plain)[(0, 1)].odb


def test_C04_amphibious_assault_across_one_sea_hex_only():
    data = two_state(era="1940", width=9)
    data["map"]["terrain"] = ["....~...."] * 4
    data["map"]["owners"] = ["AAAA.BBBB"] * 4
    data["states"][1]["forces"] = [{"hex": [5, r], "units": {"infantry": 2}} for r in range(4)]
    s = make_state(data)
    link = s.gmap.link(hx(s, 3, 1), hx(s, 5, 1))
    assert link is not None and link.kind == "amphibious" and link.mult == 3.0
    data["map"]["terrain"] = ["...~~...."] * 4
    data["map"]["owners"] = ["AAA..BBBB"] * 4
    data["states"][0]["forces"] = [{"hex": [2, r], "units": {"infantry": 2}} for r in range(4)]
    s2 = make_state(data)
    assert (0, 1) not in border_axes(s2)          # two sea hexes: unreachable


def test_C05_fortification_levels_follow_qjm_postures():
    era = RULES.eras["1850"]
    base = defence_multiplier(RULES, era, "plains", 1.0, 0)
    assert [defence_multiplier(RULES, era, "plains", 1.0, k) / base for k in range(4)] == \
        pytest.approx([1.0, 1.3, 1.5, 1.6])


def test_C06_success_curve_matches_the_1944_eto_table():
    assert all(success_probability(RULES, r) <= 0.05 for r in (0.55, 0.8, 1.0))
    mid = [success_probability(RULES, 1.15 + k * (1.88 - 1.15) / 20) for k in range(21)]
    assert 0.7 <= sum(mid) / len(mid) <= 0.9                     # ~79% succeed
    high = [success_probability(RULES, 1.95 + k * (2.56 - 1.95) / 20) for k in range(21)]
    assert 0.85 <= sum(high) / len(high) <= 0.95                 # ~90%
    assert success_probability(RULES, 2.7) == 1.0 and success_probability(RULES, 9.0) == 1.0
    assert 1.0 < ratio_for_probability(RULES, 0.5) < 1.15


def test_C07_prepared_defence_in_a_city_needs_more_than_2_1():
    era = replace(RULES.eras["1850"]) if False else RULES.eras["1850"]   # defence_tech 1.0
    m = defence_multiplier(RULES, era, "urban", 1.0, 2)
    assert m == pytest.approx(1.4 * 1.5)


def test_C08_surprise_only_against_a_cooperating_unwarned_defender():
    s = make_state(two_state(era="1940", forces_a={"armour": 3}))
    atk = Attack(hx(s, 4, 1), (hx(s, 3, 1),))
    _, ev = _turn(s, Orders(0, {1: "D"}, attacks=(atk,)), Orders(1, {0: "C"}))
    assert [e for e in ev if e.kind == "attack"][0].data["surprise"] is True
    _, ev = _turn(s, Orders(0, {1: "D"}, attacks=(atk,)), Orders(1, {0: "D"}))
    assert [e for e in ev if e.kind == "attack"][0].data["surprise"] is False
    warned = replace(s, last_stances={(0, 1): "D"})
    _, ev = _turn(warned, Orders(0, {1: "D"}, attacks=(atk,)), Orders(1, {0: "C"}))
    assert [e for e in ev if e.kind == "attack"][0].data["surprise"] is False


def test_C09_no_attack_without_defecting():
    s = make_state(two_state(era="1940", forces_a={"armour": 5}))
    new, ev = _turn(s, Orders(0, {1: "C"}, attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),)))
    assert not [e for e in ev if e.kind == "attack"]
    assert any(e.kind == "order_rejected" and e.visible_to == (0,) for e in ev)
    assert new.owner[hx(s, 4, 1)] == 1


def test_C10_overwhelming_attack_takes_the_hex_and_the_defender_retreats():
    s = make_state(two_state(era="1940", forces_a={"armour": 10}, forces_b={"infantry": 1}))
    t = hx(s, 4, 1)
    new, ev = _turn(s, Orders(0, {1: "D"}, attacks=(Attack(t, (hx(s, 3, 1),)),)), Orders(1, {0: "C"}))
    att = [e for e in ev if e.kind == "attack"][0]
    assert att.data["ratio"] >= 2.7 and att.data["success"]
    assert new.owner[t] == 0
    assert new.units.get(t, {}).get("armour", 0) > 0            # attackers advanced
    assert "infantry" not in new.units.get(t, {})                # defenders left


def test_C11_lanchester_square_law_doubling_numbers_quadruples_the_ratio():
    era = RULES.eras["1850"].model_copy(update={"combat_law": "square"})
    r1 = force_ratio(era, 10.0, 10, 10.0, 10)
    r2 = force_ratio(era, 20.0, 20, 10.0, 10)
    assert r2 == pytest.approx(4 * r1)
    lin = RULES.eras["1850"]
    assert force_ratio(lin, 20.0, 20, 10.0, 10) == pytest.approx(2 * force_ratio(lin, 10.0, 10, 10.0, 10))


def test_C12_a_defender_multiplier_m_is_offset_by_sqrt_m_more_units_under_the_square_law():
    era = RULES.eras["1850"].model_copy(update={"combat_law": "square"})
    m = 2.25
    assert force_ratio(era, 1.0 * 15, 15, m * 10, 10) == pytest.approx(1.0)   # 1.5 = sqrt(2.25) times more


def test_C13_empty_hexes_are_held_by_militia():
    era = RULES.eras["1850"]
    pd, n = defence_power(RULES, era, {}, 1.0)
    assert pd == RULES.constants.combat.militia and n == 0


# --- B: offense-defense balance ----------------------------------------------------------------

def test_B01_1914_true_balance_favours_defence_but_is_perceived_offensive():
    s = make_state(two_state(era="1914"))
    b = dyad_balances(s)[(0, 1)]
    assert b.odb > 1 > b.perceived


def test_B02_1940_armour_favours_the_offence_on_plains_not_in_mountains():
    assert axis_odb(RULES, RULES.eras["1940"], "plains", 1.0, 0) < 1
    assert axis_odb(RULES, RULES.eras["1940"], "mountains", 1.0, 0) > 1


def test_B03_the_attacker_picks_its_best_axis():
    data = two_state(era="1940")
    data["map"]["terrain"] = ["...m....", "...mm...", "........", "...mm..."]
    s = make_state(data)
    b = dyad_balances(s)[(0, 1)]
    plains = axis_odb(RULES, s.era, "plains", 1.0, 0)
    assert b.odb == pytest.approx(plains)
    assert b.odb_median >= b.odb
    assert s.gmap.terrain[b.best_axis.dst] == "plains"


def test_B04_four_worlds_variants_are_worlds_one_to_four():
    for k in (1, 2, 3, 4):
        s = new_game("maps/four_worlds.yaml", f"w{k}", seed=1)
        b = dyad_balances(s)
        odb = min(x.odb for x in b.values())
        assert world_of(odb, s.era.distinguishability) == k


def test_B05_balance_is_structural_not_force_size():
    a = dyad_balances(make_state(two_state(era="1940", forces_a={"infantry": 1})))[(0, 1)].odb
    b = dyad_balances(make_state(two_state(era="1940", forces_a={"armour": 9})))[(0, 1)].odb
    assert a == b


def test_B06_buffer_zone_adds_an_axis_with_extra_defence():
    data = two_state(era="1940", width=9)
    data["map"]["owners"] = ["AAAA.BBBB"] * 4
    data["states"][1]["forces"] = [{"hex": [5, r], "units": {"infantry": 2}} for r in range(4)]
    s = make_state(data)
    axes = border_axes(s)[(0, 1)]
    assert axes and all(a.kind == "buffer" and a.via is not None and s.owner[a.via] == NEUTRAL for a in axes)
    assert dyad_balances(s)[(0, 1)].odb == pytest.approx(1.3 * axis_odb(RULES, s.era, "plains", 1.0, 0))


def test_B07_fortifying_the_border_raises_the_balance():
    s = make_state(two_state(era="1940"))
    forts = tuple(2 if s.owner[h] == 1 else 0 for h in range(s.gmap.size))
    assert dyad_balances(replace(s, fort=forts))[(0, 1)].odb == pytest.approx(1.5 * dyad_balances(s)[(0, 1)].odb)


# --- J: Jervis's levers in the stage game --------------------------------------------------------

def test_J01_classifier_names_all_five_games():
    assert classify(3, 0, 5, 1) == "Prisoner's Dilemma"
    assert classify(5, 0, 3, 1) == "Stag Hunt"
    assert classify(3, 1, 5, 0) == "Chicken"
    assert classify(1, 0, 5, 3) == "Deadlock"
    assert classify(5, 3, 1, 0) == "Harmony"


def test_J02_defence_advantage_lowers_the_gain_from_exploiting():
    off = make_state(two_state(era="1940", forces_a={"armour": 3}))
    dfn = make_state(two_state(era="1940", terrain_row="mmmmmmmm", forces_a={"armour": 3}))
    assert _game(dfn, 0, 1).dc < _game(off, 0, 1).dc


def test_J03_more_war_cost_makes_mutual_defection_worse():
    base = two_state(era="1940")
    lo = _game(make_state(with_sets(base, "era.war_cost=0.2")), 0, 1)
    hi = _game(make_state(with_sets(base, "era.war_cost=2.0")), 0, 1)
    assert hi.dd < lo.dd


def test_J04_trade_raises_the_value_of_mutual_cooperation():
    s = make_state(two_state(era="1940"))
    with_trade = replace(s, treaties=(Treaty("trade", (0, 1), 1),))
    assert _game(with_trade, 0, 1).cc > _game(s, 0, 1).cc


def test_J07_depth_softens_cost_of_being_exploited():
    shallow = two_state(era="1940", width=8, forces_b={"armour": 4})
    shallow["states"][0]["capital"] = [2, 1]
    deep = two_state(era="1940", width=8, forces_b={"armour": 4})
    deep["states"][0]["capital"] = [0, 1]
    assert _game(make_state(deep), 0, 1).cd > _game(make_state(shallow), 0, 1).cd
    assert _game(make_state(deep), 0, 1).depth > _game(make_state(shallow), 0, 1).depth


def test_J09_warning_from_distinguishability_softens_cost_of_being_exploited():
    base = two_state(era="1940", forces_b={"armour": 4})
    blind = _game(make_state(with_sets(base, "era.distinguishability=0.0")), 0, 1)
    seen = _game(make_state(with_sets(base, "era.distinguishability=1.0")), 0, 1)
    assert seen.cd > blind.cd


def test_J23_catastrophic_war_turns_the_game_into_chicken():
    base = two_state(era="1940")
    games = [_game(make_state(with_sets(base, f"era.war_cost={w}")), 0, 1) for w in (0.1, 3.0)]
    assert games[0].kind == "Prisoner's Dilemma" and games[0].dd > games[0].cd
    assert games[1].kind == "Chicken" and games[1].cd > games[1].dd


# --- R: resolution -----------------------------------------------------------------------------

def test_R01_same_seed_and_orders_same_hash():
    s = new_game("maps/four_worlds.yaml", "w1", seed=7)
    orders = {0: Orders(0, {1: "D"}, attacks=(Attack(hx(s, 6, 3), (hx(s, 5, 3),)),)), 1: Orders(1, {0: "C"})}
    assert resolve_turn(s, orders)[0].state_hash() == resolve_turn(s, orders)[0].state_hash()


def test_R02_resolution_is_pure_and_records_the_pd_outcome():
    s = make_state(two_state())
    before = s.state_hash()
    new, ev = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "D"}))
    assert s.state_hash() == before and s.turn == 1 and new.turn == 2
    assert new.history[-1].outcomes == {"0-1": "CD"}
    assert new.last_stances[(1, 0)] == "D"


def test_R03_defection_ends_treaties():
    s = replace(make_state(two_state()), treaties=(Treaty("non_aggression", (0, 1), 1),))
    new, ev = _turn(s, Orders(0, {1: "D"}), Orders(1))
    assert new.treaties == () and any(e.kind == "treaty_broken" for e in ev)


def test_R04_units_appear_after_their_build_time():
    s = make_state(two_state(era="1940"))
    h = hx(s, 2, 2)
    o = Orders(0, budget=Budget(0.0, 0.5, 0.0), builds=(Build("armour", h, 1),))   # build_time 2
    s1, _ = _turn(s, o)
    assert s1.units.get(h, {}).get("armour", 0) == 0 and s1.nations[0].queue
    s2, ev = _turn(s1)
    assert s2.units[h]["armour"] == 1 and not s2.nations[0].queue
    assert any(e.kind == "built" for e in ev)


def test_R05_builds_are_capped_by_their_budget_pool():
    s = make_state(two_state(era="1940"))
    h = hx(s, 2, 2)
    o = Orders(0, budget=Budget(0.0, 0.0, 1.0), builds=(Build("armour", h, 5), Build("infantry", h, 100)))
    new, ev = _turn(s, o)
    queued = {q.unit: q.count for q in new.nations[0].queue}
    assert "armour" not in queued                               # offensive unit, no offence budget
    assert queued.get("infantry", 0) == 0                       # infantry (signature 0.5) is offensive too
    o2 = Orders(0, budget=Budget(0.0, 0.0, 1.0), builds=(Build("at_gun", h, 100),))
    new2, _ = _turn(s, o2)
    treasury = s.nations[0].treasury + s.income(0) + new2.history[-1].income[0] * 0   # before build
    assert sum(q.count for q in new2.nations[0].queue) * 12 <= treasury + 1e-9


def test_R06_treasury_accounting_balances():
    s = make_state(two_state(era="1940"))
    o = Orders(0, {1: "C"}, Budget(0.3, 0.2, 0.2), builds=(Build("at_gun", hx(s, 3, 0), 2), Build("armour", hx(s, 2, 0), 1)))
    new, _ = _turn(s, o, Orders(1, {0: "C"}))
    rec = new.history[-1]
    eco = RULES.constants.economy
    trade = eco.trade_rate * min(rec.income)
    upkeep = sum(s.era.units[u].upkeep * n for h, st in s.units.items() if s.owner[h] == 0 for u, n in st.items())
    expected = s.nations[0].treasury + rec.income[0] + trade - upkeep - rec.arms_spent[0] - rec.econ_spent[0]
    assert new.nations[0].treasury == pytest.approx(expected)


def test_R07_taking_the_capital_eliminates_the_state():
    data = two_state(era="1940", width=4, forces_a={"armour": 20}, forces_b={"infantry": 0})
    data["states"][1]["capital"] = [2, 1]
    s = make_state(data)
    cap = hx(s, 2, 1)
    new, ev = _turn(s, Orders(0, {1: "D"}, attacks=(Attack(cap, (hx(s, 1, 1),)),)), Orders(1, {0: "C"}))
    assert not new.nations[1].alive and all(o != 1 for o in new.owner)
    assert new.finished and new.winner == 0
    assert any(e.kind == "eliminated" for e in ev)


def test_R08_turn_limit_ends_the_game():
    s = make_state(with_sets(two_state(), "victory.max_turns=2"))
    s1, _ = _turn(s)
    assert not s1.finished
    s2, ev = _turn(s1)
    assert s2.finished and "turn limit" in s2.end_reason and ev[-1].kind == "game_over"
    with pytest.raises(ValueError):
        _turn(s2)


def test_R09_treaty_proposed_then_accepted_and_trade_doubles():
    s = make_state(two_state())
    s1, ev = _turn(s, Orders(0, {1: "C"}, proposals=(TreatyProposal("trade", 1),)), Orders(1, {0: "C"}))
    prop = s1.proposals[0]
    assert prop.to == 1 and any(e.kind == "treaty_proposed" and e.visible_to == (0, 1) for e in ev)
    s2, ev = _turn(s1, Orders(0, {1: "C"}), Orders(1, {0: "C"}, accepts=(prop.id,)))
    assert [t.kind for t in s2.treaties] == ["trade"]
    assert _game(s2, 0, 1).cc > _game(s1, 0, 1).cc


def test_R09b_crossed_proposals_accepted_by_both_sign_one_treaty_once():
    s = make_state(two_state())
    s1, _ = _turn(s, Orders(0, {1: "C"}, proposals=(TreatyProposal("trade", 1),)),
                  Orders(1, {0: "C"}, proposals=(TreatyProposal("trade", 0),)))
    to_b, to_a = (next(p.id for p in s1.proposals if p.to == k) for k in (1, 0))
    s2, ev = _turn(s1, Orders(0, {1: "C"}, accepts=(to_a,)), Orders(1, {0: "C"}, accepts=(to_b,)))
    assert [t.kind for t in s2.treaties] == ["trade"]
    assert sum(e.kind == "treaty_signed" for e in ev) == 1


def test_R13_counterforce_damage_limitation_cuts_only_the_surprise_strikers_war_cost():
    base = two_state(era="1940", forces_a={"armour": 10}, forces_b={"infantry": 1})
    atk = lambda s: Orders(0, {1: "D"}, Budget(0, 0, 0), attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),))  # noqa: E731
    paid = {}
    for dl in (0.0, 0.8):
        s = make_state(with_sets(base, f"era.damage_limitation={dl}", "era.war_cost=2.0"))
        new, ev = _turn(s, atk(s), Orders(1, {0: "C"}, Budget(0, 0, 0)))
        assert [e for e in ev if e.kind == "attack"][0].data["surprise"]
        paid[dl] = (s.nations[0].treasury - new.nations[0].treasury, s.nations[1].treasury - new.nations[1].treasury)
    assert paid[0.8][0] < paid[0.0][0]              # the striker limits its damage
    assert paid[0.8][1] == pytest.approx(paid[0.0][1])   # the victim's war is as costly as before
    s = make_state(with_sets(base, "era.damage_limitation=0.8"))
    assert _game(s, 0, 1).dc > _game(make_state(base), 0, 1).dc   # exploiting pays more: the first-strike incentive


def test_R10_offensive_ban_violation_is_seen_when_distinguishable():
    s = make_state(with_sets(two_state(era="1940", forces_a={"armour": 1}), "era.distinguishability=1.0"))
    border = tuple(hx(s, 3, r) for r in range(4))
    s = replace(s, treaties=(Treaty("offensive_ban", (0, 1), 1, border),))
    new, ev = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert new.treaties == () and any(e.kind == "treaty_violation" for e in ev)
    blind = replace(s, era=s.era.model_copy(update={"distinguishability": 0.0}))
    new, ev = _turn(blind, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert len(new.treaties) == 1


def test_R11_offensive_build_near_the_border_gives_warning_and_removes_surprise():
    s = make_state(with_sets(two_state(era="1940", forces_a={"armour": 3}), "era.distinguishability=1.0", "era.warning=1.0"))
    o = Orders(0, {1: "C"}, Budget(0.0, 0.5, 0.0), builds=(Build("armour", hx(s, 3, 2), 1),))
    s1, ev = _turn(s, o, Orders(1, {0: "C"}))
    warn = [e for e in ev if e.kind == "warning"]
    assert warn and warn[0].visible_to == (1,) and (0, 1) in s1.warned
    atk = Attack(hx(s, 4, 1), (hx(s, 3, 1),))
    _, ev = _turn(s1, Orders(0, {1: "D"}, attacks=(atk,)), Orders(1, {0: "C"}))
    assert [e for e in ev if e.kind == "attack"][0].data["surprise"] is False


def test_R12_upkeep_that_cannot_be_paid_disbands_forces():
    s = make_state(two_state(era="1940", forces_a={"armour": 30}))
    s = replace(s, nations=(replace(s.nations[0], treasury=0.0, productivity=0.01),) + s.nations[1:])
    new, ev = _turn(s)
    before = sum(st.get("armour", 0) for h, st in s.units.items() if s.owner[h] == 0)
    after = sum(st.get("armour", 0) for h, st in new.units.items() if new.owner[h] == 0)
    assert after < before and new.nations[0].treasury == 0.0
    assert any(e.kind == "disbanded" for e in ev)


# --- V: views ----------------------------------------------------------------------------------

def test_V01_views_hide_types_strategies_and_treasuries_of_others():
    s = new_game("maps/four_worlds.yaml", "w1", seed=3)
    v = player_view(s, 0)
    other = v.nations[1]
    for hidden in ("ai_type", "strategy", "security_requirement", "treasury", "briefing", "queue"):
        assert not hasattr(other, hidden)
    assert v.my_nation.ai_type == s.nations[0].ai_type
    assert all(s.owner[h] == 0 for h in v.my_units) and all(s.owner[h] != 0 for h in v.estimates)


def test_V02_offensive_share_is_seen_only_as_far_as_distinguishability():
    def seen(d: float, units: dict[str, int]) -> float:
        s = make_state(with_sets(two_state(era="1940", forces_b=units), f"era.distinguishability={d}"))
        return player_view(s, 0).estimates[hx(s, 4, 1)].offensive_share

    armour, guns = {"armour": 3}, {"at_gun": 3}   # true shares 7/9 and 0 (guns never join an assault)
    assert seen(1.0, armour) == pytest.approx(7 / 9) and seen(1.0, guns) == 0.0
    assert seen(0.0, armour) == seen(0.0, guns)    # d = 0: the reading says nothing about the posture
    assert seen(0.8, armour) > seen(0.8, guns)     # d = 0.8: it mostly does


def test_V02b_a_partial_reading_cannot_be_inverted_to_the_true_share():
    """At 0 < d < 1 the old blur d*s + (1-d)/2 could be solved for s; with noise it cannot."""
    s = make_state(with_sets(two_state(era="1940", forces_b={"armour": 3}), "era.distinguishability=0.5"))
    est = player_view(s, 0).estimates
    inverted = [(e.offensive_share - 0.25) / 0.5 for h, e in est.items()]
    assert any(abs(x - 7 / 9) > 0.02 for x in inverted)


def test_V03_private_events_reach_only_their_owner():
    s = make_state(two_state(era="1940"))
    o = Orders(0, budget=Budget(0.0, 0.0, 0.5), builds=(Build("at_gun", hx(s, 2, 2), 1),))
    s1, ev = _turn(s, o)
    assert any(e.kind == "build" for e in player_view(s1, 0, ev).events)
    assert not any(e.kind == "build" for e in player_view(s1, 1, ev).events)
    assert not any(e.kind == "build" for e in player_view(s1, None, ev).events)


def test_V04_views_do_not_consume_the_game_generator():
    s = make_state(two_state())
    h = s.state_hash()
    v1 = player_view(s, 0)
    v2 = player_view(s, 0)
    assert s.state_hash() == h and v1.estimates == v2.estimates


def test_V05_stage_game_in_a_view_uses_estimates_not_true_forces():
    s = make_state(with_sets(two_state(era="1940", forces_b={"armour": 1}), "era.distinguishability=0.0"))
    g_view = player_view(s, 0).games[1]
    g_true = _game(s, 0, 1, perceived=True)
    assert (g_view.p_win, g_view.dc) != (g_true.p_win, g_true.dc)
    assert math.isfinite(g_view.cc)
