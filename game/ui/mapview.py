"""The map widget: a cached map image per zoom level and mode, a viewport blit, counters drawn
with ``fblits``, pan (drag, arrow keys), zoom (wheel, +/-), hover, picking and a legend.

Picking uses the engine's ``pixel_to_hex`` so drawing and the rules agree on every pixel.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import replace
from typing import Callable, Collection, Iterator

import pygame

from game.engine.gamemap import GameMap
from game.engine.hexgrid import pixel_to_hex

from .fonts import FontBook
from .mapdata import Counter, MapLayers
from .maprender import MODES, Geometry, level_steps, render_legend, render_level
from .minimap import map_point, minimap_surface, view_box
from .paint import outside
from .palette import ATTACK, BUILD, HOVER, MAP_BG, MOVE, SELECT, TEXT, darker, mix
from .symbols import counter_image

ZOOM_SIZES = (5, 6, 8, 10, 13, 17, 22, 28, 36, 46, 58)
MAX_LEVEL_PIXELS = 10_000_000        # ~40 MB per cached level (and <= ~90 ms to draw); bigger levels are not offered
CACHE_LEVELS = 8                     # levels kept at most (all of Concert of Powers' 7 fit the pixel cap)
CACHE_PIXELS = 24_000_000            # ~96 MB of cached levels at most (the current one always stays)
PAN_STEP = 80
DRAG_THRESHOLD = 5
LARGE_MAP_HEXES = 2000               # from this size on: the legend starts folded and a minimap is shown
LEGEND_TAB = "Legend (L)"
KEY = (255, 0, 255)                  # colour key of the legend tab's image (a colour it never draws)


class MapView:
    def __init__(self, gmap: GameMap, fonts: FontBook, rect: pygame.Rect) -> None:
        self.gmap = gmap
        self.geom = Geometry(gmap)
        self.fonts = fonts
        self.rect = pygame.Rect(rect)
        self.layers: MapLayers | None = None
        self.mode = "political"
        self.zooms = [s for s in ZOOM_SIZES if self._pixels(s) <= MAX_LEVEL_PIXELS] or [ZOOM_SIZES[0]]
        self.zoom_index = len(self.zooms) // 2
        self.cam = [0.0, 0.0]           # map pixel shown at rect.topleft
        self.hover: int | None = None
        self.selected: int | None = None
        self.highlights: dict[int, str] = {}        # hex -> 'build' | 'source' | 'target' | 'event' | 'lost' | 'reach' | 'move'
        self.arrows: list[tuple[int, int, tuple[int, int, int]]] = []
        self.large = gmap.size >= LARGE_MAP_HEXES
        self.show_legend = not self.large          # on a large map the legend starts folded (L or a click opens it)
        self._minimap: tuple[tuple, pygame.Surface] | None = None
        self.on_click: Callable[[int, int], None] | None = None   # (hex, mouse button)
        self._levels: OrderedDict[tuple[float, str, int], pygame.Surface] = OrderedDict()
        self._ahead: tuple[tuple[float, str, int], Iterator[pygame.Surface | None]] | None = None  # render_ahead
        self._zoom_dir = -1             # the last zoom step's direction (render_ahead prepares that way first)
        self._counters_ahead: set[tuple[float, int]] = set()   # (hex size, layers version) whose counters are made
        self._counters: dict[tuple, pygame.Surface] = {}
        self._legend: tuple[tuple, pygame.Surface] | None = None
        self._legend_tab: pygame.Surface | None = None
        self._tooltip: tuple[tuple[str, ...], pygame.Surface] | None = None
        self._placed: tuple[tuple, list[tuple[float, float, pygame.Surface]]] | None = None
        self._drag_start: tuple[int, int] | None = None
        self._drag_cam: tuple[float, float] = (0.0, 0.0)
        self._dragging = False
        self.changed = True             # something visible changed since the last draw

    # --- geometry ----------------------------------------------------------------------------
    def _pixels(self, s: float) -> int:
        w, h = self.geom.size_px(s)
        return w * h

    @property
    def hex_size(self) -> float:
        return self.zooms[self.zoom_index]

    def map_size(self) -> tuple[int, int]:
        return self.geom.size_px(self.hex_size)

    def fit(self, margin: float = 0.96) -> None:
        """The largest zoom level at which the whole map fits the viewport (or the smallest level),
        above the legend when there is room for that."""
        if self.show_legend and self.layers is not None and self.legend_rect.h > self.rect.h * 0.45:
            self.show_legend = False         # a small window: the legend would cover the map (L unfolds it)
        legend_h = self.legend_rect.h + 16 if self.show_legend and self.layers is not None else 0

        def best_for(height: float) -> int | None:
            best = None
            for k, s in enumerate(self.zooms):
                w, h = self.geom.size_px(s)
                if w <= self.rect.w * margin and h <= height * margin:
                    best = k
            return best

        full, above = best_for(self.rect.h), best_for(self.rect.h - legend_h)
        if above is not None and full is not None and self.zooms[above] >= self.zooms[full] * 0.75:
            self.zoom_index = above
            w, h = self.map_size()
            self.cam = [(w - self.rect.w) / 2, (h - (self.rect.h - legend_h)) / 2]
            self.changed = True
            return
        self.zoom_index = full if full is not None else 0
        self.centre_on_map()

    def centre_on_map(self) -> None:
        w, h = self.map_size()
        self.cam = [(w - self.rect.w) / 2, (h - self.rect.h) / 2]
        self.changed = True

    def centre_on(self, hx: int) -> None:
        x, y = self.geom.centre(hx, self.hex_size)
        self.cam = [x - self.rect.w / 2, y - self.rect.h / 2]
        self._clamp()

    def set_rect(self, rect: pygame.Rect) -> None:
        if rect != self.rect:
            cx, cy = self.cam[0] + self.rect.w / 2, self.cam[1] + self.rect.h / 2
            self.rect = pygame.Rect(rect)
            self.cam = [cx - self.rect.w / 2, cy - self.rect.h / 2]
            self._clamp()

    def hex_screen_pos(self, hx: int) -> tuple[int, int]:
        x, y = self.geom.centre(hx, self.hex_size)
        return int(round(x - self.cam[0] + self.rect.x)), int(round(y - self.cam[1] + self.rect.y))

    def hex_at(self, pos: tuple[int, int]) -> int | None:
        if not self.rect.collidepoint(pos):
            return None
        mx = pos[0] - self.rect.x + self.cam[0]
        my = pos[1] - self.rect.y + self.cam[1]
        col, row = pixel_to_hex(mx, my, self.hex_size)
        if not self.gmap.in_bounds(col, row):
            return None
        return self.gmap.hex_id(col, row)

    def _clamp(self) -> None:
        w, h = self.map_size()
        lo_x, hi_x = -self.rect.w * 0.5, max(w - self.rect.w * 0.5, -self.rect.w * 0.5)
        lo_y, hi_y = -self.rect.h * 0.5, max(h - self.rect.h * 0.5, -self.rect.h * 0.5)
        self.cam[0] = min(max(self.cam[0], lo_x), hi_x)
        self.cam[1] = min(max(self.cam[1], lo_y), hi_y)
        self.changed = True

    # --- state -------------------------------------------------------------------------------
    def set_layers(self, layers: MapLayers) -> None:
        if self.layers is not None and layers.version == self.layers.version:
            layers = replace(layers, version=self.layers.version + 1)
        self.layers = layers
        self._levels.clear()
        self._ahead = None
        self._legend = None
        self.changed = True

    def set_mode(self, mode: str) -> None:
        if mode in MODES and mode != self.mode:
            self.mode = mode
            self._legend = None
            self.changed = True

    def pan(self, dx: float, dy: float) -> None:
        self.cam[0] += dx
        self.cam[1] += dy
        self._clamp()

    def zoom(self, steps: int, anchor: tuple[int, int] | None = None) -> bool:
        k = max(0, min(len(self.zooms) - 1, self.zoom_index + steps))
        if k == self.zoom_index:
            return False
        ax, ay = anchor if anchor and self.rect.collidepoint(anchor) else self.rect.center
        ax -= self.rect.x
        ay -= self.rect.y
        ratio = self.zooms[k] / self.hex_size
        self.cam = [(self.cam[0] + ax) * ratio - ax, (self.cam[1] + ay) * ratio - ay]
        self._zoom_dir = 1 if k > self.zoom_index else -1
        self.zoom_index = k
        keep = {self.hex_size, *self.next_sizes()}       # counter images of the next levels stay
        self._counters = {key: img for key, img in self._counters.items() if key[-1] in keep}
        self._counters_ahead = {ready for ready in self._counters_ahead if ready[0] in keep}
        self._clamp()
        return True

    def _level_key(self, s: float) -> tuple[float, str, int]:
        assert self.layers is not None, "set_layers() first"
        return s, self.mode, self.layers.version

    def level(self) -> pygame.Surface:
        """The cached map image for the current zoom and mode (rendered on a miss, or finished if it
        was being rendered ahead)."""
        key = self._level_key(self.hex_size)
        surf = self._levels.get(key)
        if surf is None:
            if self._ahead is not None and self._ahead[0] == key:
                for surf in self._ahead[1]:
                    pass
                self._ahead = None
            else:
                self._ahead = None
                # Make room before rendering, so that the new level and the cached ones never exceed the
                # cap together (evicting afterwards let the peak memory reach the cap plus a level).
                self._make_room(self._pixels(self.hex_size), ())
                surf = render_level(self.geom, self.layers, self.hex_size, self.mode, self.fonts)
            self._levels[key] = surf
        else:
            self._levels.move_to_end(key)
        return surf

    def _make_room(self, pixels: int, keep: Collection[tuple]) -> bool:
        """Evict the least recently used levels not in ``keep`` until ``pixels`` more fit the caps."""
        while len(self._levels) >= CACHE_LEVELS or sum(
                v.get_width() * v.get_height() for v in self._levels.values()) + pixels > CACHE_PIXELS:
            victim = next((k for k in self._levels if k not in keep), None)
            if victim is None:
                return False
            del self._levels[victim]
        return True

    def next_sizes(self) -> list[float]:
        """The hex sizes a zoom step would show next: the way the last step went first."""
        ks = (self.zoom_index + self._zoom_dir, self.zoom_index - self._zoom_dir)
        return [self.zooms[k] for k in ks if 0 <= k < len(self.zooms)]

    def render_ahead(self, until: float) -> bool:
        """Render the next zoom levels (and their counters) a step at a time until ``time.perf_counter()``
        reaches ``until``, so that a zoom step finds its level ready instead of drawing it then (tens of
        ms on a large map). Levels are kept within the same caps, never by evicting the current or
        the next ones. True while work remains."""
        if self.layers is None:
            return False
        while time.perf_counter() < until:
            if self._ahead is None:
                current = self._level_key(self.hex_size)
                sizes = self.next_sizes()
                for s in sizes:
                    if (s, self.layers.version) in self._counters_ahead:
                        continue
                    for c in self.layers.counters.values():
                        self._counter_surface(c, s)
                    self._counters_ahead.add((s, self.layers.version))
                    break
                else:
                    todo = [s for s in sizes if self._level_key(s) not in self._levels]
                    if not todo:
                        return False
                    keep = {current, *(self._level_key(s) for s in sizes)}
                    if not self._make_room(self._pixels(todo[0]), keep):
                        return False
                    key = self._level_key(todo[0])
                    self._ahead = (key, level_steps(self.geom, self.layers, todo[0], self.mode, self.fonts))
                continue
            key, steps = self._ahead
            if key != self._level_key(key[0]):          # new layers or another mode meanwhile
                self._ahead = None
                continue
            surf = next(steps)
            if surf is not None:
                self._ahead = None
                self._levels[key] = surf
        return True

    # --- input -------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event, mouse_pos: tuple[int, int]) -> bool:
        """Pan/zoom/hover/click; returns True when the event was the map's."""
        t = event.type
        if t == pygame.MOUSEBUTTONDOWN and event.button in (1, 3) and self.rect.collidepoint(event.pos):
            self._drag_start = event.pos
            self._drag_cam = (self.cam[0], self.cam[1])
            self._dragging = False
            return True
        if t == pygame.MOUSEMOTION:
            if self._drag_start is not None:
                dx, dy = event.pos[0] - self._drag_start[0], event.pos[1] - self._drag_start[1]
                if self._dragging or abs(dx) + abs(dy) >= DRAG_THRESHOLD:
                    self._dragging = True
                    self.cam = [self._drag_cam[0] - dx, self._drag_cam[1] - dy]
                    self._clamp()
            self.set_hover(self.hex_at(event.pos))
            return self.rect.collidepoint(event.pos)
        if t == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            start, dragging = self._drag_start, self._dragging
            self._drag_start, self._dragging = None, False
            if start is None:
                return False
            if not dragging and event.button == 1 and self._chrome_click(event.pos):
                return True
            if not dragging:
                hx = self.hex_at(event.pos)
                if hx is not None and self.on_click is not None:
                    self.on_click(hx, event.button)
            return True
        if t == pygame.MOUSEWHEEL and self.rect.collidepoint(mouse_pos):
            self.zoom(1 if event.y > 0 else -1, mouse_pos)
            self.set_hover(self.hex_at(mouse_pos))
            return True
        if t == pygame.KEYDOWN:
            k = event.key
            moves = {pygame.K_LEFT: (-PAN_STEP, 0), pygame.K_RIGHT: (PAN_STEP, 0),
                     pygame.K_UP: (0, -PAN_STEP), pygame.K_DOWN: (0, PAN_STEP)}
            if k in moves:
                self.pan(*moves[k])
                return True
            if k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.zoom(1)
                return True
            if k in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.zoom(-1)
                return True
        return False

    def _chrome_click(self, pos: tuple[int, int]) -> bool:
        """A click on the legend's title or tab folds/unfolds it; on the minimap, centres the map there."""
        if self.layers is None:
            return False
        if self.show_legend and self.legend_head_rect.collidepoint(pos) or \
                not self.show_legend and self.legend_tab_rect.collidepoint(pos):
            self.toggle_legend()
            return True
        mini = self.minimap_rect
        if mini is not None and mini.collidepoint(pos):
            x, y = map_point(mini, self.map_size(), pos)
            self.cam = [x - self.rect.w / 2, y - self.rect.h / 2]
            self._clamp()
            return True
        return False

    def toggle_legend(self) -> None:
        self.show_legend = not self.show_legend
        self.changed = True

    def set_hover(self, hx: int | None) -> None:
        if hx != self.hover:
            self.hover = hx
            self.changed = True

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        level = self.level()
        ox, oy = int(round(self.cam[0])), int(round(self.cam[1]))
        area = pygame.Rect(ox, oy, self.rect.w, self.rect.h)
        if not level.get_rect().contains(area):    # only the strips the level does not cover
            for r in outside(self.rect, level.get_rect().clip(area).move(self.rect.x - ox, self.rect.y - oy)):
                surface.fill(MAP_BG, r)
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        surface.blit(level, (self.rect.x, self.rect.y), area)
        self._draw_counters(surface, ox, oy)
        self._draw_marks(surface)
        if self.show_legend:
            self._draw_legend(surface)
        elif self.layers is not None:
            self._draw_legend_tab(surface)
        self._draw_minimap(surface)
        surface.set_clip(clip)
        self.changed = False

    def _placements(self) -> list[tuple[float, float, pygame.Surface]]:
        """Counter images with their top-left corner in map pixels (recomputed on zoom or new layers)."""
        assert self.layers is not None
        key = (self.hex_size, self.layers.version)
        if self._placed is None or self._placed[0] != key:
            s = self.hex_size
            out = []
            for hx, c in self.layers.counters.items():
                img = self._counter_surface(c, s)
                x, y = self.geom.centre(hx, s)
                out.append((x - img.get_width() / 2, y - img.get_height() / 2 + s * 0.12, img))
            self._placed = (key, out)
        return self._placed[1]

    def _draw_counters(self, surface: pygame.Surface, ox: int, oy: int) -> None:
        if self.layers is None:
            return
        x0, y0 = self.rect.x - ox, self.rect.y - oy
        left, top = ox - 80, oy - 80
        right, bottom = ox + self.rect.w, oy + self.rect.h
        blits = [(img, (int(x + x0), int(y + y0))) for x, y, img in self._placements()
                 if left <= x <= right and top <= y <= bottom]
        if blits:
            surface.fblits(blits)

    def _counter_surface(self, c: Counter, s: float) -> pygame.Surface:
        assert self.layers is not None
        colour = self.layers.colours[c.nation] if 0 <= c.nation < len(self.layers.colours) else (200, 200, 200)
        key = (c.text, colour, round(c.offensive_share, 1), c.own, c.kind, s)
        img = self._counters.get(key)
        if img is not None:
            return img
        if s < 10:
            d = max(4, int(s * 0.8))
            img = pygame.Surface((d, d), pygame.SRCALPHA)
            pygame.draw.circle(img, mix(colour, (255, 255, 255), 0.35), (d // 2, d // 2), d // 2)
            pygame.draw.circle(img, (20, 20, 20), (d // 2, d // 2), d // 2, 1)
        else:
            img = counter_image(c, colour, s, self.fonts)
        if pygame.display.get_surface() is not None:
            img = img.convert_alpha()          # display-format alpha: much faster to blit
        self._counters[key] = img
        return img

    def _outline(self, surface: pygame.Surface, hx: int, colour: tuple[int, int, int], width: int,
                 shrink: float = 1.0) -> None:
        x, y = self.hex_screen_pos(hx)
        s = self.hex_size * shrink
        pts = [(x + cx * s, y + cy * s) for cx, cy in self.geom.unit_corners]
        pygame.draw.polygon(surface, colour, pts, width)

    def _draw_marks(self, surface: pygame.Surface) -> None:
        s = self.hex_size
        styles = {"build": (BUILD, 2), "source": (SELECT, 2), "target": (ATTACK, 2), "event": (ATTACK, 3),
                  "taken": (ATTACK, 3), "held": ((200, 200, 200), 3), "option": ((255, 150, 130), 1),
                  "reach": (MOVE, 1), "move": (MOVE, 3)}
        for hx, style in self.highlights.items():
            colour, w = styles.get(style, (HOVER, 1))
            self._outline(surface, hx, colour, w, 0.82)
            if style == "build":
                x, y = self.hex_screen_pos(hx)
                r = max(3, int(s * 0.22))
                cx, cy = x + int(s * 0.5), y - int(s * 0.35)
                pygame.draw.circle(surface, darker(BUILD, 0.4), (cx, cy), r + 1)
                pygame.draw.line(surface, BUILD, (cx - r + 1, cy), (cx + r - 1, cy), 2)
                pygame.draw.line(surface, BUILD, (cx, cy - r + 1), (cx, cy + r - 1), 2)
        for src, dst, colour in self.arrows:
            a, b = self.hex_screen_pos(src), self.hex_screen_pos(dst)
            pygame.draw.line(surface, (20, 20, 20), a, b, max(3, int(s / 5)) + 2)
            pygame.draw.line(surface, colour, a, b, max(3, int(s / 5)))
            pygame.draw.circle(surface, colour, b, max(3, int(s / 4)))
        if self.hover is not None:
            self._outline(surface, self.hover, HOVER, 1)
        if self.selected is not None:
            self._outline(surface, self.selected, SELECT, 3)

    @property
    def legend_rect(self) -> pygame.Rect:
        img = self._legend_surface()
        return img.get_rect(bottomleft=(self.rect.x + 10, self.rect.bottom - 10))

    def _legend_surface(self) -> pygame.Surface:
        assert self.layers is not None
        key = (self.mode, self.layers.version)
        if self._legend is None or self._legend[0] != key:
            img = render_legend(self.mode, self.layers, self.gmap, self.fonts)
            if pygame.display.get_surface() is not None:
                img = img.convert()            # opaque: no per-pixel blending every frame
            self._legend = (key, img)
        return self._legend[1]

    def _draw_legend(self, surface: pygame.Surface) -> None:
        surface.blit(self._legend_surface(), self.legend_rect)

    @property
    def legend_head_rect(self) -> pygame.Rect:
        r = self.legend_rect
        return pygame.Rect(r.x, r.y, r.w, 28)

    @property
    def legend_tab_rect(self) -> pygame.Rect:
        w = self.fonts.get(13, True).size(LEGEND_TAB)[0] + 20
        return pygame.Rect(self.rect.x + 10, self.rect.bottom - 36, w, 26)

    def _draw_legend_tab(self, surface: pygame.Surface) -> None:
        r = self.legend_tab_rect
        if self._legend_tab is None or self._legend_tab.get_size() != r.size:
            # drawn once (every full frame shows it): the corners outside the rounded box are the
            # colour key, so the map shows there as when the box was drawn on the frame itself
            img = pygame.Surface(r.size)
            if pygame.display.get_surface() is not None:
                img = img.convert()
            img.fill(KEY)
            box = img.get_rect()
            pygame.draw.rect(img, (20, 24, 32), box, border_radius=4)
            pygame.draw.rect(img, (90, 100, 120), box, 1, border_radius=4)
            t = self.fonts.render(LEGEND_TAB, 13, TEXT, True)
            img.blit(t, t.get_rect(center=box.center))
            img.set_colorkey(KEY)
            self._legend_tab = img
        surface.blit(self._legend_tab, r)

    @property
    def minimap_rect(self) -> pygame.Rect | None:
        """Where the overview is drawn (bottom right of the map), or None when the map is not large or
        fits the view."""
        if not self.large or self.layers is None:
            return None
        w, h = self.map_size()
        if w <= self.rect.w and h <= self.rect.h:
            return None
        img = self._minimap_surface()
        return img.get_rect(bottomright=(self.rect.right - 10, self.rect.bottom - 10))

    def _minimap_surface(self) -> pygame.Surface:
        assert self.layers is not None
        key = (self.layers.version, self.rect.size)
        if self._minimap is None or self._minimap[0] != key:
            # at most a quarter of the view's width and a third of its height
            img = minimap_surface(self.gmap, self.layers, min(220, self.rect.w // 4), min(140, self.rect.h // 3))
            if pygame.display.get_surface() is not None:
                img = img.convert()
            self._minimap = (key, img)
        return self._minimap[1]

    def _draw_minimap(self, surface: pygame.Surface) -> None:
        mini = self.minimap_rect
        if mini is None:
            return
        surface.blit(self._minimap_surface(), mini)
        pygame.draw.rect(surface, (90, 100, 120), mini.inflate(2, 2), 1)
        box = view_box(mini, self.map_size(), (self.cam[0], self.cam[1]), self.rect.size)
        pygame.draw.rect(surface, (255, 255, 255), box, 1)

    def draw_tooltip(self, surface: pygame.Surface, lines: list[str], pos: tuple[int, int],
                     bounds: pygame.Rect | None = None) -> pygame.Rect:
        """A box of text lines near ``pos``, kept inside ``bounds`` (default: the surface); cached per text."""
        key = tuple(lines)
        if self._tooltip is None or self._tooltip[0] != key:
            font, bold = self.fonts.get(13), self.fonts.get(14, True)
            imgs = [bold.render(lines[0], True, TEXT)] + [font.render(t, True, TEXT) for t in lines[1:]]
            w = max(i.get_width() for i in imgs) + 20
            h = sum(i.get_height() + 2 for i in imgs) + 14
            box = pygame.Surface((w, h)).convert() if pygame.display.get_surface() else pygame.Surface((w, h))
            box.fill((14, 17, 24))
            pygame.draw.rect(box, (226, 178, 72), box.get_rect(), 1)
            y = 7
            for img in imgs:
                box.blit(img, (10, y))
                y += img.get_height() + 2
            self._tooltip = (key, box)
        box = self._tooltip[1]
        r = box.get_rect(topleft=(pos[0] + 18, pos[1] + 18))
        area = bounds or surface.get_rect()
        if r.right > area.right - 4:
            r.right = pos[0] - 12
        if r.bottom > area.bottom - 4:
            r.bottom = pos[1] - 12
        r.clamp_ip(area)
        surface.blit(box, r)
        return r
