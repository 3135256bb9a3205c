"""Alliance rule cases (DATC style; rules.md §8a). Each docstring gives the position, the orders and
the expected result. The position is ``factory.three_state()`` unless said otherwise: Aland (0,
north-west), Borduria (1, north-east) and Carpania (2, south) all border each other, 1940 era;
Carpania holds 6 infantry at (2,3), next to Aland's empty hex (2,2).
"""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from factory import hx, make_state, three_state
from game.engine.alliances import ABANDON_BAN
from game.engine.errors import FileError
from game.engine.orders import ALLIANCE, Attack, Orders, TreatyProposal, orders_from_plain, orders_to_plain
from game.engine.resolve import resolve_turn
from game.engine.scenario import load_scenario_text, new_game
from game.engine.state import Alliance, state_from_plain
from game.engine.views import player_view

A, B, C = 0, 1, 2


def _turn(state, **by):
    """Resolve one turn; ``a=Orders(...)`` etc. (missing: cooperate with everyone, do nothing)."""
    orders = {i: by.get("abc"[i]) or Orders(i) for i in range(3)}
    return resolve_turn(state, orders)


def _kinds(events):
    return [e.kind for e in events]


def _allied(state, a=A, b=B):
    return replace(state, alliances=(Alliance("1:0", tuple(sorted((a, b))), 1),))


def _strike(state):
    """Carpania defects against Aland and attacks (2,2) from (2,3)."""
    return Orders(C, stances={A: "D"}, attacks=(Attack(hx(state, 2, 2), (hx(state, 2, 3),)),))


@pytest.fixture
def s0():
    return make_state(three_state())


def test_AL01_proposal_then_acceptance_forms_a_public_alliance(s0):
    """Turn 1: A proposes an alliance to B. Turn 2: B accepts; nobody defects.
    Expected: the proposal is a public event (C sees it); after turn 2 A and B form one alliance,
    announced publicly and shown in every view, C's included."""
    s1, ev1 = _turn(s0, a=Orders(A, proposals=(TreatyProposal(ALLIANCE, B),)))
    prop = next(e for e in ev1 if e.kind == "alliance_proposed")
    assert prop.visible(C)
    pid = s1.proposals[0].id
    s2, ev2 = _turn(s1, b=Orders(B, accepts=(pid,)))
    assert [a.members for a in s2.alliances] == [(A, B)]
    assert "alliance_formed" in _kinds(ev2)
    view = player_view(s2, C, ev2)
    assert [a.members for a in view.alliances] == [(A, B)]
    assert any(e.kind == "alliance_formed" for e in view.events)
    assert s2.history[-1].alliances == ((A, B),)


def test_AL02_acceptance_fails_only_when_the_two_fight_each_other(s0):
    """Turn 1: A proposes to B. Turn 2: B accepts while A defects against B (fear, mobilisation: no
    attack). Expected: the alliance is signed (a defection alone does not stop an alliance; under
    perceived offence dominance everyone mobilises against everyone). Same again, but A also
    attacks B: no alliance, a treaty_failed event."""
    s1, _ = _turn(s0, a=Orders(A, proposals=(TreatyProposal(ALLIANCE, B),)))
    pid = s1.proposals[0].id
    s2, ev = _turn(s1, a=Orders(A, stances={B: "D"}), b=Orders(B, accepts=(pid,)))
    assert [a.members for a in s2.alliances] == [(A, B)]
    hit = Orders(A, stances={B: "D"}, attacks=(Attack(hx(s1, 4, 1), (hx(s1, 3, 1),)),))
    s3, ev = _turn(s1, a=hit, b=Orders(B, accepts=(pid,)))
    assert s3.alliances == () and "treaty_failed" in _kinds(ev)


def test_AL03_a_member_invites_a_third_state_into_its_alliance(s0):
    """Position: A and B allied. Turn 1: B proposes an alliance to C. Turn 2: C accepts.
    Expected: one alliance of three members (multi-party), event alliance_joined."""
    s = _allied(s0)
    s1, _ = _turn(s, b=Orders(B, proposals=(TreatyProposal(ALLIANCE, C),)))
    s2, ev = _turn(s1, c=Orders(C, accepts=(s1.proposals[0].id,)))
    assert [a.members for a in s2.alliances] == [(A, B, C)] and "alliance_joined" in _kinds(ev)


