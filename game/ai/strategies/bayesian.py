"""The Bayesian security seeker (docs/theory.md prop. 5 and 8; invariants 1, 2, 3).

Belief. q = P(they cooperate) is the mean of a Beta posterior whose prior has mean
``prior_coop`` and weight 2 (alpha0 = 2*prior_coop, beta0 = 2*(1-prior_coop)). Each observed move
k turns back (k = 0 for last turn) adds weight 0.8**k to alpha (a C) or beta (a D)::

    q = (2*prior_coop + sum_k 0.8**k * [their move k back was C]) / (2 + sum_k 0.8**k)

With no history q equals prior_coop exactly. Moves more than 200 turns back are ignored
(weight < 1e-19, below float resolution of the sums).

Force composition. When ``observed_offensive_share`` s is known, q is blended with the
"benign reading" 1-s using the distinguishability d as weight: q' = (1-d)*q + d*(1-s).
At d = 0 the observation is ignored; at d = 1 it replaces the move history.

Rule. One rule for every game, the expected-utility best reply to q in the *effective* stage
game, where the temptation is discounted by the retaliation it provokes (shadow of the future,
continuation delta): DC_eff = min(DC, (1-delta)*DC + delta*DD). Retaliation can only lower the
value of exploiting, never raise it. Then, with a = CC-DC_eff and b = DD-CD:

* Harmony (a >= 0, b <= 0): cooperate whatever q.
* Stag Hunt (a >= 0, b > 0): cooperate iff q >= q* = (DD-CD)/((CC-DC_eff)+(DD-CD)), at equality too.
* PD or Deadlock (a < 0, b > 0): defection dominates, so defect.
* Chicken (a < 0, b <= 0): back down (cooperate) iff q <= (CD-DD)/((DC_eff-CC)+(CD-DD)), i.e.
  when it expects them to stand firm; stand firm when it expects them to back down.

Consequences: a raw PD whose discounted temptation falls to CC or below becomes an effective
Stag Hunt and uses the threshold rule; one that stays a PD means D. At delta = 0 (one-shot)
DC_eff = DC, so a Stag Hunt uses exactly Jervis's q* (invariant 2) and a PD always defects
(invariant 3). Because the same discount applies in a Stag Hunt, for delta > 0 its threshold is
the q* of the effective game (``numbers["threshold"]``; the one-shot q* is in
``numbers["one_shot_threshold"]``). This is what keeps P(C) monotone in every cell
(invariant 1) across the PD/Stag-Hunt boundary: discounting only in a PD would make raising CC
from just below DC to just above it switch the AI from cooperating to defecting.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from .base import (
    CHICKEN,
    HARMONY,
    PRISONERS_DILEMMA,
    STAG_HUNT,
    Decision,
    DecisionContext,
    Payoffs,
    Strategy,
    fmt,
)

PRIOR_WEIGHT = 2.0
DISCOUNT = 0.8
MEMORY = 200


def belief_from_moves(their_moves: tuple[str, ...], prior_coop: float) -> float:
    """Discounted Beta-posterior mean that they cooperate (see module docstring)."""
    num = PRIOR_WEIGHT * prior_coop
    den = PRIOR_WEIGHT
    weight = 1.0
    for move in reversed(their_moves[-MEMORY:]):
        den += weight
        if move == "C":
            num += weight
        weight *= DISCOUNT
    return num / den


def belief(ctx: DecisionContext) -> float:
    """Belief after blending in the observed force composition by distinguishability."""
    q = belief_from_moves(ctx.their_moves, ctx.prior_coop)
    if ctx.observed_offensive_share is not None:
        d = ctx.distinguishability
        q = q * (1.0 - d) + d * (1.0 - ctx.observed_offensive_share)
    return min(1.0, max(0.0, q))


def effective_payoffs(payoffs: Payoffs, continuation: float) -> Payoffs:
    """Replace DC by min(DC, (1-delta)*DC + delta*DD): exploitation answered by retaliation."""
    discounted = (1.0 - continuation) * payoffs.dc + continuation * payoffs.dd
    return Payoffs(payoffs.cc, payoffs.cd, min(payoffs.dc, discounted), payoffs.dd)


class BayesianSecuritySeeker(Strategy):
    """Cooperates when its belief that they cooperate makes cooperation the best reply."""

    key: ClassVar[str] = "bayes"
    name: ClassVar[str] = "Bayesian Security Seeker"
    description: ClassVar[str] = (
        "Keeps a belief that the other side will cooperate, learned from its past moves (recent "
        "ones count more) and from how offensive its forces look when they can be told apart. "
        "It cooperates when that belief is high enough to make cooperating pay, counting the "
        "retaliation that exploiting would bring."
    )

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        raw = ctx.payoffs
        eff = effective_payoffs(raw, ctx.continuation)
        q = belief(ctx)
        kind = eff.classify()
        numbers: dict[str, float] = {
            "belief": q,
            "belief_from_moves": belief_from_moves(ctx.their_moves, ctx.prior_coop),
            **raw.as_numbers(),
            "dc_effective": eff.dc,
            "continuation": ctx.continuation,
        }
        one_shot = raw.coop_threshold() if raw.classify() == STAG_HUNT else None
        if one_shot is not None:
            numbers["one_shot_threshold"] = one_shot
        lead = _lead(raw, eff, ctx.continuation)
        trusting = "reciprocity" if ctx.their_moves and ctx.their_moves[-1] == "C" else "trust"

        if kind == HARMONY:
            numbers["threshold"] = 0.0
            motive = "rule" if raw.classify() == HARMONY else "reciprocity"
            return Decision("C", motive, f"{lead}cooperating pays at least as well whatever they "
                            "do, so it cooperates.", numbers)
        if kind == STAG_HUNT:
            t = eff.coop_threshold()
            assert t is not None  # a Stag Hunt has a positive denominator
            numbers["threshold"] = t
            if q >= t:
                return Decision("C", trusting, f"{lead}it believes they will cooperate with "
                                f"probability {fmt(q)}, at least the {fmt(t)} needed, so it "
                                "cooperates.", numbers)
            return Decision("D", "fear", f"{lead}it believes they will cooperate with probability "
                            f"{fmt(q)}, below the {fmt(t)} needed to risk being exploited, so it "
                            "defects.", numbers)
        if kind == CHICKEN:
            t = eff.chicken_threshold()
            assert t is not None
            numbers["threshold"] = t
            if q <= t:
                return Decision("C", "fear", f"{lead}it expects them to stand firm (cooperation "
                                f"belief {fmt(q)}, at most {fmt(t)}) and a clash is worse than "
                                "backing down, so it backs down and cooperates.", numbers)
            return Decision("D", "greed", f"{lead}it expects them to back down (cooperation "
                            f"belief {fmt(q)}, above {fmt(t)}), so it stands firm and defects.",
                            numbers)
        numbers["threshold"] = math.inf  # PD or Deadlock after discounting: D dominates
        return Decision("D", "greed", f"{lead}defecting pays more whatever they do "
                        f"(exploiting is worth {fmt(eff.dc)} against {fmt(raw.cc)} for mutual "
                        "cooperation), so it defects.", numbers)


def _lead(raw: Payoffs, eff: Payoffs, continuation: float) -> str:
    """Opening clause naming the game, and the discounted temptation when it matters."""
    kind = raw.classify()
    game = _GAME_PHRASE.get(kind, kind)
    if eff.dc < raw.dc and kind in (PRISONERS_DILEMMA, STAG_HUNT, CHICKEN):
        return (f"In this {game}, with continuation {fmt(continuation)} the temptation of "
                f"{fmt(raw.dc)} is worth only {fmt(eff.dc)} once retaliation is counted, and ")
    return f"In this {game}, "


_GAME_PHRASE = {HARMONY: "Harmony game", CHICKEN: "game of Chicken"}
