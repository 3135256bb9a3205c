"""The curtain between two players at one computer: "Pass to France - press a key when ready".

It draws nothing of the previous player's screen (it is opaque and replaces every scene below it:
open it with ``app.reset``), and it holds no game data at all - only the next seat's name, a
subtitle and a callback. The next player's screen is built by ``on_ready``, after the key press,
from that seat's own view.

A key still held down from the previous screen (the Enter that ended the turn, auto-repeating)
does not lift the curtain: only a key pressed after the curtain opened does.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Sequence

import pygame

from ..backdrop import hex_backdrop
from ..palette import ACCENT, BG, PANEL_EDGE, TEXT, TEXT_DIM, Colour, mix
from ..scene import Scene

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

# keys that never lift the curtain: modifiers (Ctrl of Ctrl+S), lock keys, full screen
IGNORED_KEYS = frozenset({pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LALT,
                          pygame.K_RALT, pygame.K_LGUI, pygame.K_RGUI, pygame.K_CAPSLOCK, pygame.K_NUMLOCKCLEAR,
                          pygame.K_SCROLLLOCK, pygame.K_MODE, pygame.K_F11, pygame.K_ESCAPE})


class CurtainScene(Scene):
    """A full-window screen naming the next seat; ``on_ready`` runs once, on a key press or the Ready button.

    ``actions`` adds small buttons below (e.g. ("Save game", fn), ("Quit to title", fn)); Esc runs
    ``on_escape`` when given (e.g. a menu)."""
    screen_name = "curtain"

    opaque = True
    title = "Curtain"

    def __init__(self, app: "App", seat_name: str, on_ready: Callable[[], None], subtitle: str = "", *,
                 colour: Colour | None = None, heading: str = "Pass to",
                 actions: Sequence[tuple[str, Callable[[], None]]] = (),
                 on_escape: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.seat_name = seat_name
        self.subtitle = subtitle
        self.heading = heading
        self.colour: Colour = colour or ACCENT
        self.on_ready = on_ready
        self.actions = list(actions)
        self.on_escape = on_escape
        self.ready = False
        self.ready_button = None
        self.action_buttons: list = []
        self._held = self._keys_down()
        self._bg: pygame.Surface | None = None

    @staticmethod
    def _keys_down() -> set[int]:
        """Keys held right now (the previous player's Enter); they must be released before they count."""
        try:
            pressed = pygame.key.get_pressed()
        except pygame.error:  # pragma: no cover - no display
            return set()
        return {k for k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) if pressed[k]}

    # --- layout ------------------------------------------------------------------------------
    def card_rect(self) -> pygame.Rect:
        w, h = self.size
        cw, ch = min(760, w - 80), 340 + (56 if self.actions else 0)
        return pygame.Rect((w - cw) // 2, (h - ch) // 2 - 20, cw, ch)

    def build(self) -> None:
        card = self.card_rect()
        text = f"I am {self.seat_name}: show my screen"
        bw = min(card.w - 40, max(320, self.app.fonts.get(16, True).size(text)[0] + 48))
        self.ready_button = self.button((card.centerx - bw // 2, card.y + 236, bw, 54), text, self.lift, cls="primary",
                                        obj="curtain_ready", tooltip=f"{text} (or press any key)")
        self.action_buttons = []
        if self.actions:
            aw, gap = 180, 12
            x = card.centerx - (len(self.actions) * aw + (len(self.actions) - 1) * gap) // 2
            for k, (text, fn) in enumerate(self.actions):
                self.action_buttons.append(self.button((x + k * (aw + gap), card.y + 312, aw, 40), text, fn,
                                                       obj=f"curtain_action_{k}"))

    # --- input -------------------------------------------------------------------------------
    def lift(self) -> None:
        """The player is ready: build their screen (once)."""
        if self.ready or self.app.top is not self:
            return
        self.ready = True
        self.on_ready()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYUP:
            self._held.discard(event.key)
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE and self.on_escape is not None:
            self.on_escape()
            return
        if event.key in IGNORED_KEYS or event.key in self._held:
            return
        if getattr(event, "mod", 0) & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_GUI):
            return                      # shortcuts (Ctrl+S, Alt+Tab) are not "ready"
        self.lift()

    # --- drawing -----------------------------------------------------------------------------
    def _background(self) -> pygame.Surface:
        w, h = self.size
        if self._bg is not None and self._bg.get_size() == (w, h):
            return self._bg
        surf = hex_backdrop((w, h), 40, 2, lambda row, col, cx, cy:
                            mix(BG, (70, 80, 100), 0.05 + 0.05 * math.sin(row * 0.9 + col * 0.45) ** 2))
        card = self.card_rect()
        panel = pygame.Surface(card.size, pygame.SRCALPHA)
        pygame.draw.rect(panel, (30, 36, 47, 245), panel.get_rect(), border_radius=18)
        surf.blit(panel, card.topleft)
        band = pygame.Rect(card.x, card.y, card.w, 14)
        pygame.draw.rect(surf, self.colour, band, border_top_left_radius=18, border_top_right_radius=18)
        pygame.draw.rect(surf, PANEL_EDGE, card, 2, border_radius=18)
        fonts = self.app.fonts
        head = fonts.render(self.heading, 22, TEXT_DIM)
        surf.blit(head, head.get_rect(midtop=(card.centerx, card.y + 40)))
        name_font = 54
        name = fonts.render(self.seat_name, name_font, self.colour, True)
        while name.get_width() > card.w - 60 and name_font > 24:
            name_font -= 4
            name = fonts.render(self.seat_name, name_font, self.colour, True)
        surf.blit(name, name.get_rect(midtop=(card.centerx, card.y + 74)))
        if self.subtitle:
            sub = fonts.render(self.fit_text(self.subtitle, card.w - 40), 18, TEXT)
            surf.blit(sub, sub.get_rect(midtop=(card.centerx, card.y + 156)))
        hint = fonts.render("press a key when ready", 16, ACCENT)
        surf.blit(hint, hint.get_rect(midtop=(card.centerx, card.y + 196)))
        foot = fonts.render("Everyone else: please look away. Nothing of the previous player's screen is shown here.",
                            14, TEXT_DIM)
        surf.blit(foot, foot.get_rect(midbottom=(w // 2, h - 30)))
        self._bg = surf
        return surf

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self._background(), (0, 0))