def test_AL04_an_outsider_asks_to_join(s0):
    """Position: A and B allied. Turn 1: C proposes an alliance to A. Turn 2: A accepts.
    Expected: C joins A's alliance (not a new one)."""
    s = _allied(s0)
    s1, _ = _turn(s, c=Orders(C, proposals=(TreatyProposal(ALLIANCE, A),)))
    s2, _ = _turn(s1, a=Orders(A, accepts=(s1.proposals[0].id,)))
    assert [a.members for a in s2.alliances] == [(A, B, C)]


def test_AL05_allies_cannot_propose_again_and_members_of_two_alliances_cannot_ally(s0):
    """Position: A and B allied. Turn 1: A proposes an alliance to B.
    Expected: the order is rejected (already allies), seen only by A; no proposal stands."""
    s = _allied(s0)
    s1, ev = _turn(s, a=Orders(A, proposals=(TreatyProposal(ALLIANCE, B),)))
    rej = [e for e in ev if e.kind == "order_rejected"]
    assert rej and "already allies" in rej[0].text and rej[0].visible_to == (A,)
    assert s1.proposals == ()


def test_AL06_an_attack_on_a_member_calls_the_allies_that_border_the_attacker(s0):
    """Position: A and B allied. Turn 1: C defects against A and attacks (2,2).
    Expected: a public alliance_call event; state.calls holds B's duty to join A's war against C
    (answered in turn 2); the record counts one call."""
    s1, ev = _turn(_allied(s0), c=_strike(s0))
    call = next(e for e in ev if e.kind == "alliance_call")
    assert call.visible_to is None and call.data["allies"] == [B]
    assert [(c.ally, c.victim, c.attacker, c.turn) for c in s1.calls] == [(B, A, C, 1)]
    assert s1.history[-1].calls == 1
    assert [(c.ally, c.attacker) for c in player_view(s1, C).calls] == [(B, C)]     # public


def test_AL07_an_ally_that_defects_against_the_attacker_honours_the_alliance(s0):
    """Position: A and B allied; turn 1 C struck A. Turn 2: B defects against C (C keeps at war with A).
    Expected: alliance_honoured; A and B stay allies; no abandonment recorded."""
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s2, ev = _turn(s1, a=Orders(A, stances={C: "D"}), b=Orders(B, stances={C: "D"}), c=Orders(C, stances={A: "D"}))
    assert "alliance_honoured" in _kinds(ev) and "alliance_abandoned" not in _kinds(ev)
    assert [a.members for a in s2.alliances] == [(A, B)] and s2.abandoned == ()
    assert (s2.history[-1].honoured, s2.history[-1].abandoned) == (1, 0)


def test_AL08_an_ally_that_stays_out_abandons_the_alliance(s0):
    """Position: A and B allied; turn 1 C struck A. Turn 2: A and C still defect against each other;
    B cooperates with C.
    Expected: a public alliance_abandoned event; B leaves, and the two-member alliance dissolves;
    (B, 2) is recorded in state.abandoned and in every view."""
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s2, ev = _turn(s1, a=Orders(A, stances={C: "D"}), c=Orders(C, stances={A: "D"}))
    ab = next(e for e in ev if e.kind == "alliance_abandoned")
    assert ab.visible_to is None and "alliance_dissolved" in _kinds(ev)
    assert s2.alliances == () and s2.abandoned == ((B, 2),)
    assert player_view(s2, C).abandoned == ((B, 2),) and s2.history[-1].abandoned == 1


