"""Property tests (hypothesis) for the engine's invariants (issue 2, item 5)."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factory import make_state, two_state, with_sets
from game.engine.balance import border_axes, dyad_balances
from game.engine.orders import Attack, Budget, Build, Orders
from game.engine.resolve import resolve_turn
from game.engine.rules import load_rules
from game.engine.scenario import new_game
from game.engine.stagegame import stage_game, true_forces
from game.engine.state import NEUTRAL, SEA

RULES = load_rules()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VARIANTS = ["w1", "w2", "w3", "w4", None]


@st.composite
def random_orders(draw, state, i):
    """Orders for nation i drawn from what the rules allow (and a few things they reject)."""
    g = state.gmap
    mine = [h for h, o in enumerate(state.owner) if o == i]
    others = sorted({n.id for n in state.nations if n.id != i})
    stances = {j: draw(st.sampled_from("CD")) for j in others}
    parts = [draw(st.floats(0, 1)) for _ in range(3)]
    units = sorted(state.era.units)
    builds = tuple(Build(draw(st.sampled_from(units)), draw(st.sampled_from(mine)), draw(st.integers(0, 4)))
                   for _ in range(draw(st.integers(0, 3)))) if mine else ()
    attacks = []
    for h in draw(st.lists(st.sampled_from(mine), max_size=3)) if mine else []:
        targets = [lk.dst for lk in g.links[h] if state.owner[lk.dst] != i]
        if targets:
            attacks.append(Attack(draw(st.sampled_from(targets)), (h,)))
    return Orders(i, stances, Budget(*parts), builds, tuple(attacks))


@st.composite
def game_run(draw):
    variant = draw(st.sampled_from(VARIANTS))
    seed = draw(st.integers(0, 10_000))
    state = new_game("maps/four_worlds.yaml", variant, seed)
    turns = []
    for _ in range(draw(st.integers(1, 6))):
        if state.finished:
            break
        orders = {i: draw(random_orders(state, i)) for i in state.alive_ids()}
        before = state
        state, events = resolve_turn(state, orders)
        turns.append((before, orders, state, events))
    return turns


@SETTINGS
@given(game_run())
@pytest.mark.slow
def test_P01_every_land_hex_has_one_owner_or_is_neutral_and_forces_are_never_negative(turns):
    for _, _, s, _ in turns:
        alive = set(s.alive_ids())
        for h, o in enumerate(s.owner):
            if s.gmap.passable[h]:
                assert o == NEUTRAL or o in alive
            else:
                assert o == SEA and h not in s.units
        for h, stack in s.units.items():
            assert s.owner[h] >= 0
            assert all(n > 0 for n in stack.values())
        assert all(0 <= f <= 3 for f in s.fort)
        assert all(n.treasury >= 0 and math.isfinite(n.treasury) for n in s.nations)


@SETTINGS
@given(game_run())
@pytest.mark.slow
def test_P02_treasury_accounting_balances(turns):
    """treasury' = treasury + income + trade - upkeep - arms - economy, for a state not in any fight.

    (Fighting adds a war cost clamped at zero and changes the forces that pay upkeep; a state that
    cannot pay disbands forces: both are covered by catalogue cases R06/R07.)"""
    eco = RULES.constants.economy
    for before, orders, after, events in turns:
        rec = after.history[-1]
        fought = {e.data["attacker"] for e in events if e.kind == "attack"} | \
                 {e.data["defender"] for e in events if e.kind == "attack"}
        for i in before.alive_ids():
            if i in fought or not after.nations[i].alive or any(e.kind == "disbanded" and e.visible_to == (i,) for e in events):
                continue
            trade = sum(eco.trade_rate * min(rec.income[int(a)], rec.income[int(b)])
                        for key, outcome in rec.outcomes.items() if outcome == "CC"
                        for a, b in [key.split("-")] if str(i) in (a, b))
            units = before.era.units
            upkeep = sum(units[k].upkeep * n for h, stk in before.units.items() if before.owner[h] == i
                         for k, n in stk.items())
            upkeep += next(u.upkeep for u in units.values() if u.fort) * sum(
                f for h, f in enumerate(before.fort) if before.owner[h] == i)
            expected = before.nations[i].treasury + rec.income[i] + trade - upkeep - rec.arms_spent[i] - rec.econ_spent[i]
            assert after.nations[i].treasury == pytest.approx(expected, abs=1e-6)


@SETTINGS
@given(st.sampled_from(VARIANTS), st.integers(0, 10_000), st.data())
@pytest.mark.slow
def test_P03_same_seed_and_orders_give_the_same_hash(variant, seed, data):
    s = new_game("maps/four_worlds.yaml", variant, seed)
    orders = {i: data.draw(random_orders(s, i)) for i in s.alive_ids()}
    a, ea = resolve_turn(s, orders)
    b, eb = resolve_turn(new_game("maps/four_worlds.yaml", variant, seed), orders)
    assert a.state_hash() == b.state_hash() and ea == eb


ROUGHER = {"plains": ["farmland", "forest", "hills", "mountains", "urban"], "farmland": ["forest", "hills", "mountains"],
           "desert": ["hills", "mountains"], "forest": ["mountains"], "hills": ["mountains"]}


@SETTINGS
@given(st.sampled_from(["1850", "1914", "1932", "1940", "nuclear", "mirv"]),
       st.sampled_from(sorted(ROUGHER)), st.data())
def test_P04_rougher_border_terrain_never_moves_the_balance_toward_offence(era, base, data):
    symbols = {t.key: t.symbol for t in RULES.terrain.values()}
    rough = data.draw(st.sampled_from(ROUGHER[base]))
    row = data.draw(st.integers(0, 3))
    col = data.draw(st.sampled_from([3, 4]))
    d0 = two_state(era=era, terrain_row=symbols[base] * 8)
    s0 = make_state(d0)
    d1 = two_state(era=era, terrain_row=symbols[base] * 8)
    d1["map"]["patches"] = [{"hex": [col, row], "terrain": rough}]
    s1 = make_state(d1)
    assert RULES.terrain[rough].defence >= RULES.terrain[base].defence
    b0, b1 = dyad_balances(s0), dyad_balances(s1)
    for key in b0:
        assert b1[key].odb >= b0[key].odb - 1e-12
        assert b1[key].odb_median >= b0[key].odb_median - 1e-12


@SETTINGS
@given(st.sampled_from(["1850", "1914", "1940", "nuclear", "mirv"]), st.floats(0.0, 5.0), st.floats(0.0, 5.0))
def test_P05_more_war_cost_never_improves_mutual_defection(era, w1, w2):
    lo, hi = sorted((w1, w2))
    base = two_state(era=era)

    def dd(w):
        s = make_state(with_sets(base, f"era.war_cost={w}"))
        axes = border_axes(s)
        bal = dyad_balances(s, axes)
        inc = {k: s.income(k) for k in s.alive_ids()}
        return stage_game(s, 0, 1, true_forces(s), axes, bal, inc, perceived=False).dd

    assert dd(hi) <= dd(lo) + 1e-12


@SETTINGS
@given(st.integers(0, 3), st.integers(0, 10_000))
def test_P06_depth_never_worsens_the_cost_of_being_exploited(cap_col, seed):
    data = two_state(era="1940", forces_b={"armour": 3})
    data["states"][0]["capital"] = [cap_col, 1]
    deeper = two_state(era="1940", forces_b={"armour": 3})
    deeper["states"][0]["capital"] = [max(0, cap_col - 1), 1]

    def cd(d):
        s = make_state(d, seed)
        axes = border_axes(s)
        bal = dyad_balances(s, axes)
        inc = {k: s.income(k) for k in s.alive_ids()}
        return stage_game(s, 0, 1, true_forces(s), axes, bal, inc, perceived=False).cd

    assert cd(deeper) >= cd(data) - 1e-12


def test_P07_a_dead_state_cannot_be_ordered_and_resolution_skips_it():
    s = make_state(two_state())
    dead = replace(s, nations=(s.nations[0], replace(s.nations[1], alive=False)))
    new, _ = resolve_turn(dead, {1: Orders(1, {0: "D"})})
    assert new.history[-1].outcomes == {}
