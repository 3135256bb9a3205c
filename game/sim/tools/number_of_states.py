"""Cooperation against the number of states (J78 prop. 10, Oye 1985) on generated maps of one size:

    python -m game.sim.tools.number_of_states --states 2,4,8 --map-seeds 1,2,3,4 --size 100x60 \
        --games 8 --turns 20 [--era 1850] [--workers 2]

For every K and map seed the random map generator makes a map (same size, same era, every state a
security seeker with the same balanced start), and the AI plays ``--games`` seeded games on it.
Prints per K: the mutual-cooperation rate per dyad-turn, the share of turns in which every
neighbouring pair cooperated at once ("general peace"), mutual defection, war, first strikes per
100 dyad-turns and the mean arms share; the last line is ``name=value`` pairs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


from game.sim.deployment import deployed_random_map_text as random_map_text   # the states place their forces

from game.sim.tools.scenario_stats import Tally, run


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--states", default="2,4,8")
    p.add_argument("--map-seeds", default="1,2,3,4")
    p.add_argument("--size", default="100x60")
    p.add_argument("--era", default="1850")
    p.add_argument("--games", type=int, default=8)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args(argv)
    width, height = (int(x) for x in a.size.lower().split("x"))
    print(f"{'K':>2} {'maps':>4} {'games':>5} {'dyad-t':>7} {'CC':>6} {'allCC':>6} {'DD':>6} {'war':>6} {'1st/100':>7} {'arms':>6}")
    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in (int(x) for x in a.states.split(",")):
            total = Tally()
            for ms in (int(x) for x in a.map_seeds.split(",")):
                path = Path(tmp) / f"k{k}_m{ms}.yaml"
                path.write_text(random_map_text(ms, k, width, height, a.era), encoding="utf-8")
                total.add(run(str(path), [None], a.games, a.turns, a.seed, (), a.workers, None)[None])
            n = max(total.dyad_turns, 1)
            arms = sum(total.arms.values())
            share = arms / (arms + sum(total.econ.values()))
            maps = len(a.map_seeds.split(","))
            print(f"{k:>2} {maps:>4} {total.games:>5} {total.dyad_turns:>7} {total.cc / n:6.3f} "
                  f"{total.all_cc / max(total.turns, 1):6.3f} {total.dd / n:6.3f} {total.wars / n:6.3f} "
                  f"{100 * total.first_strikes / n:7.2f} {share:6.3f}")
            pairs += [f"k{k}.cc={total.cc / n:.4f}", f"k{k}.all_cc={total.all_cc / max(total.turns, 1):.4f}",
                      f"k{k}.dd={total.dd / n:.4f}", f"k{k}.war={total.wars / n:.4f}", f"k{k}.arms_share={share:.4f}"]
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
