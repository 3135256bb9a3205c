"""What every tab of the facilitator console is: it builds its widgets into the console's side
panel, may draw over it, may take events, and acts on the seminar through the console's run."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:  # pragma: no cover
    from ..scenes.facilitator import FacilitatorConsole


class ConsoleTab:
    key = ""
    label = ""

    def __init__(self, console: "FacilitatorConsole") -> None:
        self.console = console

    @property
    def run(self):
        return self.console.run

    def build(self, r: pygame.Rect) -> None:
        """Create the tab's widgets in the content rectangle ``r`` (widgets live in console.root)."""

    def draw(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        """Paint what is not a widget."""

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        """A pygame_gui event; True when the tab took it."""
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        """A pygame event; True when the tab took it."""
        return False

    def status_top(self, side: pygame.Rect, r: pygame.Rect) -> int:
        """Where the console writes the result of the last action."""
        return side.bottom - 44
