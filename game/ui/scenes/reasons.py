"""Sealing a delegation's orders in a seminar: a summary of what it ordered and a box for "our
reasons" (kept in ``Orders.statement`` for the debrief and the after-action report; no other
delegation sees it during play). Shown behind the curtain, right after End turn."""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryBox

from ..palette import ACCENT, BG, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene, oid
from ..seminar_widgets import Painter, badge, panel

REASONS_LIMIT = 1500


class ReasonsScene(Scene):
    screen_name = "reasons"
    opaque = True
    title = "Seal orders"

    def __init__(self, app, delegation: str, state_name: str, colour: str, turn: int, summary: list[str],
                 on_seal: Callable[[str], None], on_back: Callable[[], None], *, sandbox: bool = False,
                 reasons: str = "") -> None:
        super().__init__(app)
        self.delegation = delegation
        self.state_name = state_name
        self.colour = colour
        self.turn = turn
        self.summary = list(summary)
        self.sandbox = sandbox
        self.reasons = reasons
        self._on_seal = on_seal
        self._on_back = on_back
        self.box: UITextEntryBox | None = None
        self.seal_button = None
        self.back_button = None
        self.painter = Painter(app.fonts)
        self._done = False

    def card(self) -> pygame.Rect:
        w, h = self.size
        cw, ch = min(1000, w - 80), min(700, h - 80)
        return pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)

    def build(self) -> None:
        c = self.card()
        top = c.y + 130 + 22 * len(self.summary) + 40
        self.box = UITextEntryBox(pygame.Rect(c.x + 32, top, c.w - 64, c.bottom - 100 - top), self.reasons, self.app.ui,
                                  container=self.root, object_id=oid(None, "reasons_box"))
        self.back_button = self.button((c.x + 32, c.bottom - 76, 240, 50), "Back to the orders", self.back,
                                       obj="reasons_back")
        self.seal_button = self.button((c.right - 332, c.bottom - 76, 300, 50), "Seal our orders", self.seal,
                                       cls="primary", obj="reasons_seal")

    def on_ui_event(self, event: pygame.event.Event) -> None:
        # UITextEntryBox has no length limit of its own: cut what is typed or pasted beyond it.
        if (event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.box
                and self.box is not None and len(self.box.get_text()) > REASONS_LIMIT):
            self.box.set_text(self.box.get_text()[:REASONS_LIMIT])

    def leave(self) -> None:
        """Keep what was typed when the box goes (a dialog or the console opened above, a resize)."""
        if self.box is not None and self.box.alive():
            self.reasons = self.box.get_text()
        super().leave()

    def text(self) -> str:
        text = self.box.get_text() if self.box is not None and self.box.alive() else self.reasons
        return text.strip()[:REASONS_LIMIT]

    def seal(self) -> None:
        if self._done or self.app.top is not self:
            return
        self._done = True
        self._on_seal(self.text())

    def back(self) -> None:
        if self._done or self.app.top is not self:
            return
        self._done = True
        self.reasons = self.text()
        self._on_back()

    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        surface.fill(BG)
        c = self.card()
        panel(surface, c, (34, 40, 52), radius=16)
        pygame.draw.rect(surface, hex_rgb(self.colour), (c.x, c.y, c.w, 12), border_top_left_radius=16,
                         border_top_right_radius=16)
        p.text(surface, f"{self.delegation} - {self.state_name}: seal your orders for turn {self.turn}",
               (c.x + 32, c.y + 32), 22, TEXT, True)
        if self.sandbox:
            badge(surface, p, "SANDBOX", (c.right - 32, c.y + 32))
        p.text(surface, "Your orders", (c.x + 32, c.y + 76), 14, TEXT_DIM, True)
        y = c.y + 100
        for line in self.summary:
            p.text(surface, line, (c.x + 40, y), 15, TEXT)
            y += 22
        p.text(surface, "Our reasons (optional): why you chose these orders, for the debrief. No other delegation "
                        "sees them during the game.", (c.x + 32, y + 14), 14, ACCENT)
