"""The four worlds on many maps: generated ones and shipped scenarios (issue 15, generality).

    python -m game.sim.tools.worlds_generality --games 12 --turns 30 [--maps all|generated|scenarios] [--workers 2]

Prints, per map, each world's mutual cooperation and arms share (whole game and second half, 95%
cluster-robust intervals), the modal true world, the war rate, and the comparisons of Jervis's
ordering that fail (intervals not apart). The same maps and check as tests/test_worlds_generality.py.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from game.sim.deployment import deployed_random_map_text as random_map_text
from game.sim.worlds import WORLD_KEYS, ordering_failures
from game.sim.worlds_batch import run_worlds

# (seed, states, width, height): 2-6 states, several sizes
GENERATED = ((1, 2, 16, 12), (2, 2, 20, 14), (3, 2, 24, 16), (4, 3, 20, 14), (5, 3, 24, 18), (6, 3, 28, 20),
             (7, 4, 24, 18), (8, 4, 30, 20), (9, 5, 28, 20), (10, 5, 32, 22), (11, 6, 30, 22), (12, 6, 36, 24))
GENERATED_ERA = "1940"    # as the examiner (--random-map --era 1940); see docs/experiments.md
SCENARIOS = ("maps/four_worlds.yaml", "maps/island_continent.yaml", "maps/july_1914.yaml", "maps/geneva_1932.yaml",
             "maps/cold_war.yaml", "maps/concert_of_powers.yaml")


def generated_path(folder: Path, seed: int, states: int, width: int, height: int, era: str = GENERATED_ERA) -> str:
    path = folder / f"random_{seed}_{states}_{width}x{height}_{era}.yaml"
    path.write_text(random_map_text(seed, states, width, height, era), encoding="utf-8")
    return str(path)


def table(name: str, rows: dict[str, dict]) -> str:
    lines = [f"## {name}", "world W  mutualC [95%]             arms [95%]             late mutualC          late arms      war"]
    for w in WORLD_KEYS:
        r = rows[w]
        lines.append(f"{w}    {r['world']}  {r['mutual_coop_rate']:.3f} [{r['mutual_coop_ci_low']:.3f},{r['mutual_coop_ci_high']:.3f}]"
                     f"  {r['arms_share']:.3f} [{r['arms_share_ci_low']:.3f},{r['arms_share_ci_high']:.3f}]"
                     f"  {r['late_mutual_coop_rate']:.3f} [{r['late_mutual_coop_ci_low']:.3f},{r['late_mutual_coop_ci_high']:.3f}]"
                     f"  {r['late_arms_share']:.3f}  {r['war_rate']:.3f}")
    fails = ordering_failures(rows)
    lines.append("ordering holds" if not fails else "FAILS: " + "; ".join(fails))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--games", type=int, default=12)
    p.add_argument("--turns", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--maps", default="all", help="all, generated, scenarios, or indices like g0,g3,s1")
    p.add_argument("--era", default=GENERATED_ERA,
                   help=f"era of the generated maps (default {GENERATED_ERA}: tanks against anti-tank guns, so d can "
                        "reveal a posture; in 1850 infantry is the only arm)")
    p.add_argument("--set", dest="sets", action="append", default=[])
    a = p.parse_args(argv)
    jobs = [(f"generated seed {s}, {k} states, {w}x{h}", ("g", s, k, w, h)) for s, k, w, h in GENERATED]
    jobs += [(path, ("s", path)) for path in SCENARIOS]
    if a.maps == "generated":
        jobs = jobs[:len(GENERATED)]
    elif a.maps == "scenarios":
        jobs = jobs[len(GENERATED):]
    elif a.maps != "all":
        pick = [("g", int(x[1:])) if x[0] == "g" else ("s", int(x[1:])) for x in a.maps.split(",")]
        jobs = [jobs[i if kind == "g" else len(GENERATED) + i] for kind, i in pick]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, job in jobs:
            path = generated_path(Path(tmp), *job[1:], era=a.era) if job[0] == "g" else job[1]
            rows = run_worlds(path, a.games, a.turns, a.seed, a.workers, a.sets)
            print(table(name, rows), flush=True)
            failed += bool(ordering_failures(rows))
    print(f"maps failing: {failed} of {len(jobs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
