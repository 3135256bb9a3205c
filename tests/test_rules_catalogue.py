"""The rule catalogue: one case per rule, in the manner of the Diplomacy adjudicator test cases (DATC).

Each case states in its docstring the **position** (a named map of tests/positions.py, the era and
the forces), the **orders** (or the quantity computed) and the **result** the rules require
(docs/rules.md gives the rules; docs/theory.md where they come from). Groups, numbered without gaps:

- H: the hex grid;
- C: combat and terrain (rules.md §2, §4);
- B: the offense-defense balance (rules.md §5);
- J: Jervis's levers in the stage game (rules.md §6; theory.md §1c);
- R: resolution of a turn: stances, attacks, builds, treaties, the end (rules.md §1, §7, §8);
- V: what a state sees (rules.md §9).

Hexes are written (column, row).
"""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from factory import hx, make_state, with_sets
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
from positions import border_capital, buffer_zone, flatland, passes, ridge, strait, wide_strait

RULES = load_rules()


def _game(state, i, j, perceived=False):
    """The stage game of (i, j) from i's side, from true forces."""
    axes = border_axes(state)
    bal = dyad_balances(state, axes)
    inc = {k: state.income(k) for k in state.alive_ids()}
    return stage_game(state, i, j, true_forces(state), axes, bal, inc, perceived=perceived)


def _turn(state, a=None, b=None):
    """Resolve one turn with Aland's and Borduria's orders (default: cooperate, build nothing)."""
    return resolve_turn(state, {0: a or Orders(0), 1: b or Orders(1)})


def _kinds(events, kind):
    return [e for e in events if e.kind == kind]


# --- H: the hex grid ---------------------------------------------------------------------------

def test_H01_six_neighbours_at_distance_one():
    """H01. Hexes (3, 3), (4, 4), (0, 0): each has six distinct neighbours, all at distance 1."""
    for col, row in [(3, 3), (4, 4), (0, 0)]:
        ns = hg.offset_neighbours(col, row)
        assert len(set(ns)) == 6
        assert all(hg.offset_distance(hg.Offset(col, row), n) == 1 for n in ns)


def test_H02_ring_has_six_k_hexes_at_distance_k():
    """H02. The ring of radius k = 1..4 around axial (2, -1) has 6k distinct hexes, all at distance k."""
    c = hg.Axial(2, -1)
    for k in range(1, 5):
        r = hg.ring(c, k)
        assert len(r) == 6 * k == len(set(r))
        assert all(hg.axial_distance(c, a) == k for a in r)


def test_H03_line_is_connected_and_has_distance_plus_one_hexes():
    """H03. The line from axial (0, 0) to (5, -2) starts and ends there, has distance + 1 hexes and
    each step moves to a neighbour."""
    a, b = hg.Axial(0, 0), hg.Axial(5, -2)
    ln = hg.line(a, b)
    assert ln[0] == a and ln[-1] == b and len(ln) == hg.axial_distance(a, b) + 1
    assert all(hg.axial_distance(p, q) == 1 for p, q in zip(ln, ln[1:]))


def test_H04_pixel_of_hex_centre_picks_the_same_hex():
    """H04. At hex size 17, the pixel centre of every hex of a 6x6 grid picks that hex back."""
    for col in range(6):
        for row in range(6):
            x, y = hg.hex_to_pixel(col, row, 17.0)
            assert hg.pixel_to_hex(x, y, 17.0) == (col, row)


# --- C: combat and terrain ---------------------------------------------------------------------

def test_C01_terrain_multiplies_the_defender():
    """C01. Era 1940, no river, no fort. Result: the defender's multiplier in mountains over the one
    on plains is the QJM ratio 1.5 / 1.05."""
    era = RULES.eras["1940"]
    assert defence_multiplier(RULES, era, "mountains", 1.0, 0) / defence_multiplier(RULES, era, "plains", 1.0, 0) \
        == pytest.approx(1.5 / 1.05)


def test_C02_rough_terrain_blunts_terrain_sensitive_attackers():
    """C02. Era 1940: one armour, then one infantry, attacking into plains and into mountains.
    Result: armour (sensitivity 1) keeps 0.4 of its power in mountains (QJM tank factor); infantry
    (sensitivity 0.3) keeps 0.4 ** 0.3."""
    era = RULES.eras["1940"]
    plains, _ = attack_power(RULES, era, [{"armour": 1}], "plains", False)
    mountains, _ = attack_power(RULES, era, [{"armour": 1}], "mountains", False)
    inf_p, _ = attack_power(RULES, era, [{"infantry": 1}], "plains", False)
    inf_m, _ = attack_power(RULES, era, [{"infantry": 1}], "mountains", False)
    assert mountains == pytest.approx(plains * 0.4)
    assert inf_m / inf_p == pytest.approx(0.4 ** 0.3)


