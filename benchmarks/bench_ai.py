"""AI decision time: 7 AI states on a 100x60 random map (issue 3 item 6; target <= 100 ms per turn).

Times, per turn, ``player_view`` + ``ai_orders`` for every living state (what one turn of an
all-AI game asks of the AI side), after a few warm-up turns so that forces, builds and beliefs
exist. Times are CPU time of this process (``time.process_time``), so that other processes on a
shared machine do not inflate them; wall-clock figures are printed too. The last line is
``ai_turn_ms=X``, the median CPU milliseconds per turn over the timed turns.

    python benchmarks/bench_ai.py [--turns N] [--seed S] [--profile]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai.controller import ai_orders  # noqa: E402
from game.engine.mapgen_scenario import generate_scenario  # noqa: E402
from game.engine.resolve import resolve_turn  # noqa: E402
from game.engine.rules import load_rules  # noqa: E402
from game.engine.scenario import build_state, cross_check  # noqa: E402
from game.engine.scenario_schema import ScenarioSpec  # noqa: E402
from game.engine.state import GameState  # noqa: E402
from game.engine.views import player_view  # noqa: E402

STATES, WIDTH, HEIGHT = 7, 100, 60


def large_state(seed: int) -> GameState:
    data = generate_scenario(seed, states=STATES, width=WIDTH, height=HEIGHT, era="1914")
    data["victory"]["max_turns"] = 1000
    types = ["security_seeker", "greedy", "security_seeker", "insecure_greedy", "security_seeker", "greedy", "security_seeker"]
    for st, kind in zip(data["states"], types):
        st["ai_type"] = kind
    spec = ScenarioSpec.model_validate(data)
    problems = cross_check(spec, load_rules())
    if problems:
        raise SystemExit(f"generated scenario is invalid: {problems[:3]}")
    return build_state(spec, seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=10, help="timed turns (after 3 warm-up turns)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the timed turns")
    args = ap.parse_args(argv)
    state = large_state(args.seed)
    print(f"map {WIDTH}x{HEIGHT}, {len(state.alive_ids())} AI states, seed {args.seed}")
    events: list = []
    view_ms: list[float] = []
    ai_ms: list[float] = []
    turn_ms: list[float] = []
    wall_ms: list[float] = []
    prof = None
    if args.profile:
        import cProfile
        prof = cProfile.Profile()
    for k in range(3 + args.turns):
        timed = k >= 3
        if timed and prof is not None:
            prof.enable()
        orders = {}
        v_total = a_total = 0.0
        w0 = time.perf_counter()
        for i in state.alive_ids():
            t0 = time.process_time()
            view = player_view(state, i, events)
            t1 = time.process_time()
            orders[i] = ai_orders(view)
            t2 = time.process_time()
            v_total += t1 - t0
            a_total += t2 - t1
        wall = time.perf_counter() - w0
        if timed and prof is not None:
            prof.disable()
        if timed:
            view_ms.append(v_total * 1000)
            ai_ms.append(a_total * 1000)
            turn_ms.append((v_total + a_total) * 1000)
            wall_ms.append(wall * 1000)
        state, events = resolve_turn(state, orders)
        if state.finished:
            break
    if prof is not None:
        import pstats
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    attacks = sum(r.attacks for r in state.history)
    print(f"turns timed {len(turn_ms)}; attacks so far {attacks}; states alive {len(state.alive_ids())}")
    print(f"player_view (all states) CPU ms/turn: median {statistics.median(view_ms):.1f}  mean {statistics.mean(view_ms):.1f}  max {max(view_ms):.1f}")
    print(f"ai_orders   (all states) CPU ms/turn: median {statistics.median(ai_ms):.1f}  mean {statistics.mean(ai_ms):.1f}  max {max(ai_ms):.1f}")
    print(f"view + AI   (all states) ms/turn: mean {statistics.mean(turn_ms):.1f} CPU, "
          f"median {statistics.median(wall_ms):.1f} wall-clock")
    print(f"ai_turn_ms={statistics.median(turn_ms):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
