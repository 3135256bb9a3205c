"""What an AI state believes about a neighbour's hidden type (docs/theory.md invariants 14 and 25; Glaser 1992).

The belief is the posterior probability that neighbour j is *greedy* rather than a security seeker,
from a neutral prior (``PRIOR_GREEDY``) and two kinds of evidence in the view, as likelihood ratios
(greedy : security seeker):

* **Moves.** After a turn in which I cooperated, a greedy state defects with probability
  ``P_EXPLOIT_GREEDY`` and a security seeker with ``P_EXPLOIT_SECURE``; a defection answering my
  own defection says nothing (both types retaliate), so it is not counted -- the spiral model's
  lesson that provoked hostility is no evidence of greed (Jervis 1976, Kydd 1997).
* **Posture.** j's most offensive stack on our border (its offensive share of attack + defence as
  my view estimates it) against my own most offensive border stack, the reference for what a
  state that only wants security fields in this era and on this border. A security seeker's
  spearhead is expected to look like mine, a greedy state's ``GREEDY_EXTRA`` more offensive. The
  view reads each unit correctly with probability (1 + d) / 2, so a stack of true share s reads,
  on average, as ``1/2 + d (s - 1/2)``: at d = 0 both types look the same and the posture says
  nothing; the higher d, the further apart they read. If I have armed offensively myself, the
  reference rises and their build-up becomes the best response it may be (invariant 25).

The prior is the state's own ``greed_prior`` (hidden, ``PRIOR_GREEDY`` unless a scenario or an
experiment sets ``states[K].greed_prior``). The belief is recorded with every stance (``p_greedy`` and its parts), shown in the debrief,
and it acts: :mod:`policy` turns it into deterrence or reassurance toward each neighbour, and
:mod:`alliances` weighs threats by it and refuses allies it believes greedy.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from game.engine.views import PlayerView

from .frontier import Front

PRIOR_GREEDY = 0.5          # the AI is not told the mix of types
P_EXPLOIT_GREEDY = 0.5      # P(j defects | I cooperated last turn), greedy
P_EXPLOIT_SECURE = 0.15     # the same for a security seeker (fear, mistakes)
GREEDY_EXTRA = 0.3          # how much more offensive a greedy spearhead is than a security seeker's
READING_SD = 0.1            # spread of a stack's read offensive share around its expectation
MAX_LOG_LR = 6.0            # no single kind of evidence moves the odds by more than e^6


@dataclass(frozen=True)
class TypeBelief:
    p_greedy: float
    log_lr_moves: float
    log_lr_posture: float
    spearhead: float | None      # j's most offensive border stack, as read (None: nothing seen)
    reference: float             # my own most offensive border stack (true share)

    def numbers(self) -> dict[str, float]:
        out = {"p_greedy": self.p_greedy, "type_evidence_moves": self.log_lr_moves,
               "type_evidence_posture": self.log_lr_posture, "own_spearhead": self.reference}
        if self.spearhead is not None:
            out["their_spearhead"] = self.spearhead
        return out


def _share(attack: float, defence: float) -> float | None:
    total = attack + defence
    return attack / total if total > 0 else None


def _stack_share(view: PlayerView, stack: Mapping[str, int]) -> float | None:
    units = view.era.units
    att = sum(units[k].attack * n for k, n in stack.items() if k in units and not units[k].fort)
    dfn = sum(units[k].defence * n for k, n in stack.items() if k in units and not units[k].fort)
    return _share(att, dfn)


def spearheads(view: PlayerView, fronts: Mapping[int, Front]) -> dict[int, tuple[float | None, float]]:
    """Per neighbour j: (j's most offensive stack on an axis into my land, as read; my most offensive
    stack on an axis into j's land), from the fronts the AI has already found."""
    out: dict[int, tuple[float | None, float]] = {}
    shares: dict[int, float | None] = {}       # my stack's share per hex (a hex may face several neighbours)
    for j, front in fronts.items():
        theirs: float | None = None
        for h in front.their_hexes:
            e = view.estimates.get(h)
            s = _share(e.attack, e.defence) if e is not None else None
            if s is not None and (theirs is None or s > theirs):
                theirs = s
        for h in {lk.src for lk in front.outbound}:
            if h not in shares:
                shares[h] = _stack_share(view, view.my_units.get(h, {}))
        mine = max((s for h in {lk.src for lk in front.outbound} if (s := shares[h]) is not None), default=0.0)
        out[j] = (theirs, mine)
    return out


def _normal_log_lr(x: float, mean_greedy: float, mean_secure: float, sd: float) -> float:
    return ((x - mean_secure) ** 2 - (x - mean_greedy) ** 2) / (2.0 * sd * sd)


def type_belief(view: PlayerView, j: int, my_moves: Sequence[str], their_moves: Sequence[str],
                heads: tuple[float | None, float] | None) -> TypeBelief:
    """My posterior that neighbour j is greedy, from the moves as I perceive them (``beliefs.observed_moves``,
    misreadings included) and the posture I can read (``heads``: j's entry of :func:`spearheads`;
    None when no axis joins us)."""
    log_moves = 0.0
    my_last = "C"
    for mine, theirs in zip(my_moves, their_moves):
        if my_last == "C":
            if theirs == "D":
                log_moves += math.log(P_EXPLOIT_GREEDY / P_EXPLOIT_SECURE)
            else:
                log_moves += math.log((1 - P_EXPLOIT_GREEDY) / (1 - P_EXPLOIT_SECURE))
        my_last = mine
    log_moves = max(-MAX_LOG_LR, min(MAX_LOG_LR, log_moves))
    theirs, reference = heads if heads is not None else (None, 0.0)
    log_posture = 0.0
    if theirs is not None:
        d = view.distinguishability
        secure = 0.5 + d * (reference - 0.5)
        greedy = 0.5 + d * (min(1.0, reference + GREEDY_EXTRA) - 0.5)
        log_posture = max(-MAX_LOG_LR, min(MAX_LOG_LR, _normal_log_lr(theirs, greedy, secure, READING_SD)))
    mine = view.my_nation
    p0 = min(0.99, max(0.01, float(getattr(mine, "greed_prior", PRIOR_GREEDY) if mine is not None else PRIOR_GREEDY)))
    prior = math.log(p0 / (1 - p0))
    p = 1.0 / (1.0 + math.exp(-(prior + log_moves + log_posture)))
    return TypeBelief(p, log_moves, log_posture, theirs, reference)
