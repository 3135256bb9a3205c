"""Offense-defense balance per ordered dyad, strategic depth and Jervis's four worlds.

ODB follows Glaser & Kaufmann (1998): the cost of the offensive forces the attacker needs to
take a border hex with at least even odds, over the cost of the defensive forces holding it.
Per attack axis, with the best offensive and defensive unit types of the era per unit of cost:

    ratio law:  ODB = rho50 * M_def * (defence per cost) / (attack per cost on that terrain)
    square law: ODB = (c_att / c_def) * sqrt(rho50 * M_def * def_unit / att_unit)

where rho50 is the force ratio with a 50% success chance on the calibrated curve and
M_def = terrain x edge (river/strait/amphibious/buffer) x fortification x technology.
ODB > 1 means defence has the advantage. The attacker picks its best axis, so a dyad reports
the minimum over axes with the median beside it; "perceived" uses the era's perceived
technology (1914's cult of the offensive).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, NamedTuple, TypeVar
from statistics import median

import numpy as np

from .combat import assault_capable, ratio_for_probability
from .gamemap import GameMap
from .movement import basin, unit_points
from .rules import Era, Rules, rule_constants
from .state import NEUTRAL, GameState, dyad

T = TypeVar("T")

WORLD_LABELS = {
    1: "Doubly dangerous",
    2: "Security dilemma, but security requirements may be compatible",
    3: "No security dilemma, but aggression possible; warning given",
    4: "Doubly stable",
}


class Axis(NamedTuple):
    """An attack axis (a NamedTuple: thousands are built per turn, and tuples build fast)."""

    src: int            # attacker's hex
    dst: int            # defender's hex
    mult: float         # edge multiplier on the defender (river, strait, amphibious, buffer)
    kind: str
    via: int | None = None   # neutral buffer hex crossed on the way


@dataclass(frozen=True)
class DyadBalance:
    attacker: int
    defender: int
    odb: float              # true, attacker's best axis (minimum)
    odb_median: float
    perceived: float        # perceived, best axis
    perceived_median: float
    best_axis: Axis
    axes: int


def distinguishable(d: float) -> bool:
    """Whether offensive postures can be told apart at distinguishability d (``balance.distinguishable``)."""
    return d >= rule_constants().balance.distinguishable


def world_of(odb: float, d: float) -> int:
    """Jervis's figure: 1 offence+indistinguishable ... 4 defence+distinguishable."""
    defence = odb > 1.0
    disting = distinguishable(d)
    return {(False, False): 1, (True, False): 2, (False, True): 3, (True, True): 4}[(defence, disting)]


def directed_odb(balances: Mapping[tuple[int, int], DyadBalance], i: int, j: int, perceived: bool) -> float:
    """The balance of i attacking j (true or perceived); ``balance.no_axis_odb`` (practically
    unattackable) when i has no axis into j."""
    b = balances.get((i, j))
    if b is None:
        return rule_constants().balance.no_axis_odb
    return b.perceived if perceived else b.odb


def dyad_world(balances: Mapping[tuple[int, int], DyadBalance], i: int, j: int, d: float, perceived: bool) -> int:
    """The world of the dyad {i, j}: the more offensive of its two directions, at distinguishability d.
    The engine's record (true balance), the stage game and the map's Worlds mode all take it from here."""
    return world_of(min(directed_odb(balances, i, j, perceived), directed_odb(balances, j, i, perceived)), d)


def _efficiencies(rules: Rules, era: Era) -> tuple[tuple[float, float, float], dict[str, tuple[float, float, float]]]:
    """Best defender (defence/cost, defence, cost) and best attacker per terrain (attack/cost, attack, cost)."""
    defenders = [(u.defence / u.cost, u.defence, u.cost) for u in era.units.values() if not u.fort and u.defence > 0]
    best_def = max(defenders)
    best_att: dict[str, tuple[float, float, float]] = {}
    for key, t in rules.terrain.items():
        cands = [(u.attack * t.offence ** u.terrain_sensitivity / u.cost, u.attack * t.offence ** u.terrain_sensitivity, u.cost)
                 for u in era.units.values() if assault_capable(u)]
        best_att[key] = max(cands) if cands else (1e-9, 1e-9, 1.0)
    return best_def, best_att


