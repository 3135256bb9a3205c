"""The title screen: New game, Load game, Hotseat, Seminar, Join a game, Settings, Help, Quit."""
from __future__ import annotations

import math

import pygame

from ..backdrop import hex_backdrop
from ..palette import ACCENT, BG, TEXT, TEXT_DIM, mix
from ..scene import Scene


FOOTER_ROOM = 80        # below the buttons: the key hints, 50 px above the bottom edge


class TitleScene(Scene):
    screen_name = "title"
    title = "Security Dilemma"

    def __init__(self, app) -> None:
        super().__init__(app)
        app.game = None                 # back at the title: no game in progress (Ctrl+S has nothing to save)
        self._bg: pygame.Surface | None = None
        self.buttons: dict[str, object] = {}

    def build(self) -> None:
        w, h = self.size
        bw, bh, gap = 340, 50, 12
        items = [
            ("new", "New game", self.new_game, "Play against AI states: choose a scenario, your state and the difficulty."),
            ("load", "Load game", self.load_game, "Continue a saved game."),
            ("hotseat", "Hotseat", self.hotseat, "2-8 players at one computer, with a curtain between turns."),
            ("seminar", "Seminar", self.seminar, "Facilitated classroom play: briefings, injects, debrief."),
            ("join", "Join a game", self.join, "Play your seat of a game hosted on this network (address and room code)."),
            ("settings", "Settings", self.settings, "Window, walkthrough and display options."),
            ("help", "Help and glossary", self.help, "Keyboard shortcuts and the concepts behind the game (F1)."),
            ("quit", "Quit", self.app.quit, None),
        ]
        top = max(int(h * 0.36), 250)
        # eight buttons between the subtitle and the key-hint footer: a short window gets them closer
        pitch = min(bh + gap, (h - FOOTER_ROOM - top) // len(items))
        bh = min(bh, pitch - 8)
        self.buttons = {}
        for k, (key, text, action, tip) in enumerate(items):
            rect = ((w - bw) // 2, top + k * pitch, bw, bh)
            self.buttons[key] = self.button(rect, text, action, tooltip=tip, cls="primary" if key == "new" else "big",
                                            obj=f"title_{key}")
        self._bg = None

    # --- actions -----------------------------------------------------------------------------
    def new_game(self) -> None:
        self.app.push(self.app.build_screen("setup"))

    def load_game(self) -> None:
        from ..persistence import open_load_dialog   # the saves API loads when it is first asked for
        open_load_dialog(self.app)

    def hotseat(self) -> None:
        self.app.push(self.app.build_screen("hotseat_setup"))

    def seminar(self) -> None:
        self.app.push(self.app.build_screen("seminar_setup"))

    def join(self) -> None:
        self.app.push(self.app.build_screen("network_join"))

    def settings(self) -> None:
        self.app.push(self.app.build_screen("settings"))

    def help(self) -> None:
        self.app.push(self.app.build_screen("help"))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F1:
                self.help()
            elif event.key in (pygame.K_RETURN, pygame.K_n):
                self.new_game()
            elif event.key == pygame.K_ESCAPE:
                self.app.quit()

    # --- drawing -----------------------------------------------------------------------------
    def _background(self) -> pygame.Surface:
        w, h = self.size
        if self._bg is not None and self._bg.get_size() == (w, h):
            return self._bg
        red, blue = (150, 70, 66), (70, 100, 150)

        def colour(row: int, col: int, cx: float, cy: float) -> tuple[int, int, int]:
            """Two camps: red west of the centre line, blue east, fading towards it."""
            fade = min(1.0, abs(cx - w / 2) / (w / 2)) * 0.35 + 0.05
            return mix(BG, red if cx < w / 2 else blue, fade * (0.6 + 0.4 * math.sin(row * 0.7 + col * 0.3) ** 2))

        surf = hex_backdrop((w, h), 34, 1.5, colour)
        pygame.draw.line(surf, mix(BG, ACCENT, 0.5), (w // 2, 0), (w // 2, h), 2)
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(shade, (18, 22, 30, 215), ((w - 560) // 2, 40, 560, h - 80), border_radius=16)
        surf.blit(shade, (0, 0))
        f_title = self.app.fonts.get(60, True)
        t = f_title.render("Security Dilemma", True, ACCENT)
        surf.blit(t, t.get_rect(midtop=(w // 2, max(60, int(h * 0.09)))))
        sub = self.app.fonts.render("Cooperation under the Security Dilemma", 22, TEXT)
        surf.blit(sub, sub.get_rect(midtop=(w // 2, max(60, int(h * 0.09)) + 84)))
        sub2 = self.app.fonts.render("a wargame after Robert Jervis, World Politics (1978)", 16, TEXT_DIM)
        surf.blit(sub2, sub2.get_rect(midtop=(w // 2, max(60, int(h * 0.09)) + 118)))
        foot = self.app.fonts.render("F1 help   F11 full screen   Enter new game   Esc quit", 14, TEXT_DIM)
        surf.blit(foot, foot.get_rect(midbottom=(w // 2, h - 50)))
        self._bg = surf
        return surf

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self._background(), (0, 0))
