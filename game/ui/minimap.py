"""The overview of a large map: one pixel block per hex in its owner's colour (sea dark, neutral grey),
the part of the map in view outlined; a click centres the map there. Built once per set of layers."""
from __future__ import annotations

import numpy as np
import pygame

from game.engine.gamemap import GameMap

from .mapdata import MapLayers
from .palette import MAP_BG, NEUTRAL_LAND, mix

MAX_W, MAX_H = 220, 140


def minimap_surface(gmap: GameMap, layers: MapLayers, max_w: int = MAX_W, max_h: int = MAX_H) -> pygame.Surface:
    """The overview image, at most max_w x max_h, with the map's aspect ratio."""
    cols, rows = gmap.width, gmap.height
    rgb = np.zeros((rows, cols, 3), dtype=np.uint8)
    sea = np.asarray(mix(MAP_BG, (70, 110, 160), 0.35), dtype=np.uint8)
    neutral = np.asarray(NEUTRAL_LAND, dtype=np.uint8)
    palette = np.asarray(layers.colours, dtype=np.uint8).reshape(-1, 3)
    owner = np.asarray(layers.owner, dtype=np.int64).reshape(rows, cols)
    passable = np.asarray(gmap.passable, dtype=bool).reshape(rows, cols)
    rgb[:] = neutral
    own = owner >= 0
    if palette.size:
        rgb[own] = palette[np.clip(owner[own], 0, len(palette) - 1)]
    rgb[~passable] = sea
    # hex rows are ~0.87 of a column apart: keep the map's shape
    aspect = (rows * 0.866) / max(cols, 1)
    w = max_w
    h = max(20, int(w * aspect))
    if h > max_h:
        h, w = max_h, max(20, int(max_h / aspect))
    small = pygame.surfarray.make_surface(rgb.transpose(1, 0, 2))
    return pygame.transform.scale(small, (w, h))


def view_box(mini: pygame.Rect, map_px: tuple[int, int], cam: tuple[float, float],
             view: tuple[int, int]) -> pygame.Rect:
    """The viewport's outline on the minimap ``mini`` (screen coordinates)."""
    mw, mh = max(map_px[0], 1), max(map_px[1], 1)
    x = mini.x + cam[0] / mw * mini.w
    y = mini.y + cam[1] / mh * mini.h
    r = pygame.Rect(int(x), int(y), max(4, int(view[0] / mw * mini.w)), max(4, int(view[1] / mh * mini.h)))
    return r.clip(mini) if r.colliderect(mini) else r


def map_point(mini: pygame.Rect, map_px: tuple[int, int], pos: tuple[int, int]) -> tuple[float, float]:
    """The map pixel under a point of the minimap."""
    return ((pos[0] - mini.x) / max(mini.w, 1) * map_px[0], (pos[1] - mini.y) / max(mini.h, 1) * map_px[1])
