"""The seminar's resolution screen: the turn from the public view for the whole room, the
seminar's marks over it, then the seminar's next phase."""
from __future__ import annotations

import pygame

from .resolution import ResolutionScene


class SeminarResolutionScene(ResolutionScene):
    """The turn's resolution from the public view, for the whole room; then the next phase."""
    screen_name = "seminar_resolution"

    def update(self, dt: float) -> None:
        computing = self.phase == "computing"
        super().update(dt)
        if computing and self.phase != "computing" and self.after is not None:
            self.match.run.turn_resolved()

    def proceed(self) -> None:
        if self.phase != "summary":
            return
        self.mapview.highlights = {}
        self.match.begin()

    def draw_overlay(self, surface: pygame.Surface) -> None:
        super().draw_overlay(surface)
        self.match.draw_marks(surface, self)
