"""After End turn: the AI decides in the background (progress bar, the window stays live), then the
turn's events appear one by one - attacks with odds and results, stance outcomes per dyad, builds,
treaties - on the map and in the log, followed by a turn summary."""
from __future__ import annotations

import pygame

from game.engine.state import Event
from game.engine.views import PlayerView

from ..log import LogWidget
from ..mapdata import layers_from_view
from ..palette import ACCENT, BAD, BUILD, GOOD, OUTCOME_COLOURS, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, Colour
from ..scene import Scene
from .game import TOP_H, play_layout

REVEAL_INTERVAL = 0.45     # seconds between events at speed 1


def event_colour(e: Event) -> Colour:
    if e.kind == "attack":
        return BAD if e.data.get("success") else (200, 200, 200)
    if e.kind == "stance":
        return OUTCOME_COLOURS.get(str(e.data.get("outcome", "")), TEXT)
    if e.kind in ("treaty_signed", "built", "alliance_formed", "alliance_joined", "alliance_honoured"):
        return GOOD
    if e.kind in ("treaty_broken", "treaty_failed", "treaty_violation", "eliminated", "war", "alliance_abandoned",
                  "alliance_dissolved", "alliance_expelled"):
        return BAD
    if e.kind in ("warning", "order_rejected", "disbanded", "build_lost"):
        return (236, 170, 70)
    if e.kind == "build":
        return BUILD
    if e.kind == "game_over":
        return ACCENT
    return TEXT


def event_line(e: Event) -> str:
    mark = {"attack": "[attack]", "stance": "[stances]", "build": "[build]", "built": "[ready]", "war": "[war]",
            "warning": "[intelligence]", "treaty_signed": "[treaty]", "treaty_proposed": "[treaty]",
            "treaty_broken": "[treaty]", "treaty_failed": "[treaty]", "treaty_violation": "[treaty]",
            "eliminated": "[fall]", "game_over": "[end]", "order_rejected": "[rejected]"}.get(
        e.kind, "[alliance]" if e.kind.startswith("alliance_") else f"[{e.kind}]")
    return f"T{e.turn} {mark} {e.text}"


def turn_summary(before: PlayerView, after: PlayerView, events: list[Event]) -> list[str]:
    """A few lines about what the turn changed, from the viewer's two views."""
    me = after.me
    lines = []
    if after.history:
        rec = after.history[-1]
        outs = [f"{after.nations[int(a)].name}-{after.nations[int(b)].name} {o}"
                for k, o in rec.outcomes.items() for a, b in [k.split("-")] if me is None or me in (int(a), int(b))]
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
    title = "Resolution"

    def __init__(self, app, match, viewer: int) -> None:
        super().__init__(app)
        self.match = match
        self.viewer = viewer
        ui = match.ui_for(viewer)
        self.mapview, self.log = ui.mapview, ui.log
        self.before = match.session.view_for(viewer)
        self.after: PlayerView | None = None
        self.phase = "computing"          # computing -> revealing -> summary
        self.events: list[Event] = []
        self.revealed = 0
        self.timer = 0.0
        self.summary: list[str] = []
        self.turn_log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "This turn", size=13)
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
        summary_h = 230 if self.phase == "summary" else 0
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
                                               "See the debrief (Enter)" if finished else "Next turn (Enter)",
                                               self.proceed, cls="primary", obj="continue")

    # --- progress ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.phase == "computing":
            job = self.match.session.job
            self.dirty = True
            if job is None or not job.done():
                return
            try:
                self.match.session.finish_resolution()
            except Exception as exc:  # noqa: BLE001 - shown, and the player gets the orders screen back
                self.app.show_error(exc, "The turn could not be resolved")
                self.match.next_seat()
                return
            self.after = self.match.session.view_for(self.viewer)
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

    def reveal_next(self) -> None:
        if self.revealed >= len(self.events):
            self.finish()
            return
        e = self.events[self.revealed]
        self.revealed += 1
        self.turn_log.add(e.text, event_colour(e))
        self.log.add(event_line(e), event_colour(e))
        if e.kind == "attack" and isinstance(e.data.get("target"), int):
            self.mapview.highlights[e.data["target"]] = "taken" if e.data.get("success") else "held"
            self.mapview.changed = True
        self.dirty = True
        if self.revealed >= len(self.events):
            self.finish()

    def reveal_all(self) -> None:
        while self.phase == "revealing":
            self.reveal_next()

    def finish(self) -> None:
        if self.phase != "revealing":
            return
        assert self.after is not None
        self.phase = "summary"
        self.summary = turn_summary(self.before, self.after, self.events)
        for line in self.summary:
            self.log.add("   " + line, TEXT_DIM)
        self.mapview.set_layers(layers_from_view(self.after))
        self.rebuild()

    def proceed(self) -> None:
        from .debrief import DebriefScene
        if self.phase != "summary":
            return
        self.mapview.highlights = {}
        if self.after is not None and self.after.finished:
            self.app.reset(DebriefScene(self.app, self.match))
        else:
            self.match.next_seat()

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
    def draw(self, surface: pygame.Surface) -> None:
        w, _ = self.size
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        t = self.app.fonts.render(f"Turn {self.before.turn}: resolution", 18, TEXT, True)
        surface.blit(t, (16, 11))
        self.mapview.draw(surface)
        self.log.draw(surface)
        r = self.panel_rect
        pygame.draw.rect(surface, (34, 40, 52), r)
        pygame.draw.line(surface, PANEL_EDGE, r.topleft, r.bottomleft)
        fonts = self.app.fonts
        if self.phase == "computing":
            job = self.match.session.job
            frac = job.progress if job is not None else 1.0
            n_ai = len(job.ai_nations) if job is not None else 0
            surface.blit(fonts.render("Orders sealed.", 18, ACCENT, True), (r.x + 16, r.y + 20))
            msg = f"The other states are deciding ({n_ai} AI)..." if n_ai else "Resolving the turn..."
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
            surface.blit(fonts.render("Turn summary", 16, TEXT, True), (r.x + 16, y))
            y += 26
            from ..fonts import wrap
            f = fonts.get(13)
            for line in self.summary:
                for part in wrap(f, line, r.w - 36):
                    if y > r.bottom - 80:
                        break
                    surface.blit(f.render(part, True, TEXT_DIM), (r.x + 18, y))
                    y += 18
