"""What the AI decides, and why (issue 3 item 1; docs/theory.md §1, §4, invariant 7)."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from factory import make_state, two_state
from game.ai.controller import ai_orders
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.scenario import new_game
from game.engine.state import GameState
from game.engine.views import player_view


def _nation(state: GameState, i: int, **changes) -> GameState:
    nations = list(state.nations)
    nations[i] = replace(nations[i], **changes)
    return replace(state, nations=tuple(nations))


def _cooperative_past(state: GameState, turns: int = 3) -> GameState:
    """Both sides cooperate and build nothing for a few turns (a shared history of CC)."""
    for _ in range(turns):
        state, _ = resolve_turn(state, {i: Orders(i, stances={j: "C" for j in state.alive_ids() if j != i})
                                        for i in state.alive_ids()})
    return state


def _border(state: GameState, owner: int) -> list[int]:
    g = state.gmap
    return [h for h in range(g.size) if state.owner[h] == owner
            and any(state.owner[n] not in (owner, -1, -2) for n in g.neighbours(h))]


def _with_units(state: GameState, hexes: list[int], stack: dict[str, int]) -> GameState:
    units = dict(state.units)
    for h in hexes:
        units[h] = dict(stack)
    return replace(state, units=units)


def _stance_motive(orders: Orders, j: int):
    return next(m for m in orders.motives if m.subject == "stance" and m.target == j)


def test_security_seeker_in_world_4_cooperates_with_a_cooperating_neighbour() -> None:
    state = _cooperative_past(_nation(new_game("maps/four_worlds.yaml", "w4", seed=5), 0, difficulty="hard"))
    orders = ai_orders(player_view(state, 0))
    assert orders.stances[1] == "C"
    m = _stance_motive(orders, 1)
    assert m.motive in ("reciprocity", "trust", "rule")
    assert m.numbers["belief"] >= m.numbers.get("threshold", 0.0)


def test_greedy_ai_attacks_a_weak_cooperating_neighbour_when_offence_dominates() -> None:
    data = two_state("1940", "........", width=8, height=4)
    state = _cooperative_past(make_state(data, seed=2), 2)
    state = _nation(state, 0, ai_type="greedy", difficulty="hard")
    state = _with_units(state, _border(state, 0), {"armour": 2, "infantry": 1})
    state = replace(state, units={h: st for h, st in state.units.items() if state.owner[h] == 0})  # B: militia only
    view = player_view(state, 0)
    assert view.games[1].odb_theirs < 1.0           # offence dominates on this border
    orders = ai_orders(view)
    assert orders.stances[1] == "D"
    assert orders.attacks, "a greedy state should strike a weak, cooperating neighbour"
    attack_motives = [m for m in orders.motives if m.subject == "attack"]
    assert len(attack_motives) == len(orders.attacks)
    assert all(m.motive in ("greed", "opportunity") and m.numbers["odds"] >= 0.65 for m in attack_motives)
    # the same situation does not tempt a security seeker into attacking
    calm = ai_orders(player_view(_nation(state, 0, ai_type="security_seeker"), 0))
    assert not calm.attacks
    # and where war is catastrophic (nuclear-era war cost) the greedy state holds back too
    costly = replace(state, era=state.era.model_copy(update={"war_cost": 5.0}))
    assert not ai_orders(player_view(costly, 0)).attacks
    held = ai_orders(player_view(_nation(costly, 0, strategy="alld"), 0))    # defecting anyway, it still holds back
    assert held.stances[1] == "D" and not held.attacks
    assert any(m.subject == "restraint" and m.numbers["war_cost"] > m.numbers["expected_worth"] for m in held.motives)


def test_security_seeker_facing_an_offensive_build_up_in_world_1_defects_out_of_fear() -> None:
    state = _cooperative_past(_nation(new_game("maps/four_worlds.yaml", "w1", seed=4), 0, difficulty="hard"), 2)
    before = ai_orders(player_view(state, 0))
    threatened = _with_units(state, _border(state, 1), {"armour": 3, "infantry": 2})
    orders = ai_orders(player_view(threatened, 0))
    assert orders.stances[1] == "D"
    m = _stance_motive(orders, 1)
    assert m.motive == "fear"
    assert m.numbers["p_lose"] > _stance_motive(before, 1).numbers["p_lose"] - 1e-9
    assert m.numbers["belief"] < m.numbers["threshold"]


def test_security_seeker_strikes_first_only_when_striking_first_pays() -> None:
    """Invariant 7 (Fearon): preemption needs a first-strike advantage; without one it only mobilises."""
    def fearful_orders(sets: list[str]) -> Orders:
        state = _nation(new_game("maps/four_worlds.yaml", "w1", seed=4, sets=sets), 0, difficulty="hard")
        state = _with_units(state, _border(state, 1), {"armour": 3, "infantry": 2})   # no shared past: belief 0.5
        state = _with_units(state, _border(state, 0), {"armour": 4, "infantry": 2})
        return ai_orders(player_view(state, 0))

    bonus = fearful_orders([])
    assert bonus.stances[1] == "D" and bonus.attacks
    assert all(m.motive == "fear" for m in bonus.motives if m.subject == "attack")
    no_bonus = fearful_orders(["era.first_strike_bonus=1.0"])
    assert no_bonus.stances[1] == "D" and not no_bonus.attacks


def test_defensive_builds_where_the_balance_favours_defence() -> None:
    state = _nation(new_game("maps/four_worlds.yaml", "w2", seed=6), 0, difficulty="hard")
    state = _with_units(state, _border(state, 1), {"infantry": 4})     # the neighbour masses infantry
    view = player_view(state, 0)
    assert view.games[1].odb_theirs > 1.0
    orders = ai_orders(view)
    assert orders.builds, "an insecure state should build"
    era = view.era
    assert all(not era.units[b.unit].offensive for b in orders.builds)
    assert orders.budget.offence == 0.0
    assert {m.motive for m in orders.motives if m.subject == "build"} <= {"security", "reassurance", "deterrence"}


def test_reassurance_builds_when_postures_can_be_told_apart() -> None:
    def builds_why(variant: str, seed: int) -> set[str] | None:
        """The build motives of a cooperating AI that builds, or None when it defects or builds nothing."""
        # r = 2: even the restraint it shows a neighbour it believes secure (policy.py) leaves it something to build
        state = _cooperative_past(_nation(new_game("maps/four_worlds.yaml", variant, seed=seed), 0, difficulty="hard",
                                          security_requirement=2.0), 2)
        orders = ai_orders(player_view(state, 0))
        if orders.stances[1] != "C" or not orders.builds:
            return None
        return {m.motive for m in orders.motives if m.subject == "build"}

    # Estimates are noisy (d < 1), so a single seed can tip the stance: look across seeds.
    w4 = [w for w in (builds_why("w4", k) for k in range(1, 9)) if w is not None]
    w2 = [w for w in (builds_why("w2", k) for k in range(1, 9)) if w is not None]
    assert w4 and all("reassurance" in w for w in w4)       # d = 0.8: defensive builds are a signal
    assert w2 and all("reassurance" not in w for w in w2)   # d = 0.2: nobody could read them


@pytest.mark.parametrize("variant", ["w1", "w2", "w3", "w4"])
def test_every_decision_has_a_motive_with_finite_numbers(variant: str) -> None:
    state = new_game("maps/four_worlds.yaml", variant, seed=9)
    events: list = []
    for _ in range(8):
        orders = {i: ai_orders(player_view(state, i, events)) for i in state.alive_ids()}
        for i, o in orders.items():
            by = {}
            for m in o.motives:
                by.setdefault(m.subject, []).append(m)
                assert m.subject in {"stance", "budget", "build", "attack", "move", "restraint", "proposal", "accept",
                                     "alliance"}
                assert m.motive in {"fear", "greed", "reciprocity", "reassurance", "trust", "security",
                                    "opportunity", "rule", "chance", "deterrence", "alliance", "buck-passing"}
                assert m.text and all(math.isfinite(v) for v in m.numbers.values())
            assert sorted(m.target for m in by.get("stance", [])) == sorted(o.stances)
            for m in by.get("stance", []):
                assert {"belief", "cc", "cd", "dc", "dd", "continuation"} <= set(m.numbers)
            assert len(by.get("budget", [])) == 1 and "available" in by["budget"][0].numbers
            assert len(by.get("build", [])) == len(o.builds)
            assert len(by.get("attack", [])) == len(o.attacks)
            assert len(by.get("move", [])) == len(o.moves)
            assert len(by.get("proposal", [])) == len(o.proposals)
            assert len([m for m in by.get("accept", []) if m.numbers["accepted"] == 1.0]) == len(o.accepts)
        state, events = resolve_turn(state, orders)


def test_cooperating_ais_propose_and_accept_treaties() -> None:
    state = new_game("maps/four_worlds.yaml", "w4", seed=2)
    state = _nation(_nation(state, 0, difficulty="hard"), 1, difficulty="hard")
    events: list = []
    proposed = accepted = 0
    kinds = set()
    for _ in range(10):
        orders = {i: ai_orders(player_view(state, i, events)) for i in state.alive_ids()}
        proposed += sum(len(o.proposals) for o in orders.values())
        accepted += sum(len(o.accepts) for o in orders.values())
        state, events = resolve_turn(state, orders)
        kinds |= {t.kind for t in state.treaties}
    assert proposed and accepted
    assert {"trade", "non_aggression"} <= kinds


def test_same_view_same_orders_and_same_game_twice() -> None:
    state = new_game("maps/four_worlds.yaml", "w1", seed=3)
    view = player_view(state, 0)
    assert ai_orders(view) == ai_orders(view) == ai_orders(player_view(state, 0))

    def final_hash() -> str:
        s = new_game("maps/four_worlds.yaml", "w2", seed=8)
        ev: list = []
        for _ in range(12):
            s, ev = resolve_turn(s, {i: ai_orders(player_view(s, i, ev)) for i in s.alive_ids()})
        return s.state_hash()

    assert final_hash() == final_hash()


@pytest.mark.slow
def test_difficulty_changes_foresight_and_mistakes_not_what_it_sees() -> None:
    state = _cooperative_past(new_game("maps/four_worlds.yaml", "w3", seed=1), 2)
    easy = ai_orders(player_view(_nation(state, 0, difficulty="easy"), 0))
    hard = ai_orders(player_view(_nation(state, 0, difficulty="hard"), 0))
    assert _stance_motive(easy, 1).numbers["continuation"] < _stance_motive(hard, 1).numbers["continuation"]
    slips = 0
    for seed in range(40):
        s = _nation(new_game("maps/four_worlds.yaml", "w4", seed=seed), 0, difficulty="easy")
        slips += _stance_motive(ai_orders(player_view(s, 0)), 1).numbers["mistake"]
        assert _stance_motive(ai_orders(player_view(_nation(s, 0, difficulty="hard"), 0)), 1).numbers["mistake"] == 0
    assert 0 < slips < 15


def test_misperception_is_read_from_the_view_and_remembered() -> None:
    state = new_game("maps/four_worlds.yaml", "w4", seed=3, sets=["params.misperception=0.4"])
    state = _cooperative_past(state, 6)
    m_now = _stance_motive(ai_orders(player_view(state, 0)), 1).numbers["misread"]
    assert m_now > 0
    later = _cooperative_past(state, 1)
    assert _stance_motive(ai_orders(player_view(later, 0)), 1).numbers["misread"] >= m_now


def test_an_offensive_weapons_ban_in_force_is_honoured_in_builds() -> None:
    from game.engine.state import Treaty

    data = two_state("1850", "........", width=8, height=4)
    state = _nation(make_state(data, seed=3), 0, difficulty="hard")
    state = _with_units(state, _border(state, 1), {"infantry": 3, "cavalry": 2})   # A must build
    banned = tuple(_border(state, 0))
    free = ai_orders(player_view(state, 0))
    assert any(state.era.units[b.unit].offensive for b in free.builds if b.hex in banned)
    bound = replace(state, treaties=(Treaty("offensive_ban", (0, 1), 1, banned),))
    orders = ai_orders(player_view(bound, 0))
    assert orders.builds
    assert not any(state.era.units[b.unit].offensive for b in orders.builds if b.hex in banned)
