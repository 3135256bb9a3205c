"""The rule catalogue, group M: moving forces (docs/rules.md §11), in the manner of the DATC cases of
tests/test_rules_catalogue.py. Each case states the position (tests/positions.py,
tests/positions_moves.py), the orders and the result the rules require. Hexes are (column, row).
"""
from __future__ import annotations

from dataclasses import replace

from factory import hx, make_state
from game.engine.movement import move_problem, reach, stack_points, step_cost, transit_partners
from game.engine.orders import Attack, Move, Orders, orders_from_plain, orders_to_plain
from game.engine.resolve import resolve_turn
from game.engine.rules import load_rules
from game.engine.state import Treaty
from positions import flatland
from positions_moves import corridor, landbridge, strip

RULES = load_rules()


def _move(state, col0, row0, col1, row1, units, **orders):
    o = Orders(0, moves=(Move.of(hx(state, col0, row0), hx(state, col1, row1), units),), **orders)
    return resolve_turn(state, {0: o, 1: Orders(1)})


def _kinds(events, kind):
    return [e for e in events if e.kind == kind]


def _moved(state, events, col, row):
    return _kinds(events, "move") and state.units.get(hx(state, col, row))


def test_M01_move_within_reach_over_plains():
    """M01. STRIP, 1914 (infantry: mobility 1 x railways 2 = 2 points). Aland moves 2 infantry
    (3, 0) -> (1, 0), two plains hexes: the move is made (2 points) and (3, 0) is left empty."""
    s = make_state(strip("1914"))
    new, ev = _move(s, 3, 0, 1, 0, {"infantry": 2})
    assert new.units.get(hx(s, 1, 0)) == {"infantry": 2}
    assert hx(s, 3, 0) not in new.units
    assert _kinds(ev, "move")[0].data["cost"] == 2 and _kinds(ev, "move")[0].data["path"] == [hx(s, x, 0) for x in (3, 2, 1)]


def test_M02_era_mobility_railways_and_motors():
    """M02. Era mobility. STRIP: in 1850 (strategic mobility 1) the same move needs 2 points and the
    infantry has 1: rejected, saying so; in 1914 (railways, x2) it is made. 1940: armour (mobility 3,
    x2 motorised) has 6 points, infantry 2."""
    s = make_state(strip("1850"))
    new, ev = _move(s, 3, 0, 1, 0, {"infantry": 2})
    [rej] = _kinds(ev, "order_rejected")
    assert "2 movement points away" in rej.text and "has 1" in rej.text
    assert new.units.get(hx(s, 3, 0)) == {"infantry": 2}
    era = make_state(flatland("1940")).era
    assert stack_points(era, ["armour"]) == 6 and stack_points(era, ["infantry"]) == 2
    assert stack_points(era, ["armour", "infantry"]) == 2     # a stack moves at its slowest unit's pace
    assert stack_points(era, ["fort"]) == 0


def test_M03_mountain_costs_three():
    """M03. STRIP with mountains at (2, 0), 1914: (3, 0) -> (1, 0) costs 3 (mountains) + 1 = 4 > 2:
    rejected; (3, 0) -> (2, 0) costs 3 > 2: rejected; in 1940 armour (6 points) makes (3, 0) -> (1, 0)."""
    s = make_state(strip("1914", terrain="..m....."))
    assert step_cost(s.gmap, hx(s, 3, 0), hx(s, 2, 0)) == 3
    new, ev = _move(s, 3, 0, 1, 0, {"infantry": 2})
    assert "4 movement points away" in _kinds(ev, "order_rejected")[0].text
    assert not _kinds(ev, "move")
    s40 = make_state(strip("1940", terrain="..m.....", a={"armour": 1}))
    new, ev = _move(s40, 3, 0, 1, 0, {"armour": 1})
    assert new.units.get(hx(s40, 1, 0)) == {"armour": 1} and _kinds(ev, "move")[0].data["cost"] == 4


def test_M04_river_crossing_costs_extra():
    """M04. STRIP, 1914, a minor river between (2, 0) and (1, 0): (3, 0) -> (1, 0) costs 1 + (1 + 1) = 3
    > 2, rejected; a major river costs 1 + (1 + 2) = 4. Without the river the move is made (M01)."""
    minor = make_state(strip("1914", rivers=[{"kind": "minor_river", "edges": [[2, 0, 1, 0]]}]))
    major = make_state(strip("1914", rivers=[{"kind": "major_river", "edges": [[2, 0, 1, 0]]}]))
    assert step_cost(minor.gmap, hx(minor, 2, 0), hx(minor, 1, 0)) == 2
    assert step_cost(major.gmap, hx(major, 2, 0), hx(major, 1, 0)) == 3
    _, ev = _move(minor, 3, 0, 1, 0, {"infantry": 2})
    assert "3 movement points away" in _kinds(ev, "order_rejected")[0].text
    r = reach(major.gmap, major.owner, 0, frozenset(), hx(major, 3, 0), float("inf"))
    assert r.cost[hx(major, 1, 0)] == 4


