"""A delegation's private briefing, shown behind the curtain: its role, briefing and objectives and
the news only it may read (crisis messages sent to it, the facilitator's messages).

The scene is built from one :class:`~game.session.seminar.RoleSheet` and that delegation's own news;
it holds nothing of another state (tests check the text it drew and the objects it holds).
"""
from __future__ import annotations

from typing import Callable, Sequence

import pygame

from ..palette import ACCENT, BG, TEXT, TEXT_DIM, hex_rgb, mix
from ..scene import Scene
from game.session.seminar import RoleSheet
from ..seminar_widgets import Painter, badge, panel, readable

MODES = {"briefing": ("Private briefing", "I have read it: close my briefing"),
         "orders": ("Before your orders", "To our orders")}


class BriefingScene(Scene):
    screen_name = "briefing"
    opaque = True
    title = "Briefing"

    def __init__(self, app, sheet: RoleSheet, delegation: str, turn: int, news: Sequence[str],
                 on_done: Callable[[], None], *, mode: str = "briefing", sandbox: bool = False,
                 unread: int = 0) -> None:
        super().__init__(app)
        self.sheet = sheet
        self.delegation = delegation
        self.turn = turn
        self.news = tuple(news)
        self.mode = mode
        self.sandbox = sandbox
        self.unread = unread                      # private messages addressed to this delegation this turn
        self._on_done = on_done
        self.done_button = None
        self.painter = Painter(app.fonts)
        self._finished = False

    # --- layout ------------------------------------------------------------------------------
    def card(self) -> pygame.Rect:
        w, h = self.size
        cw = min(1240, w - 80)
        return pygame.Rect((w - cw) // 2, 40, cw, h - 80)

    def build(self) -> None:
        c = self.card()
        text = MODES.get(self.mode, MODES["briefing"])[1]
        self.done_button = self.button((c.right - 380, c.bottom - 72, 356, 52), text, self.finish, cls="primary",
                                       obj="briefing_done")

    def finish(self) -> None:
        if self._finished or self.app.top is not self:
            return
        self._finished = True
        self._on_done()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and not event.mod & pygame.KMOD_CTRL:
            self.finish()

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        surface.fill(BG)
        c = self.card()
        colour = hex_rgb(self.sheet.colour)
        panel(surface, c, mix(BG, (40, 47, 60), 0.8), radius=16)
        pygame.draw.rect(surface, colour, (c.x, c.y, c.w, 12), border_top_left_radius=16, border_top_right_radius=16)
        head, _ = MODES.get(self.mode, MODES["briefing"])
        p.text(surface, f"{head} - for {self.delegation} only", (c.x + 32, c.y + 30), 16, ACCENT, True)
        p.text(surface, self.sheet.state_name, (c.x + 32, c.y + 56), 40, readable(colour), True)
        p.text(surface, f"Turn {self.turn}", (c.right - 32, c.y + 30), 16, TEXT_DIM, anchor="topright")
        if self.sandbox:
            badge(surface, p, "SANDBOX", (c.right - 32, c.y + 60))
        y = c.y + 120
        left = pygame.Rect(c.x + 32, y, int(c.w * 0.58) - 48, c.bottom - 96 - y)
        right = pygame.Rect(left.right + 32, y, c.right - 32 - left.right - 32, left.h)
        ly = left.y
        if self.sheet.role:
            p.text(surface, "Your role", (left.x, ly), 14, TEXT_DIM, True)
            ly = p.paragraph(surface, self.sheet.role, pygame.Rect(left.x, ly + 22, left.w, 60), 18, TEXT, True) + 10
        p.text(surface, "Briefing (private)", (left.x, ly), 14, TEXT_DIM, True)
        briefing = self.sheet.briefing or "This scenario has no written briefing for your state: lead it as you see fit."
        objectives_h = 30 + sum(p.lines_needed(f"- {o}", left.w - 16) for o in self.sheet.objectives) \
            if self.sheet.objectives else 0
        ly = p.paragraph(surface, briefing, pygame.Rect(left.x, ly + 22, left.w, left.bottom - ly - 22 - objectives_h),
                         16) + 12
        if self.sheet.objectives:
            p.text(surface, "Objectives", (left.x, ly), 14, TEXT_DIM, True)
            ly += 24
            for o in self.sheet.objectives:
                pygame.draw.circle(surface, colour, (left.x + 5, ly + 10), 4)
                ly = p.paragraph(surface, o, pygame.Rect(left.x + 16, ly, left.w - 16, left.bottom - ly), 15) + 4
        panel(surface, right, (30, 36, 47))
        p.text(surface, "News for you", (right.x + 16, right.y + 14), 16, ACCENT, True)
        ry = right.y + 44
        inner = right.w - 32
        if self.unread:
            ry = p.paragraph(surface, f"{self.unread} private message(s) to you this turn: read them at your desk in "
                                      "the negotiation.", pygame.Rect(right.x + 16, ry, inner, 80), 14, TEXT) + 8
        if not self.news:
            p.paragraph(surface, "Nothing new for you since the last turn.", pygame.Rect(right.x + 16, ry, inner, 60),
                        14, TEXT_DIM)
        for line in self.news:
            ry = p.paragraph(surface, line, pygame.Rect(right.x + 16, ry, inner, right.bottom - ry - 8), 14, TEXT) + 10
        p.text(surface, "Only your delegation should be reading this screen.", (c.x + 32, c.bottom - 52), 14, TEXT_DIM)
