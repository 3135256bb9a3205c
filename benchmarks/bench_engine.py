"""Engine speed (issue 2, item 6): turn resolution and all dyads' balances + stage games.

    python benchmarks/bench_engine.py [--turns 60] [--seed 3]

A generated 100x60 map with 8 states (half of them greedy) and 50 units each (400 units), era 1940, played by the
default AI policy without its builds, so the force stays near 400 units (the AI's own time is not
counted here; see bench_ai.py). For each turn we time
``resolve_turn`` and, separately, the computation of every ordered dyad's offense-defense balance
and both sides' stage games (what a turn's record and every view need), on a fresh state value so
that nothing cached by the views is reused; resolution, as in play, reuses the border scan the
views already made of that state (``GameState.derived``). Targets: resolution
<= 10 ms median, balances + stage games <= 5 ms median.
Last line: ``resolve_median_ms=X stage_median_ms=Y``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine.balance import border_axes, dyad_balances, neighbour_dyads  # noqa: E402
from game.engine.mapgen_scenario import generate_scenario  # noqa: E402
from game.engine.resolve import resolve_turn  # noqa: E402
from game.engine.scenario import build_state  # noqa: E402
from game.engine.scenario_schema import ScenarioSpec  # noqa: E402
from game.engine.stagegame import stage_games, true_forces  # noqa: E402
from game.engine.views import player_view  # noqa: E402
from game.sim.runner import default_policy  # noqa: E402


def all_stage_games(state) -> int:
    axes = border_axes(state)
    balances = dyad_balances(state, axes)
    incomes = dict(enumerate(state.incomes()))
    pairs = neighbour_dyads(axes, set(state.alive_ids()))
    return len(stage_games(state, true_forces(state), axes, balances, incomes, pairs, perceived=False))


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=60)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = generate_scenario(args.seed, 8, 100, 60, "1940", units_per_state=50)
    data["victory"] = {"max_turns": 1000, "territory_share": 1.0}
    for k, st in enumerate(data["states"]):      # half greedy, so that the turns include combat
        st["ai_type"] = "greedy" if k % 2 == 0 else "security_seeker"
    state = build_state(ScenarioSpec.model_validate(data), args.seed)
    gen_ms = (time.perf_counter() - t0) * 1000
    units = sum(sum(s.values()) for s in state.units.values())
    print(f"map 100x60, {len(state.nations)} states, {units} units, generated in {gen_ms:.0f} ms")
    policy = default_policy()
    resolve_ms, stage_ms, attacks, dyads = [], [], 0, 0
    events: list = []
    for _ in range(args.turns):
        if state.finished:
            break
        # The AI's stances, budgets, attacks and treaties, without its builds: the workload stays at
        # ~400 units as the issue specifies (with builds the armies grow ~15x over 60 turns).
        orders = {i: replace(policy(player_view(state, i, events)), builds=()) for i in state.alive_ids()}
        fresh = replace(state)   # a new state value: nothing derived yet (the views above cached theirs)
        t = time.perf_counter()
        dyads = all_stage_games(fresh)
        stage_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        state, events = resolve_turn(state, orders)
        resolve_ms.append((time.perf_counter() - t) * 1000)
        attacks += state.history[-1].attacks
    units = sum(sum(s.values()) for s in state.units.values())
    print(f"{len(resolve_ms)} turns, {attacks} attacks, {dyads} directed stage games per turn at the end, {units} units at the end")
    print(f"resolution:           median {statistics.median(resolve_ms):.2f} ms, p95 {pct(resolve_ms, .95):.2f} ms (target <= 10 ms median)")
    print(f"balances+stage games: median {statistics.median(stage_ms):.2f} ms, p95 {pct(stage_ms, .95):.2f} ms (target <= 5 ms median)")
    print(f"resolve_median_ms={statistics.median(resolve_ms):.2f} stage_median_ms={statistics.median(stage_ms):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
