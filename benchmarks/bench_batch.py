"""Speed and memory figures for headless research runs (issue 3, item 6).

    python benchmarks/bench_batch.py [--games 1000] [--turns 50] [--workers 2] [--memory-games 200,2000]

1. the four-worlds batch: ``--games`` games in all (split over the four variants) x ``--turns``
   turns on ``--workers`` processes (target <= 30 s for 1,000 x 50 on 2 workers);
2. memory: peak RSS of this process after an in-process batch of 200 and then of 2,000 one-turn
   games (a flat batch keeps the second peak close to the first);
3. the ipd round robin, 8 strategies x 200 turns x 10 repetitions (target well under 1 s);
4. AI decisions per turn: ``benchmarks/bench_ai.py``'s figure when that script exists, else the
   default policy for every state of the largest shipped map.

The last line is ``batch_s=X ai_turn_ms=Y ipd_s=Z``.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.cli.cmd_batch import run_batch  # noqa: E402
from game.engine.scenario import load_scenario, new_game  # noqa: E402
from game.engine.views import player_view  # noqa: E402
from game.sim.runner import default_policy  # noqa: E402

FOUR_WORLDS = str(ROOT / "maps" / "four_worlds.yaml")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KiB


def current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / (1024.0 * 1024.0)
    except OSError:     # not Linux
        return float("nan")


def bench_batch(games: int, turns: int, workers: int) -> float:
    per_cell = max(1, games // 4)
    n = 4 * per_cell
    before = _cpu_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        code = run_batch(FOUR_WORLDS, "all", per_cell, turns, 1, [], [], workers, Path(tmp),
                         progress=False, stdout=io.StringIO())
        elapsed = time.perf_counter() - t0
    assert code == 0
    cpu = _cpu_seconds() - before
    print(f"four-worlds batch: {n} games x {turns} turns on {workers} workers: {elapsed:.2f} s wall "
          f"({elapsed / n * workers * 1000:.1f} ms per game per worker)")
    print(f"four-worlds batch: CPU {cpu:.1f} s in all processes = {cpu / n * 1000:.1f} ms per game; "
          f"{cpu / workers:.1f} s if the {workers} workers had their cores to themselves "
          f"(load average: {os.getloadavg()[0]:.1f})")
    return elapsed


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (the batch's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench_memory(sizes: list[int]) -> None:
    """Peak RSS after in-process batches of growing size (one-turn games, so it stays quick)."""
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t0 = time.perf_counter()
            run_batch(FOUR_WORLDS, "w4", n, 1, 1, [], [], 1, Path(tmp) / str(n), progress=False,
                      stdout=io.StringIO())
            print(f"memory: after {n:>6} games in-process: peak RSS {peak_rss_mb():.1f} MB, "
                  f"current {current_rss_mb():.1f} MB ({time.perf_counter() - t0:.1f} s)")


def bench_ipd() -> float:
    try:
        from game.sim.ipd import run_tournament
    except ImportError:
        print("ipd: game.sim.ipd not available")
        return float("nan")
    keys = ["tft", "gtft", "wsls", "grim", "allc", "alld", "random", "tf2t"]
    t0 = time.perf_counter()
    run_tournament(keys, 200, 10, 0.0, (3, 0, 5, 1), 1)
    elapsed = time.perf_counter() - t0
    print(f"ipd: 8 strategies x 200 turns x 10 repetitions: {elapsed:.3f} s")
    return elapsed


def _bench_ai_module():
    path = ROOT / "benchmarks" / "bench_ai.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("bench_ai", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def bench_ai(turns: int = 10) -> float:
    mod = _bench_ai_module()
    if mod is not None and callable(getattr(mod, "main", None)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            mod.main(["--turns", str(turns)])
        lines = buf.getvalue().strip().splitlines()
        for line in lines[:-1]:
            print(f"AI (bench_ai.py): {line}")
        ms = float(lines[-1].split("=", 1)[1])
        return ms
    maps = sorted((ROOT / "maps").glob("*.yaml"))
    best = max(maps, key=lambda p: (lambda s: s.map.width * s.map.height)(load_scenario(p).spec))
    state = new_game(best, None, 1)
    policy = default_policy()
    events: list = []
    from game.engine.resolve import resolve_turn
    spent, played = 0.0, 0
    for _ in range(turns):
        if state.finished:
            break
        t0 = time.perf_counter()
        orders = {i: policy(player_view(state, i, events)) for i in state.alive_ids()}
        spent += time.perf_counter() - t0
        played += 1
        state, events = resolve_turn(state, orders)
    ms = spent / played * 1000
    print(f"AI: {ms:.1f} ms per turn for {len(state.nations)} states on {best.name} "
          f"({state.gmap.width}x{state.gmap.height}), policy {policy.__module__}.{policy.__qualname__} "
          "(views included; bench_ai.py not found)")
    return ms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--games", type=int, default=1000)
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--memory-games", default="200,2000")
    args = ap.parse_args()
    bench_memory([int(x) for x in args.memory_games.split(",") if x])
    ipd_s = bench_ipd()
    ai_ms = bench_ai()
    batch_s = bench_batch(args.games, args.turns, args.workers)
    print(f"batch_s={batch_s:.2f} ai_turn_ms={ai_ms:.1f} ipd_s={ipd_s:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
