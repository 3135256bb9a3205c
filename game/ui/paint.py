"""Filling only the pixels that need it: a full frame pays for every pixel it fills (issue 14)."""
from __future__ import annotations

import pygame


def outside(rect: pygame.Rect, covered: pygame.Rect) -> list[pygame.Rect]:
    """The parts of ``rect`` not in ``covered`` (at most four strips: above, below, left, right)."""
    inner = rect.clip(covered)
    if not inner.w or not inner.h:
        return [pygame.Rect(rect)]
    out = [pygame.Rect(rect.x, rect.y, rect.w, inner.y - rect.y),
           pygame.Rect(rect.x, inner.bottom, rect.w, rect.bottom - inner.bottom),
           pygame.Rect(rect.x, inner.y, inner.x - rect.x, inner.h),
           pygame.Rect(inner.right, inner.y, rect.right - inner.right, inner.h)]
    return [r for r in out if r.w > 0 and r.h > 0]


def frame(surface: pygame.Surface, colour: tuple[int, int, int], rect: pygame.Rect, width: int) -> None:
    """Fill a ``width``-pixel ring just inside ``rect`` (the rest of ``rect`` is left as it is)."""
    for r in outside(rect, rect.inflate(-2 * width, -2 * width)):
        surface.fill(colour, r)
