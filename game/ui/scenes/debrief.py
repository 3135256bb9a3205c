"""End of the game: scores, the reveal of every AI's hidden type and its logged motives, and the
charts of the whole game (cooperation, balance and world, arms share, territory), saveable as PNG."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pygame

from game.engine.hidden_types import type_name
from game.engine.scoring import scores
from game.sim.analysis import alliance_story, describe_read, type_reads

from .. import charts, persistence
from ..dialogs import ErrorDialog, MessageDialog
from ..log import LogWidget
from ..palette import ACCENT, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene
from ..settings import data_dir
from ..wording import plural

CHART_LABELS = {"cooperation": "Cooperation", "balance": "Balance", "world": "Worlds", "arms": "Arms share",
                "territory": "Territory"}


class ChartPane:
    """The chart tabs of a debrief: which chart is shown, its buttons (:meth:`build_chart_tabs`), and
    the chart surface cached per (chart, size). A scene using it sets ``chart_name``, ``chart_rect``
    and ``_chart`` and has ``state``; it may override :meth:`chart_nations` and :meth:`chart_markers`."""

    def chart_nations(self) -> list[tuple[str, str]]:
        return [(n.name, n.colour) for n in self.state.nations]

    def chart_markers(self) -> tuple[tuple[int, str], ...]:
        return ()

    def build_chart_tabs(self, y: int) -> None:
        """One tab button per chart across the top of ``chart_rect``, at height ``y``."""
        r = self.chart_rect
        bw = min(150, (r.w - 4 * 8) // 5)
        self.chart_buttons = {}
        for k, name in enumerate(charts.CHARTS):
            b = self.button((r.x + k * (bw + 8), y, bw, 38), CHART_LABELS[name], lambda n=name: self.show_chart(n),
                            cls="tab", obj=f"chart_{name}")
            if name == self.chart_name:
                b.select()
            self.chart_buttons[name] = b

    def show_chart(self, name: str) -> None:
        self.chart_name = name
        for n, b in self.chart_buttons.items():
            b.select() if n == name else b.unselect()
        self.dirty = True

    def chart_surface(self) -> pygame.Surface:
        key = (self.chart_name, self.chart_rect.size)
        if self._chart is None or self._chart[0] != key:
            size = (max(300, self.chart_rect.w), max(200, self.chart_rect.h))
            self._chart = (key, charts.chart(self.chart_name, self.state.history, self.chart_nations(), size,
                                             self.app.fonts, self.chart_markers()))
        return self._chart[1]


def table_columns(natural: list[int], available: int, gap: int = 14, min_gap: int = 8,
                  shrinkable: tuple[int, ...] = (0, 1)) -> tuple[list[int], list[int]]:
    """x offsets and widths of table columns whose contents are ``natural`` px wide: spread over
    ``available`` when they fit; otherwise the gaps narrow and the ``shrinkable`` text columns
    (names, types) give up width in proportion, their text shortened with an ellipsis."""
    n = len(natural)
    widths = list(natural)
    need = sum(widths) + gap * (n - 1)
    if need > available:
        gap = min_gap
        excess = sum(widths) + gap * (n - 1) - available
        pool = sum(widths[c] for c in shrinkable)
        if excess > 0 and pool > 0:
            for c in shrinkable:
                widths[c] = max(40, widths[c] - int(excess * widths[c] / pool + 0.999))
    spare = max(0, available - sum(widths) - gap * (n - 1))
    xs, x = [], 0
    for c in range(n):
        xs.append(x)
        x += widths[c] + gap + (spare // (n - 1) if n > 1 else 0)
    return xs, widths


def clip_text(font: pygame.font.Font, text: str, width: int) -> str:
    """``text``, shortened with '...' to fit ``width`` px in ``font``."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "...")[0] > width:
        text = text[:-1]
    return text.rstrip() + "..."


