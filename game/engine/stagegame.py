"""The Prisoner's-Dilemma-style stage game of every dyad, derived from the current map.

Payoffs are in treasury units, from one side's point of view (first letter = my move):

    CC = trade gain + arms saving
    DC = P(win | I strike a cooperating neighbour by surprise) * prize * cumulativity - exploit_war_share * war cost
    CD = -P(lose | they strike me by surprise) * (hex value + exposed capital value) * (1 - warning relief)
         - exploit_war_share * war cost
    DD = -arms-race cost - P(war | both armed) * war cost,   P(war) = 1 / (1 + ODB^k)

with prize/loss = horizon * hex value + capital_weight * income * 1/(1 + depth), each P(...) * prize/loss
times :func:`campaign_length` (``stage.campaign_cap``; exactly 1 as shipped, a research knob). Each of Jervis's
levers moves one cell: depth softens CD, defence advantage lowers DC and CD's probability, war
cost worsens DD (and DC/CD), trade raises CC (docs/theory.md §1).

The game is computed from a :class:`ForceSnapshot`, so that the engine (true forces) and each
player's view (estimated forces) use the same formulas.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterator, Mapping, NamedTuple, Sequence

import numpy as np

from .balance import Axis, DyadBalance, directed_odb, dyad_world, strategic_depth
from .combat import assault_capable
from .rules import Rules
from .state import GameState, dyad

CLASSES = ("Harmony", "Stag Hunt", "Prisoner's Dilemma", "Chicken", "Deadlock")


@dataclass(frozen=True)
class HexForce:
    attack: float        # raw attack of assault-capable units (before terrain)
    sensitivity: float   # attack-weighted mean terrain sensitivity
    defence: float       # raw defence of all non-fort units
    count: int


class DenseForces(NamedTuple):
    """A snapshot as arrays indexed by hex id (zero where a hex holds no forces): what the strike
    odds of many axes are computed from at once."""

    attack: np.ndarray        # float64
    sensitivity: np.ndarray   # float64
    defence: np.ndarray       # float64
    count: np.ndarray         # int64


@dataclass(frozen=True)
class ForceSnapshot:
    """Per-hex forces, true or as one observer estimates them."""

    hexes: Mapping[int, HexForce]
    # The same forces as arrays per map size, built once per snapshot (see :meth:`dense`).
    _dense: dict[int, DenseForces] = field(default_factory=dict, init=False, repr=False, compare=False)

    def at(self, h: int) -> HexForce:
        return self.hexes.get(h, _EMPTY)

    def dense(self, size: int) -> DenseForces:
        """The forces as :class:`DenseForces` over ``size`` hexes (computed once; read-only)."""
        d = self._dense.get(size)
        if d is None:
            d = self._dense[size] = _densify(self.hexes, size)
        return d


_EMPTY = HexForce(0.0, 0.0, 0.0, 0)


def _densify(hexes: Mapping[int, HexForce], size: int) -> DenseForces:
    keys = np.fromiter(hexes.keys(), dtype=np.int64, count=len(hexes))
    vals = list(hexes.values())
    out = DenseForces(np.zeros(size), np.zeros(size), np.zeros(size), np.zeros(size, dtype=np.int64))
    out.attack[keys] = [f.attack for f in vals]
    out.sensitivity[keys] = [f.sensitivity for f in vals]
    out.defence[keys] = [f.defence for f in vals]
    out.count[keys] = [f.count for f in vals]
    for a in out:
        a.flags.writeable = False
    return out


class DenseHexes(Mapping[int, HexForce]):
    """The ``hexes`` mapping of a snapshot held as :class:`DenseForces`: a :class:`HexForce` is built
    only for the hexes asked for (a player view's snapshot is read along a few hundred axes)."""

    def __init__(self, keys: Sequence[int], dense: DenseForces) -> None:
        self._keys = frozenset(keys)
        self._order = tuple(keys)
        self._d = dense

    def __getitem__(self, h: int) -> HexForce:
        if h not in self._keys:
            raise KeyError(h)
        d = self._d
        return HexForce(float(d.attack[h]), float(d.sensitivity[h]), float(d.defence[h]), int(d.count[h]))

    def __iter__(self) -> Iterator[int]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


def dense_snapshot(keys: Sequence[int], dense: DenseForces) -> ForceSnapshot:
    """A snapshot of the hexes ``keys`` whose forces are ``dense`` (the arrays are kept, not copied)."""
    snap = ForceSnapshot(DenseHexes(keys, dense))
    snap._dense[len(dense.attack)] = dense
    return snap


def true_forces(state: GameState) -> ForceSnapshot:
    """Every stack's real strength (computed once per state; shared, read-only)."""
    return state.derived("true_forces", lambda: _count_forces(state))


def _count_forces(state: GameState) -> ForceSnapshot:
    units = state.era.units
    # per unit type: None (forts: not counted) or (defence, attack if it joins assaults else None, sensitivity)
    kinds = {k: None if u.fort else (u.defence, u.attack if assault_capable(u) else None, u.terrain_sensitivity)
             for k, u in units.items()}
    out: dict[int, HexForce] = {}
    new, put, cls = object.__new__, object.__setattr__, HexForce
    for h, stack in state.units.items():
        att = sens = dfn = 0.0
        cnt = 0
        for key, n in stack.items():
            u = kinds.get(key)
            if u is None or n <= 0:
                continue
            dfn += n * u[0]
            cnt += n
            if u[1] is not None:
                att += n * u[1]
                sens += n * u[1] * u[2]
        f = out[h] = new(cls)       # HexForce(...) with one __dict__ (same fields, values, equality)
        put(f, "__dict__", {"attack": att, "sensitivity": sens / att if att else 0.0, "defence": dfn, "count": cnt})
    return ForceSnapshot(out)


def war_probability(odb: float, exponent: float) -> float:
    """P(war | both armed) = 1 / (1 + ODB^k); an ODB so large that the power overflows gives 0."""
    try:
        return 1.0 / (1.0 + max(odb, 0.0) ** exponent)
    except OverflowError:
        return 0.0


def campaign_length(p: float, cap: float) -> float:
    """Expected strikes of an exploitation whose strikes each succeed with probability ``p``: its odds
    ``p / (1 - p)`` (the expected run of successes), at least one strike and at most ``cap``. With
    ``cap`` 1 (the shipped constant) exactly 1.0."""
    if cap <= 1.0:
        return 1.0
    return cap if p >= 1.0 else min(max(1.0, p / (1.0 - p)), cap)


def classify(cc: float, cd: float, dc: float, dd: float) -> str:
    if cc >= dc and cd >= dd:
        return "Harmony"
    if cc >= dc:
        return "Stag Hunt"
    if dd > cd:
        return "Prisoner's Dilemma" if cc > dd else "Deadlock"
    return "Chicken"


def coop_threshold(cc: float, cd: float, dc: float, dd: float) -> float | None:
    den = (cc - dc) + (dd - cd)
    return None if den <= 0 else (dd - cd) / den


@dataclass(frozen=True)
class StageGame:
    me: int
    other: int
    cc: float
    cd: float
    dc: float
    dd: float
    p_win: float          # my surprise strike on my best axis
    p_lose: float         # their surprise strike on their best axis
    p_war: float          # war in mutual defection
    depth: int            # my strategic depth facing them
    odb_mine: float       # balance of my attacking them (perceived or true, as computed)
    odb_theirs: float     # balance of their attacking me
    world: int

    @property
    def kind(self) -> str:
        return classify(self.cc, self.cd, self.dc, self.dd)

    @property
    def threshold(self) -> float | None:
        return coop_threshold(self.cc, self.cd, self.dc, self.dd)


class _StrikeAxes(NamedTuple):
    """The force-independent half of :func:`best_strikes` for one list of axes (per state)."""

    src: np.ndarray          # attacker's hex per axis
    dst: np.ndarray          # defender's hex per axis
    direct: np.ndarray       # no buffer crossed: a surprise strike keeps its bonus
    m_def: np.ndarray        # defence_multiplier of the axis (terrain x edge x fortification x technology)
    offence: np.ndarray      # the target's terrain offence factor (float64)


def _axis_table(state: GameState, axes: Mapping[tuple[int, int], list[Axis]], perceived: bool
                ) -> dict[tuple[int, int], tuple[list[Axis], int, _StrikeAxes]]:
    """Per pair: its list of axes, that list's length and its :class:`_StrikeAxes`, for every pair of
    ``axes`` at once (one pass over all axes). Cached in the state's derived values for the state's
    own (read-only) axes mapping, recognised by identity."""
    cache = state.derived("strike_axes", dict)
    key = (id(axes), perceived)
    hit = cache.get(key)
    if hit is not None and hit[0] is axes:
        return hit[1]
    table = _build_axis_table(state, axes, perceived)
    cache[key] = (axes, table)
    return table


def _build_axis_table(state: GameState, axes: Mapping[tuple[int, int], list[Axis]], perceived: bool
                      ) -> dict[tuple[int, int], tuple[list[Axis], int, _StrikeAxes]]:
    rules, era, g = state.gmap.rules, state.era, state.gmap
    pairs = list(axes)
    lists = [axes[p] for p in pairs]
    flat = [a for lst in lists for a in lst]
    n = len(flat)
    src = np.fromiter([a.src for a in flat], dtype=np.int64, count=n)
    dst_list = [a.dst for a in flat]
    dst = np.fromiter(dst_list, dtype=np.int64, count=n)
    mult = np.fromiter([a.mult for a in flat], dtype=np.float64, count=n)
    direct = np.fromiter([a.via is None for a in flat], dtype=bool, count=n)
    tech = era.perceived_tech() if perceived else era.defence_tech
    fort = np.asarray(state.fort, dtype=np.int64)[dst]
    # defence_multiplier's product, in its order, on float64: ((defence x edge) x fortification) x tech
    m_def = g.terrain_def[dst] * mult * np.asarray(rules.fortification, dtype=np.float64)[fort] * tech
    offence_of = {k: t.offence for k, t in rules.terrain.items()}
    terrain = g.terrain
    offence = np.fromiter([offence_of[terrain[d]] for d in dst_list], dtype=np.float64, count=n)
    table = {}
    at = 0
    for p, lst in zip(pairs, lists):
        b = at + len(lst)
        table[p] = (lst, len(lst), _StrikeAxes(src[at:b], dst[at:b], direct[at:b], m_def[at:b], offence[at:b]))
        at = b
    return table


def success_probabilities_exact(rules: Rules, rho: np.ndarray) -> np.ndarray:
    """:func:`~game.engine.combat.success_probability` of each ratio, bit for bit: the same
    bisection and the same arithmetic, in the same order, on float64 (``np.interp`` rounds differently)."""
    curve = rules.constants.combat.success_curve
    xs = np.array([c[0] for c in curve], dtype=np.float64)
    ys = np.array([c[1] for c in curve], dtype=np.float64)
    k = np.clip(np.searchsorted(xs, rho, side="left"), 1, len(xs) - 1)
    x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
    with np.errstate(divide="ignore", invalid="ignore"):
        mid = np.where(x1 == x0, y0, y0 + (y1 - y0) * (rho - x0) / (x1 - x0))
    # success_probability's order of tests: low end, high end, then the curve (NaN falls to the low end)
    return np.where(rho <= xs[0], ys[0], np.where(rho >= xs[-1], ys[-1], np.where(np.isnan(rho), ys[0], mid)))


_NO_AXES: list[Axis] = []      # never changed: the axes of a pair without any


def _best_strike(state: GameState, forces: ForceSnapshot, axes: list[Axis], surprise: bool,
                 perceived: bool) -> tuple[float, Axis | None]:
    """Highest success probability of a one-turn strike along the given axes, on arrays (see :func:`best_strikes`)."""
    table = _build_axis_table(state, {(0, 0): axes}, perceived)
    return _strikes(state, forces, [axes], [table[(0, 0)][2]], surprise)[0]


# Below this many axes in all, strikes are computed axis by axis in Python floats: numpy's per-call
# overhead would cost more than it saves (small maps, batch runs). Both ways give the same results
# bit for bit (tests/test_views_exact.py), so the choice is only about speed.
STRIKE_ARRAY_MIN = 128


def best_strikes(state: GameState, forces: ForceSnapshot, axes: Mapping[tuple[int, int], list[Axis]],
                 pairs: Sequence[tuple[int, int]], surprise: bool, perceived: bool,
                 array_min: int = STRIKE_ARRAY_MIN) -> dict[tuple[int, int], tuple[float, Axis | None]]:
    """Per ordered pair (attacker, defender): the highest success probability of a one-turn strike
    along its axes and the axis that gives it (0.0 and None when no axis has assault forces): the
    probability of :func:`~game.engine.combat.attack_odds` on each axis's source and target hexes,
    each hex summarised as one group of its total attack at its mean sensitivity; a buffer crossing
    gives warning (no surprise). Ties go to the lowest target hex, then to the first axis.

    Every axis of every pair at once, on arrays, with each operation of ``attack_odds`` in its order
    on float64 (so bit for bit the scalar rule, tests/test_views_exact.py); the powers
    ``offence ** sensitivity`` stay Python floats (numpy's ``power`` may round differently from the
    C library), one per distinct pair of values. With fewer than ``array_min`` axes in all, axis by
    axis instead (:func:`_strike_per_axis`)."""
    if sum(len(axes.get(p, _NO_AXES)) for p in pairs) < array_min:
        return {p: _strike_per_axis(state, forces, axes.get(p, _NO_AXES), surprise, perceived) for p in pairs}
    table = _axis_table(state, axes, perceived)
    lists, parts = [], []
    for p in pairs:
        lst = axes.get(p, _NO_AXES)
        row = table.get(p)
        if row is None or row[0] is not lst or row[1] != len(lst):    # not the axes the table was built on
            row = _build_axis_table(state, {p: lst}, perceived)[p]
        lists.append(lst)
        parts.append(row[2])
    return dict(zip(pairs, _strikes(state, forces, lists, parts, surprise)))


def _strike_per_axis(state: GameState, forces: ForceSnapshot, axes: list[Axis], surprise: bool,
                     perceived: bool) -> tuple[float, Axis | None]:
    """:func:`best_strikes` of one list of axes, axis by axis in Python floats (few axes): the
    arithmetic of ``combat.attack_ratio`` and ``combat.success_probability`` in their order, with the
    per-axis constants (defence multiplier, terrain offence) taken from :func:`_axis_rows`."""
    if not axes:
        return 0.0, None
    rules, era = state.gmap.rules, state.era
    militia = rules.constants.combat.militia
    fsb = era.first_strike_bonus
    square = era.combat_law == "square"
    xs, ys, curve = _curve_lists(state)
    first_x, last_x, first_y, last_y = xs[0], xs[-1], ys[0], ys[-1]
    hexes = forces.hexes
    best_p, best_ax = 0.0, None
    attack: dict[int, HexForce | None] = {}
    defence: dict[int, tuple[float, int]] = {}
    for ax, src_h, dst_h, direct, m_def, offence in _axis_rows(state, axes, perceived):
        if src_h in attack:
            src = attack[src_h]
        else:
            src = hexes.get(src_h, _EMPTY)
            src = attack[src_h] = src if src.attack > 0 else None
        if src is None:
            continue
        d = defence.get(dst_h)
        if d is None:
            dst = hexes.get(dst_h, _EMPTY)
            d = defence[dst_h] = (dst.defence + militia, dst.count)
        # Attackers.power_on of one group (1, attack, sensitivity): 0.0 + 1 * (attack * offence ** s)
        pa = src.attack * offence ** src.sensitivity
        if surprise and direct:
            pa *= fsb
        pd = d[0] * m_def
        if pd <= 0:
            rho = math.inf
        elif square:
            rho = (pa * max(src.count, 1)) / (pd * max(d[1], 1))
        else:
            rho = pa / pd
        # success_probability: the ends, then combat.interpolate's bisection and formula
        if rho <= first_x:
            p = first_y
        elif rho >= last_x:
            p = last_y
        else:
            k = bisect_left(xs, rho)
            if k == 0:
                p = first_y
            else:
                (x0, y0), (x1, y1) = curve[k - 1], curve[k]
                p = y0 if x1 == x0 else y0 + (y1 - y0) * (rho - x0) / (x1 - x0)
        if p > best_p or (p == best_p and best_ax is not None and dst_h < best_ax.dst):
            best_p, best_ax = p, ax
    return best_p, best_ax


def _curve_lists(state: GameState) -> tuple[list[float], list[float], tuple]:
    """The success curve's x and y anchors as lists, and the curve (once per state)."""
    def compute() -> tuple[list[float], list[float], tuple]:
        curve = state.gmap.rules.constants.combat.success_curve
        return [c[0] for c in curve], [c[1] for c in curve], curve
    return state.derived("success_curve", compute)


def _axis_rows(state: GameState, axes: list[Axis], perceived: bool
               ) -> list[tuple[Axis, int, int, bool, float, float]]:
    """Per axis: (axis, source hex, target hex, direct (no buffer crossed), the target's
    ``combat.defence_multiplier`` behind the axis's edge, the target terrain's offence factor),
    computed once per state and list of axes (the lists are the state's read-only border axes)."""
    cache = state.derived("strike_rows", dict)
    key = (id(axes), perceived)
    hit = cache.get(key)
    if hit is not None and hit[0] is axes and hit[1] == len(axes):
        return hit[2]
    rules, era, g = state.gmap.rules, state.era, state.gmap
    terrain, fort, kinds, fortification = g.terrain, state.fort, rules.terrain, rules.fortification
    tech = era.perceived_tech() if perceived else era.defence_tech
    # combat.defence_multiplier's product in its order: terrain defence x edge x fortification x technology
    rows = [(ax, ax.src, ax.dst, ax.via is None,
             kinds[terrain[ax.dst]].defence * ax.mult * fortification[fort[ax.dst]] * tech,
             kinds[terrain[ax.dst]].offence) for ax in axes]
    cache[key] = (axes, len(axes), rows)
    return rows


def _strikes(state: GameState, forces: ForceSnapshot, lists: Sequence[list[Axis]], parts: Sequence[_StrikeAxes],
             surprise: bool) -> list[tuple[float, Axis | None]]:
    out: list[tuple[float, Axis | None]] = [(0.0, None)] * len(lists)
    if not any(len(sa.src) for sa in parts):
        return out
    rules, era, g = state.gmap.rules, state.era, state.gmap
    seg_all = np.repeat(np.arange(len(lists)), [len(lst) for lst in lists])
    src_all = np.concatenate([sa.src for sa in parts])
    f = forces.dense(g.size)
    att = f.attack[src_all]
    live = np.nonzero(att > 0)[0]                       # hexes without assault forces do not attack
    if len(live) == 0:
        return out
    src, att, seg = src_all[live], att[live], seg_all[live]
    dst = np.concatenate([sa.dst for sa in parts])[live]
    off = np.concatenate([sa.offence for sa in parts])[live]
    m_def = np.concatenate([sa.m_def for sa in parts])[live]
    uo, oinv = np.unique(off, return_inverse=True)
    us, sinv = np.unique(f.sensitivity[src], return_inverse=True)
    keys, back = np.unique(oinv.reshape(-1) * len(us) + sinv.reshape(-1), return_inverse=True)
    offs, su = uo.tolist(), us.tolist()
    powers = np.array([offs[k // len(su)] ** su[k % len(su)] for k in keys.tolist()], dtype=np.float64)
    pa = att * powers[back.reshape(-1)]                 # Attackers.power_on: 1 * (attack * offence ** s)
    if surprise:
        direct = np.concatenate([sa.direct for sa in parts])[live]
        pa = np.where(direct, pa * era.first_strike_bonus, pa)
    pd = (f.defence[dst] + rules.constants.combat.militia) * m_def
    with np.errstate(divide="ignore", invalid="ignore"):
        if era.combat_law == "square":
            ratio = (pa * np.maximum(f.count[src], 1)) / (pd * np.maximum(f.count[dst], 1))
        else:
            ratio = pa / pd
    p = success_probabilities_exact(rules, np.where(pd <= 0, np.inf, ratio))
    # per list: the highest p, then the lowest target hex, then the first axis
    order = np.lexsort((live, dst, -p, seg))
    first = order[np.nonzero(np.r_[True, seg[order[1:]] != seg[order[:-1]]])[0]]
    starts = np.cumsum([0] + [len(lst) for lst in lists]).tolist()
    for k, s, best in zip(live[first].tolist(), seg[first].tolist(), p[first].tolist()):
        if best > 0.0:
            out[s] = (best, lists[s][k - starts[s]])
    return out


def stage_game(state: GameState, i: int, j: int, forces: ForceSnapshot,
               axes: Mapping[tuple[int, int], list[Axis]], balances: Mapping[tuple[int, int], DyadBalance],
               incomes: Mapping[int, float], perceived: bool = True, d: float | None = None,
               strikes: dict | None = None) -> StageGame:
    """The stage game of dyad (i, j) from i's side.

    ``strikes`` is an optional cache of best strikes per ordered pair, shared between the calls
    for one state and snapshot (each pair's strike is i's p_win and j's p_lose)."""
    rules, era, g = state.gmap.rules, state.era, state.gmap
    eco, stg = rules.constants.economy, rules.constants.stage
    d = (era.perceived_d() if perceived else era.distinguishability) if d is None else d
    ax_ij, ax_ji = axes.get((i, j), []), axes.get((j, i), [])

    odb_ij, odb_ji = directed_odb(balances, i, j, perceived), directed_odb(balances, j, i, perceived)
    inc_i, inc_j = incomes.get(i, 0.0), incomes.get(j, 0.0)
    ni = state.nations[i]
    war_i = era.war_cost * inc_i * ni.war_cost_factor
    depth_i = strategic_depth(state, i, ax_ji)
    depth_j = strategic_depth(state, j, ax_ij)
    strikes = {} if strikes is None else strikes
    if (i, j) not in strikes or (j, i) not in strikes:
        strikes.update(best_strikes(state, forces, axes, [(i, j), (j, i)], True, perceived))
    p_win, ax_w = strikes[(i, j)]
    p_lose, ax_l = strikes[(j, i)]
    prize = (eco.horizon * g.value[ax_w.dst] if ax_w else 0.0) + eco.capital_weight * inc_j / (1 + depth_j)
    loss = (eco.horizon * g.value[ax_l.dst] if ax_l else 0.0) + eco.capital_weight * inc_i / (1 + depth_i)
    trade_mult = eco.trade_treaty_multiplier if any(t.kind == "trade" and t.parties == dyad(i, j) for t in state.treaties) else 1.0
    arms = eco.arms_race_cost * inc_i
    p_war = war_probability(min(odb_ij, odb_ji), stg.war_exponent)
    relief = stg.warning_relief * d * era.warning
    share = stg.exploit_war_share
    cc = eco.trade_rate * min(inc_i, inc_j) * trade_mult * state.params.trade_factor + arms
    cap = stg.campaign_cap
    dc = p_win * campaign_length(p_win, cap) * prize * state.params.cumulativity - share * war_i * (1.0 - era.damage_limitation)
    cd = -p_lose * campaign_length(p_lose, cap) * loss * (1.0 - relief) - share * war_i
    dd = -arms - p_war * war_i
    world = dyad_world(balances, i, j, d, perceived)
    return StageGame(i, j, cc, cd, dc, dd, p_win, p_lose, p_war, depth_i, odb_ij, odb_ji, world)


def stage_games(state: GameState, forces: ForceSnapshot, axes: Mapping[tuple[int, int], list[Axis]],
                balances: Mapping[tuple[int, int], DyadBalance], incomes: Mapping[int, float],
                pairs: list[tuple[int, int]], perceived: bool) -> dict[tuple[int, int], StageGame]:
    """Both sides' stage games for every neighbour pair (true or perceived balance)."""
    strikes = best_strikes(state, forces, axes, [q for a, b in pairs for q in ((a, b), (b, a))], True, perceived)
    out = {}
    for a, b in pairs:
        out[(a, b)] = stage_game(state, a, b, forces, axes, balances, incomes, perceived, strikes=strikes)
        out[(b, a)] = stage_game(state, b, a, forces, axes, balances, incomes, perceived, strikes=strikes)
    return out
