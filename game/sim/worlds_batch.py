"""Play the four worlds of one scenario file and check Jervis's ordering (the generality check of
issue 15: ``python -m game.sim.tools.worlds_generality``, ``tests/test_worlds_generality.py``)."""
from __future__ import annotations

from typing import Sequence

from game.engine.scenario import load_scenario
from game.sim.batch import CellSummary, GameRunner, iter_results, plan_cells
from game.sim.worlds import WORLD_KEYS


def run_worlds(scenario_path: str, games: int, turns: int, seed: int = 1, workers: int = 1,
               sets: Sequence[str] = (), variant: str | None = None) -> dict[str, dict]:
    """Play the four worlds of one scenario file; the summary row of each world, by key."""
    scenario = load_scenario(scenario_path)
    cells = plan_cells(scenario, variant, sets, [], WORLD_KEYS)
    summaries = [CellSummary(c) for c in cells]
    runner = GameRunner(scenario_path, cells, turns, seed)
    for r in iter_results(runner, games, workers):
        summaries[r.cell].add(r)
    return {c.world: s.row() for c, s in zip(cells, summaries) if c.world}
