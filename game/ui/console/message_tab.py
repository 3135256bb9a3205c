"""The Message tab: an ad-hoc message to everyone or one delegation (logged, replayed)."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from ..palette import TEXT_DIM
from ..scene import oid
from .base import ConsoleTab


class MessageTab(ConsoleTab):
    key, label = "message", "Message"

    def __init__(self, console) -> None:
        super().__init__(console)
        self.recipient: int | None = None
        self.recipient_buttons: dict[int | None, object] = {}
        self.entry: UITextEntryLine | None = None

    def build(self, r: pygame.Rect) -> None:
        c = self.console
        c.label((r.x, r.y + 4, r.w, 24), "To", cls="dim")
        self.recipient_buttons = {}
        opts: list[tuple[int | None, str]] = [(None, "Everyone")] + [
            (d.nation, f"{d.name} ({self.run.record.state.nations[d.nation].name})") for d in self.run.delegations()]
        bw = (r.w - 8) // 2
        for k, (n, text) in enumerate(opts):
            b = c.button((r.x + (k % 2) * (bw + 8), r.y + 30 + (k // 2) * 40, bw, 34), text,
                         lambda n=n: self.choose_recipient(n), cls="small", obj=f"console_to_{'all' if n is None else n}")
            if n == self.recipient:
                b.select()
            self.recipient_buttons[n] = b
        y = r.y + 30 + ((len(opts) + 1) // 2) * 40 + 12
        self.entry = UITextEntryLine(pygame.Rect(r.x, y, r.w, 40), c.app.ui, container=c.root,
                                     object_id=oid(None, "console_message"))
        self.entry.set_text_length_limit(600)
        c.buttons["send"] = c.button((r.right - 200, y + 50, 200, 42), "Send message", self.send_message,
                                     cls="primary", obj="console_send")

    def choose_recipient(self, n: int | None) -> None:
        self.recipient = n
        for k, b in self.recipient_buttons.items():
            b.select() if k == n else b.unselect()

    def send_message(self) -> None:
        c = self.console
        text = self.entry.get_text() if self.entry is not None else ""
        try:
            self.run.send_message(text, None if self.recipient is None else [self.recipient])
        except ValueError as exc:
            c.status, c.status_bad = str(exc).capitalize() + ".", True
            c.dirty = True
            return
        c.changed = True
        c.did("Message sent" + ("" if self.recipient is None else f" to {self.run.delegation_name(self.recipient)}") + ".")

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.send_message()
            return True
        return False

    def draw(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        if self.entry is not None:
            self.console.painter.paragraph(
                surface, "The message goes into the turn's events (logged, so replays repeat it) and into the "
                         "negotiation archive: everyone, or only that delegation, reads it.",
                pygame.Rect(r.x, self.entry.rect.bottom + 64, r.w, 60), 13, TEXT_DIM)