def test_M05_blocked_by_enemy_hexes():
    """M05. CORRIDOR, 1940: Borduria's columns 2-3 separate Aland's halves. Aland moves its armour
    (1, 0) -> (4, 0), 3 hexes (armour has 6 points): rejected, no path through its own land; the
    armour stays. A move into Borduria's hex (2, 0) is rejected too: moves go between own hexes."""
    s = make_state(corridor())
    new, ev = _move(s, 1, 0, 4, 0, {"armour": 2})
    [rej] = _kinds(ev, "order_rejected")
    assert "no path" in rej.text and rej.visible_to == (0,)
    assert new.units.get(hx(s, 1, 0)) == {"infantry": 2, "armour": 2}
    _, ev = _move(s, 1, 0, 2, 0, {"armour": 2})
    assert "not its own hex" in _kinds(ev, "order_rejected")[0].text


def test_M06_transit_needs_a_non_aggression_treaty():
    """M06. CORRIDOR, 1940, the same move (1, 0) -> (4, 0) with 2 armour. With a trade treaty:
    rejected (trade gives no transit). With a non-aggression treaty: made, through Borduria's land.
    With the treaty but Aland defecting against Borduria this turn: the defection ends the treaty
    before the moves, and the move is rejected."""
    s = make_state(corridor())
    trade = replace(s, treaties=(Treaty("trade", (0, 1), 0, ()),))
    _, ev = _move(trade, 1, 0, 4, 0, {"armour": 2})
    assert "no path" in _kinds(ev, "order_rejected")[0].text
    nap = replace(s, treaties=(Treaty("non_aggression", (0, 1), 0, ()),))
    assert transit_partners(nap.treaties, 0) == {1}
    new, ev = _move(nap, 1, 0, 4, 0, {"armour": 2})
    assert new.units.get(hx(s, 4, 0)) == {"armour": 2} and new.units.get(hx(s, 1, 0)) == {"infantry": 2}
    assert any(new.owner[h] == 1 for h in _kinds(ev, "move")[0].data["path"])
    new, ev = _move(nap, 1, 0, 4, 0, {"armour": 2}, stances={1: "D"})
    assert _kinds(ev, "treaty_broken") and "no path" in _kinds(ev, "order_rejected")[0].text


def test_M07_moves_then_attacks_in_the_same_turn():
    """M07. FLATLAND, 1940, Aland's armour 4 at (1, 1) (plus the default infantry on the border).
    Aland defects, moves the armour to the border hex (3, 1) and attacks (4, 1) from it: moves resolve
    before attacks, so the armour joins the assault; the ratio is far above the same attack without
    the move."""
    data = flatland("1940")
    data["states"][0]["forces"].append({"hex": [1, 1], "units": {"armour": 4}})
    s = make_state(data)
    atk = (Attack(hx(s, 4, 1), (hx(s, 3, 1),)),)
    _, ev_still = resolve_turn(s, {0: Orders(0, stances={1: "D"}, attacks=atk), 1: Orders(1)})
    _, ev_moved = _move(s, 1, 1, 3, 1, {"armour": 4}, stances={1: "D"}, attacks=atk)
    kinds = [e.kind for e in ev_moved]
    assert kinds.index("move") < kinds.index("attack")
    still, moved = _kinds(ev_still, "attack")[0], _kinds(ev_moved, "attack")[0]
    assert moved.data["ratio"] > 5 * still.data["ratio"]


def test_M08_units_move_once_and_forts_stay():
    """M08. STRIP, 1914, 2 infantry at (3, 0). Orders: (3, 0) -> (2, 0), then (2, 0) -> (1, 0) with the
    same infantry: the second is rejected (units that arrived this turn do not move again). Moving more
    units than the hex holds is rejected. Fortifications (mobility 0) never move."""
    s = make_state(strip("1914"))
    o = Orders(0, moves=(Move.of(hx(s, 3, 0), hx(s, 2, 0), {"infantry": 2}),
                         Move.of(hx(s, 2, 0), hx(s, 1, 0), {"infantry": 2}),
                         Move.of(hx(s, 3, 0), hx(s, 2, 0), {"infantry": 1})))
    new, ev = resolve_turn(s, {0: o})
    assert new.units.get(hx(s, 2, 0)) == {"infantry": 2} and len(_kinds(ev, "move")) == 1
    assert len(_kinds(ev, "order_rejected")) == 2
    assert stack_points(s.era, ["fort"]) == 0


