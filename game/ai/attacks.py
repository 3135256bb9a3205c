"""Attacks: only against neighbours it defects against, on weak axes with good estimated odds.

Odds use the engine's own formulas (:mod:`game.engine.combat`) on my true units and my *estimate*
of the defender (read cautiously: one standard error of the view's strength noise added). The
surprise bonus is weighted by my belief that they keep cooperating this turn.

Who attacks, and why (docs/theory.md invariant 7; Glaser's types):
* greedy types attack *opportunistically* wherever the odds clear their bar (motive greed, or
  opportunity when the target is the capital);
* a security seeker attacks *preemptively* when it chose to defect (out of fear, or because
  defection dominates; not a slip) and a first
  strike is worth more than the war it starts -- an expected-value decision, not a rule about the
  balance (Fearon 1995; Van Evera 1998): what going first buys is the share ``1 - 1/first_strike_bonus``
  of the exchange that timing decides (of the land its strike would take, and of the loss their
  strike would inflict, weighted by its belief ``1 - q`` that they strike), against the war it
  adds (``q x war cost``, once now and again, with the continuation, when they hit back). With no
  first-strike bonus waiting costs nothing and it never preempts; where defence dominates its odds
  and their threat are small, so it rarely does, but no balance forbids it. Under counterforce a
  crisis preemption (:mod:`game.ai.preemption`) counts the whole averted loss. It also hits back at
  a neighbour that attacked it last turn (motive security). It never attacks for gain alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from game.engine.combat import assault_capable
from game.engine.odds import planned_attack_odds
from game.engine.orders import Attack, Motive
from game.engine.views import PlayerView

from .difficulty import Difficulty
from .frontier import Front
from .motives import motive, num, pct
from .preemption import first_strike_balance
from .stance import StanceChoice
from .threat import Threat
from .types import TypeProfile

PREEMPT_ODDS = 0.6     # odds a preemptive strike needs
RETALIATE_ODDS = 0.7   # odds a counterattack needs


@dataclass(frozen=True)
class AttackPlan:
    attacks: tuple[Attack, ...]
    motives: tuple[Motive, ...]
    arm_against: dict[int, int]   # my hex -> neighbour: where offensive builds would help next turn


def attacked_me_last_turn(view: PlayerView) -> set[int]:
    return {int(e.data.get("attacker", -1)) for e in view.events
            if e.kind == "attack" and e.data.get("defender") == view.me}


def odds(view: PlayerView, target: int, sources: list[int], surprise_chance: float) -> tuple[float, float]:
    """(success probability, force ratio without surprise) of my attack from ``sources`` on ``target``:
    :func:`game.engine.odds.planned_attack_odds` read cautiously, surprise weighted by its chance."""
    plain = planned_attack_odds(view, target, sources, surprise=False, cautious=True)
    p = 0.0
    if surprise_chance > 0:
        p += surprise_chance * planned_attack_odds(view, target, sources, surprise=True, cautious=True).probability
    if 1.0 - surprise_chance > 0:
        p += (1.0 - surprise_chance) * plain.probability
    return p, plain.ratio


@dataclass(frozen=True)
class _Option:
    """One target hex on an axis: its success odds ``p``, force ratio ``rho``, my ``sources`` and the
    ``score`` (odds x what the target is worth to this motive) that ranks it."""
    score: float
    p: float
    rho: float
    target: int
    sources: tuple[int, ...]


def plan_attacks(view: PlayerView, fronts: Mapping[int, Front], threats: Mapping[int, Threat],
                 stances: Mapping[int, StanceChoice], profile: TypeProfile, diff: Difficulty) -> AttackPlan:
    """Plan this turn's attacks, axis by axis in neighbour order: the motive and its bar, the
    options on the axis, the best non-overlapping ones that clear the bar, and whether the war they
    start is worth it. Hexes used on one axis are not used again on another."""
    hit_me = attacked_me_last_turn(view)
    used: set[int] = set()
    attacks: list[Attack] = []
    motives: list[Motive] = []
    arm: dict[int, int] = {}
    can_assault = _assault_sources(view)
    for j in sorted(stances):
        ch = stances[j]
        front = fronts.get(j)
        if ch.move != "D" or front is None or not front.outbound:
            continue
        motive_bar = _motive_and_bar(j, ch, profile, diff, hit_me)
        if motive_bar is None:
            continue
        why, bar = motive_bar
        surprise_chance = ch.belief if view.last_stances.get((view.me, j)) != "D" else 0.0
        options = _options(view, j, front, why, surprise_chance, used, can_assault)
        for o in options:   # where the odds fall short, offensive builds would help next turn
            if o.p < bar:
                for s in o.sources:
                    arm.setdefault(s, j)
        chosen = _choose(options, bar, used)
        if not chosen:
            continue
        worth, cost = _worth(view, j, ch, why, chosen, profile, surprise_chance)
        if worth <= cost:
            motives.append(_restraint_motive(view, j, why, worth, cost, len(chosen)))
            continue
        for o in chosen:
            used.update(o.sources)
            attacks.append(Attack(o.target, o.sources))
            motives.append(_attack_motive(view, j, ch, why, bar, o, worth, cost, threats.get(j)))
    return AttackPlan(tuple(attacks), tuple(motives), arm)


def _assault_sources(view: PlayerView) -> Callable[[int], bool]:
    """A test: does my hex ``h`` hold any unit that can assault?"""
    assault = {k for k, u in view.era.units.items() if assault_capable(u)}

    def has_assault(h: int) -> bool:
        return any(n > 0 and k in assault for k, n in view.my_units.get(h, {}).items())
    return has_assault


def _motive_and_bar(j: int, ch: StanceChoice, profile: TypeProfile, diff: Difficulty,
                    hit_me: set[int]) -> tuple[str, float] | None:
    """(motive, odds bar) for attacking j, or None when it has no motive to attack j.

    Greedy types attack for greed; a security seeker preempts only a defection it chose (out of fear
    in a Stag Hunt, or because defection dominates in a Prisoner's Dilemma or it stands firm in
    Chicken), not a slip -- the first strike is then weighed by its worth alone, whatever the stage
    game's shape; otherwise it only hits back at a neighbour that attacked it last turn."""
    if profile.attack_odds < 1.0:
        return "greed", profile.attack_odds + diff.odds_margin
    if profile.preempts and ch.why in ("fear", "greed"):
        return "fear", PREEMPT_ODDS + diff.odds_margin
    if j in hit_me:
        return "security", RETALIATE_ODDS + diff.odds_margin
    return None


