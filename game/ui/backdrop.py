"""The hex-pattern backdrop of the full-screen cards (title screen, hand-over curtain): one drawing
of the tiling, each scene choosing the hex size and the colour of each hex."""
from __future__ import annotations

import math
from typing import Callable

import pygame

from game.engine.hexgrid import hex_corners

from .palette import BG, Colour


def hex_backdrop(size: tuple[int, int], hex_size: float, gap: float,
                 colour: Callable[[int, int, float, float], Colour]) -> pygame.Surface:
    """A ``size`` surface filled with BG and tiled with pointy hexes of ``hex_size`` (drawn
    ``gap`` px smaller); ``colour(row, col, cx, cy)`` gives each hex its colour."""
    w, h = size
    surf = pygame.Surface((w, h))
    surf.fill(BG)
    s = hex_size
    for row in range(-1, h // int(1.5 * s) + 2):
        for col in range(-1, int(w / (math.sqrt(3) * s)) + 2):
            cx = math.sqrt(3) * s * (col + 0.5 * (row & 1))
            cy = 1.5 * s * row
            pygame.draw.polygon(surf, colour(row, col, cx, cy), hex_corners(cx, cy, s - gap))
    return surf
