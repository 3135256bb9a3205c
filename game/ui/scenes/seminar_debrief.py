"""The seminar debrief, for the room: who played which role and what each state's hidden type was,
what the theory predicts vs what happened (``game.sim.analysis``), each delegation's decisions with
its stated reasons and the AI's motives, the discussion questions, and the charts with every
inject marked on the time axis. A button writes the after-action report (``write_report``) to a
folder under the user data directory and shows its path.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pygame

from game.engine.hidden_types import type_name
from game.engine.scoring import scores
from game.sim.analysis import alliance_story, describe_read, dyad_stats, predictions, type_reads
from game.sim.report import inject_markers, write_report

from .. import charts
from ..dialogs import ErrorDialog, MessageDialog
from ..log import LogWidget
from ..palette import ACCENT, BAD, BG, GOOD, PANEL, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene
from ..seminar_widgets import Painter, badge, panel, readable
from ..settings import data_dir
from ..wording import plural
from .debrief import ChartPane

TEXT_TABS = (("theory", "Theory vs outcome"), ("decisions", "Decisions & reasons"), ("questions", "Discussion"))
ROW_H = 42


def reports_dir() -> Path:
    return data_dir() / "reports"


class SeminarDebriefScene(ChartPane, Scene):
    screen_name = "seminar_debrief"
    opaque = True
    title = "Seminar debrief"

    def __init__(self, app, match) -> None:
        super().__init__(app)
        self.match = match
        self.run = match.run
        self.session = match.session
        self.record = self.run.record
        self.state = self.record.state
        self.scores = {s.nation: s for s in scores(self.state)}
        self.markers = inject_markers(self.record)
        self.stats = dyad_stats(self.state.history, self.state.nations)
        self.predictions = predictions(self.stats)
        self.chart_name = "cooperation"
        self.text_tab = "theory"
        self.report_dir: Path | None = None
        self.report_files: list[Path] = []
        self.problem = ""
        self.painter = Painter(app.fonts)
        self.text_log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "", size=14)
        self.chart_buttons: dict[str, object] = {}
        self.tab_buttons: dict[str, object] = {}
        self.report_button = None
        self._chart: tuple[tuple, pygame.Surface] | None = None
        self.layout()
        self.fill_text()

    # --- content -----------------------------------------------------------------------------
    def fill_text(self) -> None:
        log = self.text_log
        log.clear()
        st = self.state
        names = [n.name for n in st.nations]
        if self.text_tab == "theory":
            log.title = "What the theory predicts vs what happened"
            for line in self.predictions or ["No pair of neighbours played a turn: nothing to compare."]:
                log.add(line, TEXT)
                log.add("", TEXT)
            log.add("Alliances", ACCENT, True)
            for line in alliance_story(self.record.events, st):
                log.add(line, TEXT)
        elif self.text_tab == "decisions":
            log.title = "Decisions: the delegations' stated reasons and the AI's motives"
            all_reads = type_reads(self.record.orders)
            for n in st.nations:
                human = self.session.seats.get(n.id) is not None and self.session.seats[n.id].kind == "human"
                kind = f"{type_name(n.ai_type)}, strategy '{n.strategy}'"
                who = f"{self.run.delegation_name(n.id)}; hidden type {kind}" if human else f"AI, {kind}"
                log.add(f"{n.name} ({who})", readable(hex_rgb(n.colour)), True)
                reads = [r for r in all_reads if r.observer == n.id]
                if reads:
                    log.add("  Its read of the others: " + "; ".join(describe_read(r, st.nations) for r in reads), ACCENT)
                lines = 0
                for turn, orders in enumerate(self.record.orders, start=1):
                    o = orders.get(n.id)
                    if o is None:
                        continue
                    stances = ", ".join(f"{'D' if s == 'D' else 'C'} {names[j]}" for j, s in sorted(o.stances.items()))
                    if human:
                        log.add(f"  T{turn} [{stances or '-'}] reasons: {o.statement or '(none given)'}", TEXT)
                        lines += 1
                    for m in o.motives[:3]:
                        log.add(f"  T{turn} {m.subject} [{m.motive}]: {m.text}", TEXT)
                        lines += 1
                if not lines:
                    log.add("  (nothing recorded)", TEXT_DIM)
        else:
            log.title = "Discussion questions"
            questions = list(self.run.spec.discussion_questions) or [
                "Which of Jervis's two variables (the offense-defense balance, distinguishability) mattered most "
                "here, and why?"]
            for k, q in enumerate(questions, 1):
                log.add(f"{k}. {q}", TEXT)
                log.add("", TEXT)
        log.scroll = log.max_scroll
        self.dirty = True

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        left_w = max(560, int(w * 0.44))
        rows = len(self.state.nations)
        self.table_rect = pygame.Rect(24, 96, left_w, 42 + ROW_H * rows)
        self.text_rect = pygame.Rect(24, self.table_rect.bottom + 62, left_w, h - self.table_rect.bottom - 62 - 24)
        self.text_log.set_rect(self.text_rect)
        self.chart_rect = pygame.Rect(left_w + 48, 146, w - left_w - 72, h - 146 - 100)

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        self.tab_buttons = {}
        tw = (self.text_rect.w - 16) // 3
        for k, (key, text) in enumerate(TEXT_TABS):
            b = self.button((self.text_rect.x + k * (tw + 8), self.text_rect.y - 46, tw, 38), text,
                            lambda key=key: self.show_text(key), cls="tab", obj=f"debrief_text_{key}")
            if key == self.text_tab:
                b.select()
            self.tab_buttons[key] = b
        r = self.chart_rect
        self.build_chart_tabs(96)
        _, h = self.size
        wide = r.w >= 330 + 180 + 10
        title_w = 180 if wide else min(150, r.w // 3)
        report_w = 330 if wide else r.w - title_w - 8
        self.report_button = self.button((r.x, h - 76, report_w, 50),
                                         "Write the after-action report" if wide else "Write the report",
                                         self.write_report, cls="primary", obj="write_report",
                                         tooltip="report.md, the charts, turns.csv and messages.csv in a new folder")
        self.button((r.right - title_w, h - 76, title_w, 50), "Title screen", self.to_title, obj="to_title")

    def show_text(self, key: str) -> None:
        self.text_tab = key
        for k, b in self.tab_buttons.items():
            b.select() if k == key else b.unselect()
        self.fill_text()

    def chart_markers(self) -> tuple[tuple[int, str], ...]:
        return tuple(self.markers)

    # --- actions -----------------------------------------------------------------------------
    def report_target(self) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", self.state.scenario.lower()).strip("-") or "seminar"
        base = reports_dir() / f"{slug}{'-sandbox' if self.run.sandbox else ''}-{time.strftime('%Y%m%d-%H%M%S')}"
        path, n = base, 1
        while path.exists():
            n += 1
            path = Path(f"{base}-{n}")
        return path

    def write_report(self) -> None:
        folder = self.report_target()
        save_name = self.run.save_path.name if self.run.save_path is not None else ""
        try:
            self.report_files = write_report(self.record, folder, save_name, draw_charts=charts.report_charts)
        except (OSError, pygame.error) as exc:
            self.problem = f"{folder}: {exc}"
            self.app.push(ErrorDialog(self.app, "The report could not be written", message=self.problem))
            return
        self.report_dir = folder
        self.problem = ""
        class ReportDialog(MessageDialog):
            width = 980                         # the whole folder path on one line

        self.app.push(ReportDialog(self.app, "After-action report written",
                                    f"{len(self.report_files)} files in\n{folder}\n\nOpen report.md there; hand the "
                                    "folder to the students."))

    def to_title(self) -> None:
        if getattr(self.app, "seminar", None) is self.match:
            self.app.seminar = None
        self.app.reset(self.app.build_screen("title"))

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.text_log.handle_event(event, self.app.mouse_pos):
            self.dirty = True

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        surface.fill(BG)
        st = self.state
        w, _ = self.size
        p.text(surface, "Seminar debrief", (24, 14), 30, ACCENT, True)
        winner = f"{st.nations[st.winner].name} wins. " if st.winner is not None else ""
        end = st.end_reason or "ended by the facilitator"
        p.text(surface, f"{st.scenario}: {winner}{end}. {plural(len(st.history), 'turn')} played; "
                        f"{plural(len(self.markers), 'inject')}, {plural(len(self.record.messages), 'message')}.", (24, 58), 16, TEXT)
        if self.run.sandbox:
            badge(surface, p, "SANDBOX", (w - 24, 18))
        self._draw_roles(surface)
        self.text_log.draw(surface)
        img = self.chart_surface()
        surface.blit(img, self.chart_rect.topleft)
        if self.markers:
            caption = "Injects (dashed lines): " + "; ".join(f"T{t} {n}" for t, n in self.markers)
            p.text(surface, self.fit_text(caption, self.chart_rect.w, "dim"), (self.chart_rect.x, self.chart_rect.bottom + 2),
                   13, TEXT_DIM)
        if self.report_dir is not None:
            p.text(surface, f"Report written to {self.report_dir}", (self.chart_rect.x + 346, self.size[1] - 64), 14, GOOD)
        elif self.problem:
            p.text(surface, self.problem, (self.chart_rect.x + 346, self.size[1] - 64), 14, BAD)

    def _draw_roles(self, surface: pygame.Surface) -> None:
        """One row per state, best score first: who played it, its hidden type, its score; its role below."""
        p = self.painter
        t = self.table_rect
        st = self.state
        panel(surface, t, PANEL)
        cols = (("State and role", 0.0), ("Played by", 0.34), ("Hidden type (revealed)", 0.6), ("Score", 0.88))
        for name, fx in cols:
            p.text(surface, name, (t.x + 12 + int(fx * (t.w - 24)), t.y + 10), 13, TEXT_DIM, True)
        order = sorted(st.nations, key=lambda n: -self.scores[n.id].total)
        widths = (0.34, 0.26, 0.28, 0.12)
        for k, n in enumerate(order):
            y = t.y + 34 + ROW_H * k
            seat = self.session.seats.get(n.id)
            who = self.run.delegation_name(n.id) if seat is not None and seat.kind == "human" else "AI"
            values = (n.name + ("" if n.alive else " (fallen)"), who, type_name(n.ai_type),
                      f"{self.scores[n.id].total:.0f}")
            pygame.draw.rect(surface, hex_rgb(n.colour), (t.x + 12, y + 4, 12, 12))
            for (name, fx), v, fw in zip(cols, values, widths):
                x = t.x + 12 + int(fx * (t.w - 24)) + (18 if fx == 0 else 0)
                p.text(surface, self.fit_text(v, int(fw * (t.w - 24)) - (18 if fx == 0 else 0)), (x, y), 15,
                       ACCENT if name == "Score" else TEXT, fx == 0)
            role = self.run.role(n.id).role
            if role:
                p.text(surface, self.fit_text(role, t.w - 54, "dim"), (t.x + 30, y + 20), 13, TEXT_DIM)
