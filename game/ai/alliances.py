"""Alliance moves from the balances the AI perceives (Christensen & Snyder 1990, CS90; theory.md invariant 24).

A pact with ``partner`` against a third state ``threat`` is weighed as an expected value, per turn
of a war the threat starts:

* **benefit**: if the threat attacks the partner, the partner falls with probability
  ``p_fall = 1 / (1 + ODB^2)`` (ODB: the perceived balance of the threat's best axis into the
  partner; the same form as the stage game's chance that a war is decisive), and its conqueror
  gains ``STAKE`` of the partner's land value for ``horizon`` turns (times cumulativity): what a
  quick conquest adds to a state that then borders me. It is weighted by ``2 x p_greedy(threat)``
  (1 at the neutral prior): a threat believed greedy matters more.
* **cost**: joining a war costs ``war_cost x my income`` a turn, for as long as it lasts -- about
  ``1 / p_fall`` turns, at most ``horizon``: under defence dominance wars are long.

So ``benefit > cost`` reads ``p_fall^2 x stake > war_cost`` for equal states: when the perceived
balance favours the offence, an ally's quick defeat is one's own, and states ally unconditionally
and honour their calls (**chain-ganging**); when it favours the defence, the victim can hold alone
and the war would be long, so states stay out and abandon calls (**buck-passing**). A pact is also
worth it when the partner borders a threat to me and would fight it (the same formula with me as
the one who falls). The AI proposes an alliance to the partner with the best case, accepts a
proposal whose best case is worth it, honours a call when the case of the victim against the
attacker is worth it (or it already defects against the attacker), and never allies with a state
it believes greedy (``policy.DETER_AT``) or that abandoned an alliance in the last
``ABANDON_MEMORY`` turns (others' trust drops). It never leaves an alliance except by abandoning a call.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from game.engine.alliances import alliance_label, proposal_problem
from game.engine.orders import ALLIANCE, Motive, TreatyProposal
from game.engine.pairkey import dyad_key
from game.engine.state import alliance_of
from game.engine.views import PlayerView

from .frontier import land_values
from .motives import motive, num
from .policy import DETER_AT
from .stance import StanceChoice

STAKE = 0.5            # share of a fallen partner's land value that, held by its conqueror, threatens me (design)
ABANDON_MEMORY = 10    # turns during which an abandoner is not trusted as an ally


@dataclass(frozen=True)
class PactCase:
    partner: int          # the state whose fall is weighed
    threat: int
    p_fall: float
    benefit: float
    cost: float

    @property
    def worth(self) -> bool:
        return self.benefit > self.cost

    def numbers(self) -> dict[str, float]:
        return {"p_fall": self.p_fall, "pact_benefit": self.benefit, "pact_cost": self.cost,
                "threat": float(self.threat), "partner": float(self.partner)}


@dataclass(frozen=True)
class AlliancePlan:
    stances: dict[int, StanceChoice]          # stances after honouring calls
    proposals: tuple[TreatyProposal, ...]
    accepts: tuple[str, ...]
    motives: tuple[Motive, ...]


def p_fall(view: PlayerView, attacker: int, victim: int) -> float | None:
    """Perceived chance that an attack decides quickly: 1 / (1 + ODB^2) on the attacker's best axis."""
    b = view.balances.get((attacker, victim))
    return None if b is None else 1.0 / (1.0 + b.odb ** 2)


def pact_case(view: PlayerView, partner: int, threat: int, p_greedy: Mapping[int, float]) -> PactCase | None:
    """The value of standing by ``partner`` against ``threat`` (None: the threat cannot reach it)."""
    p = p_fall(view, threat, partner)
    if p is None:
        return None
    eco = view.gmap.rules.constants.economy
    land = land_values(view)
    weight = 2.0 * p_greedy.get(threat, view.my_nation.greed_prior)
    benefit = p * view.params.cumulativity * float(land[partner]) * eco.horizon * STAKE * weight
    cost = view.era.war_cost * view.my_income * min(1.0 / max(p, 1e-9), eco.horizon)
    return PactCase(partner, threat, p, benefit, cost)


def best_case(view: PlayerView, partner: int, p_greedy: Mapping[int, float]) -> PactCase | None:
    """The strongest reason to ally with ``partner``: a threat to it, or a threat to me it can fight.
    States balance against power: a threat counts only if it holds at least as much land as the one
    it would conquer (so one does not ally with the strong against the weak)."""
    me = view.me
    land = land_values(view)
    cases = []
    for n in view.nations:
        k = n.id
        if not n.alive or k in (me, partner) or _allied(view, k, me) or _allied(view, k, partner):
            continue
        c = pact_case(view, partner, k, p_greedy) if land[k] >= land[partner] else None
        if c is not None:
            cases.append(c)
        if (partner, k) in view.balances and land[k] >= land[me]:   # the partner can fight a threat to me
            c = pact_case(view, me, k, p_greedy)
            if c is not None:
                cases.append(c)
    return max(cases, key=lambda c: (c.benefit - c.cost, -c.threat), default=None)


def _allied(view: PlayerView, a: int, b: int) -> bool:
    al = alliance_of(view.alliances, a)
    return al is not None and b in al.members


