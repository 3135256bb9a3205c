"""Stances: one decision per neighbour, by the nation's stance strategy, on the stage game it values.

For each neighbour the AI builds a :class:`DecisionContext` from its view (see :mod:`beliefs`),
values the view's stage game for its type (see :mod:`payoffs`) and asks its strategy
(``my_nation.strategy``, default ``bayes``). A difficulty's mistakes may then flip the move
(motive ``chance``). The record keeps the belief, the threshold and the payoffs it used.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np

from game.ai.strategies import REGISTRY, Decision, Strategy, make
from game.ai.strategies.bayesian import belief as bayes_belief
from game.engine.orders import Motive
from game.engine.state import alliance_of
from game.engine.views import PlayerView

from .beliefs import Reading, context, reading
from .difficulty import Difficulty
from .frontier import Front, land_values
from .motives import motive, num, pct
from .payoffs import Valuation, value_game
from .policy import cooperation_prior
from .preemption import crisis_preemption
from .threat import Threat
from .type_belief import spearheads, type_belief
from .types import TypeProfile

DEFAULT_STRATEGY = "bayes"
ALLY_PRIOR = 0.9     # prior that an ally keeps the peace (design: attacking an ally costs it the alliance)


@dataclass(frozen=True)
class StanceChoice:
    neighbour: int
    move: str
    why: str
    belief: float
    threshold: float | None
    valuation: Valuation
    reading: Reading
    record: Motive
    preempt: bool = False   # a crisis preemption (preemption.py): a D the attack planner may turn into a first strike


def strategy_for(key: str) -> Strategy:
    return make(key if key in REGISTRY else DEFAULT_STRATEGY)


def decide_stances(view: PlayerView, fronts: Mapping[int, Front], threats: Mapping[int, Threat],
                   profile: TypeProfile, diff: Difficulty, rng: np.random.Generator) -> dict[int, StanceChoice]:
    nation = view.my_nation
    strategy = strategy_for(nation.strategy)
    r = float(nation.security_requirement)
    land = land_values(view)
    heads = spearheads(view, fronts)
    allies = alliance_of(view.alliances, view.me)
    out: dict[int, StanceChoice] = {}
    my_forces: dict = {}      # my stacks' attackers, shared by the readings of every neighbour
    for j in view.neighbours:
        game = view.games.get(j)
        if game is None:
            continue
        threat = threats.get(j)
        val = value_game(view, game, threat, profile, r)
        rd = reading(view, j, fronts.get(j), threat, diff.foresight, land, my_forces)
        tb = type_belief(view, j, rd.my_moves, rd.their_moves, heads.get(j))
        prior = cooperation_prior(rd.prior, tb.p_greedy)                  # beliefs that act (policy.py)
        rd = replace(rd, prior=prior)
        if allies is not None and j in allies.members:
            # an ally that strikes me is expelled and called against, and its army faces the common
            # enemy: it is expected to keep the peace, and its posture is not read as aimed at me
            rd = replace(rd, prior=max(prior, ALLY_PRIOR), offensive_share=None)
        ctx = context(rd, val.payoffs, view.distinguishability)
        dec = strategy.decide(ctx, rng)
        q = bayes_belief(ctx)
        move, why, text = dec.move, dec.motive, dec.reason
        pre = None
        if profile.preempts and strategy.key == DEFAULT_STRATEGY:
            can_surprise = view.last_stances.get((view.me, j)) != "D"   # as the attack planner reckons surprise
            pre = crisis_preemption(game, view.era, val.payoffs, val.p_lose, q, rd.continuation, can_surprise)
            if pre is not None:
                case = (f"going first pays: caught unwarned it would face a balance of {num(pre.balance)} "
                        f"(first-strike bonus {num(view.era.first_strike_bonus)}), their strike would succeed "
                        f"{pct(val.p_lose)} of the time, and with belief {num(q)} that they keep the peace, "
                        f"striking first is worth {num(pre.strike_first)} against {num(pre.wait)} for waiting")
                text = (f"Crisis: {case}. It defects to preempt." if move == "C"
                        else f"{text} And {case}: it preempts.")
                move, why = "D", "fear"
        flip = diff.mistake_rate > 0 and float(rng.random()) < diff.mistake_rate
        if flip:
            meant = move
            move = "D" if move == "C" else "C"
            why, text = "chance", f"It meant to play {meant} ({why}: {text}) but slipped and plays {move}."
        numbers = _numbers(dec, q, val, rd, game, threat, flip)
        numbers.update(tb.numbers())
        if pre is not None:
            numbers.update({"preempt": 1.0, "first_strike_balance": pre.balance,
                            "strike_first_value": pre.strike_first, "wait_value": pre.wait})
        thr = dec.numbers.get("threshold")
        rec = motive("stance", j, why, f"Toward {view.name(j)}: {text}", numbers)
        out[j] = StanceChoice(j, move, why, q, thr, val, rd, rec, preempt=pre is not None and not flip)
    return out


def _numbers(dec: Decision, q: float, val: Valuation, rd: Reading, game, threat: Threat | None, flip: bool) -> dict[str, float]:
    n = dict(dec.numbers)
    n.update({
        "belief": q, "prior": rd.prior, "continuation": rd.continuation, "p_knockout": rd.p_knockout, "p_knockout_them": rd.p_knockout_them,
        "cc": val.payoffs.cc, "cd": val.payoffs.cd, "dc": val.payoffs.dc, "dd": val.payoffs.dd,
        "view_cd": game.cd, "view_dc": game.dc, "conquest_gain": val.gain, "exploitation_loss": val.loss,
        "p_lose": val.p_lose, "p_win": game.p_win, "fear_scale": val.fear_scale, "greed_scale": val.greed_scale,
        "odb_mine": game.odb_mine, "odb_theirs": game.odb_theirs, "world": game.world,
        "misread": rd.misread, "mistake": float(flip),
    })
    if rd.offensive_share is not None:
        n["observed_offensive_share"] = rd.offensive_share
    if threat is not None:
        n["threat_ratio"] = threat.ratio
        n["secure"] = float(threat.secure)
    return n


def describe(choice: StanceChoice) -> str:
    return f"{choice.move} ({choice.why}, belief {num(choice.belief)})"
