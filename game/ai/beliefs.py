"""What a state believes about each neighbour, built only from its view (docs/theory.md prop. 5, 11).

* Move histories: my own past stances toward j and j's *observed* stances toward me, from the
  public history. With misperception eps (``view.params.misperception``) each of j's C is read
  as D with probability eps; the draws come from a generator seeded by the view's private noise
  seed and j, so a misreading, once made, is remembered the same way on every later turn.
* Prior that j cooperates: 0.5, halved when intelligence saw j building offensive forces near my
  border this turn (``view.warned_of``: warning, docs/theory.md prop. 9 and invariant 15).
* Observed offensive share of j's forces facing me (from the view's estimates, which are only as
  sharp as distinguishability allows); the strategy weighs it by d.
* Continuation: the scenario's shadow of the future times the difficulty's foresight, cut by how
  decisive one exploitation would be (Jervis's twist on prop. 8, invariant 22:
  delta * (1 - p_knockout)). One surprise turn can end part of the game either way: ``p_knockout``
  is the chance that their strike takes my capital plus the expected share of my land's value it
  would take (each of their stacks striking every hex it touches), and ``p_knockout_them`` the
  same for my strike on them -- a victim that is crippled cannot retaliate, so the shadow of the
  future deters less. Offence dominance raises both; defence dominance and depth lower them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.strategies import DecisionContext, Payoffs
from game.engine.pairkey import direction_key
from game.engine.views import PlayerView

from .frontier import Front
from .threat import Threat, my_reach

BASE_PRIOR = 0.5
WARNING_FACTOR = 0.5     # prior multiplier when j's offensive build near my border was seen


@dataclass(frozen=True)
class Reading:
    """The inputs of one stance decision, kept for the motive record."""

    my_moves: tuple[str, ...]
    their_moves: tuple[str, ...]
    misread: int              # how many of their C this state has read as D
    prior: float
    offensive_share: float | None
    continuation: float
    p_knockout: float          # how decisive their exploitation of me would be
    p_knockout_them: float     # how decisive my exploitation of them would be


def observed_moves(view: PlayerView, j: int) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """(my stances toward j, j's stances toward me as I perceive them, number misread)."""
    me = view.me
    k_mine, k_theirs = direction_key(me, j), direction_key(j, me)
    mine: list[str] = []
    theirs: list[str] = []
    for t in view.history:
        a, b = t.stances.get(k_mine), t.stances.get(k_theirs)
        if a is None or b is None:
            continue
        mine.append(a)
        theirs.append(b)
    eps = float(view.params.misperception)
    misread = 0
    if eps > 0 and theirs:
        draws = np.random.default_rng([view.noise_seed, 7, j]).random(len(theirs))
        for k, m in enumerate(theirs):
            if m == "C" and draws[k] < eps:
                theirs[k] = "D"
                misread += 1
    return tuple(mine), tuple(theirs), misread


def offensive_share(view: PlayerView, front: Front) -> float | None:
    """Strength-weighted offensive share of the neighbour's stacks on our common border."""
    att = tot = 0.0
    for h in front.their_hexes:
        e = view.estimates.get(h)
        if e is not None:
            att += e.attack
            tot += e.attack + e.defence
    if tot <= 0:
        return None
    return min(1.0, max(0.0, att / tot))


def knockout_chance(view: PlayerView, threat: Threat | None, land_value: float) -> float:
    """How decisive one exploitation would be: P(capital falls) + expected share of my land value lost."""
    if threat is None or view.my_nation is None or not threat.hexes:
        return 0.0
    cap = view.my_nation.capital
    p_cap = max((h.p_lose for h in threat.hexes if h.hex == cap), default=0.0)
    lost = sum(h.p_spread * view.gmap.value[h.hex] for h in threat.hexes)
    return min(1.0, p_cap + lost / max(land_value, 1e-9))


def reading(view: PlayerView, j: int, front: Front | None, threat: Threat | None, foresight: float,
            land: np.ndarray, forces: dict | None = None) -> Reading:
    """What this state reads about neighbour j; ``forces`` is :func:`~game.ai.threat.my_reach`'s
    cache of my stacks' attackers, shared by the readings of one view."""
    mine, theirs, misread = observed_moves(view, j)
    prior = BASE_PRIOR * (WARNING_FACTOR if j in view.warned_of else 1.0)
    share = offensive_share(view, front) if front is not None else None
    p_ko = knockout_chance(view, threat, float(land[view.me]))
    p_ko_them = 0.0
    if front is not None and front.outbound:
        share_taken, p_cap = my_reach(view, front, float(land[j]), forces)
        p_ko_them = min(1.0, share_taken + p_cap)
    delta = float(view.params.continuation) * foresight * (1.0 - p_ko) * (1.0 - p_ko_them)
    return Reading(mine, theirs, misread, prior, share, min(1.0, max(0.0, delta)), p_ko, p_ko_them)


def context(r: Reading, payoffs: Payoffs, d: float) -> DecisionContext:
    return DecisionContext(my_moves=r.my_moves, their_moves=r.their_moves, payoffs=payoffs,
                           distinguishability=min(1.0, max(0.0, d)), observed_offensive_share=r.offensive_share,
                           prior_coop=r.prior, continuation=r.continuation)