def _mobile_units(rules: Rules, era: Era) -> tuple[float, dict[str, float]]:
    """Movement points of the era's most cost-efficient defender and, per terrain, attacker (the
    unit types :func:`_efficiencies` picks)."""
    d_key = max((u.defence / u.cost, k) for k, u in era.units.items() if not u.fort and u.defence > 0)[1]
    att: dict[str, float] = {}
    for key, t in rules.terrain.items():
        cands = [(u.attack * t.offence ** u.terrain_sensitivity / u.cost, k) for k, u in era.units.items()
                 if assault_capable(u)]
        att[key] = unit_points(era, max(cands)[1]) if cands else 0.0
    return unit_points(era, d_key), att


def mobility_factor(state: GameState, ax: "Axis", weight: float, cache: dict | None = None) -> float:
    """The mobility term of an axis: ``(R_def / R_att) ** weight``, with R_def the defender's hexes
    from which its best defensive unit reaches the attacked hex within one turn (interior lines) and
    R_att the attacker's hexes from which its best attacker reaches the source hex (concentration):
    with forces spread over the land, the attacker needs R_def / R_att times the forces the static
    balance says (docs/rules.md §5, §11). 1 when ``weight`` is 0."""
    if weight <= 0:
        return 1.0
    cache = {} if cache is None else cache
    g, owner, era = state.gmap, state.owner, state.era
    pts = cache.get("pts")
    if pts is None:
        pts = cache["pts"] = era_memo(g, era, "mobile_units", lambda: _mobile_units(g.rules, era))
    d_pts, a_pts = pts
    i, j = owner[ax.src], owner[ax.dst]
    kd, ka = ("d", ax.dst, d_pts), ("a", ax.src, a_pts[g.terrain[ax.dst]])
    if kd not in cache:
        cache[kd] = basin(g, owner, j, ax.dst, d_pts)
    if ka not in cache:
        cache[ka] = basin(g, owner, i, ax.src, ka[2])
    return (cache[kd] / cache[ka]) ** weight


def axis_odb(rules: Rules, era: Era, terrain: str, edge_mult: float, fort_level: int, perceived: bool = False,
             _eff: tuple | None = None) -> float:
    """ODB of one axis into a hex (structural: independent of the forces present)."""
    tech = era.perceived_tech() if perceived else era.defence_tech
    m_def = rules.terrain[terrain].defence * edge_mult * rules.fortification[fort_level] * tech
    rho50 = ratio_for_probability(rules, 0.5)
    (d_eff, d_str, d_cost), att = _eff if _eff is not None else _efficiencies(rules, era)
    a_eff, a_str, a_cost = att[terrain]
    if era.combat_law == "square":
        return (a_cost / d_cost) * math.sqrt(rho50 * m_def * d_str / a_str)
    return rho50 * m_def * d_eff / a_eff


def border_axes(state: GameState) -> dict[tuple[int, int], list[Axis]]:
    """All attack axes per ordered pair (attacker, defender) of living nations, direct and via buffers.

    Computed once per state (shared, read-only): every view and the resolution of a state ask for it.
    """
    return state.derived("border_axes", lambda: _scan_axes(state))


def _scan_axes(state: GameState) -> dict[tuple[int, int], list[Axis]]:
    g = state.gmap
    owner = state.owner_array()
    so, do = owner[g.link_src], owner[g.link_dst]
    direct = np.nonzero((so >= 0) & (do >= 0) & (so != do))[0]
    out: dict[tuple[int, int], list[Axis]] = {}
    kinds = g.links
    cols = zip(direct.tolist(), g.link_src[direct].tolist(), g.link_dst[direct].tolist(),
               g.link_mult[direct].tolist(), so[direct].tolist(), do[direct].tolist())
    for k, src, dst, mult, i, j in cols:
        out.setdefault((i, j), []).append(Axis(src, dst, mult, g.link_kind[k]))
    # Buffer axes: attacker hex -> neutral land hex -> defender hex.
    buffer_mult = state.gmap.rules.edges.buffer
    into_neutral = np.nonzero((so >= 0) & (do == NEUTRAL))[0]
    for k in into_neutral.tolist():
        s, n = int(g.link_src[k]), int(g.link_dst[k])
        i = int(so[k])
        for lk in kinds[n]:
            j = state.owner[lk.dst]
            if j >= 0 and j != i:
                out.setdefault((i, j), []).append(Axis(s, lk.dst, lk.mult * buffer_mult, "buffer", via=n))
    return out


