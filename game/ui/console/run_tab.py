"""The Run tab: pause, the negotiation timer, ending the negotiation or the game, and what each
delegation is doing this turn."""
from __future__ import annotations

import pygame

from ..dialogs import ConfirmDialog
from ..palette import ACCENT, TEXT, TEXT_DIM, hex_rgb
from ..seminar_widgets import timer_colour
from .base import ConsoleTab


class RunTab(ConsoleTab):
    key, label = "run", "Run"

    def build(self, r: pygame.Rect) -> None:
        c, run = self.console, self.run
        c.buttons["pause"] = c.button((r.x, r.y + 8, r.w, 48), "Resume the seminar" if run.paused else
                                      "Pause the seminar", self.toggle_pause, cls="primary", obj="console_pause",
                                      tooltip="Paused: the timer stops and the screen is covered until you resume")
        y = r.y + 136
        nego = run.phase == "negotiation"
        bw = (r.w - 4 * 8) // 5
        specs = (("timer_start", "Start", lambda: self.timer("start")), ("timer_stop", "Stop", lambda: self.timer("stop")),
                 ("timer_add1", "+1 min", lambda: self.timer(60)), ("timer_add5", "+5 min", lambda: self.timer(300)),
                 ("timer_sub1", "-1 min", lambda: self.timer(-60)))
        for k, (key, text, fn) in enumerate(specs):
            c.buttons[key] = c.button((r.x + k * (bw + 8), y, bw, 38), text, fn, obj=f"console_{key}", enabled=nego)
        c.buttons["end_negotiation"] = c.button((r.x, y + 46, r.w, 38), "End the negotiation now: go to orders",
                                                self.end_negotiation, obj="console_end_negotiation", enabled=nego)
        c.buttons["end_game"] = c.button((r.x, r.bottom - 48, r.w, 44), "End the game and open the debrief",
                                         self.confirm_end, cls="defect", obj="console_end_game")

    def status_top(self, side: pygame.Rect, r: pygame.Rect) -> int:
        return r.bottom - 100

    # --- actions -----------------------------------------------------------------------------
    def toggle_pause(self) -> None:
        self.run.resume() if self.run.paused else self.run.pause()
        self.console.did("Paused: the screen stays covered until you resume." if self.run.paused else "Resumed.")

    def timer(self, what) -> None:
        t = self.run.timer
        if what == "start":
            t.start()
        elif what == "stop":
            t.stop()
        else:
            t.add(what)
        self.console.dirty = True

    def end_negotiation(self) -> None:
        self.run.end_negotiation()
        self.console.changed = True
        self.console.did("The negotiation is over: the delegations seal their orders next.")

    def confirm_end(self) -> None:
        app = self.console.app
        app.push(ConfirmDialog(app, "End the game?", "The debrief opens for the room: charts, roles and "
                               "hidden types, and the after-action report.", self.end_game, yes="End the game"))

    def end_game(self) -> None:
        self.run.end_game()
        self.console.changed = True
        self.console.close()

    def delegation_status(self, nation: int) -> str:
        run = self.run
        turn = run.record.state.turn
        sent = sum(1 for m in run.record.messages if m.turn == turn and m.sender == nation)
        talk = f"{sent} message(s) sent" if sent else "no messages yet"
        if run.phase == "briefing":
            return "reading the briefing" if nation == run.current else ("waiting" if nation in run.queue else "briefed")
        if run.phase == "negotiation":
            return f"negotiating, {talk}"
        if run.phase == "orders":
            if nation in run.session.submitted:
                return "orders sealed"
            return "giving orders" if nation == run.current else "waiting for its orders turn"
        return {"resolution": "orders sealed", "ended": "game over"}.get(run.phase, run.phase)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        c, run = self.console, self.run
        p, st, t = c.painter, run.record.state, run.timer
        p.text(surface, "Negotiation timer" + ("" if run.phase == "negotiation" else " (only in the negotiation)"),
               (r.x, r.y + 68), 14, TEXT_DIM, True)
        p.text(surface, t.text, (r.right, r.y + 58), 40, timer_colour(t.remaining, t.running and not run.paused),
               True, anchor="topright")
        y = r.y + 236
        p.text(surface, "Delegations this turn", (r.x, y), 14, TEXT_DIM, True)
        y += 22
        for d in run.delegations():
            colour = hex_rgb(st.nations[d.nation].colour)
            pygame.draw.rect(surface, colour, (r.x, y + 4, 10, 12))
            p.text(surface, c.fit_text(f"{d.name} ({st.nations[d.nation].name})", int(r.w * 0.5) - 16),
                   (r.x + 16, y), 14, TEXT)
            p.text(surface, c.fit_text(self.delegation_status(d.nation), int(r.w * 0.5)), (r.right, y), 14,
                   ACCENT, anchor="topright")
            y += 22
        if not run.delegations():
            p.text(surface, "No delegation is left: the AI plays on.", (r.x, y), 14, TEXT_DIM)
            y += 22
        y += 14
        if run.spec.facilitator_note or run.teaching_note:
            p.text(surface, "Facilitator's note", (r.x, y), 14, TEXT_DIM, True)
            p.paragraph(surface, run.spec.facilitator_note or run.teaching_note,
                        pygame.Rect(r.x, y + 22, r.w, r.bottom - 60 - y - 22), 14, TEXT)
