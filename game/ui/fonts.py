"""Fonts: the Noto Sans family bundled in ``assets/fonts`` (OFL, see ``assets/LICENSES.md``).

The same files serve our own drawing (:class:`FontBook`) and the pygame_gui theme
(:func:`theme_data`), so what the widgets show and what we draw match, and nothing is read from
another package's data at run time.

Fonts live on a :class:`FontBook` owned by the App (never at module level): ``pygame.quit()``
invalidates every Font, so a module-level cache would break the next window or test.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame

from game.resources import asset_path

# the theme's name for the bundled family (pygame_gui keeps its own "noto_sans" for itself)
FONT_NAME = "assets_noto_sans"
_STYLE_FILES = {(False, False): "NotoSans-Regular.ttf", (True, False): "NotoSans-Bold.ttf",
                (False, True): "NotoSans-Italic.ttf", (True, True): "NotoSans-BoldItalic.ttf"}
_PATH_KEYS = ("regular_path", "bold_path", "italic_path", "bold_italic_path")


def font_path(bold: bool = False, italic: bool = False) -> Path:
    """The bundled font file of one style."""
    return asset_path("fonts", _STYLE_FILES[(bold, italic)])


def theme_data(name: str = "theme.json") -> dict[str, Any]:
    """The pygame_gui theme from the assets folder, its font paths (relative to the assets folder
    in the file) made absolute, so the theme loads whatever the working directory."""
    data: dict[str, Any] = json.loads(asset_path(name).read_text(encoding="utf-8"))
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict):
            for key in _PATH_KEYS:
                if isinstance(font.get(key), str):
                    font[key] = str(asset_path(*Path(font[key]).parts))
    return data


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
            f = self._fonts[key] = pygame.font.Font(font_path(bold), key[0])
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