def test_C03_river_crossing_multiplies_defence():
    """C03. FLATLAND 1914 with a major river along every edge between columns 3 and 4.
    Result: the link (3, 1) -> (4, 1) is a major river with multiplier 1.5; the axis balance is 1.5
    times the plain one, and the dyad's balance rises."""
    plain = make_state(flatland("1914"))
    data = flatland("1914")
    data["map"]["rivers"] = [{"kind": "major_river", "edges": [[*plain.gmap.offset(a.src), *plain.gmap.offset(a.dst)]
                                                               for a in border_axes(plain)[(0, 1)]]}]
    s = make_state(data)
    link = s.gmap.link(hx(s, 3, 1), hx(s, 4, 1))
    assert link.kind == "major_river" and link.mult == 1.5
    assert axis_odb(RULES, s.era, "plains", 1.5, 0) == pytest.approx(1.5 * axis_odb(RULES, plain.era, "plains", 1.0, 0))
    assert dyad_balances(s)[(0, 1)].odb > dyad_balances(plain)[(0, 1)].odb


def test_C04_amphibious_assault_across_one_sea_hex_only():
    """C04. STRAIT 1940 (one sea hex) and WIDE STRAIT 1940 (two).
    Result: across one sea hex, (3, 1) -> (5, 1) is an amphibious link with defence x3; across two,
    Aland has no attack axis into Borduria at all."""
    s = make_state(strait("1940"))
    link = s.gmap.link(hx(s, 3, 1), hx(s, 5, 1))
    assert link is not None and link.kind == "amphibious" and link.mult == 3.0
    assert (0, 1) not in border_axes(make_state(wide_strait("1940")))


def test_C05_fortification_levels_follow_qjm_postures():
    """C05. Era 1850, plains, fortification levels 0-3. Result: the defender's multiplier grows
    as the QJM postures attack / hasty / prepared / fortified: 1.0, 1.3, 1.5, 1.6."""
    era = RULES.eras["1850"]
    base = defence_multiplier(RULES, era, "plains", 1.0, 0)
    assert [defence_multiplier(RULES, era, "plains", 1.0, k) / base for k in range(4)] == \
        pytest.approx([1.0, 1.3, 1.5, 1.6])


def test_C06_success_curve_matches_the_1944_eto_table():
    """C06. The success probability by force ratio. Result, as the 1944 ETO table (theory.md §2d):
    at most 5% at ratios up to 1.0; 70-90% on average over 1.15-1.88; 85-95% over 1.95-2.56; certain
    from 2.7; even odds between 1.0 and 1.15."""
    assert all(success_probability(RULES, r) <= 0.05 for r in (0.55, 0.8, 1.0))
    mid = [success_probability(RULES, 1.15 + k * (1.88 - 1.15) / 20) for k in range(21)]
    assert 0.7 <= sum(mid) / len(mid) <= 0.9
    high = [success_probability(RULES, 1.95 + k * (2.56 - 1.95) / 20) for k in range(21)]
    assert 0.85 <= sum(high) / len(high) <= 0.95
    assert success_probability(RULES, 2.7) == 1.0 and success_probability(RULES, 9.0) == 1.0
    assert 1.0 < ratio_for_probability(RULES, 0.5) < 1.15


def test_C07_prepared_defence_in_a_city_multiplies_by_2_1():
    """C07. Era 1850 (defence technology 1.0), urban hex, fortification level 2 (prepared), no river.
    Result: the defender's multiplier is urban 1.4 x prepared 1.5 = 2.1 (DUP's worked example)."""
    assert RULES.eras["1850"].defence_tech == 1.0
    assert defence_multiplier(RULES, RULES.eras["1850"], "urban", 1.0, 2) == pytest.approx(1.4 * 1.5)


def test_C08_surprise_needs_a_cooperating_unwarned_defender():
    """C08. FLATLAND 1940, 3 armour on each of Aland's border hexes.
    Orders: Aland defects against Borduria and attacks (4, 1) from (3, 1); Borduria (a) cooperates,
    (b) defects, (c) cooperates, but Aland had defected against it the turn before.
    Result: the attack is a surprise in (a) only."""
    s = make_state(flatland("1940", a={"armour": 3}))
    atk = Orders(0, {1: "D"}, attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),))
    assert _kinds(_turn(s, atk, Orders(1, {0: "C"}))[1], "attack")[0].data["surprise"] is True
    assert _kinds(_turn(s, atk, Orders(1, {0: "D"}))[1], "attack")[0].data["surprise"] is False
    warned = replace(s, last_stances={(0, 1): "D"})
    assert _kinds(_turn(warned, atk, Orders(1, {0: "C"}))[1], "attack")[0].data["surprise"] is False


def test_C09_no_attack_on_a_state_without_defecting_against_it():
    """C09. FLATLAND 1940, 5 armour on each of Aland's border hexes.
    Orders: Aland cooperates with Borduria and attacks (4, 1) from (3, 1).
    Result: no attack; Aland alone is told the order was rejected; Borduria keeps (4, 1)."""
    s = make_state(flatland("1940", a={"armour": 5}))
    new, ev = _turn(s, Orders(0, {1: "C"}, attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),)))
    assert not _kinds(ev, "attack")
    assert any(e.kind == "order_rejected" and e.visible_to == (0,) for e in ev)
    assert new.owner[hx(s, 4, 1)] == 1


