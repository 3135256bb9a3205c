"""Shared types for stance strategies: moves, stage-game payoffs, decision context and result.

A strategy decides one stance (C = cooperate / restrain, D = defect / arm) toward one opponent.
Strategies are pure functions of ``(ctx, rng)``: they keep no per-instance mutable state, so
anything like "grim has been triggered" or a belief is recomputed from the move history.
A strategy draws from ``rng`` only at a step where it is actually random, so deterministic
strategies never consume draws and games stay reproducible.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, Literal

import numpy as np

Move = Literal["C", "D"]
Moves = tuple[Move, ...]
MOVES: tuple[Move, Move] = ("C", "D")
_VALID_MOVES: frozenset[str] = frozenset(MOVES)
MOTIVES: frozenset[str] = frozenset(
    {"reciprocity", "fear", "greed", "reassurance", "trust", "rule", "chance"}
)

HARMONY = "Harmony"
STAG_HUNT = "Stag Hunt"
PRISONERS_DILEMMA = "Prisoner's Dilemma"
CHICKEN = "Chicken"
DEADLOCK = "Deadlock"
GAME_TYPES: tuple[str, ...] = (HARMONY, STAG_HUNT, PRISONERS_DILEMMA, CHICKEN, DEADLOCK)


@dataclass(frozen=True)
class Payoffs:
    """The 2x2 stage game from the deciding side's point of view.

    The first letter is *my* move, the second the other's: ``cd`` is what I get when I
    cooperate and they defect (being exploited).
    """

    cc: float
    cd: float
    dc: float
    dd: float

    def __post_init__(self) -> None:
        for name in ("cc", "cd", "dc", "dd"):
            value = getattr(self, name)
            if not math.isfinite(value):
                raise ValueError(f"payoff {name} must be a finite number, got {value!r}")

    @classmethod
    def from_rstp(cls, r: float, s: float, t: float, p: float) -> Payoffs:
        """Build from the iterated-PD letters: R=cc (reward), S=cd (sucker), T=dc (temptation), P=dd."""
        return cls(cc=float(r), cd=float(s), dc=float(t), dd=float(p))

    def payoff(self, mine: Move, theirs: Move) -> float:
        """My payoff for the outcome (mine, theirs)."""
        if mine == "C":
            return self.cc if theirs == "C" else self.cd
        return self.dc if theirs == "C" else self.dd

    def classify(self) -> str:
        """Name the game by the ordering of the cells (ties go to the more cooperative game).

        CC>=DC and CD>=DD: Harmony; CC>=DC and DD>CD: Stag Hunt; DC>CC and DD>CD: Prisoner's
        Dilemma if CC>DD else Deadlock; DC>CC and CD>=DD: Chicken.
        """
        if self.cc >= self.dc:
            return HARMONY if self.cd >= self.dd else STAG_HUNT
        if self.dd > self.cd:
            return PRISONERS_DILEMMA if self.cc > self.dd else DEADLOCK
        return CHICKEN

    def coop_threshold(self) -> float | None:
        """q* = (DD-CD)/((CC-DC)+(DD-CD)): the belief that they cooperate at which C and D pay
        the same in expectation. None when the denominator is <= 0 (no such belief in [0, 1]
        above which C is better; in Chicken the indifference point is
        :meth:`chicken_threshold`)."""
        denominator = (self.cc - self.dc) + (self.dd - self.cd)
        if denominator <= 0:
            return None
        return (self.dd - self.cd) / denominator

    def chicken_threshold(self) -> float | None:
        """In Chicken (DC>CC, CD>=DD) C is the best reply iff q <= this value
        = (CD-DD)/((DC-CC)+(CD-DD)), the same indifference point as q* written with a positive
        denominator. None for the other games."""
        if self.classify() != CHICKEN:
            return None
        return (self.cd - self.dd) / ((self.dc - self.cc) + (self.cd - self.dd))

    def as_numbers(self) -> dict[str, float]:
        """The four cells, for ``Decision.numbers``."""
        return {"cc": self.cc, "cd": self.cd, "dc": self.dc, "dd": self.dd}


PD_PAYOFFS = Payoffs.from_rstp(3.0, 0.0, 5.0, 1.0)
"""Axelrod's tournament payoffs R=3, S=0, T=5, P=1."""


