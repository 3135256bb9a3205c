"""Rendering of the static map layer (one Surface per zoom level and map mode) and of its legend.

The map is drawn once per (hex size, mode, layers version) with ``pygame.draw`` and then only
blitted (the cached level plus a viewport blit costs ~0.3 ms a frame; measure with benchmarks/bench_ui.py).
"""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np
import pygame

from game.engine.balance import WORLD_LABELS
from game.engine.gamemap import GameMap
from game.engine.hexgrid import hex_corners, hex_to_pixel, map_pixel_size

from .fonts import FontBook
from .symbols import CLASS_NAMES, draw_unit_symbol, terrain_symbol
from .mapdata import FORT_NAMES, MapLayers
from .palette import (ALLIANCE_COLOURS, COAST, FORT_COLOURS, MAP_BG, NEUTRAL_LAND, RIVER, TEXT, WORLD_COLOURS, Colour, darker,
                      heat_colour, hex_rgb, mix)

MODES = ("political", "terrain", "balance", "world", "fort", "alliance")
MODE_TITLES = {"political": "Political", "terrain": "Terrain", "balance": "Offense-defense balance",
               "world": "Four worlds", "fort": "Fortification", "alliance": "Alliances"}
GREY = (118, 118, 112)


class Geometry:
    """Hex centres and shared edges of a map at unit size (everything scales linearly with size)."""

    def __init__(self, gmap: GameMap) -> None:
        self.gmap = gmap
        self.unit_centres = [hex_to_pixel(h % gmap.width, h // gmap.width, 1.0) for h in range(gmap.size)]
        self.unit_corners = hex_corners(0.0, 0.0, 1.0)
        edges = []
        for a in range(gmap.size):
            ax, ay = self.unit_centres[a]
            for b in gmap.neighbours(a):
                if b <= a:
                    continue
                bx, by = self.unit_centres[b]
                mx, my = (ax + bx) / 2, (ay + by) / 2
                dx, dy = mx - ax, my - ay
                norm = math.hypot(dx, dy) or 1.0
                px, py = -dy / norm * 0.5, dx / norm * 0.5
                edges.append((a, b, (mx + px, my + py), (mx - px, my - py), (dx / norm, dy / norm)))
        self.edges = edges     # (a, b, end1, end2, unit vector a->b)
        self.edge_a = np.asarray([e[0] for e in edges], dtype=np.int32)
        self.edge_b = np.asarray([e[1] for e in edges], dtype=np.int32)
        passable = np.asarray(gmap.passable, dtype=bool)
        pa, pb = passable[self.edge_a], passable[self.edge_b]
        self.coast = np.nonzero(pa != pb)[0].tolist()
        self.land = pa & pb
        self.river = [k for k, e in enumerate(edges) if (e[0], e[1]) in gmap.edges and self.land[k]]

    def size_px(self, s: float) -> tuple[int, int]:
        return map_pixel_size(self.gmap.width, self.gmap.height, s)

    def centre(self, h: int, s: float) -> tuple[float, float]:
        x, y = self.unit_centres[h]
        return x * s, y * s


def _fills(gmap: GameMap, layers: MapLayers, mode: str) -> list[Colour]:
    terrain_rgb = {k: hex_rgb(t.colour) for k, t in gmap.rules.terrain.items()}
    cache: dict[tuple[str, int, int], Colour] = {}
    out = []
    for h in range(gmap.size):
        key = (gmap.terrain[h], layers.owner[h], layers.fort[h])
        c = cache.get(key)
        if c is None:
            c = cache[key] = _fill(gmap, layers, mode, h, terrain_rgb)
        out.append(c)
    return out


def _fill(gmap: GameMap, layers: MapLayers, mode: str, h: int, terrain_rgb: dict[str, Colour]) -> Colour:
    """The colour of hex h in a map mode."""
    base = terrain_rgb[gmap.terrain[h]]
    o = layers.owner[h]
    if mode == "terrain":
        return base
    if not gmap.passable[h]:
        return mix(base, MAP_BG, 0.45)          # darker sea, so that blue states stand out from it
    if mode == "political":
        return mix(base, layers.colours[o], 0.62) if o >= 0 else mix(base, NEUTRAL_LAND, 0.5)
    if mode == "balance":
        return mix(base, GREY, 0.6)
    if mode == "world":
        return mix(mix(base, GREY, 0.55), layers.colours[o], 0.3) if o >= 0 else mix(base, GREY, 0.7)
    if mode == "alliance":
        k = layers.alliance_index(o) if o >= 0 else None
        if k is None:
            return mix(mix(base, GREY, 0.6), layers.colours[o], 0.2) if o >= 0 else mix(base, GREY, 0.75)
        return mix(mix(base, ALLIANCE_COLOURS[k % len(ALLIANCE_COLOURS)], 0.7), layers.colours[o], 0.15)
    f = layers.fort[h]
    return FORT_COLOURS[f] if f > 0 else mix(base, GREY, 0.65)


def _shift(p: tuple[float, float], v: tuple[float, float], d: float) -> tuple[float, float]:
    return p[0] + v[0] * d, p[1] + v[1] * d


STEP = 400      # hexes (or edges, or symbols) drawn between two yields of level_steps: ~1-2 ms of work


def render_level(geom: Geometry, layers: MapLayers, s: float, mode: str, fonts: FontBook) -> pygame.Surface:
    """The map image at hex size ``s`` in a map mode, in one go."""
    for surf in level_steps(geom, layers, s, mode, fonts):
        pass
    assert surf is not None
    return surf


def level_steps(geom: Geometry, layers: MapLayers, s: float, mode: str,
                fonts: FontBook) -> Iterator[pygame.Surface | None]:
    """``render_level`` in steps of a few ms each (the map view renders the next zoom levels ahead
    this way, a step per frame): yields None after each step and the finished image last. The
    same drawing calls in the same order, so the same pixels."""
    g = geom.gmap
    w, h = geom.size_px(s)
    display = pygame.display.get_surface()
    surf = pygame.Surface((w, h), 0, display) if display is not None else pygame.Surface((w, h))
    band = max(1, min(h, STEP * 4000 // max(1, w)))      # rows filled per step
    for y in range(0, h, band):
        surf.fill(MAP_BG, (0, y, w, band))
        yield None
    fills = _fills(g, layers, mode)
    # hexes drawn slightly inset: the map background shows between them as the grid lines
    r = s - 0.9 if s >= 9 else s
    corners = [(cx * r, cy * r) for cx, cy in geom.unit_corners]
    draw_poly = pygame.draw.polygon
    for hx, (ux, uy) in enumerate(geom.unit_centres):
        x, y = ux * s, uy * s
        draw_poly(surf, fills[hx], [(x + dx, y + dy) for dx, dy in corners])
        if hx % STEP == STEP - 1:
            yield None
    if mode in SYMBOL_MODES:
        yield from _terrain_symbols(surf, geom, fills, s, skip=() if mode == "terrain" else QUIET_TERRAIN)
    yield from _edges(surf, geom, layers, s, mode)
    _marks(surf, geom, layers, s, mode, fonts)
    yield surf


SYMBOL_MODES = ("political", "terrain")     # the modes whose colours leave the ground readable
QUIET_TERRAIN = ("sea", "plains")            # only in the terrain mode (the commonest ground: keeps levels fast)


def _terrain_symbols(surf: pygame.Surface, geom: Geometry, fills: list[Colour], s: float,
                     skip: tuple[str, ...] = ()) -> Iterator[None]:
    """A small symbol per hex (trees, hill arcs, peaks, reeds, furrows...), one image per (terrain, fill)."""
    g = geom.gmap
    made: dict[tuple[str, Colour], tuple[pygame.Surface, tuple[float, float]] | None] = {}
    blits = []
    size = int(s)
    lift = s * 0.12
    for (ux, uy), kind, fill in zip(geom.unit_centres, g.terrain, fills):
        key = (kind, fill)
        got = made.get(key, False)
        if got is False:
            got = made[key] = None if kind in skip else _cropped(terrain_symbol(kind, size, fill))
        if got is not None:
            blits.append((got[0], (int(ux * s + got[1][0]), int(uy * s + got[1][1] - lift))))
    yield None
    for k in range(0, len(blits), 4 * STEP):
        surf.fblits(blits[k:k + 4 * STEP])
        yield None


def _cropped(img: pygame.Surface | None) -> tuple[pygame.Surface, tuple[int, int]] | None:
    """The symbol cut to its drawn pixels (in display format: faster to blit) and its offset from the centre."""
    if img is None:
        return None
    box = img.get_bounding_rect()
    out = img.subsurface(box).copy()
    if pygame.display.get_surface() is not None:
        out = out.convert_alpha()
    return out, (box.x - img.get_width() // 2, box.y - img.get_height() // 2)


def _edges(surf: pygame.Surface, geom: Geometry, layers: MapLayers, s: float, mode: str) -> Iterator[None]:
    """Coasts, borders (or balance heat / world colour along them) and rivers, edge by edge."""
    g = geom.gmap
    owner = np.asarray(layers.owner, dtype=np.int32)
    line = pygame.draw.line
    bw = max(2, int(s / 6))
    heat_w = max(3, int(s / 3.5))
    edges = geom.edges

    def ends(k: int) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
        _, _, (x1, y1), (x2, y2), v = edges[k]
        return (x1 * s, y1 * s), (x2 * s, y2 * s), v

    for n, k in enumerate(geom.coast):
        p1, p2, _ = ends(k)
        line(surf, COAST, p1, p2, max(1, int(s / 9)))
        if n % STEP == STEP - 1:
            yield None
    yield None
    borders = np.nonzero(geom.land & (owner[geom.edge_a] != owner[geom.edge_b]))[0].tolist()
    rivers = set(geom.river)
    for n, k in enumerate(borders):
        if n % STEP == STEP - 1:
            yield None
        a, b = edges[k][0], edges[k][1]
        p1, p2, v = ends(k)
        oa, ob = int(owner[a]), int(owner[b])
        kind = g.edges.get((a, b))
        rw = max(2, int(s / (4 if kind != "minor_river" else 6))) if kind else 0
        river_half = rw / 2 + 1 if kind else 0
        if mode == "balance" and oa >= 0 and ob >= 0:
            for hx, other, sign in ((a, b, -1.0), (b, a, 1.0)):
                val = layers.axis_balance.get((other, hx))
                if val is not None:
                    d = sign * (heat_w / 2 + river_half)
                    line(surf, heat_colour(val), _shift(p1, v, d), _shift(p2, v, d), heat_w)
        elif mode == "world" and oa >= 0 and ob >= 0:
            wld = layers.dyad_world.get((min(oa, ob), max(oa, ob)))
            if wld:
                line(surf, WORLD_COLOURS[wld], p1, p2, heat_w + 1)
        else:
            for o, sign in ((oa, -1.0), (ob, 1.0)):
                if o >= 0:
                    d = sign * bw / 2
                    line(surf, darker(layers.colours[o], 0.7), _shift(p1, v, d), _shift(p2, v, d), bw)
    yield None
    for k in sorted(rivers):
        a, b = edges[k][0], edges[k][1]
        kind = g.edges[(a, b)]
        p1, p2, _ = ends(k)
        rw = max(2, int(s / (4 if kind != "minor_river" else 6)))
        line(surf, RIVER if kind != "strait" else (40, 80, 150), p1, p2, rw)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for k in range(10):
        ang = math.radians(-90 + 36 * k)
        rr = r if k % 2 == 0 else r * 0.45
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    return pts


def _marks(surf: pygame.Surface, geom: Geometry, layers: MapLayers, s: float, mode: str, fonts: FontBook) -> None:
    g = geom.gmap
    if s >= 8:
        q = max(2, int(s / 6))
        for hx, f in enumerate(layers.fort):
            if f <= 0 or mode == "fort":
                continue
            x, y = geom.centre(hx, s)
            for k in range(f):
                r = pygame.Rect(int(x - s * 0.62 + k * (q + 1)), int(y + s * 0.28), q, q)
                pygame.draw.rect(surf, (60, 56, 50), r)
                pygame.draw.rect(surf, (236, 230, 214), r.inflate(-2, -2) if q > 3 else r)
        if mode == "fort":
            font = fonts.get(max(9, int(s * 0.55)), True)
            for hx, f in enumerate(layers.fort):
                if f > 0 and s >= 12:
                    x, y = geom.centre(hx, s)
                    t = font.render(str(f), True, (40, 30, 20))
                    surf.blit(t, t.get_rect(center=(int(x), int(y + s * 0.45))))
    for cap in layers.capitals:
        x, y = geom.centre(cap, s)
        pts = _star(x, y - s * 0.5, max(3.0, s * 0.3))
        pygame.draw.polygon(surf, (250, 214, 90), pts)
        pygame.draw.polygon(surf, (60, 40, 10), pts, 1)
    if s >= 18:
        font = fonts.get(max(10, int(s * 0.42)), True)
        for hx, name in g.names.items():
            x, y = geom.centre(hx, s)
            t = font.render(name, True, (250, 248, 240))
            sh = font.render(name, True, (20, 20, 20))
            r = t.get_rect(midtop=(int(x), int(y + s * 0.42)))
            surf.blit(sh, r.move(1, 1))
            surf.blit(t, r)


def render_legend(mode: str, layers: MapLayers, gmap: GameMap, fonts: FontBook) -> pygame.Surface:
    """A small key for the current map mode."""
    title_font, font = fonts.get(14, True), fonts.get(13)
    rows: list[tuple[object, str]] = []     # (colour or 'gradient' or 'star' or 'counter', text)
    if mode == "political":
        rows += [(c, n) for c, n in zip(layers.colours, layers.names)]
        rows += [(mix(hex_rgb(gmap.rules.terrain["plains"].colour), NEUTRAL_LAND, 0.5), "Neutral"),
                 ("star", "Capital"), ("counter", "Counters: 3 yours, ~4 estimate; bar red = offensive share")]
        rows += [(f"unit:{k}", CLASS_NAMES.get(k, k)) for k in layers.unit_kinds + ("estimate",)]
    elif mode == "terrain":
        used = sorted(set(gmap.terrain), key=lambda k: list(gmap.rules.terrain).index(k))
        for k in used:
            t = gmap.rules.terrain[k]
            rows.append((hex_rgb(t.colour), f"{t.name}  (defence x{t.defence:.2f})" if t.passable else t.name))
        if gmap.edges:
            rows.append((RIVER, "River (x1.25-1.5 to the defender)"))
    elif mode == "balance":
        rows += [("gradient", ""), (heat_colour(0.35), "Offence advantage (ODB < 1)"), (heat_colour(1.0), "Even (ODB = 1)"),
                 (heat_colour(3.0), "Defence advantage (ODB > 1)")]
        rows.append((None, "Each border side: cost to attack into it (as you perceive it)"))
    elif mode == "world":
        for k in (1, 2, 3, 4):
            label = WORLD_LABELS[k]
            rows.append((WORLD_COLOURS[k], f"World {k}: {label[:44] + '...' if len(label) > 47 else label}"))
    elif mode == "alliance":
        for k, (label, members) in enumerate(layers.alliances):
            who = ", ".join(layers.names[m] for m in members)
            rows.append((ALLIANCE_COLOURS[k % len(ALLIANCE_COLOURS)], f"{label}: {who}"[:60]))
        free = [n for i, n in enumerate(layers.names) if layers.alliance_index(i) is None]
        rows.append((mix(hex_rgb(gmap.rules.terrain["plains"].colour), GREY, 0.6),
                     ("Not aligned: " + ", ".join(free))[:60] if free else "Not aligned: none"))
        rows.append((None, "Defensive pacts: an attack on one calls the others"))
    else:
        for lvl in range(4):
            rows.append((FORT_COLOURS[lvl], f"{lvl}: {FORT_NAMES[lvl]} (x{gmap.rules.fortification[lvl]:.2f})"))
    title = title_font.render(MODE_TITLES[mode], True, TEXT)
    hint = font.render("L or click here: fold", True, (150, 156, 168))
    texts = [font.render(t, True, TEXT) if t else None for _, t in rows]
    width = max([title.get_width() + hint.get_width() + 24] + [t.get_width() + 30 for t in texts if t] + [200]) + 20
    height = 34 + 20 * len(rows) + 6
    surf = pygame.Surface((width, height))
    surf.fill((20, 24, 32))
    pygame.draw.rect(surf, (90, 100, 120), surf.get_rect(), 1)
    surf.blit(title, (10, 6))
    surf.blit(hint, (width - 10 - hint.get_width(), 8))
    y = 32
    for (c, _), t in zip(rows, texts):
        sw = pygame.Rect(10, y + 3, 20, 13)
        if c == "gradient":
            for k in range(width - 20):
                odb = 2 ** (-2 + 4 * k / max(1, width - 21))
                pygame.draw.line(surf, heat_colour(odb), (10 + k, y + 2), (10 + k, y + 16))
            lo, hi = font.render("0.25", True, TEXT), font.render("4", True, TEXT)
            surf.blit(lo, (12, y + 1))
            surf.blit(hi, (width - 14 - hi.get_width(), y + 1))
        elif c == "star":
            pygame.draw.polygon(surf, (250, 214, 90), _star(20, y + 9, 8))
        elif isinstance(c, str) and c.startswith("unit:"):
            draw_unit_symbol(surf, pygame.Rect(10, y + 2, 21, 14), c[5:], (24, 24, 28), (236, 236, 230))
        elif c == "counter":
            pygame.draw.rect(surf, (240, 240, 235), sw)
            pygame.draw.rect(surf, (214, 58, 46), (sw.x, sw.bottom - 4, sw.w // 2, 4))
        elif c is not None:
            pygame.draw.rect(surf, c, sw)
            pygame.draw.rect(surf, (20, 20, 20), sw, 1)
        if t is not None:
            surf.blit(t, (36 if c is not None else 10, y))
        y += 20
    return surf
