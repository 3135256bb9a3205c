"""One opaque image of a scene's static regions, widgets included, for full frames (issue 14).

pygame_gui blits every widget image with per-pixel alpha on every full frame (~0.25 ms for the
orders screen, most of it the 460x852 orders panel). A scene that names static regions
(``Scene.static_rects``: the orders screen's top bar, orders panel and log) gets them drawn once,
copied out of the frame, and then blitted opaque on the next full frames while nothing in them
changed; only the rest (``Scene.draw_dynamic``: the map) is drawn afresh.

"Nothing changed" is checked, never assumed: the key holds the scene, its ``static_key`` (what it
draws there itself), the window size, and each visible widget's image (the object itself, so its
id cannot be reused while the key lives), rectangle, area and blend mode. pygame_gui swaps
images when a widget changes (hover, text, transitions); two things it may do in place are
excluded: a frame in which the UI manager consumed an event, or in which the mouse is over a
widget, a text entry has the focus (cursor, typing, animations) or a widget is clipped by its
container (its image is redrawn in place when the clip moves), is drawn in full and drops the
image. A widget reaching outside the static regions (a walkthrough box over the map) or a
modal scene on top turns the cache off for that frame. tests/test_ui_static_cache.py checks
cached and uncached frames for pixel equality through real interactions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import pygame
from pygame_gui.elements import UITextEntryBox, UITextEntryLine

from .paint import copy_pieces

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


class StaticCache:
    def __init__(self) -> None:
        self.enabled = True
        self.hits = 0                      # full frames drawn from the cached image (tests and benchmarks read it)
        self._key: tuple | None = None
        self._pieces: list[tuple[pygame.Surface, pygame.Rect]] = []

    def drop(self) -> None:
        self._key, self._pieces = None, []

    def key_for(self, app: "App") -> tuple | None:
        """This frame's key, or None when it must be drawn in full (and the image is dropped)."""
        key = self._key_for(app) if self.enabled else None
        if key is None:
            self.drop()
        return key

    def _key_for(self, app: "App") -> tuple | None:
        top = app.top
        rects = top.static_rects() if top.opaque and not top.modal else []
        if not rects or app.ui_consumed:
            return None
        ui = app.ui
        if any(isinstance(e, (UITextEntryLine, UITextEntryBox)) for e in ui.get_focus_set() or ()):
            return None
        mouse = app.mouse_pos
        widgets = []
        group = ui.get_sprite_group()
        for img, rect, area, mode in group.visible:
            if not img.get_width() or not img.get_height():
                continue                   # containers: nothing drawn
            if rect.collidepoint(mouse):
                return None
            for r in rects:
                if r.contains(rect):
                    break
            else:
                return None                # over the map (a walkthrough box): drawn in full
            widgets.append((img, tuple(rect), tuple(area) if area is not None else None, mode))
        for s in group.sprites():
            if getattr(s, "_image_clip", None) is not None:
                return None                # a clipped element redraws its image in place (UIElement._set_image_clip)
        return top, app.screen.get_size(), tuple(tuple(r) for r in rects), top.static_key(), tuple(widgets)

    def draw(self, surface: pygame.Surface, key: tuple) -> bool:
        """Blit the cached image if it is ``key``'s; False when the frame must be drawn in full."""
        if key != self._key:
            return False
        copy_pieces(surface, self._pieces)
        self.hits += 1
        return True

    def store(self, surface: pygame.Surface, key: tuple, rects: Sequence[pygame.Rect]) -> None:
        """Copy the static regions out of a frame just drawn in full (before any overlay)."""
        area = surface.get_rect()
        self._pieces = [(surface.subsurface(r.clip(area)).copy(), r.clip(area)) for r in rects]
        self._key = key
