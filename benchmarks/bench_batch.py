"""The four-worlds batch (issue 14): ``--games`` games in all, split over the four variants, each
really played for ``--turns`` turns (the scenario's turn limit is raised with the batch's own
``--set victory.max_turns=N``, and every game's row in games.csv is checked to have reached N
turns (a game may end sooner only when it is won: the AI can take the other capital or three
quarters of the land; such games are counted and printed), on ``--workers`` processes through the
batch API (``game.cli.cmd_batch.run_batch``).

    python benchmarks/bench_batch.py                      # 1,000 games x 50 turns, 2 workers
    python benchmarks/bench_batch.py --games 100 --turns 20   # quick

Prints wall and CPU seconds (this process and its workers) and the load average. Target
(issue 14): 4x faster than 9c9abb0 (about 30 s wall on a quiet 2-core machine); compare with
``benchmarks/compare.py``. Last line: ``batch_s=WALL batch_cpu_s=CPU games=N turns=T``.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from pathlib import Path

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header, load_average

from game.cli.cmd_batch import run_batch  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=1000)
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    header("bench_batch")
    scenario = str(_bench.CODE_ROOT / "maps" / "four_worlds.yaml")
    per_cell = max(1, a.games // 4)
    n = 4 * per_cell
    with tempfile.TemporaryDirectory() as tmp, clock() as span:
        out = Path(tmp) / "batch"
        code = run_batch(scenario, "all", per_cell, a.turns, a.seed, [f"victory.max_turns={a.turns}"], [],
                         a.workers, out, progress=False, stdout=io.StringIO())
        if code != 0:
            raise SystemExit(f"bench_batch: the batch failed with exit code {code}")
        with open(out / "games.csv", newline="", encoding="utf-8") as fh:
            rows = [(int(row["turns"]), row["winner"]) for row in csv.DictReader(fh)]
    played = [t for t, _ in rows]
    # a game may end before the limit only when it is decided (a winner: a territory share or the
    # last state standing); a game stopped short without one means the limit was not raised
    short = [t for t, winner in rows if t != a.turns and not winner]
    decided = [t for t, winner in rows if t != a.turns and winner]
    if len(played) != n or short:
        raise SystemExit(f"bench_batch: {len(played)} games written, {len(short)} stopped before {a.turns} turns "
                         f"without a winner (turns {sorted(set(short))[:5]})")
    reached = f"all reached turn {a.turns}" if not decided else \
        f"{n - len(decided)} reached turn {a.turns}, {len(decided)} were won earlier, at turns {sorted(decided)[:6]}"
    print(f"four-worlds batch: {n} games x {a.turns} turns ({reached}; {sum(played)} turns in all) on {a.workers} workers: "
          f"{span.wall:.2f} s wall, {span.cpu:.2f} s CPU = {span.cpu / n * 1000:.1f} ms CPU per game; "
          f"{span.cpu / a.workers:.1f} s if the workers had their cores to themselves ({load_average()})")
    footer(span, {"batch_s": span.wall, "batch_cpu_s": span.cpu, "games": n, "turns": a.turns})
    return 0


if __name__ == "__main__":
    sys.exit(main())