def distrusted(view: PlayerView, j: int) -> bool:
    """j abandoned an alliance in the last ABANDON_MEMORY turns."""
    return any(n == j and view.turn - t <= ABANDON_MEMORY for n, t in view.abandoned)


def plan_alliances(view: PlayerView, stances: Mapping[int, StanceChoice], p_greedy: Mapping[int, float]) -> AlliancePlan:
    me = view.me
    names = [n.name for n in view.nations]
    out = dict(stances)
    motives: list[Motive] = []
    # 1. calls to join a war: honour or abandon
    for c in view.calls:
        if c.ally != me or c.attacker not in out:
            continue
        ch = out[c.attacker]
        case = pact_case(view, c.victim, c.attacker, p_greedy)
        al = next((a for a in view.alliances if a.id == c.alliance), None)
        label = alliance_label(al, names) if al is not None else "its alliance"
        nums = case.numbers() if case is not None else {}
        if ch.move == "D" or (case is not None and case.worth):
            text = (f"Honours {label}: joins {names[c.victim]}'s war against {names[c.attacker]}"
                    + (f" (a quick fall is likely, {num(case.p_fall)}, so its loss would be ours: "
                       f"{num(case.benefit)} at stake against {num(case.cost)} of war)." if case is not None and ch.move != "D"
                       else ", which it opposes already."))
            rec = motive("alliance", c.attacker, "alliance", text, {**nums, "honour": 1.0})
            out[c.attacker] = replace(ch, move="D", why="alliance", record=replace(ch.record, motive="alliance",
                                      text=f"Toward {names[c.attacker]}: {text}"))
            motives.append(rec)
        else:
            motives.append(motive("alliance", c.attacker, "buck-passing",
                                  f"Stays out of {names[c.victim]}'s war against {names[c.attacker]} and abandons {label}: "
                                  f"the defence can hold ({num(case.p_fall if case else 0.0)} chance of a quick fall), so "
                                  f"{num(case.cost if case else 0.0)} of war buys only {num(case.benefit if case else 0.0)}.",
                                  {**nums, "honour": 0.0}))
    accepts: list[str] = []
    proposals: list[TreatyProposal] = []

    def acceptable(j: int) -> str | None:
        if p_greedy.get(j, view.my_nation.greed_prior) >= DETER_AT:
            return f"it believes {names[j]} greedy"
        if distrusted(view, j):
            return f"{names[j]} abandoned an alliance within {ABANDON_MEMORY} turns"
        if view.history and dyad_key(me, j) in view.history[-1].wars:
            return f"it fought {names[j]} last turn"
        if j in out and out[j].why == "alliance":
            return f"it joins a war against {names[j]}"
        return proposal_problem(view.alliances, view.abandoned, me, j, view.turn, names)

    # 2. proposals to me: the best one worth it is accepted (one a turn: the others may wait)
    offered = set()
    taken = False
    ranked = []
    for p in view.proposals_to_me:
        if p.kind == ALLIANCE:
            why = acceptable(p.proposer)
            case = best_case(view, p.proposer, p_greedy) if why is None else None
            ranked.append((-(case.benefit - case.cost) if case is not None else 0.0, p.id, p, why, case))
    for _, _, p, why, case in sorted(ranked, key=lambda x: (x[0], x[1])):
        offered.add(p.proposer)
        if why is None and (case is None or not case.worth):
            why = "the balance it perceives lets states hold alone (it passes the buck)"
        if why is None and taken:
            why = "it accepts a better alliance this turn"
        if why is None:
            taken = True
            accepts.append(p.id)
            motives.append(motive("accept", p.proposer, "alliance",
                                  f"Accepts {names[p.proposer]}'s alliance: against {names[case.threat]} a quick fall is "
                                  f"likely ({num(case.p_fall)}), {num(case.benefit)} at stake against {num(case.cost)} of war.",
                                  {**case.numbers(), "accepted": 1.0}))
        else:
            motives.append(motive("accept", p.proposer, "buck-passing" if case is not None or "buck" in why else "security",
                                  f"Declines {names[p.proposer]}'s alliance: {why}.",
                                  {**(case.numbers() if case else {}), "accepted": 0.0}))
    # 3. one proposal a turn, to the partner with the best case
    best = None
    for n in ([] if taken else view.nations):
        j = n.id
        if not n.alive or j == me or j in offered or acceptable(j) is not None:
            continue
        case = best_case(view, j, p_greedy)
        if case is not None and case.worth and (best is None or case.benefit - case.cost > best[1].benefit - best[1].cost):
            best = (j, case)
    if best is not None:
        j, case = best
        proposals.append(TreatyProposal(ALLIANCE, j))
        motives.append(motive("proposal", j, "alliance",
                              f"Proposes an alliance to {names[j]}: against {names[case.threat]} a quick fall is likely "
                              f"({num(case.p_fall)}), so {num(case.benefit)} is at stake against {num(case.cost)} of war.",
                              case.numbers()))
    return AlliancePlan(out, tuple(proposals), tuple(accepts), tuple(motives))
