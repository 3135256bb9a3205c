"""Map symbols drawn in code: NATO-style unit-class symbols for the counters and a small symbol per
terrain type, so that a player reads a stack's kind and a hex's ground without the legend.

Every drawing is cached per (kind, size) by its caller; nothing here runs per frame.
"""
from __future__ import annotations

import math

import pygame

from game.engine.rules import UnitType

from .palette import mix, text_on

Colour = tuple[int, int, int]

# unit key -> NATO-style class (unknown keys are classed from their numbers, see unit_class)
UNIT_CLASSES = {
    "infantry": "infantry", "mech_infantry": "mech", "cavalry": "cavalry", "artillery": "artillery",
    "machine_gun": "machine_gun", "at_gun": "anti_tank", "atgm": "anti_tank", "tank": "armour", "armour": "armour",
    "bomber": "air", "aircraft": "air", "ssbn": "nuclear", "mirv_icbm": "nuclear", "fort": "fortress",
}
CLASS_NAMES = {"infantry": "Infantry (X)", "mech": "Mechanised (X in track)", "cavalry": "Cavalry (/)",
               "artillery": "Artillery (dot)", "machine_gun": "Machine guns (bar)", "anti_tank": "Anti-tank (^)",
               "armour": "Armour (track)", "air": "Aircraft (wings)", "nuclear": "Nuclear (missile)",
               "fortress": "Fortress (battlement)", "estimate": "Estimate: dashed, kind unknown"}
OFFENSIVE_CLASSES = frozenset({"armour", "mech", "cavalry", "artillery", "air", "nuclear"})


def unit_class(key: str, unit: UnitType | None = None) -> str:
    """The NATO-style class of a unit type."""
    if key in UNIT_CLASSES:
        return UNIT_CLASSES[key]
    if unit is None:
        return "infantry"
    if unit.fort:
        return "fortress"
    if not unit.offensive:
        return "anti_tank"
    return "armour" if unit.attack >= 4 else "infantry"


def stack_class(stack: dict[str, int], units: dict[str, UnitType]) -> str:
    """The class a stack shows: its strongest part (count x the larger of attack and defence)."""
    best, best_w = "infantry", -1.0
    for key in sorted(stack):
        u = units.get(key)
        n = stack[key]
        if u is None or n <= 0 or u.fort:
            continue
        w = n * max(u.attack, u.defence)
        if w > best_w:
            best, best_w = unit_class(key, u), w
    return best


