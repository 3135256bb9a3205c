"""Every benchmark on a baseline commit and on the current tree, alternating, in one run (issue 14).

    python benchmarks/compare.py --baseline 9c9abb0            # full sizes (long: ~1 h on a loaded machine)
    python benchmarks/compare.py --baseline 9c9abb0 --quick    # fewer games/turns/frames: a few minutes

The baseline is checked out into a temporary git worktree (removed afterwards). Each benchmark
script of THIS tree (benchmarks/bench_*.py) runs as a child process against the baseline's code
and against the current code in turn (``SD_CODE_ROOT`` and ``PYTHONPATH`` name the tree; see
benchmarks/_bench.py), ``--rounds`` times, alternating which goes first; a figure is the median
of its rounds. Figures are CPU time wherever the machine's load would distort wall time (the
benchmarks print both, and the load average). One line per figure:
``figure: baseline X, current Y, baseline/current R``; the last line holds the ratios
(> 1: faster now): ``batch= resolve= ai= ai_p90= views= views_p90= ipd= ipd_vs_axelrod= frame= first_frame=
save_ratio= autosave_ratio= load_ratio= size_ratio=`` (size_ratio: how many times smaller the save file is),
where ``ipd_vs_axelrod`` is the current tree's speed-up over the Axelrod library in the same
process (bench_ipd.py), not a ratio to the baseline.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (script, full arguments, quick arguments, [(figure, key in the last line, ratio name)])
BENCHES = [
    ("bench_batch.py", [], ["--games", "40", "--turns", "50"],
     [("four-worlds batch, CPU s", "batch_cpu_s", "batch"), ("four-worlds batch, wall s", "batch_s", None)]),
    ("bench_engine.py", [], ["--turns", "10"],
     [("resolution with ~80 attacks, CPU ms median", "resolve_ms", "resolve"),
      ("resolution with ~80 attacks, CPU ms p90", "resolve_p90_ms", None),
      ("resolution without combat, CPU ms median", "peace_ms", None)]),
    ("bench_ai.py", [], ["--turns", "15"],
     [("AI turn (7 states, views incl.), CPU ms median", "ai_turn_ms", "ai"),
      ("AI turn, CPU ms p90", "ai_p90_ms", "ai_p90")]),
    ("bench_views.py", [], ["--turns", "15"],
     [("9 player views of a fresh state (Concert of Powers), CPU ms median", "views_ms", "views"),
      ("9 player views, CPU ms p90", "views_p90_ms", "views_p90")]),
    ("bench_ipd.py", [], ["--rounds", "2"],
     [("ipd tournament, CPU s", "ipd_s", "ipd"), ("Axelrod Tournament.play, CPU s", "axelrod_s", None),
      ("ipd speed-up over Axelrod (same process)", "ipd_vs_axelrod", None)]),
    ("bench_render.py", [], ["--frames", "120", "--first-frames", "2"],
     [("full frame redraw, CPU ms median", "frame_ms", "frame"), ("full frame redraw, CPU ms p99", "frame_p99_ms", None),
      ("partial redraw, CPU ms median", "partial_ms", None),
      ("Xvfb frame incl. flip, CPU ms p99", "xvfb_p99_ms", None), ("Xvfb frame, wall ms p99", "xvfb_wall_p99_ms", None),
      ("first frame, child CPU s", "first_frame_cpu_s", "first_frame"), ("first frame, wall s", "first_frame_s", None),
      ("peak RSS under Xvfb, MB", "rss_mb", None)]),
    ("bench_saves.py", [], ["--repeat", "3"],
     [("first save of a 200-turn game, CPU ms median", "save_ms", "save_ratio"),
      ("autosave after one more turn, CPU ms median", "autosave_ms", "autosave_ratio"),
      ("load of that save, CPU ms median", "load_ms", "load_ratio"),
      ("save file, bytes", "save_bytes", "size_ratio")]),
]


def run(script: str, args: list[str], tree: Path) -> dict[str, float]:
    env = dict(os.environ, SD_CODE_ROOT=str(tree), PYTHONPATH=str(tree))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True, env=env,
                         cwd=str(HERE))
    if out.returncode != 0:
        raise SystemExit(f"compare: {script} failed on {tree} (exit {out.returncode}):\n{out.stderr[-1500:]}")
    last = out.stdout.strip().splitlines()[-1]
    print(f"  {script} on {tree.name}: {time.perf_counter() - t:.0f} s; {last}", flush=True)
    figures = {}
    for pair in last.split():
        k, _, v = pair.partition("=")
        try:
            figures[k] = float(v)
        except ValueError:
            pass
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="9c9abb0")
    ap.add_argument("--rounds", type=int, default=2, help="runs on each tree, alternating (default 2)")
    ap.add_argument("--quick", action="store_true", help="fewer games, turns and frames")
    ap.add_argument("--only", default="", help="comma-separated scripts to run, e.g. bench_ai.py,bench_ipd.py")
    a = ap.parse_args(argv)
    print(f"compare: baseline {a.baseline} against {ROOT}; load average %.2f %.2f %.2f on {os.cpu_count()} cores"
          % os.getloadavg(), flush=True)
    base = Path(tempfile.mkdtemp(prefix="sd-baseline-")) / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), a.baseline], check=True)
    ratios: dict[str, float] = {}
    try:
        for script, full, quick, figures in BENCHES:
            if a.only and script not in a.only.split(","):
                continue
            got: dict[str, list[dict[str, float]]] = {"baseline": [], "current": []}
            for r in range(a.rounds):
                order = [("baseline", base), ("current", ROOT)]
                for name, tree in (order if r % 2 == 0 else order[::-1]):
                    got[name].append(run(script, quick if a.quick else full, tree))
            for label, key, ratio_name in figures:
                b = statistics.median(f.get(key, float("nan")) for f in got["baseline"])
                c = statistics.median(f.get(key, float("nan")) for f in got["current"])
                ratio = b / c if c else float("nan")
                if key == "ipd_vs_axelrod":     # already a ratio (Axelrod's time over ours): shown as it is
                    print(f"{label}: baseline {b:.2f}x, current {c:.2f}x (target >= 10x)", flush=True)
                    ratios["ipd_vs_axelrod"] = c
                    continue
                print(f"{label}: baseline {b:.3f}, current {c:.3f}, baseline/current {ratio:.2f}", flush=True)
                if ratio_name:
                    ratios[ratio_name] = ratio
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    print("load average at the end %.2f %.2f %.2f" % os.getloadavg())
    names = ["batch", "resolve", "ai", "ai_p90", "views", "views_p90", "ipd", "ipd_vs_axelrod", "frame", "first_frame",
             "save_ratio", "autosave_ratio", "load_ratio", "size_ratio"]
    print(" ".join(f"{n}={ratios[n]:.2f}" for n in names if n in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
