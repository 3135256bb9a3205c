"""Experiments on alliances and on beliefs that act (docs/experiments.md; theory.md invariants 24, 25).

* :func:`alliance_cell` -- Christensen & Snyder (1990): on a map of three states in a row (two
  security seekers either side of a greedy state), the share of state-turns spent in an
  alliance (entry) and the share of alliance calls honoured rather than abandoned, as the
  *perceived* defence technology varies (``era.perceived_defence_tech``; the true balance is fixed).
* :func:`belief_cell` -- the spiral and deterrence models on a two-state scenario: the same games
  with one state's prior that its neighbour is greedy (``states[K].greed_prior``) set low or high;
  each state's arms share and mutual cooperation (spiral), exploitation and territory of the greedy
  state (deterrence).

Each game k uses :func:`game.sim.batch.game_seed` (common random numbers across cells); intervals
are the batch's cluster-robust 95% intervals (games are the clusters).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from game.engine.hidden_types import hidden_type
from game.engine.pairkey import PairKey
from game.engine.scenario import apply_set, build_state, load_scenario
from game.engine.scenario_schema import ScenarioSpec
from game.engine.state import GameState
from game.sim.batch import game_seed
from game.sim.runner import default_policy, play
from game.sim.stats import ClusteredRate


def triangle_spec(era: str = "1914", sets: Sequence[str] = (), allied: bool = False) -> ScenarioSpec:
    """Three states on a 12x8 plain in a row: Aland (west) and Borduria (east), security seekers,
    each border Carpania (centre), greedy; Aland and Borduria do not touch, so an alliance between
    them is a pact against the state between them. Three infantry stacks of three on each side of
    each border. ``allied``: Aland and Borduria start in an alliance (to measure honoured calls)."""
    foot = "infantry" if era != "nuclear" else "mech_infantry"
    stacks = {"A": [[3, 1], [3, 4], [3, 6]], "B": [[8, 1], [8, 4], [8, 6]],
              "C": [[4, 2], [4, 5], [7, 2], [7, 5]]}
    data: dict[str, Any] = {
        "name": "Alliance triangle", "era": {"base": era},
        "map": {"width": 12, "height": 8, "terrain": ["." * 12] * 8, "owners": ["AAAACCCCBBBB"] * 8},
        "victory": {"max_turns": 100},
        "alliances": [{"name": "Pact", "members": ["A", "B"]}] if allied else [],
        "states": [
            {"key": k, "name": n, "colour": c, "capital": cap, "treasury": 150, "ai_type": t,
             "forces": [{"hex": h, "units": {foot: 3}} for h in stacks[k]]}
            for k, n, c, cap, t in (("A", "Aland", "#aa3333", [0, 4], "security_seeker"),
                                    ("B", "Borduria", "#3333aa", [11, 4], "security_seeker"),
                                    ("C", "Carpania", "#33aa33", [6, 4], "greedy"))],
    }
    for s in sets:
        apply_set(data, s)
    return ScenarioSpec.model_validate(data)


@dataclass(frozen=True)
class AllianceCell:
    perceived_tech: float
    games: int
    entry: ClusteredRate          # state-turns in an alliance / alive state-turns
    honour: ClusteredRate         # calls honoured / calls answered
    war: ClusteredRate            # turns with a war / turns

    def row(self) -> dict[str, float]:
        e_lo, e_hi = self.entry.normal(upper=1.0)
        h_lo, h_hi = self.honour.normal(upper=1.0) if self.honour.sum_n else (float("nan"), float("nan"))
        return {"perceived_defence_tech": self.perceived_tech, "games": self.games,
                "entry": self.entry.rate, "entry_lo": e_lo, "entry_hi": e_hi,
                "calls_answered": self.honour.sum_n, "honour": self.honour.rate, "honour_lo": h_lo, "honour_hi": h_hi,
                "war": self.war.rate}


def _run(state: GameState, turns: int) -> GameState:
    for res in play(state, turns, default_policy()):
        state = res.state
    return state


def alliance_cell(perceived_tech: float, games: int, turns: int, seed: int, era: str = "1914",
                  allied: bool = False) -> AllianceCell:
    spec = triangle_spec(era, (f"era.perceived_defence_tech={perceived_tech}",), allied)
    entry, honour, war = ClusteredRate(), ClusteredRate(), ClusteredRate()
    for k in range(games):
        st = _run(build_state(spec, game_seed(seed, k)), turns)
        members = sum(len(m) for rec in st.history for m in rec.alliances)
        alive = sum(sum(1 for t in rec.territory if t > 0) for rec in st.history)
        entry.add(members, alive)
        h = sum(rec.honoured for rec in st.history)
        honour.add(h, h + sum(rec.abandoned for rec in st.history))
        war.add(sum(1 for rec in st.history if rec.wars), len(st.history))
    return AllianceCell(perceived_tech, games, entry, honour, war)


@dataclass(frozen=True)
class BeliefCell:
    label: str
    prior: float
    games: int
    arms: tuple[ClusteredRate, ...]   # per state: its arms spending / (arms + economy)
    coop: ClusteredRate               # mutual cooperation per dyad-turn
    exploited: ClusteredRate          # dyad-turns in which a greedy state defected on a cooperating one
    gain: ClusteredRate               # hexes the greedy states hold beyond their start, per game
    gains: tuple[int, ...] = ()       # the same, game by game (for paired comparisons across cells)

    def row(self) -> dict[str, float | str]:
        out: dict[str, float | str] = {"cell": self.label, "greed_prior": self.prior, "games": self.games}
        for i, a in enumerate(self.arms):
            lo, hi = a.normal(upper=1.0)
            out.update({f"arms{i}": a.rate, f"arms{i}_lo": lo, f"arms{i}_hi": hi})
        c_lo, c_hi = self.coop.wilson()
        x_lo, x_hi = self.exploited.wilson()
        g_lo, g_hi = self.gain.normal(lower=None)
        out.update({"mutual_coop": self.coop.rate, "coop_lo": c_lo, "coop_hi": c_hi,
                    "exploited": self.exploited.rate, "exploited_lo": x_lo, "exploited_hi": x_hi,
                    "greedy_gain": self.gain.rate, "gain_lo": g_lo, "gain_hi": g_hi})
        return out


def belief_cell(path: str, variant: str | None, observer: int, prior: float, games: int, turns: int, seed: int,
                sets: Sequence[str] = (), label: str = "") -> BeliefCell:
    """Games in which state ``observer`` starts with prior ``prior`` that its neighbours are greedy
    (every other state keeps the neutral 0.5)."""
    spec = load_scenario(path).resolve(variant, (*sets, f"states[{observer}].greed_prior={prior}"))
    n = len(spec.states)
    greedy = {i for i, s in enumerate(spec.states) if hidden_type(s.ai_type).score_weights[2] > 0}   # values conquest
    arms = tuple(ClusteredRate() for _ in range(n))
    coop, exploited, gain = ClusteredRate(), ClusteredRate(), ClusteredRate()
    gains: list[int] = []
    for k in range(games):
        st = _run(build_state(spec, game_seed(seed, k), variant), turns)
        for i in range(n):
            a = sum(r.arms_spent[i] for r in st.history)
            arms[i].add(a, a + sum(r.econ_spent[i] for r in st.history))
        dyad_turns = sum(len(r.outcomes) for r in st.history)
        coop.add(sum(1 for r in st.history for o in r.outcomes.values() if o == "CC"), dyad_turns)
        ex = 0
        for r in st.history:
            for key, o in r.outcomes.items():
                a, b = PairKey.parse(key).pair
                ex += (o == "DC" and a in greedy and b not in greedy) or (o == "CD" and b in greedy and a not in greedy)
        exploited.add(ex, dyad_turns)
        held = st.territory()
        gains.append(sum(held[i] - st.start_territory[i] for i in greedy))
        gain.add(gains[-1], 1)
    return BeliefCell(label or f"state {observer} prior {prior}", prior, games, arms, coop, exploited, gain, tuple(gains))


def paired_difference(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """Mean of a[k] - b[k] over games played with the same seeds, and its 95% normal interval."""
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    if n < 2:
        return (float("nan"),) * 3
    m = sum(d) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1))
    half = 1.959964 * sd / math.sqrt(n)
    return m, m - half, m + half