def test_C10_overwhelming_attack_takes_the_hex_and_the_defender_retreats():
    """C10. FLATLAND 1940, 10 armour on each of Aland's border hexes, 1 infantry on Borduria's.
    Orders: Aland defects and attacks (4, 1) from (3, 1); Borduria cooperates.
    Result: ratio at least 2.7, the attack succeeds, Aland owns (4, 1), its armour has advanced into
    it and no Bordurian infantry is left there."""
    s = make_state(flatland("1940", a={"armour": 10}, b={"infantry": 1}))
    t = hx(s, 4, 1)
    new, ev = _turn(s, Orders(0, {1: "D"}, attacks=(Attack(t, (hx(s, 3, 1),)),)), Orders(1, {0: "C"}))
    att = _kinds(ev, "attack")[0]
    assert att.data["ratio"] >= 2.7 and att.data["success"]
    assert new.owner[t] == 0
    assert new.units.get(t, {}).get("armour", 0) > 0
    assert "infantry" not in new.units.get(t, {})


def test_C11_lanchester_square_law_doubling_numbers_quadruples_the_ratio():
    """C11. Era 1850 under the square law, then under its own ratio law: 10 units of power 10
    against 10, then 20 of power 20 against the same. Result: square law x4, ratio law x2."""
    era = RULES.eras["1850"].model_copy(update={"combat_law": "square"})
    assert force_ratio(era, 20.0, 20, 10.0, 10) == pytest.approx(4 * force_ratio(era, 10.0, 10, 10.0, 10))
    lin = RULES.eras["1850"]
    assert force_ratio(lin, 20.0, 20, 10.0, 10) == pytest.approx(2 * force_ratio(lin, 10.0, 10, 10.0, 10))


def test_C12_a_defender_multiplier_m_is_offset_by_sqrt_m_more_units_under_the_square_law():
    """C12. Era 1850 under the square law: 15 attackers of power 1 against 10 defenders whose
    multiplier is m = 2.25. Result: the ratio is exactly 1 (1.5 = sqrt(2.25) times the numbers)."""
    era = RULES.eras["1850"].model_copy(update={"combat_law": "square"})
    assert force_ratio(era, 1.0 * 15, 15, 2.25 * 10, 10) == pytest.approx(1.0)


def test_C13_empty_hexes_are_held_by_militia():
    """C13. Era 1850, an empty hex with multiplier 1. Result: the defence is the militia's power,
    with no units counted."""
    pd, n = defence_power(RULES, RULES.eras["1850"], {}, 1.0)
    assert pd == RULES.constants.combat.militia and n == 0


# --- B: the offense-defense balance ------------------------------------------------------------

def test_B01_1914_true_balance_favours_defence_but_is_perceived_offensive():
    """B01. FLATLAND 1914. Result: the true balance favours the defence (> 1), the perceived one
    the offence (< 1): the cult of the offensive."""
    b = dyad_balances(make_state(flatland("1914")))[(0, 1)]
    assert b.odb > 1 > b.perceived


def test_B02_1940_armour_favours_the_offence_on_plains_not_in_mountains():
    """B02. Era 1940, one axis without river or fort. Result: balance < 1 on plains, > 1 in mountains."""
    assert axis_odb(RULES, RULES.eras["1940"], "plains", 1.0, 0) < 1
    assert axis_odb(RULES, RULES.eras["1940"], "mountains", 1.0, 0) > 1


def test_B03_the_attacker_picks_its_best_axis():
    """B03. PASSES 1940: mountains along the border but one open pass on row 2.
    Result: the dyad's balance is the plains axis (the attacker's best), its target is plains, and
    the median over the axes is at least as high."""
    s = make_state(passes("1940"))
    b = dyad_balances(s)[(0, 1)]
    assert b.odb == pytest.approx(axis_odb(RULES, s.era, "plains", 1.0, 0))
    assert b.odb_median >= b.odb
    assert s.gmap.terrain[b.best_axis.dst] == "plains"


def test_B04_four_worlds_variants_are_worlds_one_to_four():
    """B04. maps/four_worlds.yaml, variants w1-w4, seed 1. Result: each variant's worst border
    balance and distinguishability put it in the world of its name."""
    for k in (1, 2, 3, 4):
        s = new_game("maps/four_worlds.yaml", f"w{k}", seed=1)
        odb = min(x.odb for x in dyad_balances(s).values())
        assert world_of(odb, s.era.distinguishability) == k


def test_B05_balance_is_structural_not_force_size():
    """B05. FLATLAND 1940 with 1 infantry, then 9 armour, on Aland's border hexes. Result: the same
    balance: it depends on the map, the era and the fortifications, not on the forces."""
    a = dyad_balances(make_state(flatland("1940", a={"infantry": 1})))[(0, 1)].odb
    b = dyad_balances(make_state(flatland("1940", a={"armour": 9})))[(0, 1)].odb
    assert a == b


def test_B06_buffer_zone_adds_an_axis_with_extra_defence():
    """B06. BUFFER ZONE 1940 (a neutral column between the states). Result: every axis from Aland
    into Borduria is a buffer axis through a neutral hex, and the balance is 1.3 times the plain one."""
    s = make_state(buffer_zone("1940"))
    axes = border_axes(s)[(0, 1)]
    assert axes and all(a.kind == "buffer" and a.via is not None and s.owner[a.via] == NEUTRAL for a in axes)
    assert dyad_balances(s)[(0, 1)].odb == pytest.approx(1.3 * axis_odb(RULES, s.era, "plains", 1.0, 0))


