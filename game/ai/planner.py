"""Budget split, builds and placement (docs/rules.md §1 and §7; docs/theory.md prop. 6, §3, §4).

0. **A greedy type's spearhead first**: facing the neighbour it covets (where it sees a conquest
   worth making), ``offence_taste x OFFENCE_FIRST`` of its arms money goes to offence before
   security (at least one unit) -- the posture that distinguishability lets others read.
1. **Security, at least cost.** For every border hex where a neighbour's prudent strike
   would beat ``rho50 / r`` (see :mod:`threat`), most exposed hex first, buy the cheapest
   defence power: a unit type (defence x the hex's multiplier per unit of cost) or a level of
   fortification (which multiplies everything already there). Where the balance favours defence
   this is cheap; where offence dominates it may be unaffordable (World 1: security is not
   feasible for both).
2. **Reassurance.** When postures can be told apart (d >= 0.5) and it cooperates with the
   neighbour, it prefers the types that look least offensive even at some extra cost, so that the
   neighbour can read its intent (Jervis's World 4; Kydd's costly reassurance).
3. **Offence** only with a reason: greedy types put a share of spare money into offence facing
   the most tempting target (opportunity); a security seeker that defects out of fear where
   offence dominates arms to strike first (World 1: the best defence is a good offence).
4. **Economy** gets a share of the rest; the remainder is kept in the treasury.
Upkeep of everything it owns and orders must stay within a share of income.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Mapping


from game.engine.combat import assault_capable, defence_power, force_ratio
from game.engine.orders import Budget, Build, Motive
from game.engine.rules import UnitType
from game.engine.views import PlayerView

from .frontier import Front
from .motives import motive, num
from .stance import StanceChoice
from .threat import HexThreat, Threat, merged, pending_at
from .types import TypeProfile

UPKEEP_CAP = 0.6        # total upkeep may not exceed this share of income
ARMS_CAP = 0.85         # share of the money available this turn that may go to arms
REASSURE_WEIGHT = 1.5   # extra cost factor per point of offensive signature when reassuring
FEAR_OFFENCE_SHARE = 0.3  # share of a fearful defector's arms money that goes to offence
OFFENCE_FIRST = 0.5     # x offence_taste: share of a greedy type's arms money claimed for offence before security
MAX_PER_HEX = 12        # units of one order on one hex (keeps plans readable)


@dataclass
class Wallet:
    money: float            # estimated money at build time
    upkeep_room: float      # upkeep that may still be added
    spent: dict[str, float] = field(default_factory=lambda: {"offence": 0.0, "defence": 0.0})

    @property
    def left(self) -> float:
        return self.money * ARMS_CAP - self.spent["offence"] - self.spent["defence"]

    def can(self, u: UnitType) -> bool:
        return u.cost <= self.left + 1e-9 and u.upkeep <= self.upkeep_room + 1e-9

    def pay(self, u: UnitType) -> None:
        self.spent["offence" if u.offensive else "defence"] += u.cost
        self.upkeep_room -= u.upkeep


@dataclass(frozen=True)
class Plan:
    budget: Budget
    builds: tuple[Build, ...]
    motives: tuple[Motive, ...]


def upkeep_now(view: PlayerView) -> float:
    units = view.era.units
    total = sum(units[k].upkeep * n for st in view.my_units.values() for k, n in st.items() if k in units)
    total += sum(units[q.unit].upkeep * q.count for q in view.my_queue if q.unit in units)
    forts = [u for u in units.values() if u.fort]
    if forts:
        mine = int(view.fort_array()[view.owner_array() == view.me].sum())
        total += forts[0].upkeep * mine
    return total


def banned_hexes(view: PlayerView) -> set[int]:
    """My hexes under an offensive-weapons ban or a buffer treaty: no offensive builds there."""
    out: set[int] = set()
    for t in view.treaties:
        if view.me in t.parties and t.kind in ("offensive_ban", "buffer"):
            out.update(h for h in t.hexes if view.owner[h] == view.me)
    return out


def plan(view: PlayerView, fronts: Mapping[int, Front], threats: Mapping[int, Threat],
         stances: Mapping[int, StanceChoice], profile: TypeProfile, lookahead: int,
         offence_targets: Mapping[int, int]) -> Plan:
    """Budget and builds. ``offence_targets`` maps a my-side hex to the neighbour it should be armed against.
    Each threat carries the security requirement toward its neighbour (``policy.arming_threats``)."""
    nation = view.my_nation
    r = float(nation.security_requirement)
    upkeep = upkeep_now(view)
    money = max(0.0, nation.treasury + view.my_income - upkeep)
    wallet = Wallet(money, max(0.0, UPKEEP_CAP * view.my_income - upkeep))
    q_units, q_forts = pending_at(view, lookahead)
    motives: list[Motive] = []
    builds: list[Build] = []
    d = view.distinguishability
    ban = banned_hexes(view)
    # 0. a greedy type claims its offence first: a share of the arms money, facing its target
    off_first = None
    if offence_targets and profile.offence_taste > 0 and wallet.left > 0:
        off_first = _offence(view, offence_targets, stances, wallet, profile.offence_taste * OFFENCE_FIRST * wallet.left,
                             ban, builds, motives, round_up=True, why="greed")
    # 1-2. security at least cost, most exposed hex first (across all neighbours)
    exposed = [h for t in threats.values() for h in t.hexes if not h.secure(t.r, t.rho50)]
    deficit_hexes = len({h.hex for h in exposed})
    bought = _secure(view, exposed, threats, wallet, q_units, q_forts, stances, ban)
    for (h, j, key), (n, before, after, reassure) in sorted(bought.items()):
        u = view.era.units[key]
        builds.append(Build(key, h, n))
        why = "reassurance" if reassure and u.offensive_signature < 0.5 else "security"
        rho50, r_j = threats[j].rho50, threats[j].r
        text = (f"{n} {u.name} at {view.gmap.label(h)}: {view.name(j)}'s possible strike there "
                f"runs at ratio {num(before)} against the {num(rho50 / r_j)} it can accept")
        if r_j > r:
            why = "deterrence"
            text += f" (it believes {view.name(j)} greedy, so it deters: requirement {num(r_j)} instead of {num(r)})"
        text += "; it buys what looks defensive so that its restraint can be seen." if why == "reassurance" else "."
        motives.append(motive("build", h, why, text, {
            "ratio_before": before, "ratio_after": after, "r": r_j, "rho50": rho50,
            "count": n, "cost": n * u.cost, "offensive_signature": u.offensive_signature, "d": d}))
    # 3. offence with a reason
    off_motive = None
    if offence_targets and wallet.left > 0:
        share = profile.offence_taste if profile.offence_taste > 0 else FEAR_OFFENCE_SHARE
        off_budget = max(0.0, wallet.left) * share
        off_motive = _offence(view, offence_targets, stances, wallet, off_budget, ban, builds, motives)
    off_motive = off_motive or off_first
    builds = _merged(builds)
    # 4. economy
    arms = wallet.spent["offence"] + wallet.spent["defence"]
    econ = profile.econ_share * max(0.0, money - arms)
    base = max(money, 1e-9)
    budget = Budget(economy=econ / base, offence=wallet.spent["offence"] / base * 1.000001,
                    defence=wallet.spent["defence"] / base * 1.000001).normalised()
    worst = max((t.ratio for t in threats.values()), default=0.0)
    why = "security" if deficit_hexes else "reassurance" if d >= 0.5 else "security"
    if off_motive:
        why = off_motive
    text = (f"Of about {num(money)} available it spends {num(wallet.spent['defence'])} on defence, "
            f"{num(wallet.spent['offence'])} on offence and {num(econ)} on the economy; "
            f"{deficit_hexes} border hex(es) fell short of its security requirement r = {num(r)}.")
    if not deficit_hexes and not off_motive:
        text += " It is secure, so it restrains its arms" + (" where they can be seen." if d >= 0.5 else ".")
    motives.insert(0, motive("budget", None, why, text, {
        "available": money, "defence": wallet.spent["defence"], "offence": wallet.spent["offence"],
        "economy": econ, "upkeep": upkeep, "income": view.my_income, "r": r, "worst_ratio": worst,
        "short_hexes": deficit_hexes, "d": d}))
    return Plan(budget, tuple(builds), tuple(motives))


def _merged(builds: list[Build]) -> list[Build]:
    """One order per (unit, hex), in first-seen order (offence may be bought before and after security)."""
    total: dict[tuple[str, int], int] = {}
    for b in builds:
        total[(b.unit, b.hex)] = total.get((b.unit, b.hex), 0) + b.count
    return [Build(unit, h, n) for (unit, h), n in total.items()]


def _defence_options(view: PlayerView) -> list[UnitType]:
    return [u for u in view.era.units.values() if not u.fort and u.defence > 0]


def _fort_unit(view: PlayerView) -> UnitType | None:
    return next((u for u in view.era.units.values() if u.fort), None)


def _secure(view: PlayerView, exposed: list[HexThreat], threats: Mapping[int, Threat], wallet: Wallet,
            q_units, q_forts, stances: Mapping[int, StanceChoice],
            ban: set[int]) -> dict[tuple[int, int, str], tuple[int, float, float, bool]]:
    """Buy defence one item at a time, always on the hex that is most exposed right now (never an
    offensive type on a hex under an offensive-weapons ban).

    Returns (hex, neighbour, unit) -> (count, ratio before, ratio after, reassuring)."""
    rules, era, g = view.gmap.rules, view.era, view.gmap
    d = view.distinguishability
    options = _defence_options(view)
    fort_u = _fort_unit(view)
    # per hex: the worst threat on it (a hex may face several neighbours)
    worst: dict[int, HexThreat] = {}
    for ht in exposed:
        if ht.hex not in worst or ht.ratio_planned > worst[ht.hex].ratio_planned:
            worst[ht.hex] = ht
    # per hex: defence before multipliers (militia included) and unit count, and the multiplier per fort level
    base: dict[int, float] = {}
    units_n: dict[int, int] = {}
    mults: dict[int, tuple[float, ...]] = {}
    fort: dict[int, int] = {}
    tech, fortification = era.perceived_tech(), rules.fortification
    for h, ht in worst.items():
        base[h], units_n[h] = defence_power(rules, era, merged(view.my_units.get(h, {}), q_units.get(h, {})), 1.0)
        # defence_multiplier(rules, era, terrain, edge, f, perceived=True) for f = 0..3, the product in its order
        t_edge = rules.terrain[g.terrain[h]].defence * ht.edge
        mults[h] = tuple(t_edge * fortification[f] * tech for f in range(4))
        fort[h] = min(3, view.fort[h] + q_forts.get(h, 0))

    def ratio(h: int, b: float, n: int, f: int) -> float:
        ht = worst[h]
        return force_ratio(era, ht.attack, ht.attackers, b * mults[h][f], n)

    now = {h: ratio(h, base[h], units_n[h], fort[h]) for h in worst}
    first = dict(now)
    target = {h: threats[worst[h].neighbour].rho50 / max(threats[worst[h].neighbour].r, 1e-9) for h in worst}
    count = {h: 0 for h in worst}
    out: dict[tuple[int, int, str], tuple[int, float, float, bool]] = {}
    heap = [(-now[h] / target[h], h) for h in worst]      # most exposed first (ties: lower hex id)
    heapq.heapify(heap)
    buyable = options + ([fort_u] if fort_u is not None else [])
    while heap:
        if not any(wallet.can(u) for u in buyable):
            break                                           # out of money or upkeep room
        _, h = heapq.heappop(heap)
        if now[h] <= target[h] or count[h] >= MAX_PER_HEX:
            continue
        ch = stances.get(worst[h].neighbour)
        reassure = d >= 0.5 and ch is not None and ch.move == "C"
        best = None
        for u in options:
            if not wallet.can(u) or (u.offensive and h in ban):
                continue
            gain = now[h] - ratio(h, base[h] + u.defence, units_n[h] + 1, fort[h])
            if gain <= 0:
                continue
            score = u.cost / gain * ((1 + REASSURE_WEIGHT * u.offensive_signature) if reassure else 1.0)
            if best is None or score < best[0]:
                best = (score, u, base[h] + u.defence, units_n[h] + 1, fort[h])
        if fort_u is not None and fort[h] < 3 and wallet.can(fort_u):
            gain = now[h] - ratio(h, base[h], units_n[h], fort[h] + 1)
            if gain > 0 and (best is None or fort_u.cost / gain < best[0]):
                best = (fort_u.cost / gain, fort_u, base[h], units_n[h], fort[h] + 1)
        if best is None:
            continue
        _, u, base[h], units_n[h], fort[h] = best
        wallet.pay(u)
        count[h] += 1
        now[h] = ratio(h, base[h], units_n[h], fort[h])
        heapq.heappush(heap, (-now[h] / target[h], h))
        key = (h, worst[h].neighbour, u.key)
        n = out[key][0] + 1 if key in out else 1
        out[key] = (n, first[h], now[h], reassure)
    return {k: (n, b, now[k[0]], rs) for k, (n, b, _, rs) in out.items()}


def _offence(view: PlayerView, targets: Mapping[int, int], stances: Mapping[int, StanceChoice], wallet: Wallet,
             budget: float, ban: set[int], builds: list[Build], motives: list[Motive],
             round_up: bool = False, why: str | None = None) -> str | None:
    """Offensive units on the target hexes within ``budget`` (``round_up``: the last unit may
    overshoot it, so that a claim smaller than one unit still buys one). The motive is ``why``, or
    fear where it defects out of fear and greed otherwise."""
    era, rules, g = view.era, view.gmap.rules, view.gmap
    spent = 0.0
    forced, why = why, None
    for h, j in sorted(targets.items()):
        if h in ban:
            continue
        terr = [g.terrain[lk.dst] for lk in g.links[h] if view.owner[lk.dst] == j] or [g.terrain[h]]
        cands = [u for u in era.units.values() if assault_capable(u) and u.offensive]
        if not cands:
            continue
        u = max(cands, key=lambda u: (sum(u.attack * rules.terrain[t].offence ** u.terrain_sensitivity for t in terr) / u.cost, u.key))
        n = 0
        while (spent + u.cost <= budget + 1e-9 or (round_up and spent < budget)) and wallet.can(u) and n < MAX_PER_HEX:
            wallet.pay(u)
            spent += u.cost
            n += 1
        if n:
            ch = stances.get(j)
            why = forced or ("greed" if ch is None or ch.why != "fear" else "fear")
            builds.append(Build(u.key, h, n))
            text = (f"{n} {u.name} at {g.label(h)} facing {view.name(j)}: "
                    + ("offence pays where it can win (opportunity)." if why == "greed"
                       else "offence dominates, so it arms to strike first rather than be struck."))
            motives.append(motive("build", h, why, text, {"count": n, "cost": n * u.cost, "attack_per_cost": u.attack / u.cost}))
    return why