@dataclass(frozen=True)
class DecisionContext:
    """Everything a strategy may look at when choosing its stance toward one opponent."""

    my_moves: tuple[Move, ...]
    their_moves: tuple[Move, ...]
    payoffs: Payoffs
    distinguishability: float = 0.0
    observed_offensive_share: float | None = None
    prior_coop: float = 0.5
    continuation: float = 0.9

    def __post_init__(self) -> None:
        if len(self.my_moves) != len(self.their_moves):
            raise ValueError(
                f"my_moves and their_moves must have the same length "
                f"({len(self.my_moves)} != {len(self.their_moves)})"
            )
        if not _VALID_MOVES.issuperset(self.my_moves) or not _VALID_MOVES.issuperset(
            self.their_moves
        ):
            bad = sorted((set(self.my_moves) | set(self.their_moves)) - _VALID_MOVES, key=repr)
            raise ValueError(f"moves must be 'C' or 'D', got {bad!r}")
        _check_unit("distinguishability", self.distinguishability)
        _check_unit("prior_coop", self.prior_coop)
        _check_unit("continuation", self.continuation)
        if self.observed_offensive_share is not None:
            _check_unit("observed_offensive_share", self.observed_offensive_share)

    @classmethod
    def of_play(cls, my_moves: tuple[Move, ...], their_moves: tuple[Move, ...], payoffs: Payoffs) -> DecisionContext:
        """A context on histories that a match loop built itself from strategies' moves (so already
        valid, same length): skips re-checking the whole history, which made a match quadratic in its
        turns. The other fields keep their defaults."""
        ctx = cls.__new__(cls)
        ctx.__dict__.update(my_moves=my_moves, their_moves=their_moves, payoffs=payoffs)
        return ctx

    @property
    def turn(self) -> int:
        """1-based number of the turn being decided."""
        return len(self.my_moves) + 1


def _check_unit(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")


@dataclass(frozen=True)
class Decision:
    """A chosen move with a motive, a one-sentence reason and the numbers behind it."""

    move: Move
    motive: str
    reason: str
    numbers: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.move not in MOVES:
            raise ValueError(f"move must be 'C' or 'D', got {self.move!r}")
        if self.motive not in MOTIVES:
            raise ValueError(f"unknown motive {self.motive!r}; expected one of {sorted(MOTIVES)}")
        frozen = MappingProxyType({k: float(v) for k, v in self.numbers.items()})
        object.__setattr__(self, "numbers", frozen)


class Strategy(ABC):
    """A stance rule. Subclasses set ``key``, ``name``, ``description`` and implement ``decide``.

    ``decide`` must be a pure function of its arguments: no instance state may change.
    """

    key: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    # True when ``decide`` never draws from ``rng``: without noise, a match between two such
    # strategies is the same in every repetition of a tournament.
    deterministic: ClassVar[bool] = False

    @abstractmethod
    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        """Choose this turn's move toward the opponent described by ``ctx``."""

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        """``decide(DecisionContext(mine, theirs, payoffs), rng).move`` without the reason text or the
        context (a tournament reads only moves; ``mine`` and ``theirs`` are valid histories of one
        length). Overrides make the same draws as ``decide`` (tests/test_lean_moves.py checks it)."""
        return self.decide(DecisionContext.of_play(mine, theirs, payoffs), rng).move

    def opening(self, numbers: Mapping[str, float] | None = None) -> Decision:
        """The first-turn move of the strategies that open with trust: cooperate."""
        return Decision("C", "trust", f"{self.name} opens by cooperating.", {"turn": 1} if numbers is None else numbers)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


def fmt(x: float) -> str:
    """Format a number for a reason sentence: at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