def test_AL09_an_abandoner_may_not_form_or_join_an_alliance_for_five_turns(s0):
    """Position: B abandoned an alliance in turn 2 (as AL08). Turns 3..6: B proposes an alliance to C
    each turn. Turn 7 (ABANDON_BAN = 5 turns later): it proposes again.
    Expected: rejected on turns 3 to 6, accepted as a proposal on turn 7."""
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s, _ = _turn(s1, a=Orders(A, stances={C: "D"}), c=Orders(C, stances={A: "D"}))
    assert ABANDON_BAN == 5
    for turn in range(3, 8):
        assert s.turn == turn
        s, ev = _turn(s, b=Orders(B, proposals=(TreatyProposal(ALLIANCE, C),)))
        if turn < 7:
            assert s.proposals == () and any("abandoned an alliance" in e.text for e in ev if e.kind == "order_rejected")
        else:
            assert [p.kind for p in s.proposals] == [ALLIANCE]


def test_AL10_the_call_lapses_when_the_war_has_ended(s0):
    """Position: A and B allied; turn 1 C struck A. Turn 2: everyone cooperates (A and C made peace).
    Expected: neither honoured nor abandoned; the alliance stands."""
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s2, ev = _turn(s1)
    assert not {"alliance_honoured", "alliance_abandoned"} & set(_kinds(ev))
    assert [a.members for a in s2.alliances] == [(A, B)]


def test_AL11_leaving_cannot_dodge_a_call(s0):
    """Position: A and B allied; turn 1 C struck A. Turn 2: B orders leave_alliance and cooperates
    with C while A and C fight on.
    Expected: B abandons (not a plain leave): alliance_abandoned, recorded in state.abandoned."""
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s2, ev = _turn(s1, a=Orders(A, stances={C: "D"}), b=Orders(B, leave_alliance=True), c=Orders(C, stances={A: "D"}))
    assert "alliance_abandoned" in _kinds(ev) and "alliance_left" not in _kinds(ev)
    assert s2.abandoned == ((B, 2),)


def test_AL12_a_member_may_leave_in_peace(s0):
    """Position: A, B and C in one alliance, no call. Turn 1: C orders leave_alliance.
    Expected: a public alliance_left event; A and B remain allies; nothing recorded as abandoned."""
    s = replace(s0, alliances=(Alliance("Entente", (A, B, C), 0),))
    s1, ev = _turn(s, c=Orders(C, leave_alliance=True))
    assert "alliance_left" in _kinds(ev) and [a.members for a in s1.alliances] == [(A, B)] and s1.abandoned == ()
    _, ev2 = _turn(s1, c=Orders(C, leave_alliance=True))
    assert any(e.kind == "order_rejected" and "no alliance" in e.text for e in ev2)


def test_AL13_a_member_that_attacks_an_ally_is_expelled_and_then_called_against(s0):
    """Position: A, B and C in one alliance. Turn 1: C defects against A and attacks (2,2).
    Expected: alliance_expelled for C; A and B remain allies, and C, now an outsider that struck a
    member, is the attacker B is called to fight."""
    s = replace(s0, alliances=(Alliance("Entente", (A, B, C), 0),))
    s1, ev = _turn(s, c=_strike(s0))
    kinds = _kinds(ev)
    assert "alliance_expelled" in kinds and kinds.index("alliance_expelled") < kinds.index("alliance_call")
    assert [a.members for a in s1.alliances] == [(A, B)]
    assert [(c.ally, c.victim, c.attacker) for c in s1.calls] == [(B, A, C)]


def test_AL14_an_ally_without_a_border_with_the_attacker_is_not_called():
    """Position: three_state widened to 13 columns, with a fourth state Dalmatia (3) beyond two
    neutral columns (no attack axis to anyone); A, B and Dalmatia allied. Turn 1: C strikes A.
    Expected: B is called; Dalmatia, with no border with C, is not (the event names it as such)."""
    data = three_state()
    data["map"] = {"width": 13, "height": 6, "terrain": ["." * 13] * 6,
                   "owners": ["AAAABBBBB..DD"] * 3 + ["CCCCCCCCC..DD"] * 3}
    data["states"].append({"key": "D", "name": "Dalmatia", "colour": "#777777", "capital": [12, 0], "treasury": 200})
    s = make_state(data)
    s = replace(s, alliances=(Alliance("Entente", (A, B, 3), 0),))
    s1, ev = resolve_turn(s, {C: _strike(s)})
    call = next(e for e in ev if e.kind == "alliance_call")
    assert call.data["allies"] == [B] and "Dalmatia: no border" in call.text
    assert [(c.ally, c.attacker) for c in s1.calls] == [(B, C)]