def _options(view: PlayerView, j: int, front: Front, why: str, surprise_chance: float,
             used: set[int], can_assault: Callable[[int], bool]) -> list[_Option]:
    """Every target hex on the axis to j that some unused assault-capable hex of mine borders, in
    target order. Greed ranks by the target's value (a capital adds 10); fear and security by the
    threat the target poses (the estimated attack from it)."""
    threat_from: dict[int, float] = {}
    for lk in front.inbound:
        est = view.estimates.get(lk.src)
        if est is not None:
            threat_from[lk.src] = threat_from.get(lk.src, 0.0) + est.attack
    by_target: dict[int, list[int]] = {}
    for lk in front.outbound:
        by_target.setdefault(lk.dst, []).append(lk.src)
    options = []
    for t, srcs in sorted(by_target.items()):
        src = tuple(sorted(s for s in set(srcs) if s not in used and can_assault(s)))
        if not src:
            continue
        p, rho = odds(view, t, list(src), surprise_chance)
        value = view.gmap.value[t] + (10.0 if view.nations[j].capital == t else 0.0)
        weight = value if why == "greed" else 1.0 + threat_from.get(t, 0.0)
        options.append(_Option(p * weight, p, rho, t, src))
    return options


def _choose(options: list[_Option], bar: float, used: set[int]) -> list[_Option]:
    """The best-scoring options that clear the bar, no source hex used twice (ties by target)."""
    chosen = []
    taken: set[int] = set()
    for o in sorted(options, key=lambda o: (-o.score, o.target)):
        if o.p < bar or any(s in used or s in taken for s in o.sources):
            continue
        taken.update(o.sources)
        chosen.append(o)
    return chosen


