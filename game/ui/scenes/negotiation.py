"""The timed negotiation phase. Two screens, both built on a :class:`~game.session.seminar.NegotiationPort`:

* the **room** (``port.viewer`` None), on the projector: the public channel, who speaks, the timer,
  the public news, and a desk button per delegation (behind the curtain);
* a delegation's **desk**: the messages it may read (public and its private channels), writing to
  everyone or privately to chosen delegations, its own role and objectives and its private news.

Messages are archived in the game record (``GameRecord.post``) and go into the report's messages.csv.
"""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.engine.record import Message

from ..dialogs import ConfirmDialog
from ..log import LogWidget
from ..palette import ACCENT, BG, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene, oid
from ..seminar_flow import NegotiationPort
from ..seminar_widgets import Painter, badge, panel, readable, timer_colour

TOP_H = 72
MESSAGE_LIMIT = 600
FACILITATOR_COLOUR = (226, 178, 72)


class NegotiationScene(Scene):
    screen_name = "negotiation"
    opaque = True
    title = "Negotiation"

    def __init__(self, app, port: NegotiationPort, on_time_up: Callable[[], None], *,
                 on_open_desk: Callable[[int], None] | None = None, on_leave: Callable[[], None] | None = None,
                 on_ready: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.port = port
        self.viewer = port.viewer
        self._on_time_up = on_time_up
        self._on_open_desk = on_open_desk
        self._on_leave = on_leave
        self._on_ready = on_ready
        humans = [d.nation for d in port.delegations()]
        self.sender: int | None = humans[0] if humans and self.viewer is None else self.viewer
        self.recipients: set[int] = set()          # desk: empty = public, else a private channel
        self.status = ""
        self.draft = ""                             # the message being typed, kept across rebuilds
        self.painter = Painter(app.fonts)
        self.log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), self._log_title(),
                             size=18 if self.viewer is None else 15)      # the room reads it on a projector
        self.entry: UITextEntryLine | None = None
        self.send_button = None
        self.sender_buttons: dict[int, object] = {}
        self.recipient_buttons: dict[int | None, object] = {}
        self.desk_buttons: dict[int, object] = {}
        self.ready_button = None
        self.leave_button = None
        self._shown = -1
        self._timer_text = ""
        self._done = False
        self.layout()
        self.refresh_messages()

    def _log_title(self) -> str:
        if self.viewer is None:
            return "Public channel - everyone in the room reads this"
        return "Your messages: the public channel and your private channels"

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        side = max(360, int(w * 0.3))
        self.side_rect = pygame.Rect(w - side - 20, TOP_H + 16, side, h - TOP_H - 36)
        self.compose_rect = pygame.Rect(20, h - 150, self.side_rect.x - 40, 130)
        self.log.set_rect(pygame.Rect(20, TOP_H + 16, self.side_rect.x - 40, self.compose_rect.y - TOP_H - 28))

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        c = self.compose_rect
        port = self.port
        names = port.names
        x = c.x + 12
        self.sender_buttons, self.recipient_buttons = {}, {}
        if self.viewer is None:
            self.label((x, c.y + 10, 60, 30), "From:", cls="dim")
            x += 60
            for d in port.delegations():
                bw = min(200, max(120, (c.w - 80) // max(1, len(port.delegations())) - 8))
                b = self.button((x, c.y + 8, bw, 32), f"{d.name} ({names[d.nation]})",
                                lambda n=d.nation: self.choose_sender(n), cls="small", obj=f"sender_{d.nation}")
                if d.nation == self.sender:
                    b.select()
                self.sender_buttons[d.nation] = b
                x += bw + 8
        else:
            self.label((x, c.y + 10, 40, 30), "To:", cls="dim")
            x += 40
            b = self.button((x, c.y + 8, 150, 32), "Everyone (public)", lambda: self.choose_recipient(None),
                            cls="small", obj="to_public")
            self.recipient_buttons[None] = b
            x += 158
            for d in port.delegations():
                if d.nation == self.viewer:
                    continue
                bw = min(220, max(130, (c.right - x) // max(1, len(port.delegations()) - 1) - 8))
                b = self.button((x, c.y + 8, bw, 32), f"{d.name} only", lambda n=d.nation: self.choose_recipient(n),
                                cls="small", obj=f"to_{d.nation}",
                                tooltip=f"A private channel with {d.name} ({names[d.nation]}); pick several for a group")
                self.recipient_buttons[d.nation] = b
                x += bw + 8
            self._mark_recipients()
        self.entry = UITextEntryLine(pygame.Rect(c.x + 12, c.y + 50, c.w - 160, 40), self.app.ui, container=self.root,
                                     object_id=oid(None, "message_entry"))
        self.entry.set_text_length_limit(MESSAGE_LIMIT)
        self.entry.set_text(self.draft)
        self.send_button = self.button((c.right - 140, c.y + 50, 128, 40), "Send", self.send, cls="primary",
                                       obj="send", tooltip="Send the message (Enter)")
        s = self.side_rect
        self.desk_buttons = {}
        self.ready_button = self.leave_button = None
        if self.viewer is None:
            y = s.y + 200
            self.label((s.x + 14, y, s.w - 28, 24), "Private talks", cls="heading")
            y += 30
            self.text_lines((s.x + 14, y, s.w - 28, 40), "A delegation reads its private channels and writes in "
                            "private at its own desk, behind the curtain.", cls="small")
            y += 48
            for d in port.delegations():
                self.desk_buttons[d.nation] = self.button((s.x + 14, y, s.w - 28, 38),
                                                          f"Desk of {d.name} ({names[d.nation]})",
                                                          lambda n=d.nation: self._open_desk(n), obj=f"desk_{d.nation}")
                y += 44
            if self._on_ready is not None:
                self.ready_button = self.button((s.x + 14, s.bottom - 62, s.w - 28, 48), "Everyone ready: go to orders",
                                                self._ready, cls="primary", obj="negotiation_ready")
        else:
            self.leave_button = self.button((s.x + 14, s.bottom - 62, s.w - 28, 48), "Leave the desk",
                                            self.leave_desk, cls="primary", obj="leave_desk",
                                            tooltip="Back to the room's public screen")

    def leave(self) -> None:
        if self.entry is not None and self.entry.alive():
            self.draft = self.entry.get_text()
        super().leave()

    # --- messages ----------------------------------------------------------------------------
    def line_for(self, m: Message) -> tuple[str, tuple[int, int, int]]:
        port = self.port
        who = port.sender_label(m)
        tag = "" if self.viewer is None else f"[{port.channel_label(m)}] "
        colour = FACILITATOR_COLOUR if m.sender is None else readable(hex_rgb(port.colours[m.sender]))
        return f"T{m.turn} {tag}{who}: {m.text}", colour

    def refresh_messages(self) -> None:
        msgs = self.port.messages
        if len(msgs) == self._shown:
            return
        self.log.clear()
        if not msgs:
            self.log.add("No messages yet." if self.viewer is None else "No messages for you yet.", TEXT_DIM)
        for m in msgs:
            text, colour = self.line_for(m)
            self.log.add(text, colour)
        self._shown = len(msgs)
        self.dirty = True

    def choose_sender(self, n: int) -> None:
        self.sender = n
        for k, b in self.sender_buttons.items():
            b.select() if k == n else b.unselect()

    def choose_recipient(self, n: int | None) -> None:
        if n is None:
            self.recipients.clear()
        elif n in self.recipients:
            self.recipients.discard(n)
        else:
            self.recipients.add(n)
        self._mark_recipients()
        self.dirty = True

    def _mark_recipients(self) -> None:
        for k, b in self.recipient_buttons.items():
            on = (k is None and not self.recipients) or (k is not None and k in self.recipients)
            b.select() if on else b.unselect()

    def send(self) -> None:
        if self.entry is None:
            return
        text = self.entry.get_text()
        to = None if self.viewer is None or not self.recipients else sorted(self.recipients)
        try:
            self.port.post(text, to, sender=self.sender)
        except ValueError as exc:
            self.status = str(exc).capitalize() + "."
            self.dirty = True
            return
        self.entry.set_text("")
        self.draft = ""
        self.status = "Sent to everyone." if to is None else \
            "Sent privately to " + ", ".join(self.port.delegation_name(i) for i in to if i != self.viewer) + "."
        self.refresh_messages()

    # --- flow --------------------------------------------------------------------------------
    def _open_desk(self, n: int) -> None:
        if not self._done and self._on_open_desk is not None:
            self._done = True
            self._on_open_desk(n)

    def _ready(self) -> None:
        self.app.push(ConfirmDialog(self.app, "End the negotiation?", "Every delegation then seals its orders in turn, "
                                    "behind the curtain.", self._go_to_orders, yes="Go to orders"))

    def _go_to_orders(self) -> None:
        if not self._done:
            self._done = True
            self._on_time_up()

    def leave_desk(self) -> None:
        if not self._done and self._on_leave is not None:
            self._done = True
            self._on_leave()

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.send()

    def update(self, dt: float) -> None:
        if self._done:
            return
        if self.port.time_up:
            self._done = True
            self._on_time_up()
            return
        self.refresh_messages()
        text = self.port.timer.text
        if text != self._timer_text:
            self._timer_text = text
            self.dirty = True

    def handle_event(self, event: pygame.event.Event) -> None:
        self.log.handle_event(event, self.app.mouse_pos)
        if self.log.changed:
            self.dirty = True

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        port = self.port
        w, h = self.size
        surface.fill(BG)
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        x = 24
        if self.viewer is not None:
            pygame.draw.rect(surface, hex_rgb(port.colours[self.viewer]), (24, 22, 28, 28), border_radius=5)
            x = 64
            title = f"Desk of {port.delegation_name(self.viewer)} - {port.names[self.viewer]} (private)"
        else:
            title = f"Negotiation - turn {port.turn} of {port.max_turns}"
        p.text(surface, title, (x, 12), 24, TEXT, True)
        p.text(surface, port.scenario + ("" if self.viewer is None else f" - turn {port.turn}"), (x, 44), 14, TEXT_DIM)
        timer = port.timer
        state = "paused" if port.paused else ("" if timer.running else "timer stopped")
        t = p.text(surface, timer.text, (w - 28, 6), 48, timer_colour(timer.remaining, timer.running and not port.paused),
                   True, anchor="topright")
        p.text(surface, "time left" + (f" - {state}" if state else ""), (t.x - 14, 26), 14, TEXT_DIM, anchor="topright")
        if port.sandbox:
            badge(surface, p, "SANDBOX", (t.x - 150, 20))
        self.log.draw(surface)
        c = self.compose_rect
        panel(surface, c, (30, 36, 47))
        if self.viewer is not None:
            hint = "Public: every delegation reads it." if not self.recipients else \
                "Private: only " + ", ".join(port.delegation_name(i) for i in sorted(self.recipients)) + " and you read it."
            p.text(surface, hint, (c.x + 14, c.y + 100), 13, ACCENT if self.recipients else TEXT_DIM)
        if self.status:
            p.text(surface, self.status, (c.right - 14, c.y + 100), 13, TEXT_DIM, anchor="topright")
        s = self.side_rect
        panel(surface, s, (30, 36, 47))
        sy = s.y + 14
        if self.viewer is not None and port.role is not None:
            role = port.role
            p.text(surface, "Your role", (s.x + 14, sy), 14, TEXT_DIM, True)
            sy = p.paragraph(surface, role.role or role.state_name, pygame.Rect(s.x + 14, sy + 22, s.w - 28, 48), 15,
                             TEXT, True) + 8
            if role.objectives:
                p.text(surface, "Objectives", (s.x + 14, sy), 14, TEXT_DIM, True)
                sy += 22
                for o in role.objectives:
                    sy = p.paragraph(surface, "- " + o, pygame.Rect(s.x + 14, sy, s.w - 28, s.bottom - 80 - sy), 13) + 2
                sy += 10
        news = port.news
        p.text(surface, "News" if self.viewer is None else "News for you", (s.x + 14, sy), 16, ACCENT, True)
        sy += 26
        limit = s.y + 190 if self.viewer is None else s.bottom - 80
        if not news:
            p.text(surface, "Nothing new this turn.", (s.x + 14, sy), 13, TEXT_DIM)
        for line in news:
            sy = p.paragraph(surface, line, pygame.Rect(s.x + 14, sy, s.w - 28, limit - sy), 13) + 4