def test_AL15_a_fallen_member_leaves_its_alliance(s0):
    """Position: A, B and C allied; C has fallen (alive False, as after the loss of its capital).
    Turn 1: no orders. Expected: C is no longer a member; A and B remain allies."""
    s = replace(s0, alliances=(Alliance("Entente", (A, B, C), 0),))
    nations = list(s.nations)
    nations[C] = replace(nations[C], alive=False)
    s1, _ = resolve_turn(replace(s, nations=tuple(nations)), {})
    assert [a.members for a in s1.alliances] == [(A, B)]


def test_AL16_scenario_alliances_are_in_force_at_turn_one_and_validated():
    """Position: a scenario with ``alliances: [{name: Entente, members: [A, B]}]``.
    Expected: turn 1 has that alliance, named by the scenario. Unknown members, and a state in two
    alliances, are errors with the path of the offending entry."""
    s = make_state(three_state(alliances=[{"name": "Entente", "members": ["A", "B"]}]))
    assert [(a.id, a.members, a.since) for a in s.alliances] == [("Entente", (A, B), 0)]
    import yaml
    bad = three_state(alliances=[{"name": "X", "members": ["A", "Q"]}, {"name": "Y", "members": ["A", "B"]}])
    with pytest.raises(FileError) as exc:
        load_scenario_text(yaml.safe_dump(bad), "bad.yaml")
    text = str(exc.value)
    assert "alliances" in text and "unknown state 'Q'" in text and "already in 'X'" in text


def test_AL17_orders_and_states_round_trip_through_json(s0):
    """Orders with an alliance proposal and leave_alliance, and a state with an alliance, a call and
    an abandonment, survive JSON. A state without alliances writes no alliance keys, so its hash is
    what it was before alliances existed."""
    o = Orders(A, proposals=(TreatyProposal(ALLIANCE, B),), leave_alliance=True)
    assert orders_from_plain(json.loads(json.dumps(orders_to_plain(o)))) == o
    assert "leave_alliance" not in orders_to_plain(Orders(A))
    assert not {"alliances", "calls", "abandoned"} & set(s0.to_plain())
    s1, _ = _turn(_allied(s0), c=_strike(s0))
    s2, _ = _turn(s1, a=Orders(A, stances={C: "D"}), c=Orders(C, stances={A: "D"}))
    for s in (s1, s2):
        back = state_from_plain(json.loads(json.dumps(s.to_plain(exact=True))), s0)
        assert back.state_hash() == s.state_hash()
        assert (back.alliances, back.calls, back.abandoned) == (s.alliances, s.calls, s.abandoned)


def test_AL18_alliance_resolution_is_deterministic(s0):
    """The same position and orders give the same state hash, twice."""
    def run():
        s1, _ = _turn(_allied(s0), c=_strike(s0))
        return _turn(s1, b=Orders(B, stances={C: "D"}), c=Orders(C, stances={A: "D"}))[0].state_hash()
    assert run() == run()


def test_AL19_shipped_1914_and_cold_war_blocs():
    """July 1914 opens with the Franco-Russian Alliance and the Dual Alliance (Germany,
    Austria-Hungary), Britain bound to neither; the Cold War with NATO (Federal Republic, Atlantic
    Powers) and the Warsaw Pact (Democratic Republic, Soviet Union)."""
    def blocs(path):
        s = new_game(path, None, 1)
        return {a.id: {s.nations[m].name for m in a.members} for a in s.alliances}
    assert blocs("maps/july_1914.yaml") == {"Franco-Russian Alliance": {"France", "Russia"},
                                            "Dual Alliance": {"Germany", "Austria-Hungary"}}
    assert blocs("maps/cold_war.yaml") == {"NATO": {"Federal Republic", "Atlantic Powers"},
                                           "Warsaw Pact": {"Democratic Republic", "Soviet Union"}}