def test_B07_fortifying_the_border_raises_the_balance():
    """B07. FLATLAND 1940, every Bordurian hex at fortification level 2 (prepared).
    Result: the balance of Aland's attack is 1.5 times the unfortified one."""
    s = make_state(flatland("1940"))
    forts = tuple(2 if s.owner[h] == 1 else 0 for h in range(s.gmap.size))
    assert dyad_balances(replace(s, fort=forts))[(0, 1)].odb == pytest.approx(1.5 * dyad_balances(s)[(0, 1)].odb)


# --- J: Jervis's levers in the stage game (theory.md §1c) --------------------------------------

def test_J01_classifier_names_all_five_games():
    """J01. Cells (CC, CD, DC, DD). Result: (3, 0, 5, 1) Prisoner's Dilemma, (5, 0, 3, 1) Stag Hunt,
    (3, 1, 5, 0) Chicken, (1, 0, 5, 3) Deadlock, (5, 3, 1, 0) Harmony."""
    assert classify(3, 0, 5, 1) == "Prisoner's Dilemma"
    assert classify(5, 0, 3, 1) == "Stag Hunt"
    assert classify(3, 1, 5, 0) == "Chicken"
    assert classify(1, 0, 5, 3) == "Deadlock"
    assert classify(5, 3, 1, 0) == "Harmony"


def test_J02_defence_advantage_lowers_the_gain_from_exploiting():
    """J02 (prop. 2). FLATLAND and RIDGE, 1940, 3 armour on each of Aland's border hexes.
    Result: Aland's gain from exploiting (DC) is lower on the ridge, where the defence has the advantage."""
    assert _game(make_state(ridge("1940", a={"armour": 3})), 0, 1).dc < \
        _game(make_state(flatland("1940", a={"armour": 3})), 0, 1).dc


def test_J03_more_war_cost_makes_mutual_defection_worse():
    """J03 (prop. 4). FLATLAND 1940 with war cost 0.2, then 2.0. Result: DD is worse at 2.0."""
    lo = _game(make_state(with_sets(flatland("1940"), "era.war_cost=0.2")), 0, 1)
    hi = _game(make_state(with_sets(flatland("1940"), "era.war_cost=2.0")), 0, 1)
    assert hi.dd < lo.dd


def test_J04_trade_raises_the_value_of_mutual_cooperation():
    """J04 (prop. 3). FLATLAND 1940, without and with a trade treaty. Result: CC is higher with it."""
    s = make_state(flatland("1940"))
    with_trade = replace(s, treaties=(Treaty("trade", (0, 1), 1),))
    assert _game(with_trade, 0, 1).cc > _game(s, 0, 1).cc


def test_J05_depth_softens_the_cost_of_being_exploited():
    """J05 (prop. 7). FLATLAND 1940, 4 armour on each of Borduria's border hexes; Aland's capital at
    (2, 1) (shallow), then at (0, 1) (deep). Result: with the deep capital Aland's depth is larger and
    its CD less bad."""
    shallow = _game(make_state(flatland("1940", b={"armour": 4}, capital_a=(2, 1))), 0, 1)
    deep = _game(make_state(flatland("1940", b={"armour": 4}, capital_a=(0, 1))), 0, 1)
    assert deep.cd > shallow.cd and deep.depth > shallow.depth


def test_J06_warning_from_distinguishability_softens_the_cost_of_being_exploited():
    """J06 (prop. 9). FLATLAND 1940, 4 armour on each of Borduria's border hexes, d = 0 then d = 1.
    Result: Aland's CD is less bad at d = 1 (an attack can be seen coming)."""
    blind = _game(make_state(with_sets(flatland("1940", b={"armour": 4}), "era.distinguishability=0.0")), 0, 1)
    seen = _game(make_state(with_sets(flatland("1940", b={"armour": 4}), "era.distinguishability=1.0")), 0, 1)
    assert seen.cd > blind.cd


def test_J07_catastrophic_war_turns_the_game_into_chicken():
    """J07 (prop. 4, invariant 23). FLATLAND 1940 with war cost 0.1, then 3.0. Result: at 0.1 a
    Prisoner's Dilemma (DD > CD); at 3.0 Chicken (CD > DD)."""
    cheap, dear = (_game(make_state(with_sets(flatland("1940"), f"era.war_cost={w}")), 0, 1) for w in (0.1, 3.0))
    assert cheap.kind == "Prisoner's Dilemma" and cheap.dd > cheap.cd
    assert dear.kind == "Chicken" and dear.cd > dear.dd


# --- R: resolution of a turn -------------------------------------------------------------------

def test_R01_same_seed_and_orders_same_hash():
    """R01. maps/four_worlds.yaml w1, seed 7. Orders: Aland defects and attacks (6, 3) from (5, 3);
    Borduria cooperates. Result: resolving twice gives the same state hash."""
    s = new_game("maps/four_worlds.yaml", "w1", seed=7)
    orders = {0: Orders(0, {1: "D"}, attacks=(Attack(hx(s, 6, 3), (hx(s, 5, 3),)),)), 1: Orders(1, {0: "C"})}
    assert resolve_turn(s, orders)[0].state_hash() == resolve_turn(s, orders)[0].state_hash()


