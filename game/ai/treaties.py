"""Treaty moves: proposals to trusted cooperators and acceptances (docs/rules.md §8; docs/theory.md §3).

* Accept a proposal from a neighbour it cooperates with this turn (motive trust) -- unless it
  is an offensive-weapons ban that its own offensive units on the named hexes would break.
  A greedy type accepts the same way and may defect later: signing costs it nothing.
* Never offer a treaty already in force, nor another one while last turn's offer awaits an answer
  (if accepted, the new offer would arrive for a treaty in force), nor accept one in force.
* Propose, one treaty per neighbour per turn, when it cooperates, both cooperated last turn and
  the record of their moves makes it believe they cooperate with probability at least TRUST
  (the strategy's belief from moves alone: trust is earned by conduct): first trade (raises CC), then
  non-aggression, then -- when postures can be told apart (d >= 0.5), so the ban can be
  verified -- an offensive-weapons ban on the border hexes that are free of offensive forces.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.ai.strategies.bayesian import belief_from_moves
from game.engine.orders import TREATY_KINDS, Motive, TreatyProposal
from game.engine.state import dyad
from game.engine.views import PlayerView

from .frontier import Front
from .motives import motive, num
from .policy import TRUST_REASSURE, Policy
from .stance import StanceChoice
from .threat import pending_at

TRUST = 0.7
VERIFIABLE = 0.5


@dataclass(frozen=True)
class TreatyPlan:
    proposals: tuple[TreatyProposal, ...]
    accepts: tuple[str, ...]
    motives: tuple[Motive, ...]


def _offensive_hexes(view: PlayerView) -> set[int]:
    units = view.era.units
    q_units, _ = pending_at(view, 99)
    out = set()
    for h, st in list(view.my_units.items()) + list(q_units.items()):
        if any(n > 0 and k in units and units[k].offensive for k, n in st.items()):
            out.add(h)
    return out


def plan_treaties(view: PlayerView, fronts: Mapping[int, Front], stances: Mapping[int, StanceChoice],
                  pols: Mapping[int, Policy] | None = None) -> TreatyPlan:
    """Treaty moves; ``pols`` (beliefs that act): no concession to a neighbour it deters, treaties
    offered on less earned trust to one it reassures. Alliance proposals are :mod:`alliances`' job."""
    me = view.me
    pols = pols or {}
    offensive_here = _offensive_hexes(view)
    accepts: list[str] = []
    motives: list[Motive] = []
    offered_to_me = {(p.proposer, p.kind) for p in view.proposals_to_me}
    for p in sorted(view.proposals_to_me, key=lambda p: p.id):
        if p.kind not in TREATY_KINDS:
            continue
        ch = stances.get(p.proposer)
        label = p.kind.replace("_", "-")
        pol = pols.get(p.proposer)
        if pol is not None and pol.deter:
            motives.append(motive("accept", p.proposer, "deterrence",
                                  f"Declines {view.name(p.proposer)}'s {label} treaty: it believes them greedy "
                                  f"({num(pol.p_greedy)}), and a concession would only invite more demands.",
                                  {"p_greedy": pol.p_greedy, "accepted": 0.0}))
            continue
        if ch is None or ch.move != "C":
            motives.append(motive("accept", p.proposer, "fear" if ch is not None and ch.why == "fear" else "security",
                                  f"Declines {view.name(p.proposer)}'s {label} treaty: it does not cooperate with them this turn.",
                                  {"belief": ch.belief if ch else 0.0, "accepted": 0.0}))
            continue
        if (dyad(p.proposer, me), p.kind) in {(t.parties, t.kind) for t in view.treaties}:
            continue                       # already in force: nothing to sign
        mine = {h for h in p.hexes if view.owner[h] == me}
        if p.kind == "offensive_ban" and mine & offensive_here:
            motives.append(motive("accept", p.proposer, "security",
                                  f"Declines {view.name(p.proposer)}'s offensive-weapons ban: it has offensive units on "
                                  f"{len(mine & offensive_here)} of the named hexes.", {"belief": ch.belief, "accepted": 0.0}))
            continue
        accepts.append(p.id)
        motives.append(motive("accept", p.proposer, "trust",
                              f"Accepts {view.name(p.proposer)}'s {label} treaty: it cooperates with them "
                              f"(belief {num(ch.belief)} that they cooperate).", {"belief": ch.belief, "accepted": 1.0}))
    proposals: list[TreatyProposal] = []
    in_force = {(t.parties, t.kind) for t in view.treaties}
    # my own offer of last turn is still open: if they accept it this turn, a new one would reach them
    # next turn for a treaty already in force
    open_offers = {(p.to, p.kind) for p in view.my_proposals}
    for j in sorted(stances):
        ch = stances[j]
        both_c = view.last_stances.get((me, j)) == "C" and view.last_stances.get((j, me)) == "C"
        trust = belief_from_moves(ch.reading.their_moves, ch.reading.prior)
        pol = pols.get(j)
        level = TRUST_REASSURE if pol is not None and pol.reassure else TRUST
        if ch.move != "C" or not both_c or trust < level or (pol is not None and pol.deter):
            continue
        d = dyad(me, j)
        for kind in ("trade", "non_aggression", "offensive_ban"):
            if (d, kind) in in_force or (j, kind) in offered_to_me:
                continue
            if (j, kind) in open_offers:
                break                      # wait for their answer before offering anything more
            hexes: tuple[int, ...] = ()
            if kind == "offensive_ban":
                front = fronts.get(j)
                if view.distinguishability < VERIFIABLE or front is None:
                    continue
                mine = [h for h in front.my_hexes if h not in offensive_here]
                theirs = [h for h in front.their_hexes if h not in view.estimates]
                hexes = tuple(sorted(mine + theirs))
                if not hexes:
                    continue
            proposals.append(TreatyProposal(kind, j, hexes))
            why = {"trade": "trade raises what mutual cooperation is worth",
                   "non_aggression": "a pledge makes restraint explicit",
                   "offensive_ban": "postures can be told apart, so a ban on offensive forces can be verified"}[kind]
            motives.append(motive("proposal", j, "trust",
                                  f"Proposes a {kind.replace('_', '-')} treaty to {view.name(j)}: both cooperated last "
                                  f"turn and their record makes it trust them ({num(trust)} >= {num(level)}"
                                  + (", lowered because it believes them secure: reassurance" if level < TRUST else "")
                                  + f"); {why}.",
                                  {"belief": ch.belief, "trust": trust, "trust_level": level, "d": view.distinguishability,
                                   "hexes": float(len(hexes))}))
            break
    return TreatyPlan(tuple(proposals), tuple(accepts), tuple(motives))
