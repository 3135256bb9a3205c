"""After End turn: the AI decides in the background (progress bar, the window stays live), then the
turn's events appear one by one - attacks with odds and results, stance outcomes per dyad, builds,
treaties - on the map and in the log, followed by a turn summary."""
from __future__ import annotations

import pygame

from game.engine.pairkey import PairKey
from game.engine.results import PairResult, pair_results, score_of
from game.engine.state import Event
from game.engine.views import PlayerView

from ..events import event_colour, event_line, pair_line
from ..fonts import wrap
from ..log import LogWidget
from ..mapdata import layers_from_view
from ..palette import ACCENT, BAD, GOOD, OUTCOME_COLOURS, PANEL, PANEL_EDGE, TEXT, TEXT_DIM
from ..scene import Scene
from ..sound import effect_for
from .game import TOP_H, play_layout

REVEAL_INTERVAL = 0.45     # seconds between events at speed 1


def turn_summary(before: PlayerView, after: PlayerView, events: list[Event]) -> list[str]:
    """A few lines about what the turn changed, from the viewer's two views."""
    me = after.me
    lines = []
    if after.history:
        rec = after.history[-1]
        outs = [f"{after.nations[a].name}-{after.nations[b].name} {o}"
                for k, o in rec.outcomes.items() for a, b, _ in [PairKey.parse(k)] if me is None or me in (a, b)]
        if outs:
            lines.append("Outcomes: " + ", ".join(outs))
    attacks = [e for e in events if e.kind == "attack"]
    if attacks:
        taken = sum(1 for e in attacks if e.data.get("success"))
        lines.append(f"Attacks: {len(attacks)} ({taken} taken, {len(attacks) - taken} repulsed)")
    else:
        lines.append("No attacks this turn.")
    terr = []
    for n0, n1 in zip(before.nations, after.nations):
        d = n1.territory - n0.territory
        terr.append(f"{n1.name} {n1.territory}" + (f" ({d:+d})" if d else "") + ("" if n1.alive else " - fallen"))
    lines.append("Hexes: " + ", ".join(terr))
    if before.my_nation is not None and after.my_nation is not None:
        t0, t1 = before.my_nation.treasury, after.my_nation.treasury
        lines.append(f"Your treasury: {t0:.0f} -> {t1:.0f} ({t1 - t0:+.0f}); income {after.my_income:.1f}")
    signed = [e for e in events if e.kind == "treaty_signed"]
    if signed:
        lines.append("Treaties signed: " + "; ".join(e.text for e in signed))
    return lines