def test_M09_orders_json_round_trip_and_old_form():
    """M09. Orders with moves survive the JSON round trip; orders without moves have no ``moves`` key,
    so order logs and state hashes made before moves existed are unchanged; the same orders give the
    same state hash."""
    s = make_state(strip("1914"))
    o = Orders(0, moves=(Move.of(hx(s, 3, 0), hx(s, 1, 0), {"infantry": 2}),))
    assert orders_from_plain(orders_to_plain(o)) == o
    assert "moves" not in orders_to_plain(Orders(0))
    a, _ = resolve_turn(s, {0: o})
    b, _ = resolve_turn(s, {0: orders_from_plain(orders_to_plain(o))})
    assert a.state_hash() == b.state_hash() != resolve_turn(s, {0: Orders(0)})[0].state_hash()


def test_M10_mobility_term_of_the_balance():
    """M10. The balance's mobility term (rules.md §5): ``(R_def / R_att) ** w`` per axis. FLATLAND,
    axis (3, 1) -> (4, 1). 1940: Aland's best attacker (armour, 6 points) reaches (3, 1) from all 16
    of its hexes; Borduria's best defender (anti-tank guns, 2 points) reaches (4, 1) from the 10
    hexes within two steps: factor 11/16 at w = 1, its square root at w = 0.5, 1 at w = 0. 1914:
    both best units (heavy artillery, machine guns) have 2 points: the factor is the ratio of the two
    sides' hexes within two steps, 11/9 (odd rows lean east, so (4, 1) has more land behind it)."""
    from game.engine.balance import Axis, mobility_factor
    s = make_state(flatland("1940"))
    ax = Axis(hx(s, 3, 1), hx(s, 4, 1), 1.0, "land")
    near = [h for h in range(s.gmap.size) if s.owner[h] == 1 and s.gmap.distance(h, hx(s, 4, 1)) <= 2]
    assert len(near) == 11 and mobility_factor(s, ax, 1.0) == 11 / 16
    assert abs(mobility_factor(s, ax, 0.5) - (11 / 16) ** 0.5) < 1e-12
    assert mobility_factor(s, ax, 0.0) == 1.0
    s14 = make_state(flatland("1914"))
    behind = [h for h in range(s.gmap.size) if s.owner[h] == 0 and s.gmap.distance(h, hx(s, 3, 1)) <= 2]
    assert len(behind) == 9
    assert mobility_factor(s14, Axis(hx(s14, 3, 1), hx(s14, 4, 1), 1.0, "land"), 1.0) == 11 / 9


# --- transit through an ally's land (rules.md §11 and §8a) ---------------------------------------

def _bridge(*alliances, **state):
    from game.engine.state import Alliance
    s = make_state(landbridge())
    return replace(s, alliances=tuple(Alliance(f"1:{m[0]}", tuple(sorted(m)), 1) for m in alliances), **state)


def _bridge_turn(s, a=None, b=None, c=None):
    return resolve_turn(s, {0: a or Orders(0), 1: b or Orders(1), 2: c or Orders(2)})


ARMOUR_EAST = Move.of(1, 4, {"armour": 2})      # (1, 0) -> (4, 0): hex ids of row 0 are its columns


def test_M11_an_allys_land_gives_transit():
    """M11. LANDBRIDGE, 1940: Aland's 2 armour (1, 0) -> (4, 0), 3 hexes through Borduria's row 0.
    No alliance: rejected, no path (as M05). Aland and Borduria allied: made, through Borduria's
    land (3 points). Borduria and Carpania allied, Aland outside: rejected - another pair's alliance
    gives Aland nothing."""
    s = _bridge()
    assert (hx(s, 1, 0), hx(s, 4, 0)) == (ARMOUR_EAST.src, ARMOUR_EAST.dst)
    _, ev = _bridge_turn(s, a=Orders(0, moves=(ARMOUR_EAST,)))
    [rej] = _kinds(ev, "order_rejected")
    assert "no path" in rej.text and "an ally's" in rej.text
    allied = _bridge((0, 1))
    assert transit_partners(allied.treaties, 0, allied.alliances) == {1}
    assert transit_partners(allied.treaties, 2, allied.alliances) == frozenset()
    new, ev = _bridge_turn(allied, a=Orders(0, moves=(ARMOUR_EAST,)))
    [mv] = _kinds(ev, "move")
    assert new.units.get(hx(s, 4, 0)) == {"armour": 2} and hx(s, 1, 0) not in new.units
    assert mv.data["cost"] == 3 and [new.owner[h] for h in mv.data["path"]] == [0, 1, 1, 0]
    others = _bridge((1, 2))
    _, ev = _bridge_turn(others, a=Orders(0, moves=(ARMOUR_EAST,)))
    assert "no path" in _kinds(ev, "order_rejected")[0].text and not _kinds(ev, "move")


