"""Move mode on the orders screen: the Move button (or M) puts the map in move mode, where a left
click picks one of your stacks and a left click on one of your hexes within its reach gives the
same move order a right click gives; the button shows it is on, a banner on the map says so, and
Esc (or M, or the button again) leaves it."""
from __future__ import annotations

import pygame
from test_ui_game import scene  # noqa: F401  (the fixture: Four Worlds W1, Aland human, seed 5)
from test_ui_moves import _stack_and_reach

from game.engine.movement import stack_points
from game.engine.orders import Move
from game.ui.orders_actions import MOVE_DEST, MOVE_PICK
from game.ui.palette import MOVE
from game.ui.scenes.game import GameScene


def _banner_drawn(gui, scene) -> bool:
    gui.app.render()
    r = scene.move_banner_rect()
    return gui.pixel((r.x + 4, r.centery)) == MOVE


def test_button_left_clicks_give_the_right_click_move_and_esc_leaves(gui, scene):
    view = scene.view
    src, dst = _stack_and_reach(scene)
    units = {k: n for k, n in view.my_units[src].items() if stack_points(view.era, [k]) > 0}
    button = scene.panel.move_button
    assert "M" in button.tool_tip_text and "Esc" in button.tool_tip_text
    assert not scene.moving and not _banner_drawn(gui, scene)
    spot = (button.rect.x + 6, button.rect.centery)
    off_colour = gui.pixel(spot)
    gui.press(button)
    assert scene.moving and scene.panel.move_button.is_selected and scene.status == MOVE_PICK
    assert _banner_drawn(gui, scene)
    gui.step(2)
    assert gui.pixel(spot) != off_colour                           # the button shows that it is on
    enemy = next(lk.dst for h in sorted(view.my_units) for lk in view.gmap.links[h]
                 if view.owner[lk.dst] not in (-1, 0))
    gui.click(scene.mapview.hex_screen_pos(enemy))              # no attack in move mode
    assert scene.draft.attacks == () and scene.mapview.selected is None and "own hexes" in scene.status
    gui.click(scene.mapview.hex_screen_pos(src))
    assert scene.mapview.selected == src and scene.status == MOVE_DEST
    assert scene.mapview.highlights.get(dst) == "reach"
    assert "option" not in scene.mapview.highlights.values()
    gui.click(scene.mapview.hex_screen_pos(dst))
    assert scene.draft.moves == (Move.of(src, dst, units),)
    assert "Draft: move" in scene.log.text() and "Still in move mode" in scene.status
    assert scene.moving and scene.mapview.selected is None          # ready for the next stack
    gui.key(pygame.K_ESCAPE)
    assert not scene.moving and not scene.panel.move_button.is_selected
    assert isinstance(gui.app.top, GameScene)                      # Esc left move mode, not opened the menu
    assert not _banner_drawn(gui, scene)
    gui.step(2)
    assert gui.pixel(spot) == off_colour
    gui.key(pygame.K_ESCAPE)
    assert gui.app.top is not scene                                # the next Esc is the menu again


def test_the_m_key_and_the_right_click_give_the_same_order(gui, scene):
    src, dst = _stack_and_reach(scene)
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.click(scene.mapview.hex_screen_pos(dst), button=3)
    by_right_click = scene.draft.moves
    scene.undo()
    assert scene.draft.moves == ()
    gui.key(pygame.K_m)
    assert scene.moving and scene.panel.move_button.is_selected
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.click(scene.mapview.hex_screen_pos(dst))
    assert scene.draft.moves == by_right_click != ()
    gui.key(pygame.K_m)
    assert not scene.moving and scene.status == "Move mode off."


def test_move_mode_refuses_out_of_reach_and_switches_stacks(gui, scene):
    view = scene.view
    src, _ = _stack_and_reach(scene)
    gui.key(pygame.K_m)
    gui.click(scene.mapview.hex_screen_pos(src))
    reach = scene.reach_of(src)
    far = next(h for h in range(view.gmap.size) if view.owner[h] == 0 and h != src and h not in reach
               and not scene.movable(h))
    gui.click(scene.mapview.hex_screen_pos(far))                   # an empty hex out of reach: refused, said why
    assert scene.draft.moves == () and scene.status.startswith("Cannot move there")
    assert scene.mapview.selected == src
    other = next(h for h in sorted(view.my_units) if h != src and h not in reach and scene.movable(h))
    gui.click(scene.mapview.hex_screen_pos(other))                 # another stack out of reach: picked instead
    assert scene.mapview.selected == other and scene.draft.moves == ()
    gui.click(scene.mapview.hex_screen_pos(other))                 # the picked stack again: unpicked
    assert scene.mapview.selected is None and scene.status == MOVE_PICK


def test_choosing_a_build_leaves_move_mode(gui, scene):
    gui.key(pygame.K_m)
    assert scene.moving
    gui.press(scene.panel.tab_buttons["forces"])
    unit = next(iter(scene.panel.unit_buttons))
    gui.press(scene.panel.unit_buttons[unit])
    assert scene.placing == unit and not scene.moving and not scene.panel.move_button.is_selected
    gui.press(scene.panel.move_button)
    assert scene.moving and scene.placing is None


def test_hovering_a_hex_in_reach_shows_the_move_cost(gui, scene):
    src, dst = _stack_and_reach(scene)
    cost = scene.reach_of(src)[dst]
    gui.click(scene.mapview.hex_screen_pos(src))
    gui.move(scene.mapview.hex_screen_pos(dst))
    assert f"Move here: {cost:g} movement points (right-click to order it)" in scene.tooltip_for(dst)
    gui.key(pygame.K_m)                                           # keeps the selected stack
    assert scene.mapview.selected == src
    assert f"Move here: {cost:g} movement points (click to order it)" in scene.tooltip_for(dst)
    gui.step()
    assert scene.tooltip_rect is not None                          # the tooltip is drawn
    assert not any(line.startswith("Move here") for line in scene.tooltip_for(src))
