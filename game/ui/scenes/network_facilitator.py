"""The facilitator of a seminar hosted on the network, at any laptop (Join a game > Join as facilitator):
the phase and its countdown, the public seat table, and the host's commands as buttons (pause, resume,
a minute more or less, next phase, end the game), a message to everyone or to chosen delegations, and the
scenario's injects, an edit of a state value (a path typed or picked from the host's list, and a value), a rollback to the start of an earlier turn
and a fork into a sandbox copy (both after a confirm). A view of the session: the host checks and applies every command and answers with a
notice or a refusal, shown here as it comes (docs/network.md, "Seminar")."""
from __future__ import annotations

import pygame
from pygame_gui.elements import UITextEntryLine

from game.session.remote import RemoteSeat

from ..console.edit_tab import path_label
from ..dialogs import ConfirmDialog, PickDialog
from ..palette import ACCENT, BAD, TEXT, TEXT_DIM
from ..remote_watch import RemoteWatch
from ..scene import oid

LINES_SHOWN = 10
TOP = 230            # the seat table and the message box start here, under the two rows of commands


class NetworkFacilitatorScene(RemoteWatch):
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
        self.entries: dict[str, UITextEntryLine] = {}   # edit path and value, rollback turn

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
        self._build_rewrites()
        y = TOP
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

    def _build_rewrites(self) -> None:
        """The second row: an edit (path, value), a rollback (turn) and a fork; the host decides."""
        y = 174
        kept = {k: e.get_text() for k, e in self.entries.items()}   # typed text survives a rebuild
        for key, rect, hint, limit in (("path", (40, y, 158, 34), "A.treasury", 100),
                                       ("value", (246, y, 120, 34), "value", 100),
                                       ("turn", (600, y, 60, 34), "turn", 4)):
            entry = UITextEntryLine(pygame.Rect(rect), self.app.ui, container=self.root,
                                    object_id=oid(None, f"fac_{key}"), placeholder_text=hint)
            entry.set_text_length_limit(limit)
            entry.set_text(kept.get(key, ""))
            self.entries[key] = entry
        self.buttons["paths"] = self.button((202, y - 2, 40, 38), "...", self.pick_path, obj="fac_paths",
                                            tooltip="Choose a value to set from the list the host accepts")
        self.buttons["edit"] = self.button((372, y - 2, 110, 38), "Edit", self.send_edit, obj="fac_edit",
                                           tooltip="Set a state value (only before the orders open)")
        self.buttons["rollback"] = self.button((666, y - 2, 130, 38), "Roll back", self.ask_rollback,
                                               obj="fac_rollback", tooltip="Back to the start of this earlier turn")
        self.buttons["fork"] = self.button((806, y - 2, 130, 38), "Fork", self.ask_fork, obj="fac_fork",
                                           tooltip="Save the game as it is; go on in a sandbox copy")

    def pick_path(self) -> None:
        """The values an edit may set, as the host listed them (its welcome), each state's with its name."""
        names = {row.key: row.name for row in self.remote.client.seats}
        items = [(path_label(p, names), p) for p in self.remote.client.edit_paths]
        if not items:
            self.lines.append(("Edit: the host listed no values to set; type a path.", True))
            return
        self.app.push(PickDialog(self.app, "Set which value?", "Pick one; then type its new value and press Edit.",
                                 items, lambda p: self.entries["path"].set_text(p)))

    def send_edit(self) -> None:
        path, value = (self.entries[k].get_text().strip() for k in ("path", "value"))
        if not path or not value:
            self.lines.append(("Edit: type a path (A.treasury, era.war_cost, ...) and a value.", True))
            return
        self.send("edit", path=path, text=value)

    def ask_rollback(self) -> None:
        raw = self.entries["turn"].get_text().strip()
        if not raw.isdigit() or int(raw) < 1:
            self.lines.append(("Roll back: type the turn to go back to (a number).", True))
            return
        turn = int(raw)
        self.app.push(ConfirmDialog(self.app, f"Roll back to the start of turn {turn}?",
                                    "The turns after it are undone for every delegation; the autosave is "
                                    "rewritten.", lambda: self.send("rollback", turn=turn), yes="Roll back"))

    def ask_fork(self) -> None:
        self.app.push(ConfirmDialog(self.app, "Fork into a sandbox?", "The game is saved as it is; play goes "
                                    "on in a copy under a new name, marked SANDBOX.", lambda: self.send("fork"),
                                    yes="Fork"))

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

    def draw(self, surface: pygame.Surface) -> None:
        f = self.app.fonts
        c = self.remote.client
        self._phase_shown = self.remote.phase_text()
        turn = c.phase.turn if c.phase is not None else c.turn
        surface.blit(f.render(f"Turn {turn} of {c.max_turns}:  {self._phase_shown}", 22, ACCENT, True), (40, 70))
        if c.phase is not None and c.phase.sandbox:
            surface.blit(f.render("SANDBOX", 22, BAD, True), (720, 70))
        y = TOP
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
        y = max(y + 20, TOP + 220)
        surface.blit(f.render("The host's answers", 16, TEXT, True), (40, y))
        for text, bad in self.lines[-LINES_SHOWN:]:
            y += 24
            surface.blit(f.render(text[:110], 15, BAD if bad else TEXT), (40, y))