def test_M12_only_the_allies_land_not_a_third_states():
    """M12. LANDBRIDGE, Aland and Borduria allied. Carpania's land still blocks: no hex of it is
    within Aland's reach; Aland's 2 infantry (2 points) at (1, 3) -> (4, 3) would cost 3 straight
    through Carpania, but the only open way is round through Borduria's land, which is more than the
    infantry has: rejected, naming that longer cost."""
    s = _bridge((0, 1))
    partners = transit_partners(s.treaties, 0, s.alliances)
    free = reach(s.gmap, s.owner, 0, partners, hx(s, 1, 3), float("inf"))
    assert not [h for h in free.cost if s.owner[h] == 2]
    through_c = reach(s.gmap, s.owner, 0, partners | {2}, hx(s, 1, 3), float("inf")).cost[hx(s, 4, 3)]
    around = free.cost[hx(s, 4, 3)]
    assert through_c == 3 and around > through_c
    new, ev = _bridge_turn(s, a=Orders(0, moves=(Move.of(hx(s, 1, 3), hx(s, 4, 3), {"infantry": 2}),)))
    [rej] = _kinds(ev, "order_rejected")
    assert f"{around:g} movement points away" in rej.text and "has 2" in rej.text
    assert new.units.get(hx(s, 1, 3)) == {"infantry": 2}


def test_M13_membership_as_it_stands_when_the_moves_resolve():
    """M13. LANDBRIDGE, Aland and Borduria allied, Aland's armour (1, 0) -> (4, 0) as in M11.
    (a) Aland defects against Borduria this turn: the move is still made - a defection ends a
    non-aggression treaty (M06) but not an alliance (§8a). (b) Borduria leaves the alliance this
    turn: leaving takes effect in the economy phase, after the moves: made. (c) Borduria was called
    to Aland's war against Carpania and stays out this turn: it abandons the alliance when the calls
    are answered, before the moves - the move is rejected. (d) Borduria honours the call instead:
    made."""
    from game.engine.state import AllianceCall
    s = _bridge((0, 1))
    go = (ARMOUR_EAST,)
    new, ev = _bridge_turn(s, a=Orders(0, stances={1: "D"}, moves=go))
    assert _kinds(ev, "move") and new.units.get(hx(s, 4, 0)) == {"armour": 2}
    new, ev = _bridge_turn(s, a=Orders(0, moves=go), b=Orders(1, leave_alliance=True))
    assert _kinds(ev, "move") and new.alliances == ()
    called = replace(s, calls=(AllianceCall("1:0", 1, 0, 2, s.turn - 1),))
    war = Orders(2, stances={0: "D"})
    new, ev = _bridge_turn(called, a=Orders(0, stances={2: "D"}, moves=go), c=war)
    kinds = [e.kind for e in ev]
    assert "alliance_abandoned" in kinds and kinds.index("alliance_abandoned") < kinds.index("order_rejected")
    assert "no path" in _kinds(ev, "order_rejected")[0].text and new.units.get(hx(s, 1, 0)) == {"armour": 2}
    new, ev = _bridge_turn(called, a=Orders(0, stances={2: "D"}, moves=go), b=Orders(1, stances={2: "D"}), c=war)
    assert _kinds(ev, "alliance_honoured") and _kinds(ev, "move") and new.units.get(hx(s, 4, 0)) == {"armour": 2}


def test_M14_views_carry_the_alliances_the_screen_and_the_ai_plan_with():
    """M14. The orders screen and the AI plan moves from a view: every view holds the alliances
    (public), so Aland's view gives the same transit partners and the same verdict on the move as
    the resolution, and Carpania's view shows Aland's transit right too."""
    from game.engine.views import player_view
    s = _bridge((0, 1))
    for who in (0, 2, None):
        v = player_view(s, who, ())
        assert transit_partners(v.treaties, 0, v.alliances) == {1}
    v = player_view(s, 0, ())
    why, path, cost = move_problem(v.gmap, v.era, v.owner, v.treaties, 0, v.my_units[hx(s, 1, 0)], ARMOUR_EAST,
                                   v.alliances)
    assert why is None and cost == 3 and len(path) == 4
    assert move_problem(v.gmap, v.era, v.owner, v.treaties, 0, v.my_units[hx(s, 1, 0)], ARMOUR_EAST)[0] is not None
