"""The Rollback & fork tab: roll back to the start of an earlier turn, fork into a sandbox copy,
and the log of what the facilitator did."""
from __future__ import annotations

import pygame

from ..dialogs import ConfirmDialog
from ..log import LogWidget
from ..palette import TEXT
from .base import ConsoleTab


class HistoryTab(ConsoleTab):
    key, label = "history", "Rollback & fork"

    def __init__(self, console) -> None:
        super().__init__(console)
        self.rollback_buttons: dict[int, object] = {}
        self.log = LogWidget(console.app.fonts, pygame.Rect(0, 0, 400, 300), "What the facilitator did", size=13)

    def build(self, r: pygame.Rect) -> None:
        c = self.console
        self.rollback_buttons = {}
        turn = self.run.record.state.turn
        c.label((r.x, r.y + 4, r.w, 24), "Roll back to the start of an earlier turn (later turns are undone):",
                cls="dim")
        bw = 120
        per_row = max(1, (r.w + 8) // (bw + 8))
        earlier = list(range(1, turn))
        for k, t in enumerate(earlier[-per_row * 3:]):
            self.rollback_buttons[t] = c.button((r.x + (k % per_row) * (bw + 8), r.y + 32 + (k // per_row) * 42, bw, 36),
                                                f"Turn {t}", lambda t=t: self.confirm_rollback(t), obj=f"rollback_{t}")
        if not earlier:
            c.label((r.x, r.y + 36, r.w, 24), "Nothing to roll back yet: this is turn 1.", cls="small")
        y = r.y + 32 + max(1, (min(len(earlier), per_row * 3) + per_row - 1) // per_row) * 42 + 16
        c.buttons["fork"] = c.button((r.x, y, r.w, 44), "Fork: continue in a sandbox copy", self.fork,
                                     cls="primary", obj="console_fork",
                                     tooltip="Saves the game as it is, then continues in a copy marked SANDBOX")
        self.log.set_rect(pygame.Rect(r.x, y + 60, r.w, r.bottom - y - 60))
        self.log.clear()
        for line in self.run.log or ["Nothing done yet."]:
            self.log.add(line, TEXT)

    def confirm_rollback(self, turn: int) -> None:
        app = self.console.app
        app.push(ConfirmDialog(app, f"Roll back to the start of turn {turn}?",
                               f"Turns {turn} to {self.run.record.state.turn - 1} and their messages are undone "
                               "(fork first to keep this game).", lambda: self.rollback(turn), yes="Roll back"))

    def rollback(self, turn: int) -> None:
        c = self.console
        try:
            self.run.rollback(turn)
        except ValueError as exc:
            c.did(str(exc), True)
            return
        c.match.reset_views()
        c.changed = True
        c.did(f"Rolled back to the start of turn {turn}.")

    def fork(self) -> None:
        c = self.console
        try:
            path = self.run.fork()
        except Exception as exc:  # noqa: BLE001 - FileError/OSError/ValueError: shown, the game goes on
            c.did(f"Fork failed: {exc}", True)
            return
        pygame.display.set_caption("Security Dilemma - seminar - SANDBOX")
        c.changed = True
        c.did(f"SANDBOX: now playing in {path}")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.log.handle_event(event, self.console.app.mouse_pos):
            self.console.dirty = True
            return True
        return False

    def draw(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        self.log.draw(surface)
