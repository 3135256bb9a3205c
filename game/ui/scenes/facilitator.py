"""The facilitator console (opened with Ctrl+F and the passphrase): the omniscient map and every
state's true forces, type and treasury beside a side panel of tabs, one module each in
:mod:`game.ui.console` (Run: pause, the negotiation timer and the end of the game; Injects
by hand; ad-hoc Messages; logged Edits; Rollback to the start of an earlier turn and a fork into a
sandbox copy).

It never stays open behind a delegation's screen: Close (or Esc, or a few idle minutes) returns to
the screen it was opened over, or - when an action changed the game - restarts the flow at the
current phase, behind the curtain. Every action goes through :class:`~game.session.seminar.SeminarRun`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.engine.hidden_types import type_name

from ..mapview import MapView
from ..omniscient import forces_of, omniscient_layers
from ..palette import ACCENT, BAD, BG, GOOD, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene
from ..seminar_widgets import Painter, badge, panel
from ..console.base import ConsoleTab
from ..console.edit_tab import EditTab
from ..console.history_tab import HistoryTab
from ..console.injects_tab import InjectsTab
from ..console.message_tab import MessageTab
from ..console.run_tab import RunTab

if TYPE_CHECKING:  # pragma: no cover
    from ..seminar_flow import SeminarMatch

TOP_H = 64
IDLE_CLOSE_S = 300.0            # the console closes itself after this long without input
TAB_CLASSES: tuple[type[ConsoleTab], ...] = (RunTab, InjectsTab, MessageTab, EditTab, HistoryTab)
TABS = tuple((t.key, t.label) for t in TAB_CLASSES)


class FacilitatorConsole(Scene):
    screen_name = "facilitator"
    opaque = True
    title = "Facilitator console"

    def __init__(self, app, match: "SeminarMatch") -> None:
        super().__init__(app)
        self.match = match
        self.run = match.run
        self.changed = False            # the game or the phase changed: the flow restarts on close
        self.status = ""
        self.status_bad = False
        self.idle = 0.0
        self.painter = Painter(app.fonts)
        self.mapview = MapView(self.run.record.state.gmap, app.fonts, pygame.Rect(0, 0, 800, 600))
        self.mapview.set_layers(omniscient_layers(self.run.record.state))
        self.mapview.show_legend = False
        self.buttons: dict[str, object] = {}
        self.tabs: dict[str, ConsoleTab] = {cls.key: cls(self) for cls in TAB_CLASSES}
        self.tab = "run"
        self._fitted = False
        self.layout()

    # the tabs' widgets, by the names the console has always offered
    @property
    def inject_buttons(self) -> dict[str, object]:
        return self.tabs["injects"].buttons

    @property
    def rollback_buttons(self) -> dict[int, object]:
        return self.tabs["history"].rollback_buttons

    @property
    def recipient_buttons(self) -> dict[int | None, object]:
        return self.tabs["message"].recipient_buttons

    @property
    def message_entry(self):
        return self.tabs["message"].entry

    @property
    def edit_list(self):
        return self.tabs["edit"].list

    @property
    def edit_entry(self):
        return self.tabs["edit"].entry

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
        self.tabs[self.tab].build(self.content)

    def toggle_alliance_map(self) -> None:
        self.mapview.set_mode("political" if self.mapview.mode == "alliance" else "alliance")
        self.rebuild()

    def set_tab(self, key: str) -> None:
        self.tab = key
        self.status = ""
        self.rebuild()

    # --- actions -----------------------------------------------------------------------------
    def did(self, text: str, bad: bool = False) -> None:
        """Show what an action did (or why it failed) and redraw from the new state."""
        self.status, self.status_bad = text, bad
        self.mapview.set_layers(omniscient_layers(self.run.record.state))
        self.rebuild()

    def close(self) -> None:
        """Back to the screen below, or - after a change - to the flow's current phase (curtain first)."""
        if self.app.top is not self:
            return
        self.app.pop()
        if self.changed:
            self.match.after_console_change()
        if self.run.paused and self.app.top.screen_name != "pause":
            self.app.push(self.app.build_screen("pause", self.match))

    # --- events ------------------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        self.idle = 0.0
        self.tabs[self.tab].on_ui_event(event)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL, pygame.TEXTINPUT):
            self.idle = 0.0
        if self.tabs[self.tab].handle_event(event):
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
        tab = self.tabs[self.tab]
        tab.draw(surface, self.content)
        if self.status:
            p.paragraph(surface, self.status, pygame.Rect(s.x + 14, tab.status_top(s, self.content), s.w - 28, 44), 13,
                        BAD if self.status_bad else GOOD)

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
            values = [n.name + ("" if n.alive else " (fallen)"), who, type_name(n.ai_type)] + \
                ([n.strategy] if wide else []) + [f"{n.treasury:.0f}", str(territory[n.id]), f"{off} / {dfn}"]
            pygame.draw.rect(surface, hex_rgb(n.colour), (t.x + 12, y + 3, 10, 12))
            for (name, fx), v, end in zip(cols, values, edges):
                pad = 16 if fx == 0 else 0
                x = t.x + 12 + int(fx * (t.w - 24)) + pad
                width = int((end - fx) * (t.w - 24)) - pad
                p.text(surface, self.fit_text(v, width), (x, y), 14, TEXT if n.alive else TEXT_DIM)
        pygame.draw.line(surface, PANEL_EDGE, (t.x, t.y + 30), (t.right, t.y + 30))
