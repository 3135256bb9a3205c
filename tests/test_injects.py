"""Seminar injects and facilitator edits (issue 6, engine side)."""
from __future__ import annotations

import copy

import pytest

from factory import hx, make_state, two_state
from game.engine.errors import FileError
from game.engine.facilitator import edit_state, message
from game.engine.injects import fire_by_id
from game.engine.orders import Orders
from game.engine.resolve import resolve_turn
from game.engine.scenario import load_scenario
from game.engine.views import player_view

SEMINAR = {
    "facilitator_note": "Watch for the spiral.",
    "phases": {"negotiation_seconds": 120},
    "discussion_questions": ["Why did cooperation break down?"],
    "injects": [
        {"id": "tanks", "name": "Tanks arrive", "when": {"turn": 3},
         "actions": [{"era": "1940"}, {"message": "General staffs demand armour.", "to": ["A"]}]},
        {"id": "embargo", "name": "Embargo", "actions": [{"trade_shock": 0.0}]},
        {"id": "raid", "name": "Border raid", "actions": [{"attack": {"by": "A", "target": [4, 1]}}]},
        {"id": "war", "name": "War weariness", "when": {"war": ["A", "B"]},
         "actions": [{"war_cost": {"state": "B", "factor": 3.0}}, {"distinguishability": 0.9}]},
    ],
}


def seminar_state(**kw):
    data = two_state(era="1914", **kw)
    data["seminar"] = copy.deepcopy(SEMINAR)
    return make_state(data)


def _turn(s, a=None, b=None):
    return resolve_turn(s, {0: a or Orders(0), 1: b or Orders(1)})


def test_I01_inject_fires_on_its_turn_changes_era_and_converts_units():
    s = seminar_state()
    s, ev = _turn(s)
    assert s.turn == 2 and s.era.key == "1914"
    s, ev = _turn(s)
    assert s.turn == 3 and s.era.key == "1940" and ("tanks", 3) in s.fired
    kinds = [e.kind for e in ev]
    assert "inject" in kinds and "era_change" in kinds
    assert all(k in s.era.units for st in s.units.values() for k in st)
    msg = [e for e in ev if e.kind == "crisis_message"][0]
    assert msg.visible_to == (0,)
    assert any(e.kind == "crisis_message" for e in player_view(s, 0, ev).events)
    assert not any(e.kind == "crisis_message" for e in player_view(s, 1, ev).events)
    assert s.history[-1].state_hash == s.state_hash()
    s, ev = _turn(s)
    assert not any(e.kind == "inject" for e in ev)          # fires once


def test_I02_manual_trade_shock_cuts_trade():
    s = seminar_state()
    shocked, ev = fire_by_id(s, "embargo")
    assert shocked.params.trade_factor == 0.0 and ev[0].data["manual"] is True
    a, _ = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    b, _ = _turn(shocked, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    assert b.nations[0].treasury < a.nations[0].treasury
    with pytest.raises(KeyError, match="no inject 'nope'"):
        fire_by_id(s, "nope")


def test_I03_third_party_attack_is_resolved_next_turn_and_war_condition_fires():
    s = seminar_state(forces_a={"infantry": 12}, forces_b={"infantry": 1})
    s, _ = fire_by_id(s, "raid")
    assert s.pending_attacks == ((0, hx(s, 4, 1)),)
    s2, ev = _turn(s, Orders(0, {1: "C"}), Orders(1, {0: "C"}))
    attack = [e for e in ev if e.kind == "attack"][0]
    assert attack.data["attacker"] == 0 and attack.data["target"] == hx(s, 4, 1)
    assert s2.pending_attacks == () and s2.history[-1].outcomes["0-1"][0] == "D"
    assert ("war", 2) in s2.fired and s2.nations[1].war_cost_factor == 3.0 and s2.era.distinguishability == 0.9


def test_I04_seminar_section_is_validated_with_locations(tmp_path):
    text = open("maps/four_worlds.yaml").read().split("\nseminar:")[0] + """\nseminar:
  injects:
    - id: x
      name: Bad
      when: {war: [A, Z]}
      actions:
        - {era: "2050"}
        - {message: hi, trade_shock: 0.5}
"""
    p = tmp_path / "s.yaml"
    p.write_text(text)
    with pytest.raises(FileError) as exc:
        load_scenario(p)
    msgs = [str(i) for i in exc.value.issues]
    assert any("seminar.injects[0].when.war: unknown state 'Z'" in m for m in msgs)
    assert any("seminar.injects[0].actions[0].era: unknown era '2050'" in m for m in msgs)
    assert any("seminar.injects[0].actions[1]: an action needs exactly one effect, found 2" in m for m in msgs)
    assert all(":" in m.split(" ")[0] for m in msgs)


def test_F01_facilitator_edit_is_logged_and_only_the_facilitator_sees_it():
    s = seminar_state()
    s2, ev = edit_state(s, "B.treasury", "55")
    assert s2.nations[1].treasury == 55.0 and s.nations[1].treasury != 55.0
    assert ev.kind == "facilitator_edit" and ev.data["old"] == s.nations[1].treasury and ev.visible_to == ()
    assert not ev.visible(0) and not ev.visible(1)
    s3, _ = edit_state(s, "era.distinguishability", 0.75)
    assert s3.era.distinguishability == 0.75 and s3.era.key == s.era.key
    for bad in ("Z.treasury", "A.capital", "era.units"):
        with pytest.raises(ValueError, match="cannot edit|era"):
            edit_state(s, bad, 1)
    with pytest.raises(ValueError, match="less than or equal to 1"):
        edit_state(s, "era.distinguishability", 5)
    assert message(s, "Pause for discussion").visible_to is None