def test_R02_resolution_is_pure_and_records_the_pd_outcome():
    """R02. FLATLAND 1940, turn 1. Orders: Aland cooperates, Borduria defects. Result: the input
    state is unchanged; the new state is turn 2, records outcome CD for the pair and Borduria's D."""
    s = make_state(flatland("1940"))
    before = s.state_hash()
    new, _ = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "D"}))
    assert s.state_hash() == before and s.turn == 1 and new.turn == 2
    assert new.history[-1].outcomes == {"0-1": "CD"}
    assert new.last_stances[(1, 0)] == "D"


def test_R03_defection_ends_treaties():
    """R03. FLATLAND 1940 with a non-aggression treaty. Orders: Aland defects, Borduria cooperates.
    Result: the treaty ends (treaty_broken)."""
    s = replace(make_state(flatland("1940")), treaties=(Treaty("non_aggression", (0, 1), 1),))
    new, ev = _turn(s, Orders(0, {1: "D"}), Orders(1))
    assert new.treaties == () and _kinds(ev, "treaty_broken")


def test_R04_units_appear_after_their_build_time():
    """R04. FLATLAND 1940. Orders: Aland puts half its money in offence and builds 1 armour (build
    time 2) at (2, 2). Result: after one turn it is queued, not on the map; after the second it stands
    at (2, 2), the queue is empty and a ``built`` event says so."""
    s = make_state(flatland("1940"))
    h = hx(s, 2, 2)
    s1, _ = _turn(s, Orders(0, budget=Budget(0.0, 0.5, 0.0), builds=(Build("armour", h, 1),)))
    assert s1.units.get(h, {}).get("armour", 0) == 0 and s1.nations[0].queue
    s2, ev = _turn(s1)
    assert s2.units[h]["armour"] == 1 and not s2.nations[0].queue
    assert _kinds(ev, "built")


