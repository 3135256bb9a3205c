"""Building the player views of one state (issue 14): what a network host does after each resolution
and what every AI turn starts with. Concert of Powers (100x60, 8 powers), turns 1-30 of an AI game.

    python benchmarks/bench_views.py [--turns 30] [--seed 1] [--scenario FILE] [--profile]

At each turn, the 8 players' views and the public one (9 views) are built on a fresh value of the
state (``dataclasses.replace``: nothing cached by an earlier view or resolution, as on the host,
where the new state has just been made), timed together; then the game moves on with the AI's
orders from those views. A turn's figure is the CPU time (``time.process_time``) of the 9 views;
median and p90 over the turns (wall in brackets). The views must be the same on every tree (the
last line holds a digest of them: compare it between trees). Last line:
``views_ms=MEDIAN views_p90_ms=P90 view_digest=HEX``.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import replace

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header, median, pct

from game.ai.controller import ai_orders  # noqa: E402
from game.engine.resolve import resolve_turn  # noqa: E402
from game.engine.scenario import new_game  # noqa: E402
from game.engine.views import player_view  # noqa: E402


def digest_of(views: list) -> bytes:
    """A digest of what the views say (estimates, stage games, balances: the computed parts)."""
    return hashlib.sha256(repr([(v.me, v.estimates, v.games, v.balances, v.my_units) for v in views]).encode()).digest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=str(_bench.CODE_ROOT / "maps" / "concert_of_powers.yaml"))
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the timed work")
    a = ap.parse_args(argv)
    header("bench_views")
    prof = None
    if a.profile:
        import cProfile
        prof = cProfile.Profile()
    digest = hashlib.sha256()
    with clock() as total:
        state = new_game(a.scenario, None, a.seed, (f"victory.max_turns={a.turns + 1}",))
        events: list = []
        cpu_ms, wall_ms = [], []
        for _ in range(a.turns):
            if state.finished:
                break
            fresh = replace(state)
            ids = [n.id for n in state.nations] + [None]
            w, t0 = time.perf_counter(), time.process_time()
            if prof is not None:
                prof.enable()
            views = [player_view(fresh, i, events) for i in ids]
            if prof is not None:
                prof.disable()
            cpu_ms.append((time.process_time() - t0) * 1000)
            wall_ms.append((time.perf_counter() - w) * 1000)
            digest.update(digest_of(views))
            orders = {v.me: ai_orders(v) for v in views if v.me is not None and state.nations[v.me].alive}
            state, events = resolve_turn(state, orders)
    if prof is not None:
        import pstats
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    print(f"{a.scenario}, seed {a.seed}: {len(cpu_ms)} turns, {len(state.nations) + 1} views a turn")
    print(f"9 views of a fresh state, CPU ms: median {median(cpu_ms):.1f}, p90 {pct(cpu_ms, .9):.1f}, "
          f"max {max(cpu_ms):.1f} (wall median {median(wall_ms):.1f}, p90 {pct(wall_ms, .9):.1f})")
    footer(total, {"views_ms": median(cpu_ms), "views_p90_ms": pct(cpu_ms, .9),
                   "view_digest": digest.hexdigest()[:16]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
