"""The array forms of a view's estimates and of the stage game's strike odds give, bit for bit, what
the per-hex and per-axis scalar rules give (issue 14: faster views, same hashes); so do the
per-hex and per-axis paths the engine keeps for small maps (``array_min``).

The scalar references below are the loops the engine ran before it computed these on arrays:
``_estimate`` hex by hex with Python floats, ``_best_strike`` axis by axis through
``combat.attack_ratio`` and ``combat.success_probability``. States are scenario maps with random
stacks (fort-only stacks, stacks without assault units, identical stacks that tie), under both
combat laws and several perceived distinguishabilities.
"""
from __future__ import annotations

import math
from dataclasses import FrozenInstanceError, replace

import numpy as np
import pytest

from game.engine.balance import Axis, border_axes
from game.engine.combat import Attackers, Defenders, attack_ratio, success_probability
from game.engine.record import start_game
from game.engine.stagegame import ForceSnapshot, HexForce, _best_strike, best_strikes, success_probabilities_exact, true_forces
from game.engine.views import ForceEstimate, _estimate, _mean_sensitivity, player_view


def scalar_estimate(state, observer, rng, d, forces):
    """The per-hex loop views._estimate ran before it used arrays (the reference)."""
    est, snap = {}, {}
    mean_sens = _mean_sensitivity(state.era)
    noise = state.gmap.rules.constants.views
    bias = {n.id: float(rng.normal(0.0, noise.share_bias * (1.0 - d))) for n in state.nations if n.id != observer}
    owner_of = state.owner
    order = sorted(forces.hexes)
    for h in order:
        f = forces.hexes[h]
        if owner_of[h] == observer:
            snap[h] = f
            continue
        total = f.attack + f.defence
        noisy = max(0.0, total * (1.0 + rng.normal(0.0, noise.strength_noise * (1.0 - d))))
        true_share = f.attack / total if total > 0 else 0.0
        share = 0.5 + d * (true_share - 0.5) + bias.get(owner_of[h], 0.0) + rng.normal(0.0, noise.share_noise * (1.0 - d))
        share = min(1.0, max(0.0, share))
        count = max(0, int(round(f.count * (1.0 + rng.normal(0.0, noise.strength_noise * (1.0 - d))))))
        e = ForceEstimate(noisy * share, noisy * (1.0 - share), share, count)
        est[h] = e
        snap[h] = HexForce(e.attack, mean_sens, e.defence, e.count)
    return est, ForceSnapshot(snap)


def scalar_best_strike(state, forces, axes, surprise, perceived):
    """The per-axis loop stagegame._best_strike ran before it used arrays (the reference)."""
    rules, era, g = state.gmap.rules, state.era, state.gmap
    militia = rules.constants.combat.militia
    best_p, best_ax = 0.0, None
    for ax in axes:
        src, dst = forces.at(ax.src), forces.at(ax.dst)
        if not src.attack > 0:
            continue
        a = Attackers(((1, src.attack, src.sensitivity),), src.count)
        d = Defenders(dst.defence + militia, dst.count)
        p = success_probability(rules, attack_ratio(rules, era, a, d, g.terrain[ax.dst], ax.mult, state.fort[ax.dst],
                                                    surprise and ax.via is None, perceived)[2])
        if p > best_p or (p == best_p and best_ax is not None and ax.dst < best_ax.dst):
            best_p, best_ax = p, ax
    return best_p, best_ax


def shuffled_state(path, variant, seed, sets=()):
    """A scenario's state with random stacks on most land hexes (some fort-only, some without
    assault units, many identical so that strike odds tie) and random fortifications."""
    state = start_game(path, variant, 1, sets).state
    rng = np.random.default_rng(seed)
    era = state.era
    keys = sorted(era.units)
    units = {}
    for h, o in enumerate(state.owner):
        if o < 0 or rng.random() < 0.2:
            continue
        pick = rng.choice(keys, size=int(rng.integers(1, 3)), replace=False)
        units[h] = {str(k): int(rng.integers(0, 6)) if rng.random() < 0.7 else 2 for k in pick}
    fort = tuple(int(rng.integers(0, 4)) if o >= 0 and rng.random() < 0.3 else f for o, f in zip(state.owner, state.fort))
    return replace(state, units=units, fort=fort)


CASES = [("maps/four_worlds.yaml", "w1", ()), ("maps/july_1914.yaml", None, ()),
         ("maps/cold_war.yaml", "mirv", ()), ("maps/four_worlds.yaml", "w3", ("era.combat_law=square",)),
         ("maps/concert_of_powers.yaml", None, ())]


@pytest.mark.parametrize("path,variant,sets,seed", [c + (seed,) for c in CASES for seed in (1, 2)
                                                     if seed == 1 or "concert" not in c[0]])   # the big map once
