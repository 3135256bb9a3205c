"""The ipd round robin against the Axelrod library (issue 14), both in this one process.

    python benchmarks/bench_ipd.py [--rounds 5] [--turns 200] [--repetitions 10]

The same 8 strategies (TFT, GTFT, WSLS, Grim/Grudger, AllC/Cooperator, AllD/Defector, Random,
TF2T), 200 turns, 10 repetitions, no noise, payoffs 3/0/5/1: ``game.sim.ipd.run_tournament``
against ``axelrod.Tournament(...).play(progress_bar=False)``, alternating, ``--rounds`` times;
each figure is the median CPU seconds (``time.process_time``) of its runs, and the ratio is
Axelrod's over ours (> 1: ours is faster). Then every pair of the six deterministic strategies
plays one match in both libraries and the move sequences must be identical (the benchmark
fails otherwise). Target: ratio >= 10.

Axelrod is an optional benchmark extra, never a dependency of the game; install it in a separate
virtual environment that sees the shared packages, and the benchmark finds it there:

    python -m venv --system-site-packages /tmp/venv-axl
    /tmp/venv-axl/bin/pip install "axelrod>=4.13,<4.14"   # 4.14 pulls in torch

(or run the script with that venv's python, or ``pip install -e ".[bench]"``). Without Axelrod
only our time is measured. Last line: ``ipd_s=OURS axelrod_s=THEIRS ipd_vs_axelrod=RATIO``.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header, median

import numpy as np  # noqa: E402

from game.ai.strategies import make  # noqa: E402
from game.sim.ipd import play_match, run_tournament  # noqa: E402

KEYS = ["tft", "gtft", "wsls", "grim", "allc", "alld", "random", "tf2t"]
AXL_NAMES = {"tft": "TitForTat", "gtft": "GTFT", "wsls": "WinStayLoseShift", "grim": "Grudger",
             "allc": "Cooperator", "alld": "Defector", "random": "Random", "tf2t": "TitFor2Tats"}
DETERMINISTIC = ["tft", "wsls", "grim", "allc", "alld", "tf2t"]
VENVS = [os.environ.get("AXELROD_VENV", ""), "/tmp/venv-axl"]


def find_axelrod():
    try:
        import axelrod
        return axelrod
    except ImportError:
        pass
    for venv in filter(None, VENVS):
        for site in glob.glob(os.path.join(venv, "lib", "python3*", "site-packages")):
            sys.path.append(site)
            try:
                import axelrod
                return axelrod
            except ImportError:
                sys.path.remove(site)
    return None


def check_identical(axl, turns: int) -> int:
    game = axl.Game(r=3, s=0, t=5, p=1)
    pairs = 0
    for i, a in enumerate(DETERMINISTIC):
        for b in DETERMINISTIC[i:]:
            m = axl.Match((getattr(axl, AXL_NAMES[a])(), getattr(axl, AXL_NAMES[b])()), turns=turns, game=game)
            theirs = ["".join(str(x[k]) for x in m.play()) for k in (0, 1)]
            mine = play_match(make(a), make(b), turns, 0.0, (3, 0, 5, 1), np.random.default_rng(1))
            if theirs != ["".join(mine.moves_a), "".join(mine.moves_b)]:
                raise SystemExit(f"bench_ipd: {a} v {b} differs from Axelrod's {AXL_NAMES[a]} v {AXL_NAMES[b]}")
            pairs += 1
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--repetitions", type=int, default=10)
    a = ap.parse_args(argv)
    header("bench_ipd")
    axl = find_axelrod()
    if axl is None:
        print("bench_ipd: the Axelrod library is not installed; only our time is measured. Install it with:\n"
              "  python -m venv --system-site-packages /tmp/venv-axl && "
              "/tmp/venv-axl/bin/pip install 'axelrod>=4.13,<4.14'")
    else:
        print(f"axelrod {axl.__version__} from {os.path.dirname(axl.__file__)}")
    ours, theirs = [], []
    with clock() as total:
        for _ in range(a.rounds):
            t = time.process_time()
            run_tournament(KEYS, a.turns, a.repetitions, 0.0, (3, 0, 5, 1), 1)
            ours.append(time.process_time() - t)
            if axl is not None:
                players = [getattr(axl, AXL_NAMES[k])() for k in KEYS]
                tour = axl.Tournament(players, turns=a.turns, repetitions=a.repetitions, noise=0,
                                      game=axl.Game(r=3, s=0, t=5, p=1))
                t = time.process_time()
                tour.play(progress_bar=False)
                theirs.append(time.process_time() - t)
        pairs = check_identical(axl, a.turns) if axl is not None else 0
    mine = median(ours)
    print(f"ours:    8 strategies x {a.turns} turns x {a.repetitions} repetitions: median {mine:.4f} s CPU "
          f"over {a.rounds} runs (min {min(ours):.4f})")
    if axl is None:
        footer(total, {"ipd_s": mine, "axelrod_s": "nan", "ipd_vs_axelrod": "nan"})
        return 0
    ax = median(theirs)
    print(f"axelrod: Tournament.play, same strategies/turns/repetitions: median {ax:.4f} s CPU (min {min(theirs):.4f})")
    print(f"ratio axelrod/ours: {ax / mine:.2f} (target >= 10); {pairs} deterministic pairs play identical moves")
    footer(total, {"ipd_s": mine, "axelrod_s": ax, "ipd_vs_axelrod": ax / mine})
    return 0


if __name__ == "__main__":
    sys.exit(main())
