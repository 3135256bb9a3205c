"""Combat: attacker and defender power, the calibrated success curve, attrition.

Power follows docs/rules.md §4 (QJM-like): ``Pa = sum n_k * attack_k * terrain_off(B)^s_k * (first
strike bonus if surprise)`` and ``Pd = (sum n_k * defence_k + militia) * terrain_def(B) * edge *
fortification * era.defence_tech``. The force ratio becomes a success probability by linear
interpolation between the anchors in ``constants.yaml`` (1944 ETO data). Under the Lanchester
square law the ratio is computed on strength x numbers.

:func:`attack_odds` is the one place this rule is applied: the resolution (true forces), the stage
game (per-hex summaries), the AI and the orders screen's odds preview (the player's estimates)
all call it and differ only in the forces they feed it.
"""
from __future__ import annotations

import math
from functools import lru_cache
from bisect import bisect_left
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from .rules import Era, Rules, UnitType, rule_constants


def assault_capable(u: UnitType) -> bool:
    """Whether the unit joins its hex's attacks: units with an offensive signature below
    ``combat.assault_signature`` (machine guns, anti-tank guns, missile submarines) stay home."""
    return not u.fort and u.attack > 0 and u.offensive_signature >= rule_constants().combat.assault_signature


def interpolate(curve: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear interpolation between (x, y) anchors sorted by x, flat beyond the ends."""
    k = bisect_left(_xs(tuple(curve)), x)
    if k == 0:
        return curve[0][1]
    if k == len(curve):
        return curve[-1][1]
    (x0, y0), (x1, y1) = curve[k - 1], curve[k]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def success_probability(rules: Rules, rho: float) -> float:
    """P(attack succeeds) at force ratio rho, from the calibrated curve."""
    curve = rules.constants.combat.success_curve
    if rho <= curve[0][0]:
        return curve[0][1]
    if rho >= curve[-1][0]:
        return curve[-1][1]
    return interpolate(curve, rho)


def success_probabilities(rules: Rules, rhos: "np.ndarray") -> "np.ndarray":
    """:func:`success_probability` for an array of force ratios at once (same curve, flat beyond the ends)."""
    xs, ys = _curve_arrays(rules.constants.combat.success_curve)
    return np.interp(np.asarray(rhos, dtype=np.float64), xs, ys)


@lru_cache(maxsize=32)
def _xs(curve: tuple[tuple[float, float], ...]) -> tuple[float, ...]:
    return tuple(p[0] for p in curve)


@lru_cache(maxsize=8)
def _curve_arrays(curve: tuple[tuple[float, float], ...]) -> tuple["np.ndarray", "np.ndarray"]:
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    ys = np.array([p[1] for p in curve], dtype=np.float64)
    xs.flags.writeable = False
    ys.flags.writeable = False
    return xs, ys


def ratio_for_probability(rules: Rules, p: float) -> float:
    """The smallest force ratio whose success probability reaches p (the inverse curve)."""
    curve = rules.constants.combat.success_curve
    for (x0, y0), (x1, y1) in zip(curve, curve[1:]):
        if y1 >= p:
            return x1 if y1 == y0 else x0 + (x1 - x0) * (p - y0) / (y1 - y0)
    return curve[-1][0]


class Attackers(NamedTuple):
    """Assault-capable units as the combat rule sees them: groups of ``(n, attack, terrain
    sensitivity)`` and their number. A stack gives one group per unit type (exact); a summary
    (the stage game's :class:`~game.engine.stagegame.HexForce`, a foreign estimate) gives one group
    of its total attack at its mean sensitivity."""

    groups: tuple[tuple[float, float, float], ...]
    count: int

    def power_on(self, terrain_offence: float) -> float:
        """Attack power against a hex whose terrain has this offence factor (no surprise bonus)."""
        total = 0.0
        for n, attack, sensitivity in self.groups:
            total += n * (attack * terrain_offence ** sensitivity)
        return total


class Defenders(NamedTuple):
    """A hex's defence before the terrain/edge/fortification/technology multiplier: militia plus
    the raw defence of its non-fort units, and the number of those units."""

    strength: float
    count: int


def attackers(era: Era, stacks: Sequence[Mapping[str, int]]) -> Attackers:
    """The assault-capable units of ``stacks`` (units that stay home when their hex attacks are left out)."""
    groups = []
    count = 0
    for stack in stacks:
        for key, n in stack.items():
            u = era.units.get(key)
            if u is None or n <= 0 or not assault_capable(u):
                continue
            groups.append((n, u.attack, u.terrain_sensitivity))
            count += n
    return Attackers(tuple(groups), count)


def defenders(rules: Rules, era: Era, stack: Mapping[str, int]) -> Defenders:
    """A hex's defenders: militia plus the defence of every non-fort unit (forts act as multiplier)."""
    base = rules.constants.combat.militia
    count = 0
    for key, n in stack.items():
        u = era.units.get(key)
        if u is None or n <= 0 or u.fort:
            continue
        base += n * u.defence
        count += n
    return Defenders(base, count)


def attack_power(rules: Rules, era: Era, stacks: Sequence[Mapping[str, int]], terrain: str,
                 surprise: bool) -> tuple[float, int]:
    """Attacker power against a hex of ``terrain`` and the number of committed units."""
    force = attackers(era, stacks)
    total = force.power_on(rules.terrain[terrain].offence)
    if surprise:
        total *= era.first_strike_bonus
    return total, force.count


def defence_multiplier(rules: Rules, era: Era, terrain: str, edge_mult: float, fort_level: int,
                       perceived: bool = False) -> float:
    """M_def = terrain x edge x fortification x technology (docs/theory.md §2a engine recipe)."""
    tech = era.perceived_tech() if perceived else era.defence_tech
    return rules.terrain[terrain].defence * edge_mult * rules.fortification[fort_level] * tech


def defence_power(rules: Rules, era: Era, stack: Mapping[str, int], mult: float) -> tuple[float, int]:
    force = defenders(rules, era, stack)
    return force.strength * mult, force.count


def force_ratio(era: Era, pa: float, na: int, pd: float, nd: int) -> float:
    if pd <= 0:
        return math.inf
    if era.combat_law == "square":
        return (pa * max(na, 1)) / (pd * max(nd, 1))
    return pa / pd


class AttackOdds(NamedTuple):
    """What an assault is expected to do, before the dice: :func:`attack_odds` computes it for the
    resolution, the stage game, the AI and the orders screen's preview alike (a NamedTuple: the
    stage game builds thousands per turn)."""

    attack: float            # attacker power (surprise bonus included)
    defence: float           # defender power (all multipliers included)
    ratio: float             # force ratio rho (square law: strength x numbers)
    probability: float       # P(the hex is taken)
    attacker_loss: float     # fraction of the committed assault units lost
    defender_loss: float     # fraction of the defenders lost in the assault (before any retreat loss)
    attackers: int           # committed assault units
    defenders: int           # defending units (militia not counted)

    @property
    def attacker_units_lost(self) -> float:
        """Expected number of committed units lost (losses are rounded stochastically, so this is exact)."""
        return self.attacker_loss * self.attackers

    @property
    def defender_units_lost(self) -> float:
        """Expected number of defending units lost in the assault (before any retreat loss)."""
        return self.defender_loss * self.defenders


def odds_at_ratio(rules: Rules, rho: float) -> tuple[float, float, float]:
    """(success probability, attacker loss fraction, defender loss fraction) at force ratio rho:
    the calibrated curve and Lanchester-style attrition scaled by the ratio."""
    c = rules.constants.combat
    p = success_probability(rules, rho)
    r = min(max(rho, 0.05), 20.0)
    return p, min(1.0, c.attacker_loss / math.sqrt(r)), min(1.0, c.defender_loss * math.sqrt(r))


def attack_ratio(rules: Rules, era: Era, attack: Attackers, defence: Defenders, terrain: str,
                 edge_mult: float, fort_level: int, surprise: bool, perceived: bool = False) -> tuple[float, float, float]:
    """(attacker power, defender power, force ratio): the power of ``attack`` on a hex of ``terrain``
    (times the era's first-strike bonus under surprise) and of ``defence`` behind the terrain, the
    weakest crossing's edge multiplier, the hex's fortification and the era's defence technology
    (as perceived if ``perceived``). The strength half of :func:`attack_odds`."""
    pa = attack.power_on(rules.terrain[terrain].offence)
    if surprise:
        pa *= era.first_strike_bonus
    pd = defence.strength * defence_multiplier(rules, era, terrain, edge_mult, fort_level, perceived)
    return pa, pd, force_ratio(era, pa, attack.count, pd, defence.count)


def attack_odds(rules: Rules, era: Era, attack: Attackers, defence: Defenders, terrain: str,
                edge_mult: float, fort_level: int, *, surprise: bool, perceived: bool = False) -> AttackOdds:
    """The one combat rule: :func:`attack_ratio` turned into odds and expected losses by
    :func:`odds_at_ratio`."""
    pa, pd, rho = attack_ratio(rules, era, attack, defence, terrain, edge_mult, fort_level, surprise, perceived)
    p, att, dfn = odds_at_ratio(rules, rho)
    return AttackOdds(pa, pd, rho, p, att, dfn, attack.count, defence.count)


def assault_succeeds(odds: AttackOdds, rng: np.random.Generator) -> bool:
    """The one draw of an assault: success at the computed odds (attrition is the odds' loss fractions)."""
    return bool(rng.random() < odds.probability)


def apply_losses(stack: Mapping[str, int], fraction: float, rng: np.random.Generator,
                 only: set[str] | None = None) -> dict[str, int]:
    """Remove ``fraction`` of each unit type (stochastic rounding, seeded), keeping the rest."""
    out: dict[str, int] = {}
    for key in sorted(stack):
        n = stack[key]
        if only is not None and key not in only:
            out[key] = n
            continue
        lost = n * fraction
        whole = int(lost)
        if rng.random() < lost - whole:
            whole += 1
        left = max(0, n - whole)
        if left:
            out[key] = left
    return out