def test_R05_builds_are_capped_by_their_budget_pool():
    """R05. FLATLAND 1940. Orders: (a) all money to defence, 5 armour and 100 infantry at (2, 2);
    (b) all money to defence, 100 anti-tank guns (cost 12) at (2, 2).
    Result: (a) nothing is queued: armour and infantry are offensive units and the offence pool is
    empty; (b) exactly as many guns as the money available after income and upkeep buys stand at
    (2, 2) at the end of the turn, and that is what is spent."""
    s = make_state(flatland("1940"))
    h = hx(s, 2, 2)
    new, ev = _turn(s, Orders(0, budget=Budget(0.0, 0.0, 1.0), builds=(Build("armour", h, 5), Build("infantry", h, 100))))
    assert new.nations[0].queue == () and len(_kinds(ev, "order_rejected")) == 2
    new, _ = _turn(s, Orders(0, budget=Budget(0.0, 0.0, 1.0), builds=(Build("at_gun", h, 100),)))
    rec = new.history[-1]
    available = new.nations[0].treasury + rec.arms_spent[0] + rec.econ_spent[0]
    guns = new.units.get(h, {}).get("at_gun", 0)                 # build time 1: ready at the end of the turn
    assert guns == int(available // 12) > 0 and rec.arms_spent[0] == pytest.approx(12 * guns)


def test_R06_treasury_accounting_balances():
    """R06. FLATLAND 1940. Orders: both cooperate; Aland splits 0.3 economy, 0.2 offence, 0.2 defence
    and builds 2 anti-tank guns at (3, 0) and 1 armour at (2, 0). Result: Aland's new treasury is the
    old one + income + trade - upkeep - arms - economy spending."""
    s = make_state(flatland("1940"))
    o = Orders(0, {1: "C"}, Budget(0.3, 0.2, 0.2), builds=(Build("at_gun", hx(s, 3, 0), 2), Build("armour", hx(s, 2, 0), 1)))
    new, _ = _turn(s, o, Orders(1, {0: "C"}))
    rec = new.history[-1]
    trade = RULES.constants.economy.trade_rate * min(rec.income)
    upkeep = sum(s.era.units[u].upkeep * n for h, st in s.units.items() if s.owner[h] == 0 for u, n in st.items())
    expected = s.nations[0].treasury + rec.income[0] + trade - upkeep - rec.arms_spent[0] - rec.econ_spent[0]
    assert new.nations[0].treasury == pytest.approx(expected)


def test_R07_upkeep_that_cannot_be_paid_disbands_forces():
    """R07. FLATLAND 1940, 30 armour on each of Aland's border hexes, Aland's treasury 0 and
    productivity 0.01. Orders: none. Result: Aland disbands part of its armour (``disbanded``) and
    its treasury stays at 0."""
    s = make_state(flatland("1940", a={"armour": 30}))
    s = replace(s, nations=(replace(s.nations[0], treasury=0.0, productivity=0.01),) + s.nations[1:])
    new, ev = _turn(s)
    before = sum(st.get("armour", 0) for h, st in s.units.items() if s.owner[h] == 0)
    after = sum(st.get("armour", 0) for h, st in new.units.items() if new.owner[h] == 0)
    assert after < before and new.nations[0].treasury == 0.0
    assert _kinds(ev, "disbanded")


def test_R08_a_build_on_a_hex_lost_before_it_is_ready_is_lost():
    """R08. FLATLAND 1940, 10 armour on each of Aland's border hexes, 1 infantry on Borduria's.
    Orders, turn 1: Borduria puts half its money in offence and builds 1 armour (build time 2) at
    (4, 1). Turn 2: Aland defects and takes (4, 1) from (3, 1).
    Result: Borduria's armour is never built: a ``build_lost`` event only Borduria sees, and its
    queue is empty."""
    s = make_state(flatland("1940", a={"armour": 10}, b={"infantry": 1}))
    t = hx(s, 4, 1)
    s1, _ = _turn(s, Orders(0), Orders(1, budget=Budget(0.0, 0.5, 0.0), builds=(Build("armour", t, 1),)))
    assert [q.unit for q in s1.nations[1].queue] == ["armour"]
    s2, ev = _turn(s1, Orders(0, {1: "D"}, attacks=(Attack(t, (hx(s, 3, 1),)),)), Orders(1, {0: "C"}))
    assert s2.owner[t] == 0
    lost = _kinds(ev, "build_lost")
    assert len(lost) == 1 and lost[0].visible_to == (1,)
    assert s2.nations[1].queue == ()
    assert not any("armour" in st for h, st in s2.units.items() if s2.owner[h] == 1)


def test_R09_taking_the_capital_eliminates_the_state():
    """R09. BORDER CAPITAL 1940, 20 armour on each of Aland's border hexes, Borduria's capital (2, 1)
    empty. Orders: Aland defects and attacks (2, 1) from (1, 1); Borduria cooperates.
    Result: Borduria is eliminated, its hexes pass to Aland, and Aland wins."""
    s = make_state(border_capital("1940", a={"armour": 20}))
    cap = hx(s, 2, 1)
    new, ev = _turn(s, Orders(0, {1: "D"}, attacks=(Attack(cap, (hx(s, 1, 1),)),)), Orders(1, {0: "C"}))
    assert not new.nations[1].alive and all(o != 1 for o in new.owner)
    assert new.finished and new.winner == 0
    assert _kinds(ev, "eliminated")


def test_R10_turn_limit_ends_the_game():
    """R10. FLATLAND 1940 with a turn limit of 2. Result: after turn 1 the game goes on; after turn 2
    it is over ("turn limit", last event ``game_over``); a further turn is refused."""
    s = make_state(with_sets(flatland("1940"), "victory.max_turns=2"))
    s1, _ = _turn(s)
    assert not s1.finished
    s2, ev = _turn(s1)
    assert s2.finished and "turn limit" in s2.end_reason and ev[-1].kind == "game_over"
    with pytest.raises(ValueError):
        _turn(s2)


def test_R11_war_costs_both_sides_and_damage_limitation_spares_only_the_surprise_striker():
    """R11. FLATLAND 1940, war cost 2.0, 10 armour on each of Aland's border hexes, 1 infantry on
    Borduria's; damage limitation 0, then 0.8 (MIRV counterforce). Orders: Aland spends nothing,
    defects and attacks (4, 1) from (3, 1) by surprise; Borduria spends nothing and cooperates.
    Result: with 0.8 Aland pays less, Borduria the same; and Aland's DC is higher (the first-strike
    incentive)."""
    base = flatland("1940", a={"armour": 10}, b={"infantry": 1})
    paid = {}
    for dl in (0.0, 0.8):
        s = make_state(with_sets(base, f"era.damage_limitation={dl}", "era.war_cost=2.0"))
        new, ev = _turn(s, Orders(0, {1: "D"}, Budget(0, 0, 0), attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),)),
                        Orders(1, {0: "C"}, Budget(0, 0, 0)))
        assert _kinds(ev, "attack")[0].data["surprise"]
        paid[dl] = (s.nations[0].treasury - new.nations[0].treasury, s.nations[1].treasury - new.nations[1].treasury)
    assert paid[0.8][0] < paid[0.0][0]
    assert paid[0.8][1] == pytest.approx(paid[0.0][1])
    assert _game(make_state(with_sets(base, "era.damage_limitation=0.8")), 0, 1).dc > _game(make_state(base), 0, 1).dc


def test_R12_offensive_build_near_the_border_gives_warning_and_removes_surprise():
    """R12. FLATLAND 1940, d = 1 and warning 1, 3 armour on each of Aland's border hexes.
    Orders, turn 1: both cooperate; Aland builds 1 armour at (3, 2), next to the border. Turn 2:
    Aland defects and attacks (4, 1) from (3, 1); Borduria cooperates.
    Result: turn 1 brings a ``warning`` only Borduria sees; turn 2's attack is no surprise."""
    s = make_state(with_sets(flatland("1940", a={"armour": 3}), "era.distinguishability=1.0", "era.warning=1.0"))
    s1, ev = _turn(s, Orders(0, {1: "C"}, Budget(0.0, 0.5, 0.0), builds=(Build("armour", hx(s, 3, 2), 1),)),
                   Orders(1, {0: "C"}))
    warn = _kinds(ev, "warning")
    assert warn and warn[0].visible_to == (1,) and (0, 1) in s1.warned
    _, ev = _turn(s1, Orders(0, {1: "D"}, attacks=(Attack(hx(s, 4, 1), (hx(s, 3, 1),)),)), Orders(1, {0: "C"}))
    assert _kinds(ev, "attack")[0].data["surprise"] is False


