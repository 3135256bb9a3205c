"""A small scrolling log: lines are pre-rendered once and blitted inside a clip rect.

pygame_gui's text box re-lays out all its text on every append (24 ms at 200 lines), so the game
log is this widget instead (0.03 ms a frame).
"""
from __future__ import annotations

import pygame

from .fonts import FontBook, wrap
from .palette import PANEL, PANEL_EDGE, TEXT, TEXT_DIM, Colour

LINE_GAP = 2


class LogWidget:
    def __init__(self, fonts: FontBook, rect: pygame.Rect, title: str = "Log", size: int = 14,
                 max_entries: int = 3000) -> None:
        self.fonts = fonts
        self.rect = pygame.Rect(rect)
        self.title = title
        self.size = size
        self.max_entries = max_entries
        self.entries: list[tuple[str, Colour, bool]] = []
        self._lines: list[pygame.Surface] = []
        self.scroll = 0                 # lines scrolled up from the bottom
        self.changed = True
        self.revision = 0               # bumped whenever the lines change (a cached frame keys on it with scroll)

    # --- content -----------------------------------------------------------------------------
    @property
    def text_rect(self) -> pygame.Rect:
        return pygame.Rect(self.rect.x + 10, self.rect.y + 26, self.rect.w - 26, self.rect.h - 32)

    def add(self, text: str, colour: Colour = TEXT, bold: bool = False) -> None:
        self.entries.append((text, colour, bold))
        new = self._render(text, colour, bold)
        self._lines.extend(new)
        self.revision += 1
        if self.scroll:
            self.scroll += len(new)      # keep the reader's place when not following
        if len(self.entries) > self.max_entries:
            drop = len(self.entries) - self.max_entries
            self.entries = self.entries[drop:]
            self._rewrap()
        self.changed = True

    def remove_last(self, text: str) -> bool:
        """Drop the most recent entry reading ``text`` (an undone draft line); False if there is none."""
        for k in range(len(self.entries) - 1, -1, -1):
            if self.entries[k][0] == text:
                del self.entries[k]
                self._rewrap()
                self.changed = True
                return True
        return False

    def clear(self) -> None:
        self.entries.clear()
        self._lines.clear()
        self.revision += 1
        self.scroll = 0
        self.changed = True

    def text(self) -> str:
        return "\n".join(t for t, _, _ in self.entries)

    def _render(self, text: str, colour: Colour, bold: bool) -> list[pygame.Surface]:
        font = self.fonts.get(self.size, bold)
        return [font.render(line, True, colour) for line in wrap(font, text, max(50, self.text_rect.w))]

    def _rewrap(self) -> None:
        self.revision += 1
        self._lines = [s for t, c, b in self.entries for s in self._render(t, c, b)]
        self.scroll = min(self.scroll, self.max_scroll)

    def set_rect(self, rect: pygame.Rect) -> None:
        if pygame.Rect(rect) != self.rect:
            self.rect = pygame.Rect(rect)
            self._rewrap()
            self.changed = True

    # --- scrolling ---------------------------------------------------------------------------
    @property
    def line_h(self) -> int:
        return self.fonts.get(self.size).get_linesize() + LINE_GAP

    @property
    def visible_lines(self) -> int:
        return max(1, self.text_rect.h // self.line_h)

    @property
    def max_scroll(self) -> int:
        return max(0, len(self._lines) - self.visible_lines)

    def scroll_by(self, lines: int) -> None:
        new = max(0, min(self.max_scroll, self.scroll + lines))
        if new != self.scroll:
            self.scroll = new
            self.changed = True

    def handle_event(self, event: pygame.event.Event, mouse_pos: tuple[int, int]) -> bool:
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(mouse_pos):
            self.scroll_by(3 * (1 if event.y > 0 else -1))
            return True
        return False

    # --- drawing -----------------------------------------------------------------------------
    def look(self) -> tuple:
        """Everything ``draw`` shows: equal values draw equal pixels (a cached frame keys on it)."""
        return self.revision, self.scroll, tuple(self.rect), self.title

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, PANEL, self.rect)
        pygame.draw.rect(surface, PANEL_EDGE, self.rect, 1)
        head = self.fonts.render(self.title, 13, TEXT_DIM, True)
        surface.blit(head, (self.rect.x + 10, self.rect.y + 5))
        tr = self.text_rect
        clip = surface.get_clip()
        surface.set_clip(tr)
        n = self.visible_lines
        end = len(self._lines) - self.scroll
        start = max(0, end - n)
        y = tr.y
        surface.fblits([(img, (tr.x, y + k * self.line_h)) for k, img in enumerate(self._lines[start:end])])
        surface.set_clip(clip)
        if self.max_scroll > 0:
            track = pygame.Rect(self.rect.right - 10, tr.y, 5, tr.h)
            pygame.draw.rect(surface, (50, 58, 72), track, border_radius=2)
            frac = n / len(self._lines)
            th = max(16, int(track.h * frac))
            pos = 1 - self.scroll / self.max_scroll
            thumb = pygame.Rect(track.x, track.y + int((track.h - th) * pos), 5, th)
            pygame.draw.rect(surface, (140, 150, 170), thumb, border_radius=2)
        self.changed = False
