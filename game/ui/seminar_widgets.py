"""Drawing helpers shared by the seminar screens: wrapped text that remembers what it drew (so tests
can check exactly what a delegation's screen showed), the SANDBOX and PAUSED badges, the timer."""
from __future__ import annotations

import pygame

from .fonts import FontBook, wrap
from .palette import ACCENT, BAD, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, Colour, text_on

SANDBOX_COLOUR = (196, 92, 210)


class Painter:
    """Blits text through one FontBook and keeps every string drawn since ``begin()``."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self.drawn: list[str] = []

    def begin(self) -> None:
        self.drawn = []

    def text(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 15,
             colour: Colour = TEXT, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
        img = self.fonts.render(text, size, colour, bold)
        rect = img.get_rect(**{anchor: pos})
        surface.blit(img, rect)
        self.drawn.append(text)
        return rect

    def paragraph(self, surface: pygame.Surface, text: str, rect: pygame.Rect, size: int = 15,
                  colour: Colour = TEXT, bold: bool = False, gap: int = 3) -> int:
        """Word-wrapped text inside ``rect`` (lines below it are not drawn); returns the y after it."""
        font = self.fonts.get(size, bold)
        y = rect.y
        step = font.get_linesize() + gap
        for line in wrap(font, text, rect.w):
            if y + step > rect.bottom:
                self.drawn.append("...")
                break
            surface.blit(font.render(line, True, colour), (rect.x, y))
            self.drawn.append(line)
            y += step
        return y

    def lines_needed(self, text: str, width: int, size: int = 15, bold: bool = False, gap: int = 3) -> int:
        font = self.fonts.get(size, bold)
        return len(wrap(font, text, width)) * (font.get_linesize() + gap)

    @property
    def all_text(self) -> str:
        return "\n".join(self.drawn)


def panel(surface: pygame.Surface, rect: pygame.Rect, colour: Colour = PANEL, edge: Colour = PANEL_EDGE,
          radius: int = 10) -> None:
    pygame.draw.rect(surface, colour, rect, border_radius=radius)
    pygame.draw.rect(surface, edge, rect, 1, border_radius=radius)


def badge(surface: pygame.Surface, painter: Painter, text: str, topright: tuple[int, int],
          colour: Colour = SANDBOX_COLOUR, size: int = 15) -> pygame.Rect:
    """A filled rounded label, e.g. SANDBOX; returns its rect."""
    img = painter.fonts.render(text, size, text_on(colour), True)
    rect = img.get_rect()
    rect.inflate_ip(22, 10)
    rect.topright = topright
    pygame.draw.rect(surface, colour, rect, border_radius=8)
    surface.blit(img, img.get_rect(center=rect.center))
    painter.drawn.append(text)
    return rect


def timer_colour(remaining: float, running: bool) -> Colour:
    if not running:
        return TEXT_DIM
    return BAD if remaining <= 30 else ACCENT


def readable(colour: Colour, on: Colour = (30, 36, 47)) -> Colour:
    """A state's colour lightened until it reads as text on the dark panels (1914 Germany is dark grey)."""
    def lum(c: Colour) -> float:
        return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    t = 0.0
    out = colour
    while lum(out) - lum(on) < 90 and t < 0.8:
        t += 0.1
        out = tuple(int(round(x + (255 - x) * t)) for x in colour)  # type: ignore[assignment]
    return out
