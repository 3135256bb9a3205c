"""Win-Stay-Lose-Shift (Pavlov; Nowak & Sigmund 1993, IFN07)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .base import Decision, DecisionContext, Move, Moves, Payoffs, Strategy, fmt


class WinStayLoseShift(Strategy):
    """Cooperate first; then repeat my last move if it "won", otherwise switch.

    The last outcome wins when it paid at least the mutual-cooperation payoff R (aspiration
    level R = ``ctx.payoffs.cc``). In a Prisoner's Dilemma that means CC and DC win, CD and DD
    lose, the classic Pavlov rule. The last outcome is valued with this turn's stage game
    (``ctx.payoffs``), since the context carries no older matrices.
    """

    key: ClassVar[str] = "wsls"
    name: ClassVar[str] = "Win-Stay-Lose-Shift"
    description: ClassVar[str] = (
        "Also called Pavlov. Cooperates first; afterwards keeps its last move if that turn paid at "
        "least as well as mutual cooperation, and switches move if it did not. It recovers from "
        "accidental defections quickly."
    )
    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        if not mine:
            return "C"
        last = mine[-1]
        if payoffs.payoff(last, theirs[-1]) >= payoffs.cc:
            return last
        return "D" if last == "C" else "C"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        if not ctx.my_moves:
            return self.opening()
        mine, theirs = ctx.my_moves[-1], ctx.their_moves[-1]
        got = ctx.payoffs.payoff(mine, theirs)
        aspiration = ctx.payoffs.cc
        numbers = {"turn": ctx.turn, "last_payoff": got, "aspiration": aspiration}
        outcome = mine + theirs
        if got >= aspiration:
            return Decision(
                mine,
                "rule",
                f"Last turn's {outcome} paid {fmt(got)}, at least the {fmt(aspiration)} of mutual "
                f"cooperation, so {self.name} stays with {mine}.",
                numbers,
            )
        switched = "D" if mine == "C" else "C"
        return Decision(
            switched,
            "rule",
            f"Last turn's {outcome} paid {fmt(got)}, less than the {fmt(aspiration)} of mutual "
            f"cooperation, so {self.name} switches to {switched}.",
            numbers,
        )
