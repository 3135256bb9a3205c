"""Fonts for our own drawing: the Noto Sans files bundled with pygame_gui.

Fonts live on a :class:`FontBook` owned by the App (never at module level): ``pygame.quit()``
invalidates every Font, so a module-level cache would break the next window or test.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import pygame


def noto_path(bold: bool = False) -> Path:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return Path(str(resources.files("pygame_gui.data").joinpath(name)))


class FontBook:
    """Fonts by (size, bold), created on first use."""

    def __init__(self) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (max(6, int(size)), bold)
        f = self._fonts.get(key)
        if f is None:
            f = self._fonts[key] = pygame.font.Font(noto_path(bold), key[0])
        return f

    def render(self, text: str, size: int, colour: tuple[int, int, int], bold: bool = False) -> pygame.Surface:
        return self.get(size, bold).render(text, True, colour)


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap of one paragraph (or several, split on newlines) to ``width`` pixels."""
    out: list[str] = []
    for para in text.split("\n"):
        words = para.split(" ")
        line = ""
        for w in words:
            cand = w if not line else f"{line} {w}"
            if font.size(cand)[0] <= width or not line:
                line = cand
            else:
                out.append(line)
                line = w
        out.append(line)
    return out
