"""The ``turns.csv`` schema: one row per pair of neighbours per turn, from a ``TurnRecord``.

Written by ``run --out`` and by the after-action report (``game.sim.report``); one definition so
the two files always have the same columns.
"""
from __future__ import annotations

from game.engine.pairkey import PairKey
from game.engine.state import TurnRecord

CSV_FIELDS = ["turn", "dyad", "outcome", "stance_a", "stance_b", "balance_ab", "balance_ba", "world",
              "game_a", "game_b", "war", "attacks", "first_strikes", "territory", "treasury", "arms_spent",
              "econ_spent", "state_hash"]


def record_rows(rec: TurnRecord) -> list[dict]:
    """The rows of one turn: one per pair of neighbours (a single empty-pair row when there is none)."""
    rows = []
    common = {"turn": rec.turn, "attacks": rec.attacks, "first_strikes": rec.first_strikes,
              "territory": " ".join(map(str, rec.territory)),
              "treasury": " ".join(f"{x:.2f}" for x in rec.treasury),
              "arms_spent": " ".join(f"{x:.2f}" for x in rec.arms_spent),
              "econ_spent": " ".join(f"{x:.2f}" for x in rec.econ_spent), "state_hash": rec.state_hash}
    for key, outcome in rec.outcomes.items():
        ab, ba = PairKey.parse(key).directions()
        rows.append({**common, "dyad": key, "outcome": outcome, "stance_a": outcome[0], "stance_b": outcome[1],
                     "balance_ab": rec.balance.get(ab, ""), "balance_ba": rec.balance.get(ba, ""),
                     "world": rec.world.get(key, ""), "game_a": rec.games.get(ab, ""),
                     "game_b": rec.games.get(ba, ""), "war": int(key in rec.wars)})
    if not rows:
        rows.append({**common, "dyad": "", "outcome": ""})
    return rows