def _restraint_motive(view: PlayerView, j: int, why: str, worth: float, cost: float, considered: int) -> Motive:
    return motive("restraint", j, "security",
                  f"Holds back from attacking {view.name(j)}: the war it would start costs about "
                  f"{num(cost)}, more than the {num(worth)} it expects to {'gain' if why == 'greed' else 'save'}.",
                  {"expected_worth": worth, "war_cost": cost, "attacks_considered": considered})


def _attack_motive(view: PlayerView, j: int, ch: StanceChoice, why: str, bar: float, o: _Option,
                   worth: float, cost: float, threat: Threat | None) -> Motive:
    game = view.games[j]
    p_lose = threat.p_lose if threat is not None else game.p_lose
    kind = "opportunity" if why == "greed" and view.nations[j].capital == o.target else why
    reason = {"greed": "conquest pays and the odds are good",
              "opportunity": "their capital lies open",
              "fear": ((f"going first wins (their balance against it {num(game.odb_theirs)}, "
                        f"{num(first_strike_balance(game, view.era))} for a surprise strike)" if ch.preempt else
                        f"going first is worth {num(worth)} against a war costing {num(cost)} "
                        f"(their balance against it {num(game.odb_theirs)})")
                       + f" and their strike on it would succeed {pct(p_lose)} of the time, so it strikes first"),
              "security": "they attacked it last turn and this axis is weak"}[kind]
    return motive("attack", o.target, kind,
                  f"Attack {view.name(j)} at {view.gmap.label(o.target)} from {len(o.sources)} hex(es): {reason}; "
                  f"estimated odds {pct(o.p)} (needs {pct(bar)}).",
                  {"odds": o.p, "ratio": o.rho, "bar": bar, "belief": ch.belief, "p_lose": p_lose,
                   "odb_theirs": game.odb_theirs, "sources": len(o.sources), "expected_worth": worth,
                   "war_cost": cost})


def first_strike_share(era) -> float:
    """The share of an exchange that going first decides: ``1 - 1/first_strike_bonus`` (0 without a bonus)."""
    return max(0.0, 1.0 - 1.0 / era.first_strike_bonus)


def _worth(view: PlayerView, j: int, ch: StanceChoice, why: str, chosen: list[_Option], profile: TypeProfile,
           surprise_chance: float = 0.0) -> tuple[float, float]:
    """(what the planned attacks on j are worth to it, what the war they start costs it).

    Any attack means a turn of war, costing ``era.war_cost x income`` (nuclear era: catastrophic) --
    but only in so far as there would be no war anyway: with belief q that j keeps the peace, the
    war the attack adds costs ``q x war`` -- ``q x (1 - damage_limitation) x war`` when the strike
    can come as a surprise (it is a surprise exactly when they keep the peace). The attacks are worth the land it expects to take
    (``horizon x value``; a capital adds its owner's income times ``capital_weight``), times greed
    for greedy types; a preemptive strike is worth, besides, the exploitation loss it expects to
    avert, ``(1 - q) x loss``, and of both only the first-strike share (:func:`first_strike_share`)
    is owed to striking *first* rather than waiting (Fearon 1995: preempt when the first-strike
    advantage outweighs the cost of war). A crisis preemption under counterforce counts all of it."""
    eco = view.gmap.rules.constants.economy
    g = view.gmap
    war = view.era.war_cost * view.my_income * view.my_nation.war_cost_factor
    if surprise_chance > 0:
        # the war is added only when they keep the peace -- and then the strike is a surprise, whose
        # war the striker pays only in part under counterforce (damage limitation)
        war *= 1.0 - view.era.damage_limitation
    capital = view.nations[j].capital
    land = 0.0
    for o in chosen:
        stake = eco.horizon * g.value[o.target]
        if o.target == capital:
            stake += eco.capital_weight * float(sum(g.value[h] for h, w in enumerate(view.owner) if w == j))
        land += o.p * stake
    q = ch.belief
    if why == "greed":
        return profile.greed * land, q * war
    if why == "fear":
        share = 1.0 if ch.preempt else first_strike_share(view.era)
        return share * (land + (1.0 - q) * ch.valuation.loss), q * war
    return land, q * war
