"""What a game's record says, for debriefs and after-action reports: per-dyad statistics and the
comparison of what Jervis's theory predicts with what happened (issue 6, items 5 and 6).

Pure functions of a game's history (``TurnRecord``s) and nations; no pygame.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from game.engine.alliances import alliance_label
from game.engine.balance import WORLD_LABELS
from game.engine.orders import Orders
from game.engine.pairkey import PairKey
from game.engine.state import Event, GameState, Nation, TurnRecord

# Jervis's prediction per world (J78 p.211; docs/theory.md §4), in words a seminar can use.
WORLD_PREDICTION = {
    1: "arms races, preemption and first-strike incentives: cooperation lowest",
    2: "a bounded security dilemma: cooperation feasible but fragile",
    3: "no spiral, but aggressors can win; warning is given: cooperation among status-quo states",
    4: "status-quo states buy defence only, aggressors reveal themselves: cooperation highest",
}
HIGH, LOW = 0.6, 0.3      # mutual-cooperation rates read as "high" / "low" in the comparison


@dataclass(frozen=True)
class DyadStats:
    key: str                 # "i-j"
    label: str               # "Aland-Borduria"
    turns: int               # turns in which they were neighbours
    world: int               # modal true world
    worlds: dict[int, int]   # world -> turns
    mutual_coop: float       # share of turns with CC
    mutual_defect: float     # share of turns with DD
    war: float               # share of turns with fighting between them
    true_balance: float      # median over turns of the dyad's true balance (min of both directions)
    perceived_balance: float
    games: dict[str, int]    # stage-game class (either side) -> count


def _median(xs: Sequence[float]) -> float:
    ys = sorted(xs)
    n = len(ys)
    return float("nan") if n == 0 else (ys[n // 2] if n % 2 else (ys[n // 2 - 1] + ys[n // 2]) / 2)


def dyad_stats(history: Sequence[TurnRecord], nations: Sequence[Nation]) -> list[DyadStats]:
    keys: list[str] = []
    for rec in history:
        for k in rec.outcomes:
            if k not in keys:
                keys.append(k)
    out = []
    for key in keys:
        pk = PairKey.parse(key)
        a, b = pk.pair
        ab, ba = pk.directions()
        recs = [r for r in history if key in r.outcomes]
        worlds = Counter(r.world[key] for r in recs if key in r.world)
        games = Counter(r.games[g] for r in recs for g in (ab, ba) if g in r.games)

        def bal(src) -> float:
            vals = [min(v for v in (src(r).get(ab), src(r).get(ba)) if v is not None)
                    for r in recs if src(r).get(ab) is not None or src(r).get(ba) is not None]
            return _median(vals)

        n = len(recs)
        out.append(DyadStats(
            key=key, label=f"{nations[a].name}-{nations[b].name}", turns=n,
            world=worlds.most_common(1)[0][0] if worlds else 0, worlds=dict(sorted(worlds.items())),
            mutual_coop=sum(r.outcomes[key] == "CC" for r in recs) / n if n else 0.0,
            mutual_defect=sum(r.outcomes[key] == "DD" for r in recs) / n if n else 0.0,
            war=sum(key in r.wars for r in recs) / n if n else 0.0,
            true_balance=bal(lambda r: r.balance), perceived_balance=bal(lambda r: r.perceived_balance),
            games=dict(games.most_common())))
    return out


def arms_shares(history: Sequence[TurnRecord], n: int) -> list[float]:
    """Each nation's arms spending over arms + economy spending across the game."""
    out = []
    for i in range(n):
        arms = sum(r.arms_spent[i] for r in history)
        econ = sum(r.econ_spent[i] for r in history)
        out.append(arms / (arms + econ) if arms + econ > 0 else 0.0)
    return out


def _level(rate: float) -> str:
    return "high" if rate >= HIGH else "low" if rate <= LOW else "middling"


def _verdict(world: int, coop: float) -> str:
    """How a pair's mutual-cooperation rate compares with its world's prediction.

    W1 predicts little cooperation (at most LOW), W4 much (at least HIGH); in W2 and W3 cooperation
    is feasible, so a rate below LOW is less than the theory expects."""
    if world == 1:
        return "as the theory predicts" if coop <= LOW else "more than the theory expects in this world"
    if world == 4:
        return "as the theory predicts" if coop >= HIGH else "less than the theory expects in this world"
    if world in (2, 3):
        return "as the theory allows" if coop > LOW else "less than the theory expects: cooperation was feasible here"
    return "no prediction"


