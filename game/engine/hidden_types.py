"""The hidden types a state can have (docs/ai.md; Glaser 1992): the one registry of their keys,
their names as the debriefs and consoles show them, and how each weighs the score. The scenario
schema, the scoring, the AI's profiles and every screen that reveals a type read it from here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HiddenType:
    key: str                                    # as written in scenarios and saves
    name: str                                   # as shown to players after the game
    score_weights: tuple[float, float, float]   # (prosperity, security, conquest), design values


HIDDEN_TYPES: tuple[HiddenType, ...] = (
    HiddenType("security_seeker", "security seeker", (1.0, 2.0, 0.0)),
    HiddenType("greedy", "greedy", (1.0, 1.0, 2.0)),
    HiddenType("insecure_greedy", "insecure greedy", (1.0, 1.5, 1.5)),
)
TYPE_KEYS: tuple[str, ...] = tuple(t.key for t in HIDDEN_TYPES)
DEFAULT_TYPE = "security_seeker"
_BY_KEY = {t.key: t for t in HIDDEN_TYPES}


def hidden_type(key: str) -> HiddenType:
    """The type of a key; an unknown key is the default type (a security seeker)."""
    return _BY_KEY.get(key, _BY_KEY[DEFAULT_TYPE])


def type_name(key: str) -> str:
    """The type's name for display; an unknown key is shown as it is."""
    t = _BY_KEY.get(key)
    return t.name if t is not None else key