def test_array_estimates_and_strikes_equal_the_scalar_rules_bit_for_bit(path, variant, sets, seed):
    state = shuffled_state(path, variant, seed, sets)
    forces = true_forces(state)
    axes = border_axes(state)
    assert axes
    pairs = sorted(axes)[:10]

    def same_strikes(snap_got, snap_want):
        for surprise in (True, False):
            for perceived in (True, False):
                # on arrays (array_min=0) and axis by axis (array_min huge): both must be the rule
                on_arrays = best_strikes(state, snap_got, axes, pairs + [(-5, -6)], surprise, perceived, array_min=0)
                per_axis = best_strikes(state, snap_got, axes, pairs + [(-5, -6)], surprise, perceived, array_min=10**9)
                assert on_arrays[(-5, -6)] == per_axis[(-5, -6)] == (0.0, None)
                for (i, j) in pairs:
                    got = _best_strike(state, snap_got, axes[(i, j)], surprise, perceived)
                    want = scalar_best_strike(state, snap_want, axes[(i, j)], surprise, perceived)
                    assert got == want and got[1] is want[1], (i, j, surprise, perceived)
                    for many in (on_arrays, per_axis):
                        assert many[(i, j)] == want and many[(i, j)][1] is want[1]

    same_strikes(forces, forces)
    for d in (0.0, 0.35, 1.0):
        for observer in [None] + [n.id for n in state.nations][:3]:
            want_est, want_snap = scalar_estimate(state, observer, np.random.default_rng([seed, 7, observer or 0]), d, forces)
            small_est, small_snap = _estimate(state, observer, np.random.default_rng([seed, 7, observer or 0]), d, forces,
                                              array_min=10**9)       # hex by hex
            assert list(small_est) == list(want_est) and small_est == want_est
            assert dict(small_snap.hexes) == dict(want_snap.hexes)
            got_est, got_snap = _estimate(state, observer, np.random.default_rng([seed, 7, observer or 0]), d, forces,
                                          array_min=0)                # on arrays
            assert list(got_est) == list(want_est)
            assert got_est == want_est
            assert all(type(e) is ForceEstimate and type(e.count) is int and type(e.attack) is float
                       and hash(e) == hash(want_est[h]) for h, e in got_est.items())
            if got_est:
                with pytest.raises(FrozenInstanceError):
                    next(iter(got_est.values())).attack = 0.0
            assert dict(got_snap.hexes) == dict(want_snap.hexes)
            same_strikes(got_snap, want_snap)


def test_ties_go_to_the_lowest_target_then_the_first_axis():
    state = shuffled_state("maps/four_worlds.yaml", "w1", 3)
    owner = state.owner
    _, lst = next((k, v) for k, v in sorted(border_axes(state).items()) if len(v) >= 3)
    # every hex the same overwhelming stack: every axis reaches the curve's top, so all tie
    big = {h: HexForce(1e6, 0.0, 1.0, 10) for h in range(len(owner))}
    snap = ForceSnapshot(big)
    axes = sorted(lst, key=lambda a: -a.dst)
    dup = Axis(axes[-1].src, axes[-1].dst, axes[-1].mult, axes[-1].kind)
    axes = axes + [dup]
    p, ax = _best_strike(state, snap, axes, True, False)
    assert (p, ax) == scalar_best_strike(state, snap, axes, True, False)
    lowest = min(a.dst for a in axes)
    assert ax is next(a for a in axes if a.dst == lowest) and ax is not dup
    assert _best_strike(state, ForceSnapshot({}), axes, True, False) == (0.0, None)
    assert _best_strike(state, snap, [], True, False) == (0.0, None)


def test_success_probabilities_exact_equal_the_scalar_curve():
    state = start_game("maps/four_worlds.yaml", "w1", 1).state
    rules = state.gmap.rules
    xs = [x for x, _ in rules.constants.combat.success_curve]
    rng = np.random.default_rng(5)
    rhos = np.concatenate([np.array(xs), np.nextafter(xs, np.inf), np.nextafter(xs, -np.inf),
                           rng.uniform(0, max(xs) * 1.5, 2000), rng.lognormal(0, 2, 2000),
                           [0.0, math.inf, 1e300, 5e-324]])
    got = success_probabilities_exact(rules, rhos)
    want = [success_probability(rules, float(r)) for r in rhos]
    assert got.tolist() == want


def test_a_view_built_twice_on_fresh_states_is_the_same():
    state = shuffled_state("maps/july_1914.yaml", None, 4)
    a = player_view(replace(state), 0)
    b = player_view(replace(state), 0)
    assert a.estimates == b.estimates and a.games == b.games
