"""Beliefs that act: the spiral and the deterrence models (docs/theory.md invariant 25; G92, K97).

    python -m game.sim.tools.belief_experiment --games 40 --turns 20 --seed 1

On maps/four_worlds.yaml, variant w2 with the defence technology set to 1.0 (an ambiguous balance,
postures hard to tell apart, d = 0.2), sets one state's prior that its neighbour is greedy
(``states[K].greed_prior``) and plays the same seeded games:

* spiral: two security seekers; nobody misreads (0.5 / 0.5), Aland misreads Borduria as greedy
  (0.9 / 0.5), both misread each other (0.9 / 0.9);
* deterrence: Borduria greedy; Aland reads it as a security seeker (0.1: reassurance) or as greedy
  (0.9: deterrence).

Prints each state's arms share, mutual cooperation and the greedy state's territorial gain with
cluster-robust 95% intervals; the last line is name=value pairs.
"""
from __future__ import annotations

import argparse

from game.resources import maps_dir
from game.sim.studies import belief_cell, paired_difference

MAP = str(maps_dir() / "four_worlds.yaml")
AMBIGUOUS = ("era.defence_tech=1.0", "era.perceived_defence_tech=1.0")
CELLS = (("spiral: nobody misreads", 0.5, ()),
         ("spiral: Aland misreads Borduria", 0.9, ()),
         ("spiral: both misread", 0.9, ("states[1].greed_prior=0.9",)),
         ("deterrence model: Aland reassures a greedy Borduria", 0.1, ("states[1].ai_type=greedy",)),
         ("deterrence: Aland deters a greedy Borduria", 0.9, ("states[1].ai_type=greedy",)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--games", type=int, default=40)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cells", default="spiral,deterrence", help="which experiments: spiral, deterrence or both")
    a = p.parse_args(argv)
    wanted = a.cells.split(",")
    print("cell | Aland arms [95% CI] | Borduria arms [95% CI] | mutual coop [95% CI] | greedy gain (hexes) [95% CI]")
    last = {}
    cells = {}
    for k, (label, prior, sets) in enumerate(CELLS):
        if not any(label.startswith(w) for w in wanted):
            continue
        cells[k] = cell = belief_cell(MAP, "w2", 0, prior, a.games, a.turns, a.seed, AMBIGUOUS + sets, label)
        r = cell.row()
        print(f"{label} | {r['arms0']:.3f} [{r['arms0_lo']:.3f}, {r['arms0_hi']:.3f}] | "
              f"{r['arms1']:.3f} [{r['arms1_lo']:.3f}, {r['arms1_hi']:.3f}] | "
              f"{r['mutual_coop']:.3f} [{r['coop_lo']:.3f}, {r['coop_hi']:.3f}] | "
              f"{r['greedy_gain']:.2f} [{r['gain_lo']:.2f}, {r['gain_hi']:.2f}]")
        last.update({f"arms0_{k}": round(r["arms0"], 4), f"arms1_{k}": round(r["arms1"], 4),
                     f"gain_{k}": round(r["greedy_gain"], 3)})
    if 3 in cells and 4 in cells:        # same seeds: the paired difference is the sharp comparison
        m, lo, hi = paired_difference(cells[3].gains, cells[4].gains)
        print(f"greedy gain, reassured minus deterred (paired by seed): {m:.2f} [{lo:.2f}, {hi:.2f}]")
        last["gain_diff"] = round(m, 3)
    print(" ".join(f"{k}={v}" for k, v in last.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
