"""Worker memory over a long batch (issue 14, section 3: "48 -> 51 MB over 1,000 games").

    python benchmarks/bench_batch_memory.py [--games 10000] [--turns 2] [--workers 2] [--samples 10] [--no-recycle]

Plays ``--games`` games in all (the four-worlds scenario, its four variants) through the batch's
local backend, as ``batch`` does, and every ``games / samples`` games prints the resident memory
(RSS, MB) of each worker process then alive. The pool of workers is replaced every
``workers * game.sim.batch.MAX_CHUNKS_PER_WORKER`` chunks (``--no-recycle`` keeps one pool for the
whole batch, to see the creep that recycling removes).

The last line is ``games=N workers=W recycle=0|1 first_rss_mb=X last_rss_mb=Y max_rss_mb=Z
growth_mb=Y-X seconds=S``: first/last are the largest worker RSS at the first and last sample.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.scenario import load_scenario  # noqa: E402
from game.sim.batch import MAX_CHUNKS_PER_WORKER, GameRunner, LocalBackend, iter_results, plan_cells  # noqa: E402

FOUR_WORLDS = str(ROOT / "maps" / "four_worlds.yaml")


def worker_rss_mb() -> dict[int, float]:
    """RSS of this process's child processes (the pool's workers; not multiprocessing's resource tracker)."""
    me, page = os.getpid(), resource.getpagesize()
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != me or b"resource_tracker" in (entry / "cmdline").read_bytes():
                continue
            out[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * page / 2 ** 20
        except (OSError, ValueError, IndexError):   # the process ended meanwhile
            continue
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--games", type=int, default=10_000, help="games in all, over the four variants")
    ap.add_argument("--turns", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--samples", type=int, default=10, help="memory samples over the batch")
    ap.add_argument("--no-recycle", action="store_true", help="keep every worker for the whole batch")
    args = ap.parse_args()
    if not sys.platform.startswith("linux"):
        sys.exit("this benchmark reads /proc: Linux only")
    cells = plan_cells(load_scenario(FOUR_WORLDS), "all", [], [])
    per_cell = max(1, args.games // len(cells))
    total = per_cell * len(cells)
    recycle_after = 10 ** 9 if args.no_recycle else MAX_CHUNKS_PER_WORKER
    backend = LocalBackend(args.workers, recycle_after=recycle_after)
    every = max(1, total // args.samples)
    tops: list[float] = []
    peak = 0.0
    t0 = time.perf_counter()
    for done, _ in enumerate(iter_results(GameRunner(FOUR_WORLDS, cells, args.turns, 1), per_cell, backend=backend), 1):
        if done % every == 0 or done == total:
            rss = worker_rss_mb()
            if rss:
                tops.append(max(rss.values()))
                peak = max(peak, tops[-1])
            print(f"games={done} workers_alive={len(rss)} rss_mb="
                  + ",".join(f"{v:.1f}" for _, v in sorted(rss.items())), flush=True)
    seconds = time.perf_counter() - t0
    first, last = (tops[0], tops[-1]) if tops else (float("nan"), float("nan"))
    print(f"games={total} workers={args.workers} recycle={0 if args.no_recycle else 1} first_rss_mb={first:.1f} "
          f"last_rss_mb={last:.1f} max_rss_mb={peak:.1f} growth_mb={last - first:.1f} seconds={seconds:.1f}")


if __name__ == "__main__":
    main()
