"""How well does an AI tell a greedy neighbour from a security seeker, by distinguishability? (invariant 14)

    python -m game.sim.tools.type_inference maps/four_worlds.yaml --variant w3 --d 0.1,0.3,0.5,0.7,0.9 \
        --games 60 --turns 10

For each d (``--set era.distinguishability=d``) plays ``--games`` games with state 1 greedy (base
seed 2) and as many with it a security seeker (base seed 1), and reads state 0's belief that state 1
is greedy (``p_greedy`` in its last stance motive, :mod:`game.ai.type_belief`) after ``--turns``
turns. Prints the area under the ROC curve of that belief (0.5 = chance, 1 = every greedy state
ranked above every security seeker), the same for the posture and the move evidence alone, and the
mean belief per true type; the last line is ``name=value`` pairs.
"""
from __future__ import annotations

import argparse
import statistics


from game.engine.scenario import build_state, load_scenario
from game.sim.batch import game_seed
from game.sim.runner import default_policy, play

KEYS = ("p_greedy", "type_evidence_posture", "type_evidence_moves")


def auc(positive: list[float], negative: list[float]) -> float:
    """P(a random positive scores above a random negative), ties counting half."""
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def last_reads(path: str, variant: str | None, d: float, ai_type: str, seed: int, games: int,
               turns: int) -> list[dict[str, float]]:
    spec = load_scenario(path).resolve(variant, (f"states[1].ai_type={ai_type}", f"era.distinguishability={d}"))
    out = []
    for k in range(games):
        state = build_state(spec, game_seed(seed, k), variant)
        last = {key: 0.0 for key in KEYS} | {"p_greedy": 0.5}
        for res in play(state, turns, default_policy()):
            m = next((m for m in res.orders[0].motives if m.subject == "stance" and m.target == 1), None)
            if m is not None:
                last = {key: float(m.numbers.get(key, 0.0)) for key in KEYS}
        out.append(last)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario")
    p.add_argument("--variant", default=None)
    p.add_argument("--d", default="0.1,0.3,0.5,0.7,0.9", help="comma-separated distinguishability values")
    p.add_argument("--games", type=int, default=60)
    p.add_argument("--turns", type=int, default=10)
    a = p.parse_args(argv)
    pairs = []
    print(f"{'d':>4} {'AUC':>5} {'posture':>8} {'moves':>6} {'mean p: security seeker':>24} {'greedy':>7}")
    for d in (float(x) for x in a.d.split(",")):
        greedy = last_reads(a.scenario, a.variant, d, "greedy", 2, a.games, a.turns)
        secure = last_reads(a.scenario, a.variant, d, "security_seeker", 1, a.games, a.turns)
        aucs = [auc([g[k] for g in greedy], [s[k] for s in secure]) for k in KEYS]
        ms, mg = statistics.mean(s["p_greedy"] for s in secure), statistics.mean(g["p_greedy"] for g in greedy)
        print(f"{d:4.2f} {aucs[0]:5.2f} {aucs[1]:8.2f} {aucs[2]:6.2f} {ms:24.2f} {mg:7.2f}")
        pairs.append(f"auc_d{d:g}={aucs[0]:.3f}")
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
