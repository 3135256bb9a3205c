"""Beliefs that act: deterrence toward a neighbour believed greedy, reassurance toward one believed
a security seeker (Jervis 1976 ch. 3, Glaser 1992 G92, Kydd 1997 K97; theory.md invariant 25).

The belief is :func:`type_belief.type_belief`'s ``p_greedy`` (recorded with every stance). It sets
one policy per neighbour:

* **deterrence** (``p_greedy >= DETER_AT``): arm -- the security requirement toward it rises to
  ``r x (1 + ARM_GAIN x (p - 1/2))``, so more defence is bought on that border -- and refuse
  concessions: no treaty accepted from it or offered to it, no alliance with it.
* **reassurance** (``p_greedy <= REASSURE_AT``): the requirement falls by the same rule (restraint
  in arms), no offensive build aimed at it out of fear, and treaties are offered on less earned
  trust (``TRUST_REASSURE``); where d >= 0.5 the planner already buys what looks defensive toward a
  neighbour it cooperates with (at low d such a signal could not be read).
* between the two, the calibrated behaviour (``r`` unchanged).

Whatever the policy, the belief also sets the stance's prior that the neighbour cooperates
(:func:`cooperation_prior`): a greedy state exploits a cooperator more often (``type_belief``'s own
likelihoods), so the prior is scaled by the expected chance of cooperation given the belief,
relative to the neutral belief 1/2 (unchanged at 1/2). Firmness toward a state believed greedy is
what turns a misreading into a spiral: its defections read, on the other side, as greed.

The spiral model is the first rule applied to a security seeker misread as greedy: its neighbour
arms against it, and at low d those arms read as a threat to it, so it arms in turn. The deterrence
model is the second applied to a greedy state misread as secure: the restraint it meets leaves
its odds high and it expands. ``docs/experiments.md`` measures both.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from .threat import Threat
from .type_belief import P_EXPLOIT_GREEDY, P_EXPLOIT_SECURE

DETER_AT = 0.6
REASSURE_AT = 0.4
ARM_GAIN = 1.0          # r x (1 + ARM_GAIN (p - 1/2)): x1.5 at certainty of greed, x0.5 at certainty of security
TRUST_REASSURE = 0.5    # earned trust enough to offer a treaty to a state believed secure (treaties.TRUST otherwise)


@dataclass(frozen=True)
class Policy:
    neighbour: int
    p_greedy: float
    kind: str            # "deterrence" | "reassurance" | "neutral"
    r: float             # security requirement toward this neighbour

    @property
    def deter(self) -> bool:
        return self.kind == "deterrence"

    @property
    def reassure(self) -> bool:
        return self.kind == "reassurance"


def policy_for(neighbour: int, p_greedy: float, r: float) -> Policy:
    """The policy toward one neighbour from my belief that it is greedy."""
    kind = "deterrence" if p_greedy >= DETER_AT else "reassurance" if p_greedy <= REASSURE_AT else "neutral"
    r_j = r * (1.0 + ARM_GAIN * (p_greedy - 0.5)) if kind != "neutral" else r
    return Policy(neighbour, p_greedy, kind, r_j)


def _p_coop(p_greedy: float) -> float:
    return 1.0 - (p_greedy * P_EXPLOIT_GREEDY + (1.0 - p_greedy) * P_EXPLOIT_SECURE)


def cooperation_prior(prior: float, p_greedy: float) -> float:
    """The stance's prior that the neighbour cooperates, given my belief that it is greedy."""
    return min(0.95, max(0.05, prior * _p_coop(p_greedy) / _p_coop(0.5)))


def policies(p_greedy: Mapping[int, float], r: float) -> dict[int, Policy]:
    return {j: policy_for(j, p, r) for j, p in sorted(p_greedy.items())}


def arming_threats(threats: Mapping[int, Threat], pols: Mapping[int, Policy]) -> dict[int, Threat]:
    """The threats the build planner secures against, each with the requirement its policy sets."""
    return {j: (replace(t, r=pols[j].r) if j in pols else t) for j, t in threats.items()}
