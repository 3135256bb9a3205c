"""The facilitator of a seminar hosted on the network, at any laptop (Join a game > Join as facilitator):
the phase and its countdown, the public seat table, and the host's commands as buttons (pause, resume,
a minute more or less, next phase, end the game), a message to everyone or to chosen delegations, and the
scenario's injects. A view of the session: the host checks and applies every command and answers with a
notice or a refusal, shown here as it comes (docs/network.md, "Seminar")."""
from __future__ import annotations

import pygame
from pygame_gui.elements import UITextEntryLine

from game.session.remote import RemoteSeat

from ..dialogs import ConfirmDialog
from ..palette import ACCENT, BAD, TEXT, TEXT_DIM
from ..scene import Scene, oid

LINES_SHOWN = 10


class NetworkFacilitatorScene(Scene):
    screen_name = "network_facilitator"
    title = "Facilitator (network)"

    def __init__(self, app, remote: RemoteSeat) -> None:
        super().__init__(app)
        self.remote = remote
        self.to: set[int] = set()                    # chosen addressees of the next message (empty: everyone)
        self.lines: list[tuple[str, bool]] = []      # (the host's answer, whether it is a refusal), oldest first
        self.buttons: dict[str, object] = {}
        self._errors_taken = 0
        self._version = -1
        self._seat_keys: tuple[str, ...] = ()
        self._phase_shown: str | None = None
        self.message_entry: UITextEntryLine | None = None

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        self.label((40, 20, 900, 36), f"Facilitator: {self.remote.scenario_name}", cls="heading")
        self.buttons = {}
        x = 40
        for key, text, action in (("pause", "Pause", lambda: self.send("pause")),
                                  ("resume", "Resume", lambda: self.send("resume")),
                                  ("plus", "+1 min", lambda: self.send("add_time", seconds=60.0)),
                                  ("minus", "-1 min", lambda: self.send("add_time", seconds=-60.0)),
                                  ("next", "Next phase", lambda: self.send("next_phase")),
                                  ("end", "End game", self.ask_end)):
            self.buttons[key] = self.button((x, 120, 140, 44), text, action, obj=f"fac_{key}")
            x += 150
        y = 200
        self.label((560, y, 300, 30), "Message")
        self.message_entry = UITextEntryLine(pygame.Rect(560, y + 34, 520, 34), self.app.ui, container=self.root,
                                             object_id=oid(None, "fac_message"), placeholder_text="to the delegations")
        self.message_entry.set_text_length_limit(2000)
        self.buttons["send"] = self.button((1090, y + 30, 120, 42), "Send", self.send_message, cls="primary",
                                           obj="fac_send")
        self.label((560, y + 80, 520, 26), "To (none chosen: everyone):", cls="dim")
        bx = 560
        for row in self.remote.client.seats:
            b = self.button((bx, y + 110, 64, 36), row.key, lambda n=row.nation: self.toggle(n), cls="tab",
                            obj=f"fac_to_{row.key}", tooltip=row.name)
            if row.nation in self.to:
                b.select()
            self.buttons[f"to_{row.nation}"] = b
            bx += 70
        self.label((560, y + 170, 520, 26), "Injects (only before the orders open)")
        iy = y + 200
        for inj in self.remote.client.injects[:8]:
            self.buttons[f"inject_{inj.id}"] = self.button((560, iy, 420, 36), inj.name,
                                                           lambda i=inj.id: self.send("inject", text=i),
                                                           obj=f"fac_inject_{inj.id}", tooltip=inj.id)
            iy += 42
        self.button((w - 180, h - 76, 140, 52), "Back", self.back, obj="back")

    # --- commands (the host decides; its answer comes back as a notice or an error) ----------------
    def send(self, action: str, **fields) -> None:
        if not self.remote.command(action, **fields):
            self.lines.append((f"Not sent: {self.remote.error}", True))

    def ask_end(self) -> None:
        self.app.push(ConfirmDialog(self.app, "End the game?", "The game ends after this turn's views; every "
                                    "delegation sees the end.", lambda: self.send("end"), yes="End the game"))

    def toggle(self, nation: int) -> None:
        self.to ^= {nation}
        b = self.buttons.get(f"to_{nation}")
        if b is not None:
            b.select() if nation in self.to else b.unselect()

    def send_message(self) -> None:
        assert self.message_entry is not None
        text = self.message_entry.get_text().strip()
        if not text:
            self.lines.append(("Type a message first.", True))
            return
        self.send("message", text=text, to=sorted(self.to) if self.to else None)
        self.message_entry.set_text("")

    def back(self) -> None:
        self.remote.stop()
        self.app.pop()

    # --- what the host sends ------------------------------------------------------------------
    def update(self, dt: float) -> None:
        r = self.remote
        if r.version == self._version:
            return
        self._version = r.version
        self.lines.extend((text, False) for text in r.take_notices())
        errors = r.client.errors[self._errors_taken:]
        self._errors_taken += len(errors)
        self.lines.extend((f"Refused: {text}", True) for text in errors)
        if r.closed:
            why = f"The game is over: {r.client.end.reason}" if r.client.end else (r.error or "The connection ended.")
            if not self.lines or self.lines[-1][0] != why:
                self.lines.append((why, r.client.end is None))
        keys = tuple(row.key for row in r.client.seats)
        if keys != self._seat_keys:                  # the seat table came: the recipients' buttons
            self._seat_keys = keys
            self.rebuild()

    def wait_for_host(self, timeout: float) -> bool:
        """Block until the host's next message is in, once this screen has taken in everything (a driver
        stepping frames; see NetworkJoinScene)."""
        r = self.remote
        if r.closed or self.app.top is not self or r.version != self._version:
            return False
        return r.wait_change(self._version, timeout)

    def wants_redraw(self) -> bool:
        return self.remote.version != self._version or self.remote.phase_text() != self._phase_shown

    def draw(self, surface: pygame.Surface) -> None:
        f = self.app.fonts
        c = self.remote.client
        self._phase_shown = self.remote.phase_text()
        turn = c.phase.turn if c.phase is not None else c.turn
        surface.blit(f.render(f"Turn {turn} of {c.max_turns}:  {self._phase_shown}", 22, ACCENT, True), (40, 70))
        y = 200
        surface.blit(f.render("Delegations", 16, TEXT, True), (40, y))
        y += 30
        for row in c.seats:
            if row.human:
                state = ", ".join((("joined" if row.joined else "not joined"),
                                   ("connected" if row.connected else "not connected"),
                                   ("sealed" if row.sealed else "not sealed")))
            else:
                state = "AI"
            surface.blit(f.render(f"{row.key}  {row.name}: {state}", 16, TEXT if row.human else TEXT_DIM), (40, y))
            y += 24
        y = max(y + 20, 420)
        surface.blit(f.render("The host's answers", 16, TEXT, True), (40, y))
        for text, bad in self.lines[-LINES_SHOWN:]:
            y += 24
            surface.blit(f.render(text[:110], 15, BAD if bad else TEXT), (40, y))
