"""Chain gangs and passed buckets: alliance entry and honour against the perceived balance (CS90).

    python -m game.sim.tools.alliance_experiment --games 40 --turns 20 --seed 1 \
        --tech 0.3,0.5,0.7,1.0,1.6,3.0

On game.sim.studies.triangle_spec (1914 era: Aland and Borduria, security seekers, either side of
Carpania, greedy), sweeps the perceived defence technology (the true one stays 1.6) and prints,
per value: the share of state-turns in an alliance when none exists at the start (entry), and,
when Aland and Borduria start allied, the share of alliance calls honoured (the rest are
abandoned: buck-passing), each with a cluster-robust 95% interval. The last line is name=value pairs.
"""
from __future__ import annotations

import argparse

from game.sim.studies import alliance_cell


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--games", type=int, default=40)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--era", default="1914")
    p.add_argument("--tech", default="0.3,0.5,0.7,1.0,1.6,3.0", help="perceived defence technologies")
    a = p.parse_args(argv)
    print("perceived_tech | entry [95% CI] | war | calls answered | honoured [95% CI] | war (allied)")
    last = {}
    for t in (float(x) for x in a.tech.split(",")):
        free = alliance_cell(t, a.games, a.turns, a.seed, a.era).row()
        ally = alliance_cell(t, a.games, a.turns, a.seed, a.era, allied=True).row()
        print(f"{t:g} | {free['entry']:.3f} [{free['entry_lo']:.3f}, {free['entry_hi']:.3f}] | {free['war']:.3f} | "
              f"{ally['calls_answered']:.0f} | {ally['honour']:.3f} [{ally['honour_lo']:.3f}, {ally['honour_hi']:.3f}] | "
              f"{ally['war']:.3f}")
        last[f"entry_{t:g}"] = round(free["entry"], 4)
        last[f"honour_{t:g}"] = round(ally["honour"], 4)
    print(" ".join(f"{k}={v}" for k, v in last.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
