"""The map renders the next zoom levels ahead, a few ms at the end of each frame (issue 14: the
slowest frames were zoom steps drawing a level on the spot): a zoom step then only blits, with
the same pixels, and the level cache keeps its caps."""
from __future__ import annotations

import pygame
import pytest
from conftest import open_orders_screen

from game.ui import mapview as mapview_module
from game.ui.maprender import level_steps, render_level


@pytest.fixture
def scene(gui):
    scene = open_orders_screen(gui.app)
    gui.move(scene.map_rect.center)
    return scene


def ready(mv) -> set[float]:
    return {key[0] for key in mv._levels if key[1:] == (mv.mode, mv.layers.version)}


def no_level_on_the_spot(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a level was rendered during the frame")
    monkeypatch.setattr(mapview_module, "render_level", refuse)


def test_idle_frames_prepare_both_next_levels_and_a_zoom_step_only_blits(gui, scene, monkeypatch):
    mv = scene.mapview
    if mv.zoom_index in (0, len(mv.zooms) - 1):
        mv.zoom(-1 if mv.zoom_index else 1)
    gui.step(200)
    assert set(mv.next_sizes()) <= ready(mv)
    assert len(mv.next_sizes()) == 2
    no_level_on_the_spot(monkeypatch)
    gui.key(pygame.K_MINUS)
    shown = pygame.image.tobytes(gui.app.screen, "RGB")
    monkeypatch.undo()
    mv._levels.clear()                         # the same frame with the level drawn afresh
    gui.app.render()
    assert pygame.image.tobytes(gui.app.screen, "RGB") == shown
    gui.step(200)                              # zooming out: the next step out is prepared first
    assert mv.next_sizes()[0] < mv.hex_size and set(mv.next_sizes()) <= ready(mv)


def test_a_level_rendered_in_small_steps_is_the_level_rendered_at_once(scene, monkeypatch):
    """Bands of fill, chunks of hexes, symbols and edges: the same calls in the same order."""
    from game.ui import maprender
    mv = scene.mapview
    for mode in ("political", "terrain", "balance"):
        monkeypatch.setattr(maprender, "STEP", 7)
        steps = list(level_steps(mv.geom, mv.layers, mv.zooms[-1], mode, mv.fonts))
        assert len(steps) > 50 and all(s is None for s in steps[:-1])
        monkeypatch.setattr(maprender, "STEP", 10 ** 9)
        whole = render_level(mv.geom, mv.layers, mv.zooms[-1], mode, mv.fonts)
        assert pygame.image.tobytes(steps[-1], "RGB") == pygame.image.tobytes(whole, "RGB")


def test_rendering_ahead_keeps_the_caps_and_the_current_level(gui, scene, monkeypatch):
    mv = scene.mapview
    mv.zoom_index = len(mv.zooms) // 2
    mv.level()
    current = mv._pixels(mv.hex_size)
    small = min(mv._pixels(s) for s in mv.next_sizes())
    monkeypatch.setattr(mapview_module, "CACHE_PIXELS", current + small)   # room for one of the two only
    gui.step(200)
    assert mv.hex_size in ready(mv)
    assert sum(v.get_width() * v.get_height() for v in mv._levels.values()) <= current + small
    assert len(ready(mv) & set(mv.next_sizes())) == 1


def test_new_layers_drop_a_level_half_rendered_ahead(gui, scene):
    mv = scene.mapview
    mv._levels.clear()
    mv.level()
    import time
    mv.render_ahead(time.perf_counter())       # starts nothing: no time
    while mv._ahead is None:
        mv.render_ahead(time.perf_counter() + 0.0005)
    mv.set_layers(mv.layers)                   # a new version (the next turn's view)
    assert mv._ahead is None
    gui.step(200)
    assert set(mv.next_sizes()) <= ready(mv)
