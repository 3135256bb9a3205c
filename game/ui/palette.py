"""Colours of the interface (the map's terrain colours come from the rules data)."""
from __future__ import annotations

Colour = tuple[int, int, int]

BG = (24, 29, 38)
MAP_BG = (20, 33, 48)
PANEL = (34, 40, 52)
PANEL_EDGE = (62, 72, 90)
TEXT = (232, 230, 224)
TEXT_DIM = (160, 166, 178)
ACCENT = (226, 178, 72)
GOOD = (96, 186, 112)
BAD = (222, 86, 70)
NEUTRAL_LAND = (150, 150, 140)
OUTLINE = (40, 44, 40)
RIVER = (70, 130, 210)
COAST = (232, 222, 180)
SELECT = (255, 240, 120)
HOVER = (255, 255, 255)
ATTACK = (235, 60, 50)
BUILD = (120, 220, 255)
MOVE = (140, 235, 120)

# Offence-defence balance heat: offence advantage (red) .. even (yellow) .. defence advantage (blue).
HEAT_OFFENCE = (214, 58, 46)
HEAT_EVEN = (242, 214, 98)
HEAT_DEFENCE = (56, 118, 206)

# Alliance map mode: one colour per alliance, in the order of the view's alliances.
ALLIANCE_COLOURS: tuple[Colour, ...] = ((64, 110, 200), (200, 70, 60), (70, 160, 90), (200, 160, 50), (150, 90, 180))

WORLD_COLOURS: dict[int, Colour] = {
    1: (214, 58, 46),     # doubly dangerous
    2: (236, 150, 54),    # security dilemma, compatible requirements
    3: (150, 96, 206),    # aggression possible, warning given
    4: (64, 170, 96),     # doubly stable
}
FORT_COLOURS: tuple[Colour, ...] = ((120, 124, 120), (246, 214, 110), (236, 150, 60), (196, 70, 40))

OUTCOME_COLOURS: dict[str, Colour] = {"CC": GOOD, "CD": (236, 150, 54), "DC": (236, 150, 54), "DD": BAD}


def hex_rgb(text: str) -> Colour:
    """'#rrggbb' -> (r, g, b)."""
    t = text.lstrip("#")
    return int(t[0:2], 16), int(t[2:4], 16), int(t[4:6], 16)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Linear blend: t = 0 gives a, t = 1 gives b."""
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def darker(c: Colour, f: float = 0.6) -> Colour:
    return tuple(int(x * f) for x in c)  # type: ignore[return-value]


def heat_colour(odb: float) -> Colour:
    """Colour of an offence-defence balance: log2 scale, clamped to [1/4, 4]."""
    import math
    x = max(-2.0, min(2.0, math.log2(max(odb, 1e-6)))) / 2.0
    return mix(HEAT_EVEN, HEAT_OFFENCE, -x) if x < 0 else mix(HEAT_EVEN, HEAT_DEFENCE, x)


def text_on(c: Colour) -> Colour:
    """Black or white text, whichever reads better on background c."""
    lum = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    return (20, 20, 20) if lum > 150 else (250, 250, 250)