def test_R13_neutral_hexes_cannot_be_attacked():
    """R13. BUFFER ZONE 1940, 5 armour on each of Aland's border hexes.
    Orders: Aland attacks the neutral hex (4, 1) from (3, 1), once cooperating with Borduria and
    once defecting against it. Result: the order is rejected both times (only Aland is told); no
    attack, (4, 1) stays neutral. Neutral hexes are buffer zones: attacks pass through them to the
    next state's hex (B06), never into them (rules.md §1)."""
    s = make_state(buffer_zone("1940", a={"armour": 5}))
    t = hx(s, 4, 1)
    for stance in ("C", "D"):
        new, ev = _turn(s, Orders(0, {1: stance}, attacks=(Attack(t, (hx(s, 3, 1),)),)))
        assert not _kinds(ev, "attack") and new.owner[t] == NEUTRAL
        assert [e.visible_to for e in _kinds(ev, "order_rejected")] == [(0,)]


def test_R14_treaty_proposed_then_accepted_and_trade_doubles():
    """R14. FLATLAND 1940. Orders, turn 1: both cooperate; Aland proposes a trade treaty. Turn 2:
    both cooperate; Borduria accepts. Result: the proposal is seen by both only; the treaty is signed
    and Aland's CC rises."""
    s = make_state(flatland("1940"))
    s1, ev = _turn(s, Orders(0, {1: "C"}, proposals=(TreatyProposal("trade", 1),)), Orders(1, {0: "C"}))
    prop = s1.proposals[0]
    assert prop.to == 1 and any(e.kind == "treaty_proposed" and e.visible_to == (0, 1) for e in ev)
    s2, _ = _turn(s1, Orders(0, {1: "C"}), Orders(1, {0: "C"}, accepts=(prop.id,)))
    assert [t.kind for t in s2.treaties] == ["trade"]
    assert _game(s2, 0, 1).cc > _game(s1, 0, 1).cc


def test_R15_crossed_proposals_accepted_by_both_sign_one_treaty_once():
    """R15. FLATLAND 1940. Orders, turn 1: both cooperate and each proposes a trade treaty to the
    other. Turn 2: both cooperate and each accepts the other's. Result: one trade treaty, one
    ``treaty_signed`` event."""
    s = make_state(flatland("1940"))
    s1, _ = _turn(s, Orders(0, {1: "C"}, proposals=(TreatyProposal("trade", 1),)),
                  Orders(1, {0: "C"}, proposals=(TreatyProposal("trade", 0),)))
    to_b, to_a = (next(p.id for p in s1.proposals if p.to == k) for k in (1, 0))
    s2, ev = _turn(s1, Orders(0, {1: "C"}, accepts=(to_a,)), Orders(1, {0: "C"}, accepts=(to_b,)))
    assert [t.kind for t in s2.treaties] == ["trade"]
    assert len(_kinds(ev, "treaty_signed")) == 1


def test_R16_a_treaty_accepted_in_a_turn_of_defection_fails():
    """R16. FLATLAND 1940. Orders, turn 1: both cooperate; Aland proposes non-aggression. Turn 2:
    Borduria accepts, but Aland defects. Result: no treaty; a public ``treaty_failed`` event names
    the pair."""
    s = make_state(flatland("1940"))
    s1, _ = _turn(s, Orders(0, {1: "C"}, proposals=(TreatyProposal("non_aggression", 1),)), Orders(1, {0: "C"}))
    s2, ev = _turn(s1, Orders(0, {1: "D"}), Orders(1, {0: "C"}, accepts=(s1.proposals[0].id,)))
    failed = _kinds(ev, "treaty_failed")
    assert s2.treaties == () and not _kinds(ev, "treaty_signed")
    assert len(failed) == 1 and failed[0].visible_to is None and failed[0].data["dyad"] == [0, 1]


