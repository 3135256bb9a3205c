"""What a turn paid and how a game ended, for the player: pure functions of states and events.

* :func:`pair_results` - for each neighbour pair of one state, this turn's outcome (CC/CD/DC/DD,
  first letter = that state's move), the payoff the stance card predicted for that outcome (the
  stage game of the view the orders were given from) and the payoff actually received, in treasury
  units: trade earned with that neighbour + land won from it - land lost to it (each hex at the
  stage game's valuation, ``horizon`` x its value) - the war cost paid for fighting it.
  The card's CC also counts the arms-race cost the pair avoided: money not spent, not received,
  so it is shown apart (``arms_saving``) and not added to ``received``.
* :func:`verdict` - won / held / lost for one state at the end, against the scenario's victory
  conditions (territory share, last state standing), its own starting territory and capital, and
  the other states' scores; :func:`final_table` is the ranking it uses (the verdict screen shows it
  even for a game no human played, e.g. a finished ``run --save`` loaded in the window).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .scoring import Score, scores
from .stagegame import StageGame
from .state import Event, GameState, dyad


@dataclass(frozen=True)
class PairResult:
    me: int
    other: int
    outcome: str               # "CD": I cooperated, they defected
    predicted: float | None    # the card's payoff for this outcome (None: no card for this pair)
    received: float            # trade + land - war, in treasury units
    trade: float
    land: float
    war: float
    arms_saving: float         # the arms race avoided in CC (in the card's CC, not in the treasury)


def _cell(game: StageGame, outcome: str) -> float:
    return {"CC": game.cc, "CD": game.cd, "DC": game.dc, "DD": game.dd}[outcome]


def pair_results(before: GameState, after: GameState, events: Sequence[Event], me: int,
                 cards: Mapping[int, StageGame] | None = None) -> tuple[PairResult, ...]:
    """``me``'s outcome with each neighbour in the turn that led from ``before`` to ``after``.

    ``cards`` maps neighbour -> the stage game the player saw (``PlayerView.games``)."""
    if not after.history or after.history[-1].turn != before.turn:
        return ()
    rec = after.history[-1]
    g, eco, era = before.gmap, before.gmap.rules.constants.economy, before.era
    income = rec.income
    treaties = {t.parties for t in before.treaties if t.kind == "trade"}
    captured: dict[tuple[int, int], float] = {}
    for e in events:
        if e.kind == "attack" and e.data.get("success") and isinstance(e.data.get("target"), int):
            a, d = int(e.data["attacker"]), int(e.data["defender"])
            captured[(a, d)] = captured.get((a, d), 0.0) + eco.horizon * float(g.value[int(e.data["target"])])
    all_incomes = before.incomes()
    out = []
    for key, o in sorted(rec.outcomes.items()):
        a, b = (int(x) for x in key.split("-"))
        if me not in (a, b):
            continue
        j = b if me == a else a
        mine = o if me == a else o[::-1]
        trade = 0.0
        if mine == "CC":
            mult = eco.trade_treaty_multiplier if dyad(me, j) in treaties else 1.0
            trade = eco.trade_rate * min(income[me], income[j]) * mult * before.params.trade_factor
        land = captured.get((me, j), 0.0) - captured.get((j, me), 0.0)
        war = 0.0
        if f"{min(me, j)}-{max(me, j)}" in rec.wars:
            war = era.war_cost * all_incomes[me] * before.nations[me].war_cost_factor
            if _struck_by_surprise(events, me, j) and not _struck_by_surprise(events, j, me):
                war *= 1.0 - era.damage_limitation     # counterforce, as resolution charges it
        arms = eco.arms_race_cost * all_incomes[me] if mine == "CC" else 0.0
        card = (cards or {}).get(j)
        out.append(PairResult(me, j, mine, None if card is None else round(_cell(card, mine), 3),
                              round(trade + land - war, 3), round(trade, 3), round(land, 3), round(war, 3),
                              round(arms, 3)))
    return tuple(out)


def _struck_by_surprise(events: Sequence[Event], i: int, j: int) -> bool:
    return any(e.kind == "attack" and e.data.get("surprise") and e.data.get("attacker") == i
               and e.data.get("defender") == j for e in events)


# --- the end of the game ----------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    nation: int
    result: str                    # "won" | "held" | "lost"
    headline: str
    reasons: tuple[str, ...]
    rank: int                      # 1 = the highest score
    scores: tuple[Score, ...]      # every state's score, highest first


def final_table(state: GameState) -> tuple[Score, ...]:
    """Every state's score, highest first (ties by id): the verdict's ranking."""
    return tuple(sorted(scores(state), key=lambda s: (-s.total, s.nation)))


def verdict(state: GameState, me: int) -> Verdict:
    """How ``me`` did: won (the scenario's victory, or the best score with its land and capital
    kept), lost (fallen, another state's victory, or half its land gone) or held (the rest)."""
    n = state.nations[me]
    table = final_table(state)
    rank = 1 + [s.nation for s in table].index(me)
    held = sum(1 for o in state.owner if o == me)
    start = state.start_territory[me] if state.start_territory else held
    capital = state.owner[n.capital] == me
    reasons = [f"You hold {held} hexes; you started with {start}.",
               "Your capital is yours." if capital else "Your capital is lost.",
               f"Your score ranks {rank} of {len(table)}."]
    if state.end_reason:
        reasons.insert(0, f"The game ended: {state.end_reason}.")
    if state.winner == me:
        return Verdict(me, "won", f"{n.name} wins: the scenario's victory is yours.", tuple(reasons), rank, tuple(table))
    if not n.alive:
        return Verdict(me, "lost", f"{n.name} has fallen.", tuple(reasons), rank, tuple(table))
    if state.winner is not None:
        return Verdict(me, "lost", f"{state.nations[state.winner].name} won the game.", tuple(reasons), rank, tuple(table))
    if held * 2 < start:
        return Verdict(me, "lost", f"{n.name} survives, but lost more than half of its land.", tuple(reasons), rank,
                       tuple(table))
    if rank == 1 and capital and held >= start:
        return Verdict(me, "won", f"{n.name} comes out ahead of every other state.", tuple(reasons), rank, tuple(table))
    return Verdict(me, "held", f"{n.name} held its own.", tuple(reasons), rank, tuple(table))


def score_of(state: GameState, me: int) -> float:
    """``me``'s running score (the debrief's total)."""
    return next(s.total for s in scores(state) if s.nation == me)
