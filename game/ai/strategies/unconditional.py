"""Strategies that ignore the history: Always Cooperate, Always Defect, Random."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .base import Decision, DecisionContext, Move, Moves, Payoffs, Strategy, fmt


class AlwaysCooperate(Strategy):
    """Cooperate every turn."""

    key: ClassVar[str] = "allc"
    name: ClassVar[str] = "Always Cooperate"
    description: ClassVar[str] = "Cooperates every turn, whatever the other side does."

    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return "C"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        return Decision("C", "rule", f"{self.name} cooperates every turn.", {"turn": ctx.turn})


class AlwaysDefect(Strategy):
    """Defect every turn."""

    key: ClassVar[str] = "alld"
    name: ClassVar[str] = "Always Defect"
    description: ClassVar[str] = "Defects every turn, whatever the other side does."

    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return "D"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        return Decision("D", "rule", f"{self.name} defects every turn.", {"turn": ctx.turn})


class RandomStrategy(Strategy):
    """Cooperate with probability 0.5, independently each turn (one draw per turn)."""

    key: ClassVar[str] = "random"
    name: ClassVar[str] = "Random"
    description: ClassVar[str] = "Flips a fair coin every turn: cooperates on heads, defects on tails."

    p_coop: ClassVar[float] = 0.5

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return "C" if float(rng.random()) < self.p_coop else "D"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        draw = float(rng.random())
        move = "C" if draw < self.p_coop else "D"
        return Decision(
            move,
            "chance",
            f"A coin flip (draw {fmt(draw)}, cooperate below {fmt(self.p_coop)}) says {move}.",
            {"turn": ctx.turn, "draw": draw, "p_coop": self.p_coop},
        )