def neighbour_dyads(axes: dict[tuple[int, int], list[Axis]], alive: set[int]) -> list[tuple[int, int]]:
    pairs = {dyad(i, j) for (i, j) in axes if i in alive and j in alive}
    return sorted(pairs)


def dyad_balances(state: GameState, axes: dict[tuple[int, int], list[Axis]] | None = None) -> dict[tuple[int, int], DyadBalance]:
    """True and perceived ODB for every ordered pair with at least one axis (computed once per state
    for the state's own axes; shared, read-only)."""
    shared = border_axes(state)
    if axes is None or axes is shared:
        return state.derived("dyad_balances", lambda: _balances(state, shared))
    return _balances(state, axes)


def _balances(state: GameState, axes: dict[tuple[int, int], list[Axis]]) -> dict[tuple[int, int], DyadBalance]:
    rules, era, g = state.gmap.rules, state.era, state.gmap
    out: dict[tuple[int, int], DyadBalance] = {}
    cache: dict[tuple[str, float, int], tuple[float, float]] = {}
    eff = era_memo(g, era, "efficiencies", lambda: _efficiencies(rules, era))
    terrain, fort = g.terrain, state.fort
    weight = rules.constants.balance.mobility_weight
    mob_cache: dict = {}

    def odb(ax: Axis) -> tuple[float, float]:
        key = (terrain[ax.dst], ax.mult, fort[ax.dst])
        v = cache.get(key)
        if v is None:
            v = cache[key] = (axis_odb(rules, era, key[0], ax.mult, key[2], False, eff),
                              axis_odb(rules, era, key[0], ax.mult, key[2], True, eff))
        if weight > 0:
            f = mobility_factor(state, ax, weight, mob_cache)
            v = (v[0] * f, v[1] * f)
        return v

    for (i, j), lst in axes.items():
        both = [odb(a) for a in lst]
        true_vals = [b[0] for b in both]
        perc_vals = [b[1] for b in both]
        best = min(range(len(lst)), key=lambda k: (true_vals[k], lst[k].dst, lst[k].src))
        out[(i, j)] = DyadBalance(i, j, true_vals[best], float(median(true_vals)), min(perc_vals),
                                  float(median(perc_vals)), lst[best], len(lst))
    return out


def strategic_depth(state: GameState, i: int, axes_into_i: list[Axis]) -> int:
    """Hex distance from i's capital to the nearest hex of i an enemy axis reaches (0 = capital on the border).

    Computed once per state, nation and list of axes (the views and the resolution of a state ask
    for the same depths along the state's own, read-only border axes)."""
    cache = state.derived("strategic_depth", dict)
    key = (i, id(axes_into_i))
    hit = cache.get(key)
    if hit is not None and hit[0] is axes_into_i and hit[1] == len(axes_into_i):
        return hit[2]
    cap = state.nations[i].capital
    if state.owner[cap] != i or not axes_into_i:
        depth = 0
    else:
        depth = int(state.gmap.distances(cap, [a.dst for a in axes_into_i]).min())
    cache[key] = (axes_into_i, len(axes_into_i), depth)
    return depth


def era_memo(gmap: GameMap, era: Era, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per era for values that depend only on the map's rules and the era (the
    best units per cost), kept beside the map for the last era it was asked with (one slot: a batch
    builds a new era value per game, and the map outlives them). Read-only for callers."""
    memo = gmap.__dict__.get("_era_memo")
    if memo is None or memo[0] is not era:
        memo = (era, {})
        object.__setattr__(gmap, "_era_memo", memo)
    values = memo[1]
    if name not in values:
        values[name] = compute()
    return values[name]
