"""Grim trigger: cooperate until the first defection, then defect for ever."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .base import Decision, DecisionContext, Move, Moves, Payoffs, Strategy


class Grim(Strategy):
    """Cooperate until they have ever defected (as observed), then always defect.

    The trigger is recomputed from the history every turn; nothing is stored.
    """

    key: ClassVar[str] = "grim"
    name: ClassVar[str] = "Grim Trigger"
    description: ClassVar[str] = (
        "Cooperates until the other side defects once, then defects for the rest of the game. "
        "It never forgives."
    )

    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return "D" if "D" in theirs else "C"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        if "D" not in ctx.their_moves:
            if not ctx.their_moves:
                return self.opening()
            return Decision(
                "C",
                "reciprocity",
                f"They have never defected, so {self.name} keeps cooperating.",
                {"turn": ctx.turn},
            )
        first = ctx.their_moves.index("D") + 1
        return Decision(
            "D",
            "reciprocity",
            f"They defected on turn {first}, and {self.name} never forgives, so it defects.",
            {"turn": ctx.turn, "first_defection_turn": first},
        )
