"""The AI's moves (game/ai/moves.py): reserves to the border hexes it cannot secure, assault units to
the source of a planned attack, each with a motive; nothing moves on a quiet border."""
from __future__ import annotations

from factory import hx, make_state
from game.ai.controller import ai_orders
from game.engine.resolve import resolve_turn
from game.engine.views import player_view
from positions import flatland


def _position(b_stack):
    data = flatland("1940", a={"infantry": 1}, b=b_stack)
    data["states"][0]["forces"].append({"hex": [1, 1], "units": {"infantry": 3}})   # an interior reserve
    return make_state(data)


def test_reserve_goes_to_the_front_it_fears_with_a_motive():
    s = _position({"armour": 6})
    o = ai_orders(player_view(s, 0, []))
    assert len(o.moves) == 1
    mv = o.moves[0]
    assert mv.src == hx(s, 1, 1) and mv.units == (("infantry", 3),) and s.gmap.offset(mv.dst).col == 3
    [m] = [m for m in o.motives if m.subject == "move"]
    assert m.motive == "fear" and m.target == 1
    col, row = s.gmap.offset(mv.dst)
    assert m.text == f"moved 3 infantry from (1,1) to ({col},{row}): reserve for the front with Borduria"
    new, ev = resolve_turn(s, {0: o, 1: ai_orders(player_view(s, 1, []))})
    assert [e.kind for e in ev].count("move") == 1 and new.units[mv.dst]["infantry"] >= 4


def test_quiet_border_no_moves():
    s = _position({})          # nothing across the border: every hex is secure
    o = ai_orders(player_view(s, 0, []))
    assert o.moves == () and not any(m.subject == "move" for m in o.motives)
