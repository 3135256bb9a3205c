"""The map view in a real game scene: pixels per map mode, selection, legend, pan/zoom, picking, tooltip."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine.balance import world_of
from game.ui.flow import Match
from game.ui.mapview import PAN_STEP
from game.ui.palette import SELECT, WORLD_COLOURS, heat_colour, hex_rgb
from game.ui.scenes.game import GameScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


@pytest.fixture
def scene(gui):
    session = GameSession.start(FOUR_WORLDS, "w2", seed=3, humans=(0,))
    Match(gui.app, session).begin()
    gui.step()
    sc = gui.app.top
    assert isinstance(sc, GameScene)
    return sc


def empty_hex(sc: GameScene) -> int:
    """A land hex with no counter, capital or name on it, well inside the map view."""
    g = sc.view.gmap
    for h in range(g.size):
        col, row = g.offset(h)
        if (0 < col < g.width - 1 and 0 < row < g.height - 1 and h not in sc.layers.counters
                and h not in g.names and h not in sc.layers.capitals and g.passable[h]
                and sc.mapview.rect.collidepoint(sc.mapview.hex_screen_pos(h))):
            return h
    raise AssertionError("no empty hex")


def test_terrain_colour_at_a_hex_centre(gui, scene):
    gui.key(pygame.K_2)
    assert scene.mapview.mode == "terrain"
    h = empty_hex(scene)
    g = scene.view.gmap
    expect = hex_rgb(g.rules.terrain[g.terrain[h]].colour)
    assert gui.pixel(scene.mapview.hex_screen_pos(h)) == expect


def test_modes_change_pixels_and_legend(gui, scene):
    mv = scene.mapview
    h = empty_hex(scene)
    pos = mv.hex_screen_pos(h)
    seen = {}
    for key, mode in zip((pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5), ("political", "terrain", "balance", "world", "fort")):
        gui.key(key)
        assert mv.mode == mode and scene.mode_buttons[mode].is_selected
        seen[mode] = gui.pixel(pos)
    assert len(set(seen.values())) >= 4, seen
    # the legend: its first swatch shows the first entry of the current mode
    gui.key(pygame.K_1)
    lr = mv.legend_rect
    assert gui.pixel((lr.x + 20, lr.y + 41)) == hex_rgb(scene.view.nations[0].colour)
    gui.key(pygame.K_4)
    lr = mv.legend_rect
    assert gui.pixel((lr.x + 20, lr.y + 41)) == WORLD_COLOURS[1]
    gui.key(pygame.K_l)
    assert not mv.show_legend
    assert gui.pixel((lr.x + 20, lr.y + 41)) != WORLD_COLOURS[1]


def _border_pair(sc: GameScene) -> tuple[int, int]:
    g, owner = sc.view.gmap, sc.view.owner
    for a in range(g.size):
        for b in g.neighbours(a):
            if owner[a] == 0 and owner[b] == 1 and sc.mapview.rect.collidepoint(sc.mapview.hex_screen_pos(b)):
                return a, b
    raise AssertionError("no border")


def test_balance_heat_and_world_colour_on_the_border(gui, scene):
    mv = scene.mapview
    a, b = _border_pair(scene)
    ax, ay = mv.hex_screen_pos(a)
    bx, by = mv.hex_screen_pos(b)
    mx, my = (ax + bx) / 2, (ay + by) / 2
    # inside b, a few pixels from the edge: the heat of attacking b from a
    inner = (mx + (bx - mx) * 0.3, my + (by - my) * 0.3)
    gui.key(pygame.K_3)
    assert gui.pixel(inner) == heat_colour(scene.layers.axis_balance[(a, b)])
    gui.key(pygame.K_4)
    bal = scene.view.balances
    w = world_of(min(bal[(0, 1)].perceived, bal[(1, 0)].perceived), scene.view.distinguishability)
    assert scene.view.games[1].world == w
    # the world band is centred on the edge (a river, when there is one, runs in its middle)
    d = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    off = max(3, int(mv.hex_size / 3.5)) / 2
    assert gui.pixel((mx + (bx - ax) / d * off, my + (by - ay) / d * off)) == WORLD_COLOURS[w]


def test_click_selects_and_draws_the_outline(gui, scene):
    mv = scene.mapview
    h = empty_hex(scene)
    x, y = mv.hex_screen_pos(h)
    gui.click((x, y))
    assert mv.selected == h
    s = mv.hex_size
    edge_mid = (x + s * 3 ** 0.5 / 4, y - 0.75 * s)    # middle of the upper-right edge
    assert gui.pixel(edge_mid) == SELECT
    assert gui.pixel((x, y)) != SELECT


def test_picking_agrees_with_drawing_everywhere(gui, scene):
    mv = scene.mapview
    for h in range(scene.view.gmap.size):
        p = mv.hex_screen_pos(h)
        if mv.rect.collidepoint(p):
            assert mv.hex_at(p) == h
    assert mv.hex_at((mv.rect.x + 2, mv.rect.y + 2)) is None      # outside the map image


def test_pan_with_arrow_keys_and_drag(gui, scene):
    mv = scene.mapview
    h = empty_hex(scene)
    x0, y0 = mv.hex_screen_pos(h)
    gui.key(pygame.K_RIGHT)
    assert mv.hex_screen_pos(h) == (x0 - PAN_STEP, y0)
    gui.key(pygame.K_DOWN)
    assert mv.hex_screen_pos(h) == (x0 - PAN_STEP, y0 - PAN_STEP)
    start = mv.hex_screen_pos(h)
    pg = pygame
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=start, button=1))
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=(start[0] + 30, start[1] + 20), rel=(30, 20), buttons=(1, 0, 0)))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=(start[0] + 30, start[1] + 20), button=1))
    gui.step(2)
    assert mv.hex_screen_pos(h) == (start[0] + 30, start[1] + 20)
    assert mv.selected is None                          # a drag is not a click


def test_zoom_by_wheel_keeps_the_hex_under_the_cursor_and_keys_zoom(gui, scene):
    mv = scene.mapview
    h = empty_hex(scene)
    pos = mv.hex_screen_pos(h)
    s0 = mv.hex_size
    gui.wheel(-1, pos)
    assert mv.hex_size < s0
    assert mv.hex_at(pos) == h
    gui.wheel(1, pos)
    assert mv.hex_size == s0 and mv.hex_at(pos) == h
    gui.key(pygame.K_MINUS)
    assert mv.hex_size < s0
    gui.key(pygame.K_EQUALS)
    assert mv.hex_size == s0
    level = mv.level()
    assert level.get_size() == mv.map_size()


def test_tooltip_shows_terrain_owner_defence_and_estimated_forces(gui, scene):
    mv = scene.mapview
    enemy = next(h for h, c in scene.layers.counters.items() if not c.own
                 and mv.rect.collidepoint(mv.hex_screen_pos(h)))
    pos = mv.hex_screen_pos(enemy)
    gui.move(pos)
    assert mv.hover == enemy
    lines = scene.tooltip_for(enemy)
    text = "\n".join(lines)
    g = scene.view.gmap
    assert g.rules.terrain[g.terrain[enemy]].name in lines[0]
    assert "Owner: Borduria" in text
    assert "Defence multiplier x" in text
    assert "Forces (estimate): ~" in text and "Offensive share ~" in text
    assert "glossary" in lines[-1]
    # the box is drawn next to the cursor
    r = scene.tooltip_rect
    assert r is not None and r.collidepoint((pos[0] + 20, pos[1] + 20))
    assert gui.pixel(r.topleft) == (226, 178, 72)       # the accent frame
    own = next(h for h, c in scene.layers.counters.items() if c.own)
    assert any(line.startswith("Your forces: 2 Infantry") for line in scene.tooltip_for(own))


def test_counters_exact_for_mine_estimates_for_others(scene):
    mine = [c for c in scene.layers.counters.values() if c.own]
    theirs = [c for c in scene.layers.counters.values() if not c.own]
    assert mine and theirs
    assert all(c.text.isdigit() for c in mine)
    assert all(c.text.startswith("~") for c in theirs)
