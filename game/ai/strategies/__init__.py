"""Stance strategies for AI states and the abstract iterated-PD tournament.

``REGISTRY`` maps a key to its strategy class; ``make(key)`` builds one; ``describe_all()``
lists key, name and description for menus and help text. Strategies are stateless, so one
instance can serve any number of opponents and games.
"""

from __future__ import annotations

from typing import NamedTuple

from .base import (
    GAME_TYPES,
    MOTIVES,
    PD_PAYOFFS,
    Decision,
    DecisionContext,
    Move,
    Payoffs,
    Strategy,
)
from .bayesian import BayesianSecuritySeeker
from .grudger import Grim
from .pavlov import WinStayLoseShift
from .titfortat import GenerousTitForTat, TitForTat, TitForTwoTats, generosity
from .unconditional import AlwaysCooperate, AlwaysDefect, RandomStrategy

REGISTRY: dict[str, type[Strategy]] = {
    cls.key: cls
    for cls in (
        TitForTat,
        GenerousTitForTat,
        TitForTwoTats,
        WinStayLoseShift,
        Grim,
        AlwaysCooperate,
        AlwaysDefect,
        RandomStrategy,
        BayesianSecuritySeeker,
    )
}


class StrategyInfo(NamedTuple):
    key: str
    name: str
    description: str


def make(key: str) -> Strategy:
    """Instantiate the strategy registered under ``key``; KeyError names the valid keys."""
    try:
        cls = REGISTRY[key]
    except KeyError:
        raise KeyError(
            f"unknown strategy {key!r}; choose from {', '.join(REGISTRY)}"
        ) from None
    return cls()


def describe_all() -> tuple[StrategyInfo, ...]:
    """(key, name, description) for every registered strategy, in registry order."""
    return tuple(StrategyInfo(cls.key, cls.name, cls.description) for cls in REGISTRY.values())


__all__ = [
    "GAME_TYPES",
    "MOTIVES",
    "PD_PAYOFFS",
    "REGISTRY",
    "BayesianSecuritySeeker",
    "Decision",
    "DecisionContext",
    "Move",
    "Payoffs",
    "Strategy",
    "StrategyInfo",
    "describe_all",
    "generosity",
    "make",
]
