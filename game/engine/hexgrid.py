"""Hex grid maths: pointy-top hexes, odd-r offset storage, axial/cube arithmetic.

Maps are stored as rows of columns (``col``, ``row``) in *odd-r* offset layout (odd rows are
shoved right by half a hex), which is how map files are written. Distances, rings and lines
are computed in axial coordinates (``q``, ``r``).  The pixel functions are shared with the UI
so that drawing and picking agree with the rules.
"""
from __future__ import annotations

import math
from typing import Iterator, NamedTuple

SQRT3 = math.sqrt(3.0)

# Axial direction vectors, clockwise from east.
AXIAL_DIRECTIONS: tuple[tuple[int, int], ...] = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))


class Axial(NamedTuple):
    q: int
    r: int


class Offset(NamedTuple):
    col: int
    row: int


def offset_to_axial(col: int, row: int) -> Axial:
    return Axial(col - (row - (row & 1)) // 2, row)


def axial_to_offset(q: int, r: int) -> Offset:
    return Offset(q + (r - (r & 1)) // 2, r)


def axial_distance(a: Axial, b: Axial) -> int:
    dq, dr = a.q - b.q, a.r - b.r
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def offset_distance(a: Offset, b: Offset) -> int:
    return axial_distance(offset_to_axial(*a), offset_to_axial(*b))


def axial_neighbours(a: Axial) -> list[Axial]:
    return [Axial(a.q + dq, a.r + dr) for dq, dr in AXIAL_DIRECTIONS]


def offset_neighbours(col: int, row: int) -> list[Offset]:
    """The six neighbours of an offset hex (unbounded; callers check the map size)."""
    a = offset_to_axial(col, row)
    return [axial_to_offset(*n) for n in axial_neighbours(a)]


def ring(center: Axial, radius: int) -> list[Axial]:
    """Hexes at exactly ``radius`` from ``center``, in a fixed order."""
    if radius < 0:
        raise ValueError("radius must be >= 0")
    if radius == 0:
        return [center]
    out: list[Axial] = []
    q = center.q + AXIAL_DIRECTIONS[4][0] * radius
    r = center.r + AXIAL_DIRECTIONS[4][1] * radius
    for side in range(6):
        dq, dr = AXIAL_DIRECTIONS[side]
        for _ in range(radius):
            out.append(Axial(q, r))
            q, r = q + dq, r + dr
    return out


def spiral(center: Axial, radius: int) -> Iterator[Axial]:
    for k in range(radius + 1):
        yield from ring(center, k)


def _cube_round(qf: float, rf: float) -> Axial:
    sf = -qf - rf
    q, r, s = round(qf), round(rf), round(sf)
    dq, dr, ds = abs(q - qf), abs(r - rf), abs(s - sf)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Axial(int(q), int(r))


def line(a: Axial, b: Axial) -> list[Axial]:
    """Hexes on the straight line from a to b inclusive (cube lerp with a nudge)."""
    n = axial_distance(a, b)
    if n == 0:
        return [a]
    eps = 1e-6
    out = []
    for i in range(n + 1):
        t = i / n
        qf = a.q + eps + (b.q - a.q) * t
        rf = a.r + eps + (b.r - a.r) * t
        out.append(_cube_round(qf, rf))
    return out


# --- pixels (pointy-top; ``size`` = centre-to-corner distance) -------------------------------

def hex_to_pixel(col: int, row: int, size: float) -> tuple[float, float]:
    """Centre of an offset hex in map pixels; hex (0, 0) is centred at (sqrt3*size/2, size)."""
    x = size * SQRT3 * (col + 0.5 * (row & 1)) + SQRT3 * size / 2
    y = size * 1.5 * row + size
    return x, y


def pixel_to_hex(x: float, y: float, size: float) -> Offset:
    """The offset hex containing map pixel (x, y); the caller checks map bounds."""
    x -= SQRT3 * size / 2
    y -= size
    qf = (SQRT3 / 3 * x - y / 3) / size
    rf = (2 / 3 * y) / size
    a = _cube_round(qf, rf)
    return axial_to_offset(*a)


def hex_corners(cx: float, cy: float, size: float) -> list[tuple[float, float]]:
    """Six corners of a pointy-top hex, starting at the top corner, clockwise."""
    pts = []
    for i in range(6):
        ang = math.radians(60 * i - 90)
        pts.append((cx + size * math.cos(ang), cy + size * math.sin(ang)))
    return pts


def map_pixel_size(width: int, height: int, size: float) -> tuple[int, int]:
    """Pixel extent of a width x height odd-r map at the given hex size."""
    w = SQRT3 * size * (width + 0.5)
    h = size * (1.5 * (height - 1) + 2)
    return math.ceil(w), math.ceil(h)


def edge_midpoint(a: Offset, b: Offset, size: float) -> tuple[float, float]:
    ax, ay = hex_to_pixel(*a, size)
    bx, by = hex_to_pixel(*b, size)
    return (ax + bx) / 2, (ay + by) / 2


def shared_edge(a: Offset, b: Offset, size: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two endpoints of the edge between adjacent hexes a and b (for rivers and borders)."""
    ax, ay = hex_to_pixel(*a, size)
    mx, my = edge_midpoint(a, b, size)
    dx, dy = mx - ax, my - ay
    # the edge is perpendicular to the centre-centre vector, half a side long each way
    norm = math.hypot(dx, dy) or 1.0
    px, py = -dy / norm * size / 2, dx / norm * size / 2
    return (mx + px, my + py), (mx - px, my - py)