class DebriefScene(ChartPane, Scene):
    screen_name = "debrief"
    title = "Debrief"
    keeps_ctrl_keys = (pygame.K_s,)        # Ctrl+S here saves the charts; the Save game button saves the game

    def __init__(self, app, match) -> None:
        super().__init__(app)
        self.match = match
        self.session = match.session
        state = self.session.state
        self.state = state
        self.scores = scores(state)
        self.chart_name = "cooperation"
        self.saved_paths: list[Path] = []
        self._chart: tuple[tuple, pygame.Surface] | None = None
        self.motives_log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "Why each AI acted as it did", size=13)
        self._fill_motives()
        self.chart_buttons: dict[str, object] = {}
        self.layout()

    def _fill_motives(self) -> None:
        log = self.motives_log
        log.add("Alliances", ACCENT, True)
        for line in alliance_story(self.session.record.events, self.state):
            log.add("  " + line, TEXT)
        reads = type_reads(self.session.orders_log)
        for n in self.state.nations:
            seat = self.session.seats.get(n.id)
            if seat is not None and seat.kind == "human":
                continue
            log.add(f"{n.name}: {type_name(n.ai_type)}, strategy '{n.strategy}', "
                    f"security requirement {n.security_requirement:g}", hex_rgb(n.colour), True)
            mine = [r for r in reads if r.observer == n.id]
            if mine:
                log.add("  Its read of the others: " + "; ".join(describe_read(r, self.state.nations) for r in mine),
                        ACCENT)
            motives = self.session.motives_of(n.id)
            if not motives:
                log.add("  (no motives were logged for this state)", TEXT_DIM)
            for turn, m in motives:
                target = ""
                if m.target is not None:
                    if m.subject in ("stance", "proposal", "accept", "alliance") and 0 <= m.target < len(self.state.nations):
                        word = {"stance": "toward", "proposal": "to", "accept": "from", "alliance": "against"}[m.subject]
                        target = f" {word} {self.state.nations[m.target].name}"
                    elif m.subject in ("attack", "build"):
                        target = f" {self.state.gmap.label(m.target)}"
                log.add(f"  T{turn} {m.subject}{target} [{m.motive}]: {m.text}", TEXT)
        log.scroll = log.max_scroll          # start reading at the top

    def layout(self) -> None:
        w, h = self.size
        self.left = pygame.Rect(24, 90, max(440, int(w * 0.4)), h - 90 - 24)
        self.chart_rect = pygame.Rect(self.left.right + 24, 140, w - self.left.right - 48, h - 140 - 90)
        rows = len(self.state.nations)
        table_h = 56 + 24 * rows
        self.table_rect = pygame.Rect(self.left.x, self.left.y, self.left.w, table_h)
        self.motives_log.set_rect(pygame.Rect(self.left.x, self.table_rect.bottom + 16, self.left.w,
                                              self.left.bottom - self.table_rect.bottom - 16))

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        r = self.chart_rect
        self.build_chart_tabs(90)
        w, h = self.size
        wide = r.w >= 240 + 3 * 160 + 3 * 10          # room for the long first label and the gap before New game
        bw = 160 if wide else (r.w - 3 * 8) // 4
        first_w = 240 if wide else bw
        self.save_button = self.button((r.x, h - 70, first_w, 46), "Save charts as PNG" if wide else "Save charts",
                                       self.save_charts, cls="primary", obj="save_charts",
                                       tooltip="Every chart of this game as a PNG file (Ctrl+S)")
        self.button((r.x + first_w + (10 if wide else 8), h - 70, bw, 46), "Save game", self.save_game, obj="save_game",
                    tooltip="Save the finished game (Load game > Watch the replay steps through it)")
        self.button((r.right - 2 * bw - (10 if wide else 8), h - 70, bw, 46), "New game", self.new_game, obj="new_game")
        self.button((r.right - bw, h - 70, bw, 46), "Title screen", self.to_title, obj="to_title")


    def chart_dir(self) -> Path:
        base = Path(self.app.settings.chart_dir) if self.app.settings.chart_dir else data_dir() / "charts"
        slug = re.sub(r"[^a-z0-9]+", "-", self.state.scenario.lower()).strip("-") or "game"
        return base / f"{slug}-seed{self.state.seed}-{time.strftime('%Y%m%d-%H%M%S')}"

    def save_charts(self) -> None:
        folder = self.chart_dir()
        try:
            self.saved_paths = charts.save_all(self.state.history, self.chart_nations(), folder)
        except (OSError, pygame.error) as exc:
            self.app.push(ErrorDialog(self.app, "Charts could not be saved", message=f"{folder}: {exc}"))
            return
        self.app.push(MessageDialog(self.app, "Charts saved", f"{len(self.saved_paths)} PNG files in\n{folder}"))

    def save_game(self) -> None:
        persistence.save_current(self.app)

    def new_game(self) -> None:
        self.app.reset(self.app.build_screen("title"))
        self.app.push(self.app.build_screen("setup"))

    def to_title(self) -> None:
        self.app.reset(self.app.build_screen("title"))

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.motives_log.handle_event(event, self.app.mouse_pos):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self.save_charts()

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        st = self.state
        winner = f"{st.nations[st.winner].name} wins. " if st.winner is not None else ""
        surface.blit(fonts.render("Debrief", 30, ACCENT, True), (24, 16))
        surface.blit(fonts.render(f"{st.scenario}: {winner}{st.end_reason or 'game over'}. "
                                  f"{plural(len(st.history), 'turn')} played.", 16, TEXT), (24, 58))
        t = self.table_rect
        pygame.draw.rect(surface, PANEL, t)
        pygame.draw.rect(surface, PANEL_EDGE, t, 1)
        f, fb = fonts.get(13), fonts.get(13, True)
        heads = ["State", "Type (revealed)", "Prosperity", "Security", "Conquest", "Score"]
        order = sorted(self.scores, key=lambda s: -s.total)
        rows = []
        for sc in order:
            n = st.nations[sc.nation]
            seat = self.session.seats.get(n.id)
            who = (f" ({seat.player})" if seat.player else " (you)") if seat is not None and seat.kind == "human" else ""
            rows.append((n, [f"{n.name}{who}" + ("" if n.alive else " - fallen"), type_name(n.ai_type),
                             f"{sc.prosperity:.0f}", f"{sc.security:.0f}", f"{sc.conquest:.0f}", f"{sc.total:.0f}"]))

        def natural(hs: list[str]) -> list[int]:
            return [max([fb.size(hd)[0]] + [(fb if c == 5 else f).size(v[c])[0] + (18 if c == 0 else 0) for _, v in rows])
                    for c, hd in enumerate(hs)]

        widths = natural(heads)
        if sum(widths) + 14 * (len(heads) - 1) > t.w - 24:          # narrow: short headings before short names
            heads = ["State", "Type", "Prosp.", "Secur.", "Conq.", "Score"]
            widths = natural(heads)
        xs, widths = table_columns(widths, t.w - 24)
        for c, hd in enumerate(heads):
            surface.blit(fb.render(clip_text(fb, hd, widths[c]), True, TEXT_DIM), (t.x + 12 + xs[c], t.y + 10))
        for k, (n, values) in enumerate(rows):
            y = t.y + 36 + 24 * k
            pygame.draw.rect(surface, hex_rgb(n.colour), (t.x + 12, y + 3, 12, 12))
            for c, v in enumerate(values):
                font = fb if c == 5 else f
                pad = 18 if c == 0 else 0
                surface.blit(font.render(clip_text(font, v, widths[c] - pad), True, TEXT), (t.x + 12 + xs[c] + pad, y))
        self.motives_log.draw(surface)
        img = self.chart_surface()
        surface.blit(img, self.chart_rect.topleft)
        if self.saved_paths:
            msg = fonts.render(f"Saved to {self.saved_paths[0].parent}", 13, TEXT_DIM)
            surface.blit(msg, (self.chart_rect.x, self.chart_rect.bottom + 4))