def predictions(stats: Sequence[DyadStats]) -> list[str]:
    """Plain sentences comparing the theory's prediction with what happened, per dyad and across dyads."""
    lines = []
    for d in stats:
        label = WORLD_LABELS.get(d.world, "?")
        expected = WORLD_PREDICTION.get(d.world, "")
        verdict = _verdict(d.world, d.mutual_coop)
        lines.append(f"{d.label}: mostly World {d.world} (\"{label}\"), where Jervis expects {expected}. "
                     f"Mutual cooperation was {_level(d.mutual_coop)} ({d.mutual_coop:.0%} of {d.turns} turns), "
                     f"war in {d.war:.0%} of turns: {verdict}.")
        if d.perceived_balance == d.perceived_balance and d.true_balance == d.true_balance and \
                (d.perceived_balance < 1) != (d.true_balance < 1):
            seen = "offence" if d.perceived_balance < 1 else "defence"
            real = "offence" if d.true_balance < 1 else "defence"
            lines.append(f"{d.label}: leaders perceived {seen} dominance (balance {d.perceived_balance:.2f}) while the "
                         f"technology favoured the {real} ({d.true_balance:.2f}): misperception of the kind "
                         "Van Evera calls the cult of the offensive.")
    by_world: dict[int, list[float]] = {}
    for d in stats:
        by_world.setdefault(d.world, []).append(d.mutual_coop)
    if len(by_world) > 1:
        means = {w: sum(v) / len(v) for w, v in by_world.items()}
        order = sorted(means, key=lambda w: -means[w])
        ranked = " > ".join(f"W{w} {means[w]:.0%}" for w in order)
        ok = all(means[a] >= means[b] for a, b in ((4, 1), (4, 2), (4, 3), (2, 1), (3, 1)) if a in means and b in means)
        lines.append(f"Across pairs, mutual cooperation by world: {ranked} — "
                     f"{'the order Jervis predicts (W4 highest, W1 lowest)' if ok else 'not the order Jervis predicts (W4 highest, W1 lowest)'}.")
    return lines


@dataclass(frozen=True)
class TypeRead:
    """What an AI state believed about a neighbour's type at its last decision (game/ai/type_belief.py)."""

    observer: int
    target: int
    turn: int
    p_greedy: float


def type_reads(orders_log: Sequence[Mapping[int, Orders]]) -> list[TypeRead]:
    """The last recorded belief (stance motive number ``p_greedy``) of every AI about every neighbour,
    in (observer, target) order. Human seats record no motives, so they have no read."""
    last: dict[tuple[int, int], TypeRead] = {}
    for turn, orders in enumerate(orders_log, start=1):
        for i, o in orders.items():
            for m in o.motives:
                if m.subject == "stance" and m.target is not None and "p_greedy" in m.numbers:
                    last[(i, m.target)] = TypeRead(i, m.target, turn, float(m.numbers["p_greedy"]))
    return [last[k] for k in sorted(last)]


def describe_read(read: TypeRead, nations: Sequence[Nation]) -> str:
    """'Borduria: greedy 82% (turn 30); revealed: security seeker'."""
    n = nations[read.target]
    return f"{n.name}: greedy {read.p_greedy:.0%} (turn {read.turn}); revealed: {n.ai_type.replace('_', ' ')}"


ALLIANCE_EVENTS = ("alliance_formed", "alliance_joined", "alliance_call", "alliance_honoured", "alliance_abandoned",
                   "alliance_left", "alliance_expelled", "alliance_dissolved")


def alliance_story(events_by_turn: Sequence[Sequence[Event]], state: GameState) -> list[str]:
    """What happened to alliances (rules.md §8a), one line each: every public alliance event by turn,
    the alliances in force at the end, and the calls honoured and abandoned."""
    names = [n.name for n in state.nations]
    lines = []
    honoured = sum(r.honoured for r in state.history)
    abandoned = sum(r.abandoned for r in state.history)
    for turn, events in enumerate(events_by_turn, start=1):
        for e in events:
            if e.kind in ALLIANCE_EVENTS and e.visible_to is None:
                lines.append(f"T{turn}: {e.text}")
    end = [f"{alliance_label(a, names)} ({', '.join(names[m] for m in a.members)})" for a in state.alliances]
    lines.append("In force at the end: " + ("; ".join(end) if end else "no alliance") + ".")
    if honoured or abandoned:
        lines.append(f"Calls to join a war: {honoured} honoured, {abandoned} abandoned "
                     "(chain-ganging vs buck-passing, Christensen & Snyder 1990).")
    return lines
