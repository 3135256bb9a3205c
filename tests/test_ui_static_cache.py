"""The orders screen's full frames drawn from the cached image of its static regions (the top bar,
the orders panel with its widgets, the log: game/ui/static_cache.py) are, pixel for pixel, the
frames drawn in full, through real interactions that change those regions (issue 14)."""
from __future__ import annotations

import pygame
import pytest
from conftest import open_orders_screen


@pytest.fixture
def scene(gui):
    scene = open_orders_screen(gui.app)
    gui.move(scene.map_rect.center)          # the mouse over the map, as while panning
    gui.step(3)
    return scene


def frame_bytes(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def check_frame(gui, tmp_path, name: str) -> bool:
    """A full frame as the app draws it (from the image cached before the last change, when its key
    still holds) equals one drawn with the cache off (frames saved on a mismatch); True when the
    next full frame in this state comes from the cache again."""
    app = gui.app
    app.render()
    cached = app.screen.copy()
    app.static_cache.enabled = False
    app.render()
    app.static_cache.enabled = True
    full = app.screen.copy()
    if frame_bytes(cached) != frame_bytes(full):
        pygame.image.save(cached, str(tmp_path / f"{name}-cached.png"))
        pygame.image.save(full, str(tmp_path / f"{name}-full.png"))
        raise AssertionError(f"{name}: the cached frame differs from the full one (see {tmp_path})")
    app.render()                             # cached again (when it can be) before the next change
    hits = app.static_cache.hits
    app.render()
    reused = app.static_cache.hits > hits
    assert frame_bytes(app.screen) == frame_bytes(full), name
    return reused


def test_cached_full_frames_equal_full_redraws_through_interactions(gui, scene, tmp_path):
    mv = scene.mapview
    assert check_frame(gui, tmp_path, "start")
    gui.key(pygame.K_RIGHT)                  # the map moved: only the map is drawn afresh
    assert check_frame(gui, tmp_path, "panned")
    gui.press(scene.panel.tab_buttons["forces"])
    gui.move(mv.rect.center)
    gui.step(30)                             # the tab button's hover fades out
    assert check_frame(gui, tmp_path, "forces tab")
    scene.log.add("A line added to the log")
    assert check_frame(gui, tmp_path, "log line")
    while scene.log.max_scroll < 3:
        scene.log.add("Another line, so that the log scrolls")
    gui.wheel(1, scene.log_rect.center)      # the log scrolled up
    gui.move(mv.rect.center)
    assert scene.log.scroll > 0
    assert check_frame(gui, tmp_path, "log scrolled")
    scene.score += 7                         # the top bar's line
    assert check_frame(gui, tmp_path, "score")
    gui.key(pygame.K_m)                      # move mode: the Move button is selected, a banner over the map
    assert scene.moving
    check_frame(gui, tmp_path, "move mode")
    gui.key(pygame.K_ESCAPE)
    gui.key(pygame.K_ESCAPE)                 # the menu opens (a modal dialog over the screen) ...
    assert gui.app.top is not scene
    check_frame(gui, tmp_path, "menu")
    gui.press(gui.app.top.buttons[0])        # ... and Resume closes it: the panel's widgets are built again
    assert gui.app.top is scene
    gui.move(mv.rect.center)
    assert check_frame(gui, tmp_path, "menu closed")
    gui.app.resize((1300, 800))
    gui.move(scene.map_rect.center)
    assert check_frame(gui, tmp_path, "resized")


def test_hovering_a_widget_draws_the_frame_in_full(gui, scene, tmp_path):
    """pygame_gui may redraw a widget's image in place while the mouse is over it: no cached image then."""
    tab = scene.panel.tab_buttons["treaties"]
    gui.move(tab.rect.center)
    gui.step(5)
    assert not check_frame(gui, tmp_path, "hover")
    gui.move(scene.map_rect.center)
    gui.step(30)
    assert check_frame(gui, tmp_path, "hover gone")
