"""Instructions executed (valgrind's cachegrind), a speed figure the machine's load does not move.

    python benchmarks/bench_instructions.py                 # all three workloads on this tree
    SD_CODE_ROOT=/path/to/other/tree python benchmarks/bench_instructions.py   # another tree

CPU time on a shared 2-core machine moves by 10-30% with the other processes' load; the number of
instructions a workload executes does not (it moves by well under 1% between runs with
``PYTHONHASHSEED=0``). Each workload runs twice under ``valgrind --tool=cachegrind --cache-sim=no``
(about 30x slower than native), once with its work and once without (imports, loading, building the
game), and the difference is divided by the units of work:

* ``batch``: Four Worlds games of 50 turns through the batch's ``GameRunner``, one per world
  (``--games`` per world), after one warm-up game: millions of instructions per game;
* ``engine``: ``resolve_turn`` with ~80 attacks on a fresh 100x60 state (bench_engine.py's map and
  orders), 10 turns: millions per resolved turn;
* ``ai``: Concert of Powers, the 7 AI states' views and orders and the resolution, 8 turns: millions
  per turn.

Needs ``valgrind`` on the PATH. Last line: ``batch_mi=... engine_mi=... ai_mi=...``.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def work(kind: str, units: int) -> None:
    """The workload itself (run in the child under valgrind); ``units`` 0 does only the setup."""
    import _bench  # noqa: F401  (puts the measured tree on sys.path)
    if kind == "batch":
        from game.engine.scenario import load_scenario
        from game.sim.batch import GameRunner, plan_cells
        path = str(_bench.CODE_ROOT / "maps" / "four_worlds.yaml")
        cells = plan_cells(load_scenario(path), "all", ["victory.max_turns=50"], [])
        runner = GameRunner(path, cells, 50, 1)
        runner.play_game(0, 0)
        for g in range(1, units + 1):
            for c in range(len(cells)):
                runner.play_game(c, g)
    elif kind == "engine":
        from dataclasses import replace

        import bench_engine
        from game.engine.mapgen_scenario import generate_scenario
        from game.engine.resolve import resolve_turn
        from game.engine.scenario import build_state
        from game.engine.scenario_schema import ScenarioSpec
        data = generate_scenario(3, 8, 100, 60, "1940", units_per_state=50)
        data["victory"] = {"max_turns": 1000, "territory_share": 1.0}
        state = build_state(ScenarioSpec.model_validate(data), 3)
        for _ in range(10):
            calm, fight = bench_engine.peaceful_orders(state), bench_engine.combat_orders(state, 10)
            if units:
                resolve_turn(replace(state), fight)
            state, _ = resolve_turn(state, calm)
    else:
        from game.ai.controller import ai_orders
        from game.engine.orders import Orders
        from game.engine.resolve import resolve_turn
        from game.engine.scenario import new_game
        from game.engine.views import player_view
        state = new_game(_bench.CODE_ROOT / "maps" / "concert_of_powers.yaml", None, 1, ("victory.max_turns=31",))
        events: list = []
        for _ in range(units):
            orders = {0: Orders(0)}
            for i in state.alive_ids():
                if i:
                    orders[i] = ai_orders(player_view(state, i, events))
            state, events = resolve_turn(state, orders)


def count(kind: str, units: int) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, __file__, "--child", kind, str(units)],
                         capture_output=True, text=True, env=env, cwd=str(HERE))
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"bench_instructions: {kind} failed:\n{out.stderr[-1500:]}")
    return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("KIND", "UNITS"), help=argparse.SUPPRESS)
    ap.add_argument("--games", type=int, default=1, help="batch games per world (default 1)")
    ap.add_argument("--only", default="batch,engine,ai")
    a = ap.parse_args(argv)
    if a.child:
        work(a.child[0], int(a.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: valgrind is not installed")
    sizes = {"batch": (a.games, 4 * a.games, "millions of instructions per Four Worlds game of 50 turns"),
             "engine": (1, 10, "millions per turn resolved with ~80 attacks (100x60)"),
             "ai": (8, 8, "millions per Concert of Powers turn (7 AI views and orders, and the resolution)")}
    figures = {}
    for kind in a.only.split(","):
        units, per, what = sizes[kind]
        mi = (count(kind, units) - count(kind, 0)) / per / 1e6
        figures[f"{kind}_mi"] = mi
        print(f"{kind}: {mi:.1f} {what}", flush=True)
    print(" ".join(f"{k}={v:.1f}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
