"""Hidden AI types (docs/ai.md; docs/theory.md prop. 2, 6; Glaser 1992): how a state values the game.

* ``security_seeker``: wants to keep what it has. No intrinsic gain from conquest; its subjective
  security requirement r scales how much being exploited (CD) hurts (docs/theory.md prop. 6).
* ``greedy``: values conquest: the gain of exploiting a cooperator (DC) is scaled up, it buys
  offence for later opportunities and attacks whenever its odds are good.
* ``insecure_greedy``: both at once: greedy about gains and as fearful as its r says.

Types change *valuation and plans*, never what a state may see.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.engine.hidden_types import DEFAULT_TYPE, TYPE_KEYS


@dataclass(frozen=True)
class TypeProfile:
    key: str
    greed: float            # multiplier on the conquest gain inside DC
    fearful: bool           # whether r scales the cost of being exploited (CD)
    offence_taste: float    # share of spare arms money it puts into offence while not at war
    attack_odds: float      # success odds it wants before an opportunistic attack (1 = never)
    preempts: bool          # attacks first out of fear when offence dominates (invariant 7)
    econ_share: float       # share of money left after security that goes to the economy


PROFILES: dict[str, TypeProfile] = {
    "security_seeker": TypeProfile("security_seeker", greed=1.0, fearful=True, offence_taste=0.0,
                                   attack_odds=1.0, preempts=True, econ_share=0.6),
    "greedy": TypeProfile("greedy", greed=2.0, fearful=False, offence_taste=0.5,
                          attack_odds=0.65, preempts=False, econ_share=0.4),
    "insecure_greedy": TypeProfile("insecure_greedy", greed=2.0, fearful=True, offence_taste=0.4,
                                   attack_odds=0.7, preempts=True, econ_share=0.4),
}


assert set(PROFILES) == set(TYPE_KEYS), "every hidden type of the registry needs one AI profile"


def profile_of(ai_type: str) -> TypeProfile:
    """The profile for a type key; unknown keys play as the default type (security seekers)."""
    return PROFILES.get(ai_type, PROFILES[DEFAULT_TYPE])
