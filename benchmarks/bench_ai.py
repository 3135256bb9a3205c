"""AI decision time (issue 14): Concert of Powers (100x60, 8 powers), the 7 AI states of a game with
one human seat (state 0, which here sends empty orders), turns 1-30.

    python benchmarks/bench_ai.py [--turns 30] [--seed 1] [--profile]

A turn's figure is the CPU time (``time.process_time``) of ``player_view`` + ``ai_orders`` for
all 7 AI states, views included, as one turn of play asks of the AI side. Median and p90 over the
turns; wall figures are printed too. Target: 2x faster than 9c9abb0, median and p90
(``benchmarks/compare.py``). Last line: ``ai_turn_ms=MEDIAN ai_p90_ms=P90 view_ms=MEDIAN orders_ms=MEDIAN``.
"""
from __future__ import annotations

import argparse
import sys
import time

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header, median, pct

from game.ai.controller import ai_orders  # noqa: E402
from game.engine.orders import Orders  # noqa: E402
from game.engine.resolve import resolve_turn  # noqa: E402
from game.engine.scenario import new_game  # noqa: E402
from game.engine.views import player_view  # noqa: E402

HUMAN = 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the timed work")
    a = ap.parse_args(argv)
    header("bench_ai")
    prof = None
    if a.profile:
        import cProfile
        prof = cProfile.Profile()
    with clock() as total:
        state = new_game(_bench.CODE_ROOT / "maps" / "concert_of_powers.yaml", None, a.seed,
                         (f"victory.max_turns={a.turns + 1}",))
        events: list = []
        turn_ms, view_ms, orders_ms, wall_ms = [], [], [], []
        for _ in range(a.turns):
            if state.finished:
                break
            orders = {HUMAN: Orders(HUMAN)}
            v = o = 0.0
            w = time.perf_counter()
            if prof is not None:
                prof.enable()
            for i in state.alive_ids():
                if i == HUMAN:
                    continue
                t0 = time.process_time()
                view = player_view(state, i, events)
                t1 = time.process_time()
                orders[i] = ai_orders(view)
                t2 = time.process_time()
                v, o = v + t1 - t0, o + t2 - t1
            if prof is not None:
                prof.disable()
            wall_ms.append((time.perf_counter() - w) * 1000)
            view_ms.append(v * 1000)
            orders_ms.append(o * 1000)
            turn_ms.append((v + o) * 1000)
            state, events = resolve_turn(state, orders)
    if prof is not None:
        import pstats
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    ais = len([i for i in range(len(state.nations)) if i != HUMAN])
    print(f"Concert of Powers, {ais} AI states, seed {a.seed}: {len(turn_ms)} turns timed, "
          f"{sum(r.attacks for r in state.history)} attacks, {len(state.alive_ids())} states alive at the end")
    print(f"views + AI orders, CPU ms a turn: median {median(turn_ms):.1f}, p90 {pct(turn_ms, .9):.1f}, "
          f"max {max(turn_ms):.1f} (wall median {median(wall_ms):.1f})")
    print(f"  player_view: median {median(view_ms):.1f}; ai_orders: median {median(orders_ms):.1f}")
    footer(total, {"ai_turn_ms": median(turn_ms), "ai_p90_ms": pct(turn_ms, .9), "view_ms": median(view_ms),
                   "orders_ms": median(orders_ms)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
