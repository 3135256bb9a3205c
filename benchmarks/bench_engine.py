"""Turn resolution (issue 14): one turn of a 100x60 map, 8 states, ~400 units, resolved on a fresh
state value each turn (nothing cached by views or an earlier resolution), with and without combat.

    python benchmarks/bench_engine.py [--turns 30] [--seed 3] [--attacks-per-state 10]

The map is generated (seed ``--seed``, era 1940, 50 units a state). The game moves on by peaceful
turns (every state cooperates with everyone, no builds, no attacks); at each turn the same state
is resolved twice more, each time as a new value (``dataclasses.replace``): once with those
peaceful orders ("no combat") and once with combat orders built from the map: every state defects
against all and attacks up to ``--attacks-per-state`` enemy hexes, each from its own border hexes
holding units (sources never reused, so every attack is one the resolution really fights). The
number of attacks fought is printed (about 80 a turn by default). No AI runs here; the AI's time
is bench_ai.py's. Times are CPU milliseconds of this process (wall in brackets).
Target: 2x faster than 9c9abb0 with combat. Last line:
``resolve_ms=COMBAT_MEDIAN resolve_p90_ms=... peace_ms=MEDIAN attacks_per_turn=MEAN``.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header, median, pct

from game.engine.mapgen_scenario import generate_scenario  # noqa: E402
from game.engine.orders import Attack, Orders  # noqa: E402
from game.engine.resolve import resolve_turn  # noqa: E402
from game.engine.scenario import build_state  # noqa: E402
from game.engine.scenario_schema import ScenarioSpec  # noqa: E402


def peaceful_orders(state) -> dict:
    return {i: Orders(i) for i in state.alive_ids()}


def combat_orders(state, per_state: int) -> dict:
    """Every state defects against all and attacks enemy hexes from distinct border hexes with units."""
    g, owner = state.gmap, state.owner
    alive = state.alive_ids()
    out = {}
    for i in alive:
        used_src: set[int] = set()
        targets: dict[int, list[int]] = {}
        for x in (h for h, o in enumerate(owner) if o == i):
            if x in used_src or not sum(state.units.get(x, {}).values()):
                continue
            for lk in g.links[x]:
                t = lk.dst
                j = owner[t]
                if j != i and j in alive and t not in targets and len(targets) < per_state:
                    targets[t] = [x]
                    used_src.add(x)
                    break
        stances = {j: "D" for j in alive if j != i}
        out[i] = Orders(i, stances=stances, attacks=tuple(Attack(t, tuple(src)) for t, src in targets.items()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--attacks-per-state", type=int, default=10)
    a = ap.parse_args(argv)
    header("bench_engine")
    with clock() as total:
        data = generate_scenario(a.seed, 8, 100, 60, "1940", units_per_state=50)
        data["victory"] = {"max_turns": 1000, "territory_share": 1.0}
        state = build_state(ScenarioSpec.model_validate(data), a.seed)
        units = sum(sum(s.values()) for s in state.units.values())
        print(f"map 100x60, {len(state.nations)} states, {units} units")
        peace, war, war_wall, attacks = [], [], [], []
        for _ in range(a.turns):
            calm = peaceful_orders(state)
            fight = combat_orders(state, a.attacks_per_state)
            fresh = replace(state)
            t = time.process_time()
            resolve_turn(fresh, calm)
            peace.append((time.process_time() - t) * 1000)
            fresh = replace(state)
            t, w = time.process_time(), time.perf_counter()
            fought, _ = resolve_turn(fresh, fight)
            war.append((time.process_time() - t) * 1000)
            war_wall.append((time.perf_counter() - w) * 1000)
            attacks.append(fought.history[-1].attacks)
            state, _ = resolve_turn(state, calm)
    mean_attacks = sum(attacks) / len(attacks)
    print(f"{len(war)} turns; attacks fought per combat turn: mean {mean_attacks:.1f}, min {min(attacks)}, max {max(attacks)}")
    print(f"resolution with combat: median {median(war):.2f} ms CPU, p90 {pct(war, .9):.2f} ms "
          f"(wall median {median(war_wall):.2f} ms)")
    print(f"resolution, no combat:  median {median(peace):.2f} ms CPU, p90 {pct(peace, .9):.2f} ms")
    footer(total, {"resolve_ms": median(war), "resolve_p90_ms": pct(war, .9), "peace_ms": median(peace),
                   "attacks_per_turn": mean_attacks})
    return 0


if __name__ == "__main__":
    sys.exit(main())
