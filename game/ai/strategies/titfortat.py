"""The Tit-for-Tat family: TFT, Generous TFT and Tit-for-Two-Tats (Axelrod 1984; IFN07)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .base import Decision, DecisionContext, Move, Moves, Payoffs, Strategy, fmt


class TitForTat(Strategy):
    """Cooperate first, then copy the opponent's last (observed) move."""

    key: ClassVar[str] = "tft"
    name: ClassVar[str] = "Tit-for-Tat"
    description: ClassVar[str] = (
        "Cooperates on the first turn, then does whatever the other side did last turn."
    )
    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return theirs[-1] if theirs else "C"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        if not ctx.their_moves:
            return self.opening()
        last = ctx.their_moves[-1]
        verb = "cooperated" if last == "C" else "defected"
        return Decision(
            last,
            "reciprocity",
            f"They {verb} last turn, so {self.name} {_act(last)}.",
            {"turn": ctx.turn, "their_last_coop": float(last == "C")},
        )


def generosity(payoffs: Payoffs) -> float:
    """Forgiveness probability g = min(1-(T-R)/(R-S), (R-P)/(T-P)), clamped to [0, 1].

    T=dc, R=cc, P=dd, S=cd (Nowak & Sigmund's generous TFT; 1/3 for 5/3/1/0). A term whose
    denominator is <= 0 puts no limit on forgiving and is dropped; with neither term g = 1.
    """
    t, r, p, s = payoffs.dc, payoffs.cc, payoffs.dd, payoffs.cd
    terms = []
    if r - s > 0:
        terms.append(1.0 - (t - r) / (r - s))
    if t - p > 0:
        terms.append((r - p) / (t - p))
    g = min(terms) if terms else 1.0
    return min(1.0, max(0.0, g))


class GenerousTitForTat(Strategy):
    """TFT, but after a defection forgive (cooperate) with probability g from :func:`generosity`."""

    key: ClassVar[str] = "gtft"
    name: ClassVar[str] = "Generous Tit-for-Tat"
    description: ClassVar[str] = (
        "Like Tit-for-Tat, but after the other side defects it sometimes forgives and cooperates "
        "anyway (1 time in 3 with the classic 5/3/1/0 payoffs), so one mistake does not start an "
        "endless feud."
    )

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        if not theirs or theirs[-1] == "C":
            return "C"
        g = generosity(payoffs)
        if 0.0 < g < 1.0:  # the same draw as decide's
            return "C" if float(rng.random()) < g else "D"
        return "C" if g >= 1.0 else "D"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        if not ctx.their_moves:
            return self.opening()
        if ctx.their_moves[-1] == "C":
            return Decision(
                "C",
                "reciprocity",
                f"They cooperated last turn, so {self.name} cooperates.",
                {"turn": ctx.turn, "their_last_coop": 1.0},
            )
        g = generosity(ctx.payoffs)
        numbers: dict[str, float] = {"turn": ctx.turn, "their_last_coop": 0.0, "forgive_prob": g}
        if 0.0 < g < 1.0:  # only a genuinely random step consumes a draw
            draw = float(rng.random())
            numbers["draw"] = draw
            forgive = draw < g
            odds = f", draw {fmt(draw)}"
        else:
            forgive = g >= 1.0
            odds = ""
        if forgive:
            return Decision(
                "C",
                "reassurance",
                f"They defected last turn, but {self.name} forgave (forgiveness probability "
                f"{fmt(g)}{odds}), so it cooperates.",
                numbers,
            )
        return Decision(
            "D",
            "reciprocity",
            f"They defected last turn and {self.name} did not forgive (forgiveness probability "
            f"{fmt(g)}{odds}), so it defects.",
            numbers,
        )


class TitForTwoTats(Strategy):
    """Defect only after two consecutive defections by the opponent."""

    key: ClassVar[str] = "tf2t"
    name: ClassVar[str] = "Tit-for-Two-Tats"
    description: ClassVar[str] = (
        "Cooperates unless the other side defected on each of the last two turns; a single "
        "defection is let go."
    )
    deterministic: ClassVar[bool] = True

    def move(self, mine: Moves, theirs: Moves, payoffs: Payoffs, rng: np.random.Generator) -> Move:
        return "D" if theirs[-2:] == ("D", "D") else "C"

    def decide(self, ctx: DecisionContext, rng: np.random.Generator) -> Decision:
        recent = ctx.their_moves[-2:]
        numbers = {"turn": ctx.turn, "recent_defections": float(recent.count("D"))}
        if not recent:
            return self.opening(numbers)
        if recent == ("D", "D"):
            return Decision(
                "D",
                "reciprocity",
                f"They defected on each of the last two turns, so {self.name} defects.",
                numbers,
            )
        if recent[-1] == "D":
            return Decision(
                "C",
                "reassurance",
                f"They defected last turn but not twice in a row, so {self.name} lets it go and "
                "cooperates.",
                numbers,
            )
        return Decision(
            "C", "reciprocity", f"They cooperated last turn, so {self.name} cooperates.", numbers
        )


def _act(move: str) -> str:
    return "cooperates" if move == "C" else "defects"
