"""Odds before committing (issue 13 §2): hovering a hex the selected forces could attack, or a hex
already under a planned attack, shows exactly the odds and expected losses that the engine's
combat rule returns for that attack on the player's estimate."""
from __future__ import annotations


import pytest
from conftest import open_orders_screen

from game.engine.odds import planned_attack_odds
from game.ui.odds_preview import attack_preview, preview_lines



def _border(view, other):
    g = view.gmap
    src = next(h for h in sorted(view.my_units) if any(view.owner[lk.dst] == other for lk in g.links[h]))
    dst = next(lk.dst for lk in g.links[src] if view.owner[lk.dst] == other)
    return src, dst


@pytest.fixture
def scene(gui):
    """The orders screen of a human Aland in Four Worlds W1."""
    return open_orders_screen(gui.app)


def test_hovering_an_attack_option_shows_the_engine_odds(gui, scene):
    view = scene.view
    src, dst = _border(view, 1)
    gui.click(scene.mapview.hex_screen_pos(src))
    assert scene.mapview.selected == src
    gui.move(scene.mapview.hex_screen_pos(dst))
    assert scene.mapview.hover == dst
    gui.step()
    assert scene.tooltip_rect is not None                     # the tooltip was drawn

    plain = planned_attack_odds(view, dst, (src,), surprise=False)
    sure = planned_attack_odds(view, dst, (src,), surprise=True)
    lines = scene.tooltip_for(dst)
    assert lines[0] == (f"Attack from 1 hex: odds {plain.probability:.0%} ({sure.probability:.0%} if they are "
                        f"caught cooperating), force ratio {plain.ratio:.2f}")
    assert lines[1] == (f"Expected losses: yours {plain.attacker_units_lost:.1f} of {plain.attackers} units, "
                        f"theirs {plain.defender_units_lost:.1f} of ~{plain.defenders} (estimate)")
    assert plain.attackers > 0

    # a hex of my own (no attack possible) gets no odds
    assert not scene.tooltip_for(src)[0].startswith("Attack from")


@pytest.mark.slow
def test_a_planned_attack_keeps_its_odds_on_the_target(gui, scene):
    view = scene.view
    src, dst = _border(view, 1)
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.click(scene.mapview.hex_screen_pos(dst))
    gui.press(gui.app.top.buttons[0])                         # "Defect and attack"
    assert gui.app.top is scene and scene.mapview.selected is None
    assert [a.target for a in scene.draft.attacks] == [dst]
    pv = attack_preview(view, dst, (src,))
    assert pv is not None and pv.plain == planned_attack_odds(view, dst, (src,), surprise=False)
    assert pv.surprise.probability >= pv.plain.probability
    assert scene.tooltip_for(dst)[:2] == preview_lines(pv)
    assert attack_preview(view, dst, ()) is None
