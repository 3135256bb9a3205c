"""Per-scenario figures the batch summary does not print: mutual-defection rate, first strikes and
each state's share of spending that went to arms, per variant.

    python -m game.sim.tools.scenario_stats maps/cold_war.yaml --variants base,conventional,mirv \
        --games 40 --turns 20 --seed 1 [--workers 2] [--set KEY=VALUE ...] [--dyads cross]

Game k of every variant uses the batch's seed rule (``game.sim.batch.game_seed``), so the same
games can be replayed with ``python main.py run --scenario FILE --variant V --seed S``. Rates are
over dyad-turns of neighbouring states (with --dyads, only those between the two groups, and
first strikes only between them too); the arms share of a state is
sum(arms_spent) / sum(arms_spent + econ_spent) over all its turns and games (TurnRecord fields).
Prints one table per run; the last line is ``name=value`` pairs (for notes and scripts).
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field


from game.engine.pairkey import PairKey
from game.engine.scenario import build_state, load_scenario
from game.sim.batch import game_seed
from game.sim.runner import default_policy, play


TEMPTING = ("Prisoner's Dilemma", "Chicken", "Deadlock")   # classes in which DC > CC


@dataclass
class Tally:
    dyad_turns: int = 0
    cc: int = 0
    dd: int = 0
    wars: int = 0
    first_strikes: int = 0
    attacks: int = 0
    directed: int = 0          # directed dyad-turns with a true stage game
    tempted: int = 0           # ... whose game pays the exploiter: DC > CC (PD, Chicken, Deadlock)
    arms: dict[str, float] = field(default_factory=dict)    # nation name -> arms spent
    econ: dict[str, float] = field(default_factory=dict)
    games: int = 0
    eliminated: int = 0
    turns: int = 0             # turns with at least one counted dyad
    all_cc: int = 0            # ... in which every counted dyad cooperated (general peace)

    def add(self, other: "Tally") -> None:
        for k in ("dyad_turns", "cc", "dd", "wars", "first_strikes", "attacks", "directed", "tempted", "games",
                  "eliminated", "turns", "all_cc"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for name, v in other.arms.items():
            self.arms[name] = self.arms.get(name, 0.0) + v
        for name, v in other.econ.items():
            self.econ[name] = self.econ.get(name, 0.0) + v


def play_one(task: tuple[str, str | None, tuple[str, ...], int, int, str | None]) -> Tally:
    path, variant, sets, seed, turns, dyads = task
    spec = load_scenario(path).resolve(variant, sets)
    state = build_state(spec, seed, variant)
    policy = default_policy()
    keys = [n.key for n in state.nations]
    bloc = {}
    if dyads:                      # "A,B|C,D": count only dyads across the two groups
        left, right = dyads.split("|")
        bloc = {k: 0 for k in left.split(",")} | {k: 1 for k in right.split(",")}

    def counted(a: str, b: str) -> bool:
        return not bloc or (a in bloc and b in bloc and bloc[a] != bloc[b])

    t = Tally(games=1)
    for res in play(state, turns, policy):
        state = res.state
        for e in res.events:       # first strikes: surprise attacks on a cooperating, unwarned state
            if e.kind == "attack" and e.data.get("surprise") and e.data.get("defender", -1) >= 0 \
                    and counted(keys[e.data["attacker"]], keys[e.data["defender"]]):
                t.first_strikes += 1
    t.eliminated = sum(1 for n in state.nations if not n.alive)
    for rec in state.history:
        mine = [o for k, o in rec.outcomes.items() if counted(*(keys[x] for x in PairKey.parse(k).pair))]
        if mine:
            t.turns += 1
            t.all_cc += all(o == "CC" for o in mine)
        for k, o in rec.outcomes.items():
            if not counted(*(keys[x] for x in PairKey.parse(k).pair)):
                continue
            t.dyad_turns += 1
            t.cc += o == "CC"
            t.dd += o == "DD"
            t.wars += k in rec.wars
        t.attacks += rec.attacks
        for k, kind in rec.games.items():
            if counted(*(keys[x] for x in PairKey.parse(k).pair)):
                t.directed += 1
                t.tempted += kind in TEMPTING
        for n, a, e in zip(state.nations, rec.arms_spent, rec.econ_spent):
            t.arms[n.name] = t.arms.get(n.name, 0.0) + a
            t.econ[n.name] = t.econ.get(n.name, 0.0) + e
    return t


def run(path: str, variants: list[str | None], games: int, turns: int, seed: int, sets: tuple[str, ...],
        workers: int, dyads: str | None) -> dict[str | None, Tally]:
    tasks = [(path, v, sets, game_seed(seed, k), turns, dyads) for v in variants for k in range(games)]
    out = {v: Tally() for v in variants}
    if workers <= 1:
        results = map(play_one, tasks)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(play_one, tasks, chunksize=max(1, len(tasks) // (workers * 4)))
    for task, t in zip(tasks, results):
        out[task[1]].add(t)
    if workers > 1:
        pool.shutdown()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario")
    p.add_argument("--variants", default="base", help="comma-separated; 'base' is the scenario without a variant")
    p.add_argument("--games", type=int, default=40)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--set", dest="sets", action="append", default=[])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dyads", default=None, help="'A,B|C,D': count only dyads between the two groups")
    a = p.parse_args(argv)
    variants = [None if v == "base" else v for v in a.variants.split(",")]
    res = run(a.scenario, variants, a.games, a.turns, a.seed, tuple(a.sets), a.workers, a.dyads)
    names = list(next(iter(res.values())).arms)
    head = f"{'variant':14} {'games':>5} {'dyad-t':>6} {'CC':>6} {'DD':>6} {'war':>6} {'1st/100':>7} {'DC>CC':>6} {'allCC':>6} " + \
        " ".join(f"{n[:12]:>12}" for n in names)
    print(head)
    pairs = []
    for v, t in res.items():
        label = v or "base"
        n = max(t.dyad_turns, 1)
        shares = [t.arms[x] / (t.arms[x] + t.econ[x]) if t.arms[x] + t.econ[x] > 0 else float("nan") for x in names]
        print(f"{label:14} {t.games:>5} {t.dyad_turns:>6} {t.cc / n:6.3f} {t.dd / n:6.3f} {t.wars / n:6.3f} "
              f"{100 * t.first_strikes / n:7.2f} {t.tempted / max(t.directed, 1):6.3f} "
              f"{t.all_cc / max(t.turns, 1):6.3f} " + " ".join(f"{s:12.3f}" for s in shares))
        pairs += [f"{label}.cc={t.cc / n:.4f}", f"{label}.dd={t.dd / n:.4f}", f"{label}.war={t.wars / n:.4f}",
                  f"{label}.first_strikes_per_100={100 * t.first_strikes / n:.3f}",
                  f"{label}.tempted={t.tempted / max(t.directed, 1):.4f}",
                  f"{label}.all_cc={t.all_cc / max(t.turns, 1):.4f}"]
    print("(arms share per state = arms / (arms + economy) spending; 1st/100 = first strikes per 100 dyad-turns; "
          "DC>CC = share of directed dyad-turns whose true stage game pays the exploiter; "
          "allCC = share of turns in which every counted dyad cooperated)")
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
