"""The Prisoner's-Dilemma-style stage game of every dyad, derived from the current map.

Payoffs are in treasury units, from one side's point of view (first letter = my move):

    CC = trade gain + arms saving
    DC = P(win | I strike a cooperating neighbour by surprise) * prize * cumulativity - exploit_war_share * war cost
    CD = -P(lose | they strike me by surprise) * (hex value + exposed capital value) * (1 - warning relief)
         - exploit_war_share * war cost
    DD = -arms-race cost - P(war | both armed) * war cost,   P(war) = 1 / (1 + ODB^k)

with prize/loss = horizon * hex value + capital_weight * income * 1/(1 + depth). Each of Jervis's
levers moves one cell: depth softens CD, defence advantage lowers DC and CD's probability, war
cost worsens DD (and DC/CD), trade raises CC (docs/theory.md §1).

The game is computed from a :class:`ForceSnapshot`, so that the engine (true forces) and each
player's view (estimated forces) use the same formulas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .balance import Axis, DyadBalance, directed_odb, dyad_world, strategic_depth
from .combat import Attackers, Defenders, assault_capable, attack_ratio, success_probability
from .state import GameState, dyad

CLASSES = ("Harmony", "Stag Hunt", "Prisoner's Dilemma", "Chicken", "Deadlock")


@dataclass(frozen=True)
class HexForce:
    attack: float        # raw attack of assault-capable units (before terrain)
    sensitivity: float   # attack-weighted mean terrain sensitivity
    defence: float       # raw defence of all non-fort units
    count: int


@dataclass(frozen=True)
class ForceSnapshot:
    """Per-hex forces, true or as one observer estimates them."""

    hexes: Mapping[int, HexForce]

    def at(self, h: int) -> HexForce:
        return self.hexes.get(h, _EMPTY)


_EMPTY = HexForce(0.0, 0.0, 0.0, 0)


def true_forces(state: GameState) -> ForceSnapshot:
    """Every stack's real strength (computed once per state; shared, read-only)."""
    return state.derived("true_forces", lambda: _count_forces(state))


def _count_forces(state: GameState) -> ForceSnapshot:
    units = state.era.units
    out: dict[int, HexForce] = {}
    for h, stack in state.units.items():
        att = sens = dfn = 0.0
        cnt = 0
        for key, n in stack.items():
            u = units.get(key)
            if u is None or n <= 0 or u.fort:
                continue
            dfn += n * u.defence
            cnt += n
            if assault_capable(u):
                att += n * u.attack
                sens += n * u.attack * u.terrain_sensitivity
        out[h] = HexForce(att, sens / att if att else 0.0, dfn, cnt)
    return ForceSnapshot(out)


def war_probability(odb: float, exponent: float) -> float:
    """P(war | both armed) = 1 / (1 + ODB^k); an ODB so large that the power overflows gives 0."""
    try:
        return 1.0 / (1.0 + max(odb, 0.0) ** exponent)
    except OverflowError:
        return 0.0


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


_NONE = Attackers((), 0)


def _best_strike(state: GameState, forces: ForceSnapshot, axes: list[Axis], surprise: bool,
                 perceived: bool) -> tuple[float, Axis | None]:
    """Highest success probability of a one-turn strike along the given axes (the probability of
    :func:`attack_odds` on each axis's source and target hexes; a buffer crossing gives warning: no
    surprise)."""
    rules, era, g = state.gmap.rules, state.era, state.gmap
    militia = rules.constants.combat.militia
    best_p, best_ax = 0.0, None
    attack: dict[int, Attackers] = {}
    defence: dict[int, Defenders] = {}
    for ax in axes:
        a = attack.get(ax.src)
        if a is None:
            src = forces.at(ax.src)
            a = attack[ax.src] = Attackers(((1, src.attack, src.sensitivity),), src.count) if src.attack > 0 else _NONE
        if a is _NONE:
            continue
        d = defence.get(ax.dst)
        if d is None:
            dst = forces.at(ax.dst)
            d = defence[ax.dst] = Defenders(dst.defence + militia, dst.count)
        # the probability alone (attack_odds without its loss fractions): this runs for every axis
        p = success_probability(rules, attack_ratio(rules, era, a, d, g.terrain[ax.dst], ax.mult, state.fort[ax.dst],
                                                    surprise and ax.via is None, perceived)[2])
        if p > best_p or (p == best_p and best_ax is not None and ax.dst < best_ax.dst):
            best_p, best_ax = p, ax
    return best_p, best_ax


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
    ni, nj = state.nations[i], state.nations[j]
    war_i = era.war_cost * inc_i * ni.war_cost_factor
    depth_i = strategic_depth(state, i, ax_ji)
    depth_j = strategic_depth(state, j, ax_ij)
    strikes = {} if strikes is None else strikes
    if (i, j) not in strikes:
        strikes[(i, j)] = _best_strike(state, forces, ax_ij, True, perceived)
    if (j, i) not in strikes:
        strikes[(j, i)] = _best_strike(state, forces, ax_ji, True, perceived)
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
    dc = p_win * prize * state.params.cumulativity - share * war_i * (1.0 - era.damage_limitation)
    cd = -p_lose * loss * (1.0 - relief) - share * war_i
    dd = -arms - p_war * war_i
    world = dyad_world(balances, i, j, d, perceived)
    return StageGame(i, j, cc, cd, dc, dd, p_win, p_lose, p_war, depth_i, odb_ij, odb_ji, world)


def stage_games(state: GameState, forces: ForceSnapshot, axes: Mapping[tuple[int, int], list[Axis]],
                balances: Mapping[tuple[int, int], DyadBalance], incomes: Mapping[int, float],
                pairs: list[tuple[int, int]], perceived: bool) -> dict[tuple[int, int], StageGame]:
    """Both sides' stage games for every neighbour pair (true or perceived balance)."""
    strikes: dict = {}
    out = {}
    for a, b in pairs:
        out[(a, b)] = stage_game(state, a, b, forces, axes, balances, incomes, perceived, strikes=strikes)
        out[(b, a)] = stage_game(state, b, a, forces, axes, balances, incomes, perceived, strikes=strikes)
    return out
