"""Scores (docs/rules.md §10): prosperity + security, weighted by a state's type; greedy types also score conquest."""
from __future__ import annotations

from dataclasses import dataclass

from .state import GameState

# (prosperity, security, conquest) weights per hidden type (design values).
WEIGHTS = {
    "security_seeker": (1.0, 2.0, 0.0),
    "greedy": (1.0, 1.0, 2.0),
    "insecure_greedy": (1.0, 1.5, 1.5),
}


@dataclass(frozen=True)
class Score:
    nation: int
    prosperity: float     # treasury / 10 + income
    security: float       # share of the starting territory still held x 100, +50 with the capital
    conquest: float       # hexes held beyond the start x 10
    total: float


def scores(state: GameState) -> list[Score]:
    out = []
    for n in state.nations:
        held = sum(1 for o in state.owner if o == n.id)
        base = state.start_territory[n.id] if state.start_territory else held
        prosperity = n.treasury / 10.0 + (state.income(n.id) if n.alive else 0.0)
        security = 100.0 * min(held, base) / max(base, 1) + (50.0 if state.owner[n.capital] == n.id else 0.0)
        conquest = 10.0 * max(0, held - base)
        wp, ws, wc = WEIGHTS.get(n.ai_type, WEIGHTS["security_seeker"])
        out.append(Score(n.id, round(prosperity, 3), round(security, 3), round(conquest, 3),
                         round(wp * prosperity + ws * security + wc * conquest, 3)))
    return out
