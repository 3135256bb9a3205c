"""Does a greedy AI post a different posture from a security seeker? (docs/theory.md invariant 14)

    python -m game.sim.tools.posture_by_type maps/four_worlds.yaml --variants w3,w4 --state 1 \
        --games 20 --turns 10 --seed 2

For each variant, plays the same seeded games twice -- with state ``--state`` a security seeker,
then greedy (``--set states[K].ai_type=...``) -- and prints that state's *true* offensive share
after ``--turns`` turns: attack / (attack + defence) over its units (forts excluded), over all its
hexes and over its border hexes. Distinguishability can only reveal a type whose posture differs;
the last line is ``name=value`` pairs.
"""
from __future__ import annotations

import argparse
import statistics


from game.engine.scenario import build_state, load_scenario
from game.engine.state import GameState
from game.sim.batch import game_seed
from game.sim.runner import default_policy, play

TYPES = ("security_seeker", "greedy")


def offensive_share(state: GameState, j: int, border_only: bool) -> float:
    """attack / (attack + defence) of state j's units (all hexes, or those touching another state)."""
    units, g = state.era.units, state.gmap
    att = dfn = 0.0
    for h, stack in state.units.items():
        if state.owner[h] != j:
            continue
        if border_only and not any(state.owner[n] not in (j, -1, -2) for n in g.neighbours(h)):
            continue
        for key, n in stack.items():
            u = units[key]
            if not u.fort:
                att += n * u.attack
                dfn += n * u.defence
    return att / (att + dfn) if att + dfn > 0 else 0.0


def shares(path: str, variant: str, state: int, ai_type: str, games: int, turns: int, seed: int) -> tuple[float, float]:
    spec = load_scenario(path).resolve(variant, (f"states[{state}].ai_type={ai_type}",))
    everywhere, border = [], []
    for k in range(games):
        st = build_state(spec, game_seed(seed, k), variant)
        for res in play(st, turns, default_policy()):
            st = res.state
        everywhere.append(offensive_share(st, state, False))
        border.append(offensive_share(st, state, True))
    return statistics.mean(everywhere), statistics.mean(border)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario")
    p.add_argument("--variants", required=True, help="comma-separated variant names")
    p.add_argument("--state", type=int, default=1, help="index of the state whose type changes")
    p.add_argument("--games", type=int, default=20)
    p.add_argument("--turns", type=int, default=10)
    p.add_argument("--seed", type=int, default=2)
    a = p.parse_args(argv)
    pairs = []
    print(f"{'variant':10} {'type':16} {'all hexes':>10} {'border':>8}")
    for variant in a.variants.split(","):
        for ai_type in TYPES:
            everywhere, border = shares(a.scenario, variant, a.state, ai_type, a.games, a.turns, a.seed)
            print(f"{variant:10} {ai_type:16} {everywhere:10.3f} {border:8.3f}")
            pairs.append(f"{variant}.{ai_type}.border={border:.3f}")
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