def draw_unit_symbol(surf: pygame.Surface, r: pygame.Rect, cls: str, ink: Colour, fill: Colour) -> None:
    """A NATO frame (rectangle) with the class's mark inside, in ``r``."""
    w = max(1, r.h // 9)
    pygame.draw.rect(surf, fill, r)
    if cls == "estimate":
        _dashed_rect(surf, ink, r, w)
        _question_mark(surf, r, ink, w)
        return
    pygame.draw.rect(surf, ink, r, w)
    x0, y0, x1, y1 = r.x + w, r.y + w, r.right - w - 1, r.bottom - w - 1
    cx, cy = r.centerx, r.centery
    if cls in ("infantry", "mech"):
        pygame.draw.line(surf, ink, (x0, y0), (x1, y1), w)
        pygame.draw.line(surf, ink, (x0, y1), (x1, y0), w)
    if cls in ("armour", "mech"):
        er = pygame.Rect(0, 0, int(r.w * 0.64), int(r.h * 0.56))
        er.center = (cx, cy)
        pygame.draw.ellipse(surf, ink, er, w)
    elif cls == "cavalry":
        pygame.draw.line(surf, ink, (x0, y1), (x1, y0), w)
    elif cls == "artillery":
        pygame.draw.circle(surf, ink, (cx, cy), max(2, r.h // 5))
    elif cls == "machine_gun":
        pygame.draw.line(surf, ink, (x0 + r.w // 5, cy), (x1 - r.w // 5, cy), w + 1)
        pygame.draw.line(surf, ink, (x1 - r.w // 5, cy - r.h // 5), (x1 - r.w // 5, cy + r.h // 5), w)
    elif cls == "anti_tank":
        pygame.draw.lines(surf, ink, False, [(x0, y1), (cx, y0), (x1, y1)], w)
    elif cls == "air":
        a = r.h // 4
        pygame.draw.polygon(surf, ink, [(cx - r.w // 3, cy - a), (cx, cy), (cx - r.w // 3, cy + a)])
        pygame.draw.polygon(surf, ink, [(cx + r.w // 3, cy - a), (cx, cy), (cx + r.w // 3, cy + a)])
    elif cls == "nuclear":
        bw = max(2, r.w // 7)
        body = pygame.Rect(cx - bw // 2, y0 + r.h // 6, bw, r.h - r.h // 3)
        pygame.draw.rect(surf, ink, body)
        pygame.draw.polygon(surf, ink, [(body.x - 1, body.y), (body.right, body.y), (cx, y0)])
        pygame.draw.line(surf, ink, (body.x - bw, body.bottom), (body.right + bw - 1, body.bottom), w)
    elif cls == "fortress":
        step = max(2, r.w // 6)
        for k in range(r.x + w, r.right - w, 2 * step):
            pygame.draw.rect(surf, ink, (k, y0, step, r.h // 3))


def _question_mark(surf: pygame.Surface, r: pygame.Rect, ink: Colour, w: int) -> None:
    """A '?' drawn with lines (no font: counters are made in bulk at every zoom)."""
    cx, top, h = r.centerx, r.y + r.h // 6, r.h * 2 // 3
    rad = max(2, h // 4)
    arc = pygame.Rect(cx - rad, top, 2 * rad, 2 * rad)
    pygame.draw.arc(surf, ink, arc, -math.pi / 2, math.pi, max(1, w))
    pygame.draw.line(surf, ink, (cx, top + 2 * rad), (cx, top + h - rad), max(1, w))
    pygame.draw.circle(surf, ink, (cx, top + h), max(1, w))


def _dashed_rect(surf: pygame.Surface, ink: Colour, r: pygame.Rect, w: int) -> None:
    dash = max(2, r.h // 4)
    for x in range(r.x, r.right, 2 * dash):
        pygame.draw.line(surf, ink, (x, r.y), (min(x + dash, r.right - 1), r.y), w)
        pygame.draw.line(surf, ink, (x, r.bottom - 1), (min(x + dash, r.right - 1), r.bottom - 1), w)
    for y in range(r.y, r.bottom, 2 * dash):
        pygame.draw.line(surf, ink, (r.x, y), (r.x, min(y + dash, r.bottom - 1)), w)
        pygame.draw.line(surf, ink, (r.right - 1, y), (r.right - 1, min(y + dash, r.bottom - 1)), w)


# --- terrain ------------------------------------------------------------------------------------
def _shade(c: Colour, f: float) -> Colour:
    return tuple(max(0, min(255, int(v * f))) for v in c)  # type: ignore[return-value]


def terrain_symbol(kind: str, s: int, base: Colour) -> pygame.Surface | None:
    """A transparent symbol of terrain ``kind`` for a hex of size ``s`` on fill ``base`` (None: plain)."""
    if s < 10:
        return None
    d = int(s * 1.5)
    surf = pygame.Surface((d, d), pygame.SRCALPHA)
    c = d // 2
    ink = _shade(base, 0.62)
    light = _shade(base, 1.18)
    w = max(1, s // 14)
    u = s / 20.0
    if kind == "forest":
        for dx, dy in ((-6, 2), (6, 2), (0, -5)):
            x, y = c + dx * u, c + dy * u
            pygame.draw.polygon(surf, (52, 104, 52), [(x, y - 6 * u), (x - 4.5 * u, y + 3 * u), (x + 4.5 * u, y + 3 * u)])
            pygame.draw.line(surf, (80, 60, 40), (x, y + 3 * u), (x, y + 5 * u), w)
    elif kind == "hills":
        for dx, dy in ((-5, 3), (5, 1)):
            rect = pygame.Rect(0, 0, int(12 * u), int(10 * u))
            rect.center = (int(c + dx * u), int(c + dy * u))
            pygame.draw.arc(surf, ink, rect, 0.15, math.pi - 0.15, max(2, w + 1))
    elif kind == "mountains":
        for dx, h, sz in ((-4, 9, 6), (5, 7, 5)):
            x, base_y = c + dx * u, c + 5 * u
            peak = (x, base_y - h * u)
            pygame.draw.polygon(surf, _shade(base, 0.7), [peak, (x - sz * u, base_y), (x + sz * u, base_y)])
            pygame.draw.polygon(surf, (245, 245, 240), [peak, (x - sz * u * 0.35, base_y - h * u * 0.65),
                                                        (x + sz * u * 0.35, base_y - h * u * 0.65)])
    elif kind == "marsh":
        for k, dy in enumerate((-3, 1, 5)):
            x = c - 6 * u + (k % 2) * 2 * u
            pygame.draw.line(surf, (60, 110, 120), (x, c + dy * u), (x + 10 * u, c + dy * u), w)
        for dx in (-3, 0, 3):
            pygame.draw.line(surf, (70, 100, 60), (c + dx * u, c - 1 * u), (c + dx * u + dx * 0.3 * u, c - 7 * u), w)
    elif kind == "farmland":
        for k in range(-2, 3):
            x = c + k * 3.4 * u
            pygame.draw.line(surf, _shade(base, 0.78), (x - 3 * u, c + 6 * u), (x + 3 * u, c - 6 * u), max(1, w))
    elif kind == "plains":
        for dx, dy in ((-6, -3), (4, -5), (-2, 4), (7, 3)):
            x, y = c + dx * u, c + dy * u
            pygame.draw.line(surf, _shade(base, 0.72), (x, y), (x - 1.2 * u, y - 2.4 * u), w)
            pygame.draw.line(surf, _shade(base, 0.72), (x, y), (x + 1.2 * u, y - 2.4 * u), w)
    elif kind == "desert":
        for dx, dy in ((-5, -2), (3, 3)):
            rect = pygame.Rect(0, 0, int(10 * u), int(6 * u))
            rect.center = (int(c + dx * u), int(c + dy * u))
            pygame.draw.arc(surf, _shade(base, 0.75), rect, 0.3, math.pi - 0.3, max(1, w))
    elif kind == "urban":
        for dx, hgt in ((-6, 7), (-1, 11), (4, 8)):
            rr = pygame.Rect(int(c + dx * u), int(c + 5 * u - hgt * u), int(4.2 * u), int(hgt * u))
            pygame.draw.rect(surf, (92, 86, 96), rr)
            pygame.draw.rect(surf, (40, 36, 44), rr, 1)
            for wy in range(rr.y + 2, rr.bottom - 2, max(3, int(3 * u))):
                pygame.draw.line(surf, (236, 214, 140), (rr.x + 1, wy), (rr.right - 2, wy), 1)
    elif kind == "sea":
        for dy in (-3, 3):
            pts = [(c - 7 * u + k * 2 * u, c + dy * u + (1.2 * u if k % 2 else -1.2 * u)) for k in range(8)]
            pygame.draw.lines(surf, light, False, pts, w)
    else:
        return None
    return surf


# --- counters -----------------------------------------------------------------------------------
OFFENCE_RED = (214, 58, 46)
DEFENCE_BLUE = (70, 110, 170)


def counter_image(c, colour: Colour, s: float, fonts) -> pygame.Surface:
    """A counter of hex size ``s``: the class symbol in its NATO frame, the count, and a bar whose red
    part is the offensive share (blue the defensive). An estimate has a dashed frame and '~'."""
    body_c = mix(colour, (255, 255, 255), 0.45)
    font = fonts.get(max(9, int(s * 0.38)), True)
    txt = font.render(c.text, True, text_on(body_c))
    fh = max(7, int(s * 0.3))
    fw = int(fh * 1.5)
    bar = max(3, int(s * 0.11))
    w = fw + txt.get_width() + 7
    h = max(txt.get_height(), fh + 4) + bar
    img = pygame.Surface((w, h), pygame.SRCALPHA)
    body = pygame.Rect(0, 0, w, h)
    pygame.draw.rect(img, body_c, body, border_radius=3)
    frame = pygame.Rect(2, (h - bar - fh) // 2, fw, fh)
    draw_unit_symbol(img, frame, c.kind, (24, 24, 28), mix(body_c, (255, 255, 255), 0.5))
    off_w = int(round((w - 4) * c.offensive_share))
    pygame.draw.rect(img, DEFENCE_BLUE, (2, h - bar - 1, w - 4, bar))
    pygame.draw.rect(img, OFFENCE_RED, (2, h - bar - 1, off_w, bar))
    pygame.draw.rect(img, (250, 250, 250) if c.own else (30, 30, 30), body, 2 if c.own else 1, border_radius=3)
    img.blit(txt, (frame.right + 2, (h - bar - txt.get_height()) // 2))
    return img