def test_R17_offensive_ban_violation_is_seen_as_far_as_distinguishability():
    """R17. FLATLAND 1940, 1 armour on each of Aland's border hexes, an offensive-weapons ban on
    Aland's border column 3; d = 1, then d = 0. Orders: both cooperate.
    Result: at d = 1 the violation is seen and the ban ends (``treaty_violation``); at d = 0 it is
    never seen and the ban stands."""
    s = make_state(with_sets(flatland("1940", a={"armour": 1}), "era.distinguishability=1.0"))
    s = replace(s, treaties=(Treaty("offensive_ban", (0, 1), 1, tuple(hx(s, 3, r) for r in range(4))),))
    new, ev = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert new.treaties == () and _kinds(ev, "treaty_violation")
    blind = replace(s, era=s.era.model_copy(update={"distinguishability": 0.0}))
    new, _ = _turn(blind, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert len(new.treaties) == 1


def test_R18_a_buffer_treaty_is_broken_by_units_on_its_hexes_as_far_as_distinguishability():
    """R18. FLATLAND 1940, 2 infantry on every border hex; a buffer treaty listing both border
    columns (3 and 4), which must stay empty; d = 1, then d = 0, then d = 1 with Aland's column
    emptied. Orders: both cooperate.
    Result: at d = 1 the units on the buffer are seen and the treaty ends (``treaty_violation``); at
    d = 0 they are never seen and it stands. With Aland's side empty, Borduria's units alone still
    break it."""
    def buffered(d: float, a: dict[str, int] | None = None):
        s = make_state(with_sets(flatland("1940", a=a), f"era.distinguishability={d}"))
        hexes = tuple(hx(s, c, r) for c in (3, 4) for r in range(4))
        return replace(s, treaties=(Treaty("buffer", (0, 1), 1, hexes),))

    new, ev = _turn(buffered(1.0), Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert new.treaties == () and _kinds(ev, "treaty_violation")
    new, ev = _turn(buffered(0.0), Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert [t.kind for t in new.treaties] == ["buffer"] and not _kinds(ev, "treaty_violation")
    new, ev = _turn(buffered(1.0, a={}), Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert new.treaties == () and "Borduria is seen violating" in _kinds(ev, "treaty_violation")[0].text


# --- V: what a state sees ----------------------------------------------------------------------

def test_V01_views_hide_types_strategies_and_treasuries_of_others():
    """V01. maps/four_worlds.yaml w1, seed 3, Aland's view. Result: Borduria's type, strategy,
    security requirement, treasury, briefing and build queue are absent; Aland's own type is there;
    its units are its own hexes, its estimates others' hexes."""
    s = new_game("maps/four_worlds.yaml", "w1", seed=3)
    v = player_view(s, 0)
    other = v.nations[1]
    for hidden in ("ai_type", "strategy", "security_requirement", "treasury", "briefing", "queue"):
        assert not hasattr(other, hidden)
    assert v.my_nation.ai_type == s.nations[0].ai_type
    assert all(s.owner[h] == 0 for h in v.my_units) and all(s.owner[h] != 0 for h in v.estimates)


def test_V02_offensive_share_is_seen_only_as_far_as_distinguishability():
    """V02. FLATLAND 1940, Borduria's border hexes hold 3 armour (true offensive share 7/9), or 3
    anti-tank guns (share 0); Aland's reading of (4, 1) at d = 1, 0 and 0.8.
    Result: exact at d = 1; the same for both postures at d = 0; armour reads higher at d = 0.8."""
    def seen(d: float, units: dict[str, int]) -> float:
        s = make_state(with_sets(flatland("1940", b=units), f"era.distinguishability={d}"))
        return player_view(s, 0).estimates[hx(s, 4, 1)].offensive_share

    armour, guns = {"armour": 3}, {"at_gun": 3}
    assert seen(1.0, armour) == pytest.approx(7 / 9) and seen(1.0, guns) == 0.0
    assert seen(0.0, armour) == seen(0.0, guns)
    assert seen(0.8, armour) > seen(0.8, guns)


def test_V03_a_partial_reading_cannot_be_inverted_to_the_true_share():
    """V03. FLATLAND 1940, 3 armour on each of Borduria's border hexes, d = 0.5. Result: solving
    Aland's readings for the true share by the noiseless formula 0.5 + d (s - 0.5) misses 7/9 on
    some hex (the noise of rules.md §9 keeps the true share unrecoverable)."""
    s = make_state(with_sets(flatland("1940", b={"armour": 3}), "era.distinguishability=0.5"))
    inverted = [(e.offensive_share - 0.25) / 0.5 for e in player_view(s, 0).estimates.values()]
    assert any(abs(x - 7 / 9) > 0.02 for x in inverted)


def test_V04_private_events_reach_only_their_owner():
    """V04. FLATLAND 1940. Orders: Aland builds 1 anti-tank gun at (2, 2). Result: the ``build``
    event is in Aland's view, not in Borduria's nor in the public view."""
    s = make_state(flatland("1940"))
    s1, ev = _turn(s, Orders(0, budget=Budget(0.0, 0.0, 0.5), builds=(Build("at_gun", hx(s, 2, 2), 1),)))
    assert any(e.kind == "build" for e in player_view(s1, 0, ev).events)
    assert not any(e.kind == "build" for e in player_view(s1, 1, ev).events)
    assert not any(e.kind == "build" for e in player_view(s1, None, ev).events)


def test_V05_views_do_not_consume_the_game_generator():
    """V05. FLATLAND 1940: Aland's view taken twice. Result: the state hash is unchanged and both
    views hold the same estimates."""
    s = make_state(flatland("1940"))
    h = s.state_hash()
    assert player_view(s, 0).estimates == player_view(s, 0).estimates
    assert s.state_hash() == h


def test_V06_stage_game_in_a_view_uses_estimates_not_true_forces():
    """V06. FLATLAND 1940, d = 0, 1 armour on each of Borduria's border hexes. Result: the stage game
    in Aland's view differs from the one computed from true forces (strike odds and DC), and its
    cells are finite."""
    s = make_state(with_sets(flatland("1940", b={"armour": 1}), "era.distinguishability=0.0"))
    g_view = player_view(s, 0).games[1]
    g_true = _game(s, 0, 1, perceived=True)
    assert (g_view.p_win, g_view.dc) != (g_true.p_win, g_true.dc)
    assert math.isfinite(g_view.cc)
