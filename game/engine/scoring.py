"""Scores (docs/rules.md §10): prosperity + security, weighted by a state's type; greedy types also score conquest."""
from __future__ import annotations

from dataclasses import dataclass

from .hidden_types import hidden_type
from .state import GameState


@dataclass(frozen=True)
class Score:
    nation: int
    prosperity: float     # treasury / 10 + income (the numbers: ``scoring`` in constants.yaml)
    security: float       # share of the starting territory still held x 100, +50 with the capital
    conquest: float       # hexes held beyond the start x 10
    total: float


def scores(state: GameState) -> list[Score]:
    c = state.gmap.rules.constants.scoring
    out = []
    for n in state.nations:
        held = sum(1 for o in state.owner if o == n.id)
        base = state.start_territory[n.id] if state.start_territory else held
        prosperity = n.treasury / c.treasury_per_point + (state.income(n.id) if n.alive else 0.0)
        security = c.full_security * min(held, base) / max(base, 1) + (c.capital_bonus if state.owner[n.capital] == n.id else 0.0)
        conquest = c.conquest_per_hex * max(0, held - base)
        wp, ws, wc = hidden_type(n.ai_type).score_weights
        out.append(Score(n.id, round(prosperity, 3), round(security, 3), round(conquest, 3),
                         round(wp * prosperity + ws * security + wc * conquest, 3)))
    return out