class ResolutionScene(Scene):
    screen_name = "resolution"
    title = "Resolution"

    def __init__(self, app, match, viewer: int) -> None:
        super().__init__(app)
        self.match = match
        self.viewer = viewer
        self.before_state = match.session.state
        self._start(match.ui_for(viewer), match.session.view_for(viewer),
                    score_of(self.before_state, viewer) if viewer is not None else None)

    def _start(self, ui, before: PlayerView, score_before: float | None) -> None:
        """What every resolution screen starts from: the seat's map and log, its view and score before."""
        self.mapview, self.log = ui.mapview, ui.log
        self.before = before
        self.pairs: tuple[PairResult, ...] = ()     # the viewer's outcome and payoff with each neighbour
        self.score_before = score_before
        self.after: PlayerView | None = None
        self.phase = "computing"          # computing -> revealing -> summary
        self.events: list[Event] = []
        self.revealed = 0
        self.timer = 0.0
        self.summary: list[str] = []
        self.turn_log = LogWidget(self.app.fonts, pygame.Rect(0, 0, 400, 300), "This turn", size=13)
        self.continue_button = None
        self.skip_button = None
        self.mapview.highlights = {}
        self.mapview.arrows = []
        self.mapview.on_click = None
        self.layout()

    def layout(self) -> None:
        w, h = self.size
        self.panel_rect, self.map_rect, self.log_rect = play_layout(w, h)
        self.mapview.set_rect(self.map_rect)
        self.log.set_rect(self.log_rect)
        summary_h = (230 + 22 * min(len(self.pairs), 6)) if self.phase == "summary" else 0
        self.turn_log.set_rect(pygame.Rect(self.panel_rect.x + 12, self.panel_rect.y + 90, self.panel_rect.w - 24,
                                           self.panel_rect.h - 90 - 80 - summary_h))

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        r = self.panel_rect
        self.continue_button = self.skip_button = None
        if self.phase == "revealing":
            self.skip_button = self.button((r.x + 12, r.bottom - 62, r.w - 24, 48), "Show all (Space)", self.reveal_all,
                                           obj="show_all")
        elif self.phase == "summary":
            finished = self.after is not None and self.after.finished
            self.continue_button = self.button((r.x + 12, r.bottom - 62, r.w - 24, 48),
                                               "See the verdict (Enter)" if finished else "Next turn (Enter)",
                                               self.proceed, cls="primary", obj="continue")

    # --- progress ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.phase == "computing":
            self.dirty = True
            after = self.collect()
            if after is None:
                return
            self.after = after
            self.events = [e for e in self.after.events if e.kind != "order_rejected" or e.visible_to]
            self.phase = "revealing"
            self.turn_log.clear()
            self.rebuild()
            if self.app.settings.reveal_speed <= 0:
                self.reveal_all()
        elif self.phase == "revealing":
            self.timer += dt
            interval = REVEAL_INTERVAL / max(self.app.settings.reveal_speed, 1e-6)
            while self.timer >= interval and self.phase == "revealing":
                self.timer -= interval
                self.reveal_next()

    def collect(self) -> PlayerView | None:
        """The viewer's view after the turn once it is resolved (None: not yet)."""
        job = self.match.session.job
        if job is None or not job.done():
            return None
        try:
            self.match.session.finish_resolution()
        except Exception as exc:  # noqa: BLE001 - shown, and the player gets the orders screen back
            self.app.show_error(exc, "The turn could not be resolved")
            self.match.next_seat()
            return None
        return self.match.session.view_for(self.viewer)

    def pairs_now(self) -> tuple[PairResult, ...]:
        """The viewer's outcome and payoff with each neighbour this turn."""
        session = self.match.session
        return pair_results(self.before_state, session.state, session.record.last_events, self.viewer, self.before.games)

    def score_now(self) -> float:
        return score_of(self.match.session.state, self.viewer)

    def progress(self) -> tuple[float, str]:
        """While the turn is computed: how far (0..1) and what is awaited."""
        job = self.match.session.job
        n_ai = len(job.ai_nations) if job is not None else 0
        return (job.progress if job is not None else 1.0,
                f"The other states are deciding ({n_ai} AI)..." if n_ai else "Resolving the turn...")

    def reveal_next(self, quiet: bool = False) -> None:
        if self.revealed >= len(self.events):
            self.finish()
            return
        e = self.events[self.revealed]
        self.revealed += 1
        effect = effect_for(e.kind, dict(e.data), self.viewer)
        if effect is not None and not quiet:
            self.app.sound.play(effect)
        self.turn_log.add(e.text, event_colour(e))
        self.log.add(event_line(e), event_colour(e))
        if e.kind == "attack" and isinstance(e.data.get("target"), int):
            self.mapview.highlights[e.data["target"]] = "taken" if e.data.get("success") else "held"
            self.mapview.changed = True
        self.dirty = True
        if self.revealed >= len(self.events):
            self.finish()

    def reveal_all(self) -> None:
        """Every remaining event at once; each kind of sound plays once, not once per event."""
        effects = []
        for e in self.events[self.revealed:]:
            fx = effect_for(e.kind, dict(e.data), self.viewer)
            if fx is not None and fx not in effects:
                effects.append(fx)
        for fx in effects:
            self.app.sound.play(fx)
        while self.phase == "revealing":
            self.reveal_next(quiet=True)

    def finish(self) -> None:
        if self.phase != "revealing":
            return
        assert self.after is not None
        self.phase = "summary"
        self.app.sound.play("turn")
        self.summary = turn_summary(self.before, self.after, self.events)
        note = self.match.seat_results_note() if self.viewer is None else None
        if note:
            self.summary.append(note)
        if self.viewer is not None:
            self.pairs = self.pairs_now()
            for p in self.pairs:
                self.log.add("   " + pair_line(p, self.after.nations[p.other].name), OUTCOME_COLOURS.get(p.outcome, TEXT_DIM))
        for line in self.summary:
            self.log.add("   " + line, TEXT_DIM)
        self.mapview.set_layers(layers_from_view(self.after))
        self.rebuild()

    def proceed(self) -> None:
        if self.phase != "summary":
            return
        self.mapview.highlights = {}
        if self.after is not None and self.after.finished:
            self.app.reset(self.app.build_screen("verdict", self.match))
        else:
            self.match.next_seat()

    def draw_pairs(self, surface: pygame.Surface, y: int) -> int:
        """One row per neighbour: the outcome (coloured), what it paid, what the card predicted."""
        r, fonts = self.panel_rect, self.app.fonts
        assert self.after is not None
        surface.blit(fonts.render("What each pair paid you (treasury)", 16, TEXT, True), (r.x + 16, y))
        y += 24
        cols = (r.x + 18, r.x + 62, r.right - 150, r.right - 78)
        for label, x in zip(("", "neighbour", "received", "card"), cols):
            surface.blit(fonts.render(label, 12, TEXT_DIM), (x, y))
        y += 16
        for p in self.pairs[:6]:
            colour = OUTCOME_COLOURS.get(p.outcome, TEXT)
            pygame.draw.rect(surface, colour, (cols[0], y, 36, 18), border_radius=4)
            tag = fonts.render(p.outcome, 13, (20, 20, 20), True)
            surface.blit(tag, (cols[0] + 18 - tag.get_width() // 2, y + 1))
            name = fonts.render(self.after.nations[p.other].name, 14, TEXT)
            surface.blit(name, (cols[1], y), pygame.Rect(0, 0, cols[2] - cols[1] - 8, 20))
            surface.blit(fonts.render(f"{p.received:+.1f}", 14, GOOD if p.received >= 0 else BAD, True), (cols[2], y))
            surface.blit(fonts.render("-" if p.predicted is None else f"{p.predicted:+.1f}", 14, TEXT_DIM), (cols[3], y))
            y += 22
        return y + 8

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.log.handle_event(event, self.app.mouse_pos) or self.turn_log.handle_event(event, self.app.mouse_pos):
            return
        if self.mapview.handle_event(event, self.app.mouse_pos):
            self.dirty = True
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_SPACE and self.phase == "revealing":
                self.reveal_all()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.phase == "summary":
                self.proceed()

    # --- drawing -----------------------------------------------------------------------------
    def background(self, until: float) -> None:
        self.mapview.render_ahead(until)

    def draw(self, surface: pygame.Surface) -> None:
        w, _ = self.size
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        t = self.app.fonts.render(f"Turn {self.before.turn}: resolution", 18, TEXT, True)
        surface.blit(t, (16, 11))
        if self.score_before is not None:
            now = self.score_now() if self.phase == "summary" else self.score_before
            delta = f" ({now - self.score_before:+.1f} this turn)" if self.phase == "summary" else ""
            surface.blit(self.app.fonts.render(f"Score {now:.0f}{delta}", 15, ACCENT, True), (t.get_width() + 40, 14))
        self.mapview.draw(surface)
        self.log.draw(surface)
        r = self.panel_rect
        pygame.draw.rect(surface, (34, 40, 52), r)
        pygame.draw.line(surface, PANEL_EDGE, r.topleft, r.bottomleft)
        fonts = self.app.fonts
        if self.phase == "computing":
            frac, msg = self.progress()
            surface.blit(fonts.render("Orders sealed.", 18, ACCENT, True), (r.x + 16, r.y + 20))
            surface.blit(fonts.render(msg, 15, TEXT), (r.x + 16, r.y + 56))
            bar = pygame.Rect(r.x + 16, r.y + 90, r.w - 32, 18)
            pygame.draw.rect(surface, (50, 58, 72), bar, border_radius=6)
            pygame.draw.rect(surface, ACCENT, (bar.x, bar.y, max(8, int(bar.w * frac)), bar.h), border_radius=6)
            return
        surface.blit(fonts.render(f"What happened in turn {self.before.turn}", 18, ACCENT, True), (r.x + 16, r.y + 16))
        surface.blit(fonts.render(f"{self.revealed} of {len(self.events)} events shown", 14, TEXT_DIM),
                     (r.x + 16, r.y + 50))
        self.turn_log.draw(surface)
        if self.phase == "summary":
            y = self.turn_log.rect.bottom + 12
            if self.pairs:
                y = self.draw_pairs(surface, y)
            surface.blit(fonts.render("Turn summary", 16, TEXT, True), (r.x + 16, y))
            y += 26
            f = fonts.get(13)
            for line in self.summary:
                for part in wrap(f, line, r.w - 36):
                    if y > r.bottom - 80:
                        break
                    surface.blit(f.render(part, True, TEXT_DIM), (r.x + 18, y))
                    y += 18
