"""The AI's belief about a neighbour's hidden type (game/ai/type_belief.py; docs/theory.md invariants 14
and 25) and the greedy type's offence-first budget that gives that belief something to read."""
from __future__ import annotations

import math

import pytest

from factory import make_state, two_state, with_sets
from game.ai.controller import ai_orders
from game.ai.frontier import fronts as find_fronts
from game.ai.type_belief import P_EXPLOIT_GREEDY, P_EXPLOIT_SECURE, spearheads, type_belief
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.scenario import build_state, load_scenario, new_game
from game.engine.views import player_view
from game.sim.batch import game_seed
from game.sim.runner import default_policy, play


def _view(era: str = "1940", *sets: str, forces_a=None, forces_b=None):
    return player_view(make_state(with_sets(two_state(era, "........", forces_a=forces_a, forces_b=forces_b), *sets)), 0)


def _posture_belief(view):
    """Aland's belief about Borduria from the posture alone (no moves yet)."""
    heads = spearheads(view, find_fronts(view))
    assert heads[1][0] is not None                     # Borduria's border stacks can be read
    return type_belief(view, 1, (), (), heads[1])


def test_exploitation_after_my_restraint_is_evidence_of_greed_retaliation_is_not() -> None:
    view = _view()
    neutral = type_belief(view, 1, (), (), None)
    assert neutral.log_lr_moves == 0.0
    exploited = type_belief(view, 1, ("C", "C"), ("C", "D"), None)
    assert exploited.p_greedy > neutral.p_greedy
    assert exploited.log_lr_moves == pytest.approx(math.log((1 - P_EXPLOIT_GREEDY) / (1 - P_EXPLOIT_SECURE))
                                                   + math.log(P_EXPLOIT_GREEDY / P_EXPLOIT_SECURE))
    # the same defection answering my own defection says nothing about their type (invariant 25)
    provoked = type_belief(view, 1, ("C", "D", "C"), ("C", "C", "D"), None)
    restrained = type_belief(view, 1, ("C", "D"), ("C", "C"), None)
    assert provoked.log_lr_moves == pytest.approx(restrained.log_lr_moves)
    # steady mutual restraint lowers the belief
    assert type_belief(view, 1, ("C",) * 6, ("C",) * 6, None).p_greedy < neutral.p_greedy


def test_posture_says_more_the_clearer_postures_can_be_told_apart() -> None:
    """Their border full of tanks against my anti-tank guns: no evidence at d = 0, strong at d = 0.9."""
    armour, guns = {"armour": 3}, {"at_gun": 3}
    blind = _view("1940", "era.distinguishability=0", forces_a=guns, forces_b=armour)
    clear = _view("1940", "era.distinguishability=0.9", forces_a=guns, forces_b=armour)
    b_blind, b_clear = _posture_belief(blind), _posture_belief(clear)
    assert b_blind.log_lr_posture == pytest.approx(0.0, abs=1e-9)
    assert b_clear.log_lr_posture > 2.0 and b_clear.p_greedy > 0.85
    # the same tanks facing my own tanks are the best response to my build-up: no evidence of greed
    mirrored = _view("1940", "era.distinguishability=0.9", forces_a=armour, forces_b=armour)
    assert _posture_belief(mirrored).log_lr_posture < b_clear.log_lr_posture - 2.0


def test_every_stance_records_the_belief_and_it_does_not_change_the_decision() -> None:
    state = new_game("maps/four_worlds.yaml", "w3", seed=3)
    view = player_view(state, 0)
    orders = ai_orders(view)
    m = next(m for m in orders.motives if m.subject == "stance" and m.target == 1)
    assert 0.0 <= m.numbers["p_greedy"] <= 1.0
    assert {"type_evidence_moves", "type_evidence_posture", "own_spearhead"} <= set(m.numbers)


def test_a_greedy_state_arms_its_spearhead_before_its_security() -> None:
    """With a target to arm against and too little money to make its border secure, a greedy type
    still claims offence first (offence_taste x OFFENCE_FIRST of its arms money); a security seeker
    given the same target buys offence only with what security leaves over -- here nothing."""
    from game.ai.difficulty import difficulty_of, view_rng
    from game.ai.frontier import fronts as find_fronts
    from game.ai.planner import OFFENCE_FIRST, plan
    from game.ai.stance import decide_stances
    from game.ai.threat import assess
    from game.ai.types import profile_of
    state = new_game("maps/four_worlds.yaml", "w3", seed=3)
    for _ in range(2):
        state, _ = resolve_turn(state, {i: Orders(i, stances={1 - i: "C"}) for i in (0, 1)})
    view = player_view(state, 0)
    diff = difficulty_of("hard")
    fronts = find_fronts(view)
    threats = assess(view, fronts, 1.0, diff.lookahead)
    target = {min(lk.src for lk in fronts[1].outbound): 1}
    results = {}
    for key in ("greedy", "security_seeker"):
        profile = profile_of(key)
        stances = decide_stances(view, fronts, threats, profile, diff, view_rng(view))
        results[key] = plan(view, fronts, threats, stances, profile, diff.lookahead, target)
    era = view.era
    budget = next(m for m in results["greedy"].motives if m.subject == "budget").numbers
    assert budget["short_hexes"] > 0                              # security is not affordable...
    assert budget["offence"] > 0 and any(era.units[b.unit].offensive for b in results["greedy"].builds)
    assert budget["offence"] <= profile_of("greedy").offence_taste * OFFENCE_FIRST * budget["available"] + 1e-6 \
        + max(era.units[b.unit].cost for b in results["greedy"].builds)
    assert any(m.subject == "build" and m.motive == "greed" for m in results["greedy"].motives)
    secure = next(m for m in results["security_seeker"].motives if m.subject == "budget").numbers
    assert secure["offence"] == 0 and not any(era.units[b.unit].offensive for b in results["security_seeker"].builds)
    builds = results["greedy"].builds
    assert len({(b.unit, b.hex) for b in builds}) == len(builds)             # one order per unit and hex


def _auc(pos: list[float], neg: list[float]) -> float:
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg) / (len(pos) * len(neg))


def _beliefs(d: float, ai_type: str, seed: int, games: int, turns: int = 10) -> list[float]:
    spec = load_scenario("maps/four_worlds.yaml").resolve("w3", (f"states[1].ai_type={ai_type}",
                                                              f"era.distinguishability={d}"))
    out = []
    for k in range(games):
        state = build_state(spec, game_seed(seed, k), "w3")
        last = 0.5
        for res in play(state, turns, default_policy()):
            m = next((m for m in res.orders[0].motives if m.subject == "stance" and m.target == 1), None)
            if m is not None:
                last = m.numbers["p_greedy"]
        out.append(last)
    return out


@pytest.mark.slow
def test_distinguishability_makes_type_inference_more_accurate() -> None:  # invariant 14
    """In W3 (offence dominant, so greed has something to arm for): after 10 turns the AUC of A's
    belief that B is greedy, over games with B greedy against games with B a security seeker
    (independent seeds), is near chance at d = 0.2 and high at d = 0.9."""
    games = 24
    low = _auc(_beliefs(0.2, "greedy", 2, games), _beliefs(0.2, "security_seeker", 1, games))
    high = _auc(_beliefs(0.9, "greedy", 2, games), _beliefs(0.9, "security_seeker", 1, games))
    assert high >= 0.75 and high >= low + 0.2, (low, high)
