"""The facilitator console (opened with Ctrl+F and the passphrase): the omniscient map and every
state's true forces, type and treasury; pause and the negotiation timer; injects by hand, ad-hoc
messages, logged edits; rollback to the start of an earlier turn, a fork into a sandbox copy, and
the end of the game.

It never stays open behind a delegation's screen: Close (or Esc, or a few idle minutes) returns to
the screen it was opened over, or - when an action changed the game - restarts the flow at the
current phase, behind the curtain. Every action goes through :class:`~game.ui.seminar.SeminarRun`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextEntryLine

from game.engine.facilitator import editable_paths

from ..log import LogWidget
from ..mapview import MapView
from ..omniscient import describe_condition, forces_of, omniscient_layers
from ..palette import ACCENT, BAD, BG, GOOD, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene, oid
from ..seminar_widgets import Painter, badge, panel, timer_colour

if TYPE_CHECKING:  # pragma: no cover
    from ..seminar_flow import SeminarMatch

TOP_H = 64
IDLE_CLOSE_S = 300.0            # the console closes itself after this long without input
TABS = (("run", "Run"), ("injects", "Injects"), ("message", "Message"), ("edit", "Edit"), ("history", "Rollback & fork"))
TYPE_NAMES = {"security_seeker": "security seeker", "greedy": "greedy", "insecure_greedy": "insecure greedy"}


class FacilitatorConsole(Scene):
    opaque = True
    title = "Facilitator console"

    def __init__(self, app, match: "SeminarMatch") -> None:
        super().__init__(app)
        self.match = match
        self.run = match.run
        self.tab = "run"
        self.changed = False            # the game or the phase changed: the flow restarts on close
        self.status = ""
        self.status_bad = False
        self.idle = 0.0
        self.recipient: int | None = None
        self.edit_path = ""
        self.painter = Painter(app.fonts)
        self.mapview = MapView(self.run.record.state.gmap, app.fonts, pygame.Rect(0, 0, 800, 600))
        self.mapview.set_layers(omniscient_layers(self.run.record.state))
        self.mapview.show_legend = False
        self.history_log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "What the facilitator did", size=13)
        self.buttons: dict[str, object] = {}
        self.inject_buttons: dict[str, object] = {}
        self.rollback_buttons: dict[int, object] = {}
        self.recipient_buttons: dict[int | None, object] = {}
        self.message_entry: UITextEntryLine | None = None
        self.edit_list: UISelectionList | None = None
        self.edit_entry: UITextEntryLine | None = None
        self._paths: dict[str, str] = {}          # list label -> editable path
        self._fitted = False
        self.layout()

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        left_w = int(w * 0.56)
        rows = len(self.run.record.state.nations)
        table_h = 40 + 22 * rows
        self.table_rect = pygame.Rect(16, h - table_h - 16, left_w - 16, table_h)
        self.map_rect = pygame.Rect(16, TOP_H + 12, left_w - 16, self.table_rect.y - TOP_H - 24)
        self.side_rect = pygame.Rect(left_w + 16, TOP_H + 12, w - left_w - 32, h - TOP_H - 28)
        self.content = pygame.Rect(self.side_rect.x + 14, self.side_rect.y + 58, self.side_rect.w - 28,
                                   self.side_rect.h - 58 - 14)
        self.mapview.set_rect(self.map_rect)
        if not self._fitted:
            self.mapview.fit()
            self._fitted = True

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        w, _ = self.size
        self.buttons = {"close": self.button((w - 196, 10, 180, 44), "Close (Esc)", self.close, cls="primary",
                                             obj="console_close", tooltip="Back to where you were; students see "
                                                                          "nothing of this console")}
        m = self.map_rect
        b = self.button((m.right - 150, m.y + 6, 144, 32), "Alliances map", self.toggle_alliance_map, cls="tab",
                        obj="console_alliance_map", tooltip="Colour the map by alliance (every bloc and who is in it)")
        if self.mapview.mode == "alliance":
            b.select()
        self.buttons["alliance_map"] = b
        s = self.side_rect
        tw = (s.w - 28 - 6 * (len(TABS) - 1)) // len(TABS)
        for k, (key, text) in enumerate(TABS):
            text = text if tw >= 120 else text.split(" ")[0]          # "Rollback" on a small window
            b = self.button((s.x + 14 + k * (tw + 6), s.y + 12, tw, 36), text, lambda key=key: self.set_tab(key),
                            cls="tab", obj=f"console_tab_{key}")
            if key == self.tab:
                b.select()
            self.buttons[f"tab_{key}"] = b
        {"run": self._build_run, "injects": self._build_injects, "message": self._build_message,
         "edit": self._build_edit, "history": self._build_history}[self.tab](self.content)

    def toggle_alliance_map(self) -> None:
        self.mapview.set_mode("political" if self.mapview.mode == "alliance" else "alliance")
        self.rebuild()

    def set_tab(self, key: str) -> None:
        self.tab = key
        self.status = ""
        self.rebuild()

    def _build_run(self, r: pygame.Rect) -> None:
        run = self.run
        self.buttons["pause"] = self.button((r.x, r.y + 8, r.w, 48), "Resume the seminar" if run.paused else
                                            "Pause the seminar", self.toggle_pause, cls="primary", obj="console_pause",
                                            tooltip="Paused: the timer stops and the screen is covered until you resume")
        y = r.y + 136
        nego = run.phase == "negotiation"
        bw = (r.w - 4 * 8) // 5
        specs = (("timer_start", "Start", lambda: self.timer("start")), ("timer_stop", "Stop", lambda: self.timer("stop")),
                 ("timer_add1", "+1 min", lambda: self.timer(60)), ("timer_add5", "+5 min", lambda: self.timer(300)),
                 ("timer_sub1", "-1 min", lambda: self.timer(-60)))
        for k, (key, text, fn) in enumerate(specs):
            self.buttons[key] = self.button((r.x + k * (bw + 8), y, bw, 38), text, fn, obj=f"console_{key}", enabled=nego)
        self.buttons["end_negotiation"] = self.button((r.x, y + 46, r.w, 38), "End the negotiation now: go to orders",
                                                      self.end_negotiation, obj="console_end_negotiation", enabled=nego)
        self.buttons["end_game"] = self.button((r.x, r.bottom - 48, r.w, 44), "End the game and open the debrief",
                                               self.confirm_end, cls="defect", obj="console_end_game")

    def _build_injects(self, r: pygame.Rect) -> None:
        self.inject_buttons = {}
        injects = self.run.record.state.injects
        if not injects:
            self.text_lines((r.x, r.y + 8, r.w, 40), "This scenario has no injects. Use Message for an ad-hoc "
                            "update, or Edit to change a value.", cls=None)
            return
        y = r.y + 4
        keys = {n.key: n.name for n in self.run.record.state.nations}
        for inj in injects:
            fired = [t for i, t in self.run.record.state.fired if i == inj.id]
            self.label((r.x, y, r.w - 150, 24), inj.name, cls="heading" if not fired else None, obj=f"inject_{inj.id}")
            info = describe_condition(inj, keys) + (f"; fired in turn {', '.join(map(str, fired))}" if fired else "")
            self.label((r.x, y + 24, r.w - 150, 20), info, cls="dim")
            self.inject_buttons[inj.id] = self.button((r.right - 140, y + 4, 140, 38), "Fire again" if fired else "Fire now",
                                                      lambda i=inj.id: self.fire(i), cls=None if fired else "primary",
                                                      obj=f"fire_{inj.id}", tooltip=inj.description or None)
            y += 56
            if y > r.bottom - 56:
                break

    def _build_message(self, r: pygame.Rect) -> None:
        self.label((r.x, r.y + 4, r.w, 24), "To", cls="dim")
        self.recipient_buttons = {}
        opts: list[tuple[int | None, str]] = [(None, "Everyone")] + [
            (d.nation, f"{d.name} ({self.run.record.state.nations[d.nation].name})") for d in self.run.delegations()]
        bw = (r.w - 8) // 2
        for k, (n, text) in enumerate(opts):
            b = self.button((r.x + (k % 2) * (bw + 8), r.y + 30 + (k // 2) * 40, bw, 34), text,
                            lambda n=n: self.choose_recipient(n), cls="small", obj=f"console_to_{'all' if n is None else n}")
            if n == self.recipient:
                b.select()
            self.recipient_buttons[n] = b
        y = r.y + 30 + ((len(opts) + 1) // 2) * 40 + 12
        self.message_entry = UITextEntryLine(pygame.Rect(r.x, y, r.w, 40), self.app.ui, container=self.root,
                                             object_id=oid(None, "console_message"))
        self.message_entry.set_text_length_limit(600)
        self.buttons["send"] = self.button((r.right - 200, y + 50, 200, 42), "Send message", self.send_message,
                                           cls="primary", obj="console_send")

    def _build_edit(self, r: pygame.Rect) -> None:
        names = {n.key: n.name for n in self.run.record.state.nations}
        self._paths = {(f"{p}  ({names[p.split('.')[0]]})" if p.split(".")[0] in names else p): p
                       for p in editable_paths(self.run.record.state)}
        current = next((label for label, p in self._paths.items() if p == self.edit_path), None)
        self.edit_list = UISelectionList(pygame.Rect(r.x, r.y + 4, r.w, r.h - 150), list(self._paths), self.app.ui,
                                         container=self.root, default_selection=current,
                                         object_id=oid(None, "console_edit_list"))
        y = r.bottom - 136
        self.label((r.x, y, r.w, 24), f"{self.edit_path or 'Choose a value above'}: now {self.current_value()}",
                   obj="console_edit_current")
        self.edit_entry = UITextEntryLine(pygame.Rect(r.x, y + 32, r.w - 170, 40), self.app.ui, container=self.root,
                                          object_id=oid(None, "console_edit_value"))
        self.buttons["apply"] = self.button((r.right - 160, y + 32, 160, 40), "Set (logged)", self.apply_edit,
                                            cls="primary", obj="console_apply", enabled=bool(self.edit_path))

    def _build_history(self, r: pygame.Rect) -> None:
        self.rollback_buttons = {}
        turn = self.run.record.state.turn
        self.label((r.x, r.y + 4, r.w, 24), "Roll back to the start of an earlier turn (later turns are undone):",
                   cls="dim")
        bw = 120
        per_row = max(1, (r.w + 8) // (bw + 8))
        earlier = list(range(1, turn))
        for k, t in enumerate(earlier[-per_row * 3:]):
            self.rollback_buttons[t] = self.button((r.x + (k % per_row) * (bw + 8), r.y + 32 + (k // per_row) * 42, bw, 36),
                                                   f"Turn {t}", lambda t=t: self.confirm_rollback(t), obj=f"rollback_{t}")
        if not earlier:
            self.label((r.x, r.y + 36, r.w, 24), "Nothing to roll back yet: this is turn 1.", cls="small")
        y = r.y + 32 + max(1, (min(len(earlier), per_row * 3) + per_row - 1) // per_row) * 42 + 16
        self.buttons["fork"] = self.button((r.x, y, r.w, 44), "Fork: continue in a sandbox copy", self.fork,
                                           cls="primary", obj="console_fork",
                                           tooltip="Saves the game as it is, then continues in a copy marked SANDBOX")
        self.history_log.set_rect(pygame.Rect(r.x, y + 60, r.w, r.bottom - y - 60))
        self.history_log.clear()
        for line in self.run.log or ["Nothing done yet."]:
            self.history_log.add(line, TEXT)

    # --- actions -----------------------------------------------------------------------------
    def _did(self, text: str, bad: bool = False) -> None:
        self.status, self.status_bad = text, bad
        self.mapview.set_layers(omniscient_layers(self.run.record.state))
        self.rebuild()

    def toggle_pause(self) -> None:
        self.run.resume() if self.run.paused else self.run.pause()
        self._did("Paused: the screen stays covered until you resume." if self.run.paused else "Resumed.")

    def timer(self, what) -> None:
        t = self.run.timer
        if what == "start":
            t.start()
        elif what == "stop":
            t.stop()
        else:
            t.add(what)
        self.dirty = True

    def end_negotiation(self) -> None:
        self.run.end_negotiation()
        self.changed = True
        self._did("The negotiation is over: the delegations seal their orders next.")

    def fire(self, inject_id: str) -> None:
        try:
            events = self.run.fire_inject(inject_id)
        except ValueError as exc:
            self._did(str(exc), True)
            return
        self.changed = True
        self._did(f"Fired: {events[0].text}" if events else "Fired.")

    def choose_recipient(self, n: int | None) -> None:
        self.recipient = n
        for k, b in self.recipient_buttons.items():
            b.select() if k == n else b.unselect()

    def send_message(self) -> None:
        text = self.message_entry.get_text() if self.message_entry is not None else ""
        try:
            self.run.send_message(text, None if self.recipient is None else [self.recipient])
        except ValueError as exc:
            self.status, self.status_bad = str(exc).capitalize() + ".", True
            self.dirty = True
            return
        self.changed = True
        self._did("Message sent" + ("" if self.recipient is None else f" to {self.run.delegation_name(self.recipient)}") + ".")

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

    def current_value(self) -> str:
        if not self.edit_path:
            return "-"
        st = self.run.record.state
        head, _, field = self.edit_path.partition(".")
        if head == "era":
            return str(getattr(st.era, field, "?"))
        if head == "params":
            return str(getattr(st.params, field, "?"))
        n = next((n for n in st.nations if n.key == head), None)
        return str(getattr(n, field, "?")) if n is not None else "?"

    def apply_edit(self) -> None:
        raw = self.edit_entry.get_text() if self.edit_entry is not None else ""
        try:
            event = self.run.edit(self.edit_path, raw)
        except ValueError as exc:
            self.status, self.status_bad = str(exc), True
            self.dirty = True
            return
        self.changed = True
        self._did(event.text)

    def confirm_rollback(self, turn: int) -> None:
        from .dialogs import ConfirmDialog
        self.app.push(ConfirmDialog(self.app, f"Roll back to the start of turn {turn}?",
                                    f"Turns {turn} to {self.run.record.state.turn - 1} and their messages are undone "
                                    "(fork first to keep this game).", lambda: self.rollback(turn), yes="Roll back"))

    def rollback(self, turn: int) -> None:
        try:
            self.run.rollback(turn)
        except ValueError as exc:
            self._did(str(exc), True)
            return
        self.match.reset_views()
        self.changed = True
        self._did(f"Rolled back to the start of turn {turn}.")

    def fork(self) -> None:
        try:
            path = self.run.fork()
        except Exception as exc:  # noqa: BLE001 - FileError/OSError/ValueError: shown, the game goes on
            self._did(f"Fork failed: {exc}", True)
            return
        pygame.display.set_caption("Security Dilemma - seminar - SANDBOX")
        self.changed = True
        self._did(f"SANDBOX: now playing in {path}")

    def confirm_end(self) -> None:
        from .dialogs import ConfirmDialog
        self.app.push(ConfirmDialog(self.app, "End the game?", "The debrief opens for the room: charts, roles and "
                                    "hidden types, and the after-action report.", self.end_game, yes="End the game"))

    def end_game(self) -> None:
        self.run.end_game()
        self.changed = True
        self.close()

    def close(self) -> None:
        """Back to the screen below, or - after a change - to the flow's current phase (curtain first)."""
        from .passphrase import PauseScene
        if self.app.top is not self:
            return
        self.app.pop()
        if self.changed:
            self.match.after_console_change()
        if self.run.paused and not isinstance(self.app.top, PauseScene):
            self.app.push(PauseScene(self.app, self.match))

    # --- events ------------------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        self.idle = 0.0
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.edit_list:
            self.edit_path = self._paths.get(event.text, "")
            self.rebuild()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            if event.ui_element is self.message_entry:
                self.send_message()
            elif event.ui_element is self.edit_entry:
                self.apply_edit()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL, pygame.TEXTINPUT):
            self.idle = 0.0
        if self.tab == "history" and self.history_log.handle_event(event, self.app.mouse_pos):
            self.dirty = True
            return
        if self.mapview.handle_event(event, self.app.mouse_pos):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.close()

    def update(self, dt: float) -> None:
        self.idle += dt
        if self.idle >= IDLE_CLOSE_S:
            self.close()
            return
        if self.run.phase == "negotiation" and self.run.timer.running:
            self.dirty = True

    def wants_redraw(self) -> bool:
        return self.mapview.changed

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        run = self.run
        st = run.record.state
        w, h = self.size
        surface.fill(BG)
        pygame.draw.rect(surface, (52, 36, 30), (0, 0, w, TOP_H))
        pygame.draw.line(surface, ACCENT, (0, TOP_H - 1), (w, TOP_H - 1), 2)
        p.text(surface, "Facilitator console", (20, 8), 24, ACCENT, True)
        phase = run.phase + (" (paused)" if run.paused else "")
        p.text(surface, f"{st.scenario} - turn {st.turn} of {st.victory.max_turns} - phase: {phase}", (20, 38), 14, TEXT)
        x = w - 214
        if run.sandbox:
            x = badge(surface, p, "SANDBOX", (x, 18)).x - 12
        if run.save_path is not None:
            p.text(surface, f"saved to {run.save_path.name}", (x, 24), 13, BAD if run.save_problem else TEXT_DIM,
                   anchor="topright")
        self.mapview.draw(surface)
        p.text(surface, "Omniscient map: true forces on every hex", (self.map_rect.x + 10, self.map_rect.y + 8), 13,
               TEXT_DIM, True)
        self._draw_table(surface)
        s = self.side_rect
        panel(surface, s, PANEL)
        r = self.content
        if self.tab == "run":
            t = run.timer
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
                p.text(surface, self.fit_text(f"{d.name} ({st.nations[d.nation].name})", int(r.w * 0.5) - 16),
                       (r.x + 16, y), 14, TEXT)
                p.text(surface, self.fit_text(self.delegation_status(d.nation), int(r.w * 0.5)), (r.right, y), 14,
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
        elif self.tab == "message" and self.message_entry is not None:
            p.paragraph(surface, "The message goes into the turn's events (logged, so replays repeat it) and into the "
                                 "negotiation archive: everyone, or only that delegation, reads it.",
                        pygame.Rect(r.x, self.message_entry.rect.bottom + 64, r.w, 60), 13, TEXT_DIM)
        elif self.tab == "history":
            self.history_log.draw(surface)
        if self.status:
            p.paragraph(surface, self.status, pygame.Rect(s.x + 14, s.bottom - 0 - 44 if self.tab != "run" else r.bottom - 100,
                                                          s.w - 28, 44), 13, BAD if self.status_bad else GOOD)

    def _draw_table(self, surface: pygame.Surface) -> None:
        p = self.painter
        st = self.run.record.state
        t = self.table_rect
        panel(surface, t, PANEL)
        wide = t.w >= 760                        # the strategy column only where there is room for it
        cols = ((("State", 0.0), ("Played by", 0.17), ("Hidden type", 0.36), ("Strategy", 0.53), ("Treasury", 0.64),
                 ("Hexes", 0.75), ("Off. / def.", 0.84)) if wide else
                (("State", 0.0), ("Played by", 0.22), ("Hidden type", 0.44), ("Treasury", 0.66), ("Hexes", 0.78),
                 ("Off./def.", 0.88)))
        edges = [fx for _, fx in cols[1:]] + [1.0]
        for name, fx in cols:
            p.text(surface, name, (t.x + 12 + int(fx * (t.w - 24)), t.y + 10), 13, TEXT_DIM, True)
        territory = st.territory()
        for k, n in enumerate(st.nations):
            y = t.y + 34 + 22 * k
            seat = self.run.session.seats.get(n.id)
            who = self.run.delegation_name(n.id) if seat is not None and seat.kind == "human" else "AI"
            off, dfn = forces_of(st, n.id)
            values = [n.name + ("" if n.alive else " (fallen)"), who, TYPE_NAMES.get(n.ai_type, n.ai_type)] + \
                ([n.strategy] if wide else []) + [f"{n.treasury:.0f}", str(territory[n.id]), f"{off} / {dfn}"]
            pygame.draw.rect(surface, hex_rgb(n.colour), (t.x + 12, y + 3, 10, 12))
            for (name, fx), v, end in zip(cols, values, edges):
                pad = 16 if fx == 0 else 0
                x = t.x + 12 + int(fx * (t.w - 24)) + pad
                width = int((end - fx) * (t.w - 24)) - pad
                p.text(surface, self.fit_text(v, width), (x, y), 14, TEXT if n.alive else TEXT_DIM)
        pygame.draw.line(surface, PANEL_EDGE, (t.x, t.y + 30), (t.right, t.y + 30))
