"""How threatened a state is on each border hex, read from its view (docs/theory.md prop. 6, §4).

A security seeker is *secure* against neighbour j when, on every hex j can strike,
``r * Pa_j <= rho50 * Pd_i`` -- the engine's combat formulas (:mod:`game.engine.combat`) applied to
its *estimates* of j's forces, with j's first-strike bonus counted (cooperating leaves one open
to surprise). This is docs/theory.md's ``ODB_ji * D_i >= r_i * O_j`` written per axis: rho50, the
force ratio at which an attack has even odds, is the same anchor the balance uses.

Two readings of the same estimates:

* for *decisions under risk* (the stance, via CD) the odds of their strike are the expected odds
  over the view's strength noise (``views.strength_noise * (1 - d)``, three-point quadrature), at the
  offensive share the view shows. The success curve is steep near ratio 1, so blurred estimates
  alone make a thin border look dangerous at low d: fear grows with uncertainty;
* for the *security requirement* (what to build) estimates are read prudently: one standard error
  of strength more, and a quarter of the unknown share range ``(1 - d)`` counted as offence. At low
  distinguishability every unit, even a machine gun, could be offensive: the security dilemma
  of Jervis's Worlds 1 and 2.

The state reads the balance as it *perceives* it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from game.engine.combat import (Attackers, assault_capable, attackers, defenders,
                                ratio_for_probability, success_probabilities)
from game.engine.rules import Era, rule_constants
from game.engine.views import ForceEstimate, PlayerView

from .frontier import Front

NOISE_Z = 1.0          # standard errors of strength noise a prudent reader adds
COMPOSITION_Z = 0.5    # share of the unknown composition half-range ((1-d)/2) read as offence
QUADRATURE = ((-1.7320508075688772, 1 / 6), (0.0, 2 / 3), (1.7320508075688772, 1 / 6))  # Gauss-Hermite, 3 points
_Z = np.array([z for z, _ in QUADRATURE])
_W = np.array([w for _, w in QUADRATURE])


@dataclass(frozen=True)
class HexThreat:
    hex: int
    neighbour: int
    attack: float          # their prudent assault power on the hex, first-strike bonus included
    attackers: int         # their estimated number of units next to it
    defence: float         # my defence power there now
    planned: float         # my defence power once my queue (within lookahead) is in place
    ratio_now: float       # their force ratio against me now (face-value estimate), with surprise if it applies
    ratio_planned: float   # with surprise, against my planned defence
    p_lose: float          # their expected success odds now, all their adjacent stacks joining in
    edge: float = 1.0      # edge multiplier on my side (the weakest edge they can cross)
    p_spread: float = 0.0  # their odds now if every stack of theirs splits itself over all my hexes it touches

    def secure(self, r: float, rho50: float) -> bool:
        return r * self.ratio_planned <= rho50


@dataclass(frozen=True)
class Threat:
    """My security against one neighbour."""

    neighbour: int
    hexes: tuple[HexThreat, ...]      # most exposed first
    surprise_now: bool                # they could strike me by surprise this turn if I cooperate
    rho50: float
    r: float

    @property
    def worst(self) -> HexThreat | None:
        return self.hexes[0] if self.hexes else None

    @property
    def p_lose(self) -> float:
        return max((h.p_lose for h in self.hexes), default=0.0)

    def exposure(self) -> float:
        """Expected number of my hexes one surprise turn could take if they struck everywhere at once."""
        return sum(h.p_spread for h in self.hexes)

    @property
    def ratio(self) -> float:
        """Worst planned ratio (with surprise); secure iff r * ratio <= rho50."""
        return max((h.ratio_planned for h in self.hexes), default=0.0)

    @property
    def secure(self) -> bool:
        return all(h.secure(self.r, self.rho50) for h in self.hexes)


def mean_sensitivity(era: Era) -> float:
    vals = [u.terrain_sensitivity for u in era.units.values() if assault_capable(u)]
    return sum(vals) / len(vals) if vals else 0.0


def prudent_attack(est: ForceEstimate, d: float) -> float:
    """Raw assault strength a prudent observer allows a foreign stack (see module docstring)."""
    total = est.attack + est.defence
    share = min(1.0, est.offensive_share + COMPOSITION_Z * (1.0 - d) / 2.0)
    return total * share * (1.0 + NOISE_Z * rule_constants().views.strength_noise * (1.0 - d))


def central_attack(est: ForceEstimate) -> float:
    """Raw assault strength of a foreign stack at face value (the view's estimate)."""
    return est.attack


def pending_at(view: PlayerView, lookahead: int) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """My build queue within ``lookahead`` turns: units per hex and fortification levels per hex."""
    units: dict[int, dict[str, int]] = {}
    forts: dict[int, int] = {}
    for q in view.my_queue:
        if q.turns_left > lookahead or q.unit not in view.era.units:
            continue
        if view.era.units[q.unit].fort:
            forts[q.hex] = forts.get(q.hex, 0) + q.count
        else:
            st = units.setdefault(q.hex, {})
            st[q.unit] = st.get(q.unit, 0) + q.count
    return units, forts


def merged(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, n in b.items():
        out[k] = out.get(k, 0) + n
    return out


def assess(view: PlayerView, fronts: Mapping[int, Front], r: float, lookahead: int) -> dict[int, Threat]:
    """Per neighbour, the threat to each of my hexes it can strike (most exposed first)."""
    era, rules, d = view.era, view.gmap.rules, view.distinguishability
    me, g = view.me, view.gmap
    sens = mean_sensitivity(era)
    rho50 = ratio_for_probability(rules, 0.5)
    q_units, q_forts = pending_at(view, lookahead)
    warned = set(view.warned_of)
    sigma = rules.constants.views.strength_noise * (1.0 - d)
    fsb = era.first_strike_bonus
    terr_factor = {k: t.offence ** sens for k, t in rules.terrain.items()}
    rows = []          # (j, h, pa, count, pd, nd, pdp, ndp, pa_now, spread_now, edge)
    # prudent_attack's constants, and its value per foreign stack (a stack touches several of my hexes)
    share_add = COMPOSITION_Z * (1.0 - d) / 2.0
    noise_mult = 1.0 + NOISE_Z * rule_constants().views.strength_noise * (1.0 - d)
    prudent: dict[int, float] = {}
    tech = era.perceived_tech()
    fortification, terrain_kinds = rules.fortification, rules.terrain
    for j, front in fronts.items():
        surprise_now = view.last_stances.get((j, me)) != "D" and j not in warned
        bonus_now = fsb if surprise_now else 1.0
        by_hex: dict[int, list] = {}
        fan_out: dict[int, int] = {}
        for lk in front.inbound:
            by_hex.setdefault(lk.dst, []).append(lk)
            fan_out[lk.src] = fan_out.get(lk.src, 0) + 1
        for h, links in by_hex.items():
            raw, count, central, spread = 0.0, 0, 0.0, 0.0
            for lk in links:
                est = view.estimates.get(lk.src)
                if est is not None:
                    pr = prudent.get(lk.src)
                    if pr is None:     # prudent_attack(est, d), in its order of operations
                        pr = prudent[lk.src] = ((est.attack + est.defence) * min(1.0, est.offensive_share + share_add)
                                                * noise_mult)
                    raw += pr
                    central += est.attack
                    spread += est.attack / fan_out[lk.src]
                    count += est.count
            terrain = g.terrain[h]
            terr = terr_factor[terrain]
            edge = min(lk.mult for lk in links)
            stack = view.my_units.get(h, {})
            # defence_multiplier and defence_power, as combat computes them (same products, same order)
            tdef = terrain_kinds[terrain].defence * edge
            fort = view.fort[h]
            force = defenders(rules, era, stack)
            pd, nd = force.strength * (tdef * fortification[fort] * tech), force.count
            q_fort, q_stack = q_forts.get(h, 0), q_units.get(h)
            fort_p = min(3, fort + q_fort)
            mult_p = tdef * fortification[fort_p] * tech
            if q_stack:
                force = defenders(rules, era, merged(stack, q_stack))
            pdp, ndp = force.strength * mult_p, force.count
            rows.append((j, h, raw * terr * fsb, count, pd, nd, pdp, ndp, central * terr * bonus_now,
                         spread * terr * bonus_now, edge))
    out: dict[int, Threat] = {}
    if not rows:
        return {j: Threat(j, (), True, rho50, r) for j in fronts}
    arr = np.asarray([row[2:10] for row in rows], dtype=np.float64)
    pa, na, pd, nd, pdp, ndp, pa_now, spread_now = arr.T
    ratio_now = _ratios(era, pa_now, na, pd, nd)
    ratio_planned = _ratios(era, pa, na, pdp, ndp)
    scale = np.maximum(0.0, 1.0 + sigma * _Z)                     # quadrature points of the strength noise
    p_lose = success_probabilities(rules, ratio_now[:, None] * scale[None, :]) @ _W
    p_spread = success_probabilities(rules, _ratios(era, spread_now, na, pd, nd)[:, None] * scale[None, :]) @ _W
    per: dict[int, list[tuple[float, int, HexThreat]]] = {j: [] for j in fronts}
    new, put, cls = object.__new__, object.__setattr__, HexThreat
    for row, r_now, r_planned, p_l, p_s in zip(rows, ratio_now.tolist(), ratio_planned.tolist(), p_lose.tolist(),
                                               p_spread.tolist()):
        j, h = row[0], row[1]
        # HexThreat(h, j, ...) built with one __dict__ (a frozen dataclass: same fields, values, equality)
        t = new(cls)
        put(t, "__dict__", {"hex": h, "neighbour": j, "attack": row[2], "attackers": row[3], "defence": row[4],
                            "planned": row[6], "ratio_now": r_now, "ratio_planned": r_planned,
                            "p_lose": p_l if row[8] > 0 else 0.0, "edge": row[10],
                            "p_spread": p_s if row[9] > 0 else 0.0})
        per[j].append((-r_planned, h, t))
    for j, front in fronts.items():
        keyed = per[j]
        keyed.sort(key=lambda x: (x[0], x[1]))
        lst = [x[2] for x in keyed]
        surprise_now = view.last_stances.get((j, me)) != "D" and j not in warned
        out[j] = Threat(j, tuple(lst), surprise_now, rho50, r)
    return out


def _ratios(era: Era, pa: np.ndarray, na: np.ndarray, pd: np.ndarray, nd: np.ndarray) -> np.ndarray:
    """:func:`game.engine.combat.force_ratio` over arrays (pd > 0 always: every hex has militia)."""
    if era.combat_law == "square":
        return (pa * np.maximum(na, 1)) / (pd * np.maximum(nd, 1))
    return pa / pd


def my_reach(view: PlayerView, front: Front, their_land_value: float,
             forces: dict[int, Attackers] | None = None) -> tuple[float, float]:
    """How decisive my own surprise strike on neighbour j would be, from my true units and my
    estimate of their defence: (expected share of j's land value taken if each of my stacks split
    itself over the hexes of j it touches, P(j's capital falls to a concentrated strike)).
    ``forces`` may carry my stacks' attackers from one neighbour's call to the next (same view)."""
    era, rules, g = view.era, view.gmap.rules, view.gmap
    if not front.outbound or their_land_value <= 0:
        return 0.0, 0.0
    militia = rules.constants.combat.militia
    fsb = era.first_strike_bonus
    tech = era.perceived_tech()
    fan: dict[int, int] = {}
    targets: dict[int, list] = {}
    for lk in front.outbound:
        fan[lk.src] = fan.get(lk.src, 0) + 1
        targets.setdefault(lk.dst, []).append(lk)
    power: dict[tuple[int, str], tuple[float, int]] = {}
    forces = {} if forces is None else forces
    capital = view.nations[front.neighbour].capital
    rows = []     # (full, split, n, pd, nd, value, is_capital)
    for t, links in targets.items():
        terrain = g.terrain[t]
        offence = rules.terrain[terrain].offence
        full = split = 0.0
        n_full = 0
        for lk in links:
            key = (lk.src, terrain)
            pw = power.get(key)
            if pw is None:     # attack_power(rules, era, [stack], terrain, False), the stack's attackers once
                force = forces.get(lk.src)
                if force is None:
                    force = forces[lk.src] = attackers(era, [view.my_units.get(lk.src, {})])
                pw = power[key] = (force.power_on(offence), force.count)
            full += pw[0]
            split += pw[0] / fan[lk.src]
            n_full += pw[1]
        if full <= 0:
            continue
        est = view.estimates.get(t)
        # defence_multiplier(rules, era, terrain, weakest edge, fort, perceived=True), the product in its order
        mult = rules.terrain[terrain].defence * min(lk.mult for lk in links) * rules.fortification[view.fort[t]] * tech
        rows.append((full * fsb, split * fsb, n_full, ((est.defence if est else 0.0) + militia) * mult,
                     est.count if est else 0, g.value[t], t == capital))
    if not rows:
        return 0.0, 0.0
    arr = np.asarray([r[:6] for r in rows], dtype=np.float64)
    full, split, n, pd, nd, value = arr.T
    p_split = success_probabilities(rules, _ratios(era, split, n, pd, nd))
    p_full = success_probabilities(rules, _ratios(era, full, n, pd, nd))
    p_cap = max((float(p_full[k]) for k, r in enumerate(rows) if r[6]), default=0.0)
    return float(p_split @ value) / their_land_value, p_cap
