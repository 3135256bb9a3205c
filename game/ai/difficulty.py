"""Difficulty levels: how far ahead an AI state looks and how often it slips (docs/ai.md).

Difficulty changes *foresight* (the weight it puts on future turns and how many turns of its own
build queue it counts on) and *noise* (random mistakes), never what it may see: every level reads
the same :class:`~game.engine.views.PlayerView`. Mistakes are drawn from a generator seeded by the
view (``numpy.random.default_rng([turn, me, noise_seed])``), so an AI is deterministic given its view.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.views import PlayerView


@dataclass(frozen=True)
class Difficulty:
    key: str
    foresight: float       # multiplies the continuation (shadow of the future) it assumes
    lookahead: int         # turns of its own build queue it counts as defence already there
    mistake_rate: float    # chance that one stance comes out the other way by mistake
    odds_margin: float     # extra success odds it wants before attacking (caution of a weak player)


DIFFICULTIES: dict[str, Difficulty] = {
    "easy": Difficulty("easy", foresight=0.6, lookahead=1, mistake_rate=0.08, odds_margin=0.1),
    "normal": Difficulty("normal", foresight=1.0, lookahead=2, mistake_rate=0.02, odds_margin=0.0),
    "hard": Difficulty("hard", foresight=1.0, lookahead=3, mistake_rate=0.0, odds_margin=0.0),
}


def difficulty_of(key: str) -> Difficulty:
    """The profile for a difficulty key; unknown keys play as 'normal'."""
    return DIFFICULTIES.get(key, DIFFICULTIES["normal"])


def view_rng(view: PlayerView) -> np.random.Generator:
    """The AI's own generator for this turn: a pure function of the view."""
    me = -1 if view.me is None else view.me
    return np.random.default_rng([view.turn, me + 1, view.noise_seed])
