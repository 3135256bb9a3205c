"""The end of a game, before the debrief: won / held / lost for each human seat, with the reasons
and every state's final score. It opens when the last turn is resolved and when a save of a
finished game is loaded (:meth:`game.ui.flow.Match.begin`). The verdicts come from
:func:`game.engine.results.verdict`; this scene only lays them out (in hotseat, with each player's
own pairs of the last turn, which no curtain follows)."""
from __future__ import annotations

from dataclasses import replace

import pygame

from game.engine.results import Verdict, final_table, verdict

from ..events import pair_line
from ..fonts import wrap
from ..palette import ACCENT, BAD, BG, GOOD, PANEL, TEXT, TEXT_DIM, hex_rgb, mix
from ..scene import Scene
from ..seminar_widgets import Painter

RESULT_COLOURS = {"won": GOOD, "held": ACCENT, "lost": BAD}
RESULT_WORDS = {"won": "Victory", "held": "Held", "lost": "Defeat"}


class VerdictScene(Scene):
    screen_name = "verdict"
    title = "Verdict"
    opaque = True

    def __init__(self, app, match) -> None:
        super().__init__(app)
        self.match = match
        state = match.session.state
        humans = [i for i, s in sorted(match.session.seats.items()) if s.kind == "human"]
        # hotseat: each player's own pairs in the last turn (shown after the curtain in earlier turns)
        self.verdicts: list[Verdict] = [self._with_last_turn(verdict(state, i), match) for i in humans]
        self.table = final_table(state)       # shown even when no human played (a loaded AI-only game)
        self.state = state
        self.painter = Painter(app.fonts)
        self.card_rects: dict[int, pygame.Rect] = {}       # where each card and the table were last drawn
        self.table_rect = pygame.Rect(0, 0, 0, 0)
        self._done = False
        self.debrief_button = None

    def _with_last_turn(self, v: Verdict, match) -> Verdict:
        results = match.seat_results(v.nation)
        names = [n.name for n in match.session.state.nations]
        lines = tuple(f"Last turn: {pair_line(p, names[p.other])}." for p in results)
        return replace(v, reasons=v.reasons + lines) if lines else v

    def build(self) -> None:
        w, h = self.size
        self.debrief_button = self.button((w // 2 - 170, h - 84, 340, 52), "To the debrief (Enter)", self.proceed,
                                          cls="primary", obj="to_debrief")

    def proceed(self) -> None:
        if self._done:
            return
        self._done = True
        self.app.reset(self.app.build_screen("debrief", self.match))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.proceed()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BG)
        w, h = self.size
        fonts = self.app.fonts
        st = self.state
        head = fonts.render(f"{st.scenario}: the game is over", 18, TEXT_DIM)
        surface.blit(head, (w // 2 - head.get_width() // 2, 28))
        if st.end_reason:
            sub = fonts.render(st.end_reason[0].upper() + st.end_reason[1:] + ".", 15, TEXT_DIM)
            surface.blit(sub, (w // 2 - sub.get_width() // 2, 56))
        if not self.verdicts:
            note = fonts.render("No human seat played this game: every state was the AI.", 16, TEXT)
            surface.blit(note, (w // 2 - note.get_width() // 2, 96))
            self._table(surface, pygame.Rect(w // 2 - 300, 140, 600, 26 * (len(st.nations) + 1)))
            return
        n = max(1, len(self.verdicts))
        table_h = 26 * (len(st.nations) + 1)
        room = h - 96 - 84 - 24
        cw = min(760, (w - 80 - 24 * (n - 1)) // n)
        need = max((self._card_height(v, cw) for v in self.verdicts), default=200)
        if need + 24 + table_h > room and n == 1:            # many states, a low window: table beside the card
            cw = min(560, (w - 120) // 2)
            card_h = min(room, self._card_height(self.verdicts[0], cw))
            top = max(96, 96 + (room - max(card_h, table_h)) // 2)
            x0 = w // 2 - (cw + 40 + 420) // 2
            self._card(surface, pygame.Rect(x0, top, cw, card_h), self.verdicts[0])
            self._table(surface, pygame.Rect(x0 + cw + 40, top, 420, table_h))
            return
        x0 = w // 2 - (n * cw + 24 * (n - 1)) // 2
        card_h = min(need, max(160, room - 24 - table_h))
        top = max(96, 96 + (room - card_h - 24 - table_h) // 2)
        for k, v in enumerate(self.verdicts):
            self._card(surface, pygame.Rect(x0 + k * (cw + 24), top, cw, card_h), v)
        self._table(surface, pygame.Rect(w // 2 - 300, top + card_h + 24, 600, table_h))

    def _card_height(self, v: Verdict, cw: int) -> int:
        """What a card needs: the big word, the name, the headline and the reasons, wrapped."""
        fonts = self.app.fonts
        big = fonts.get(56, True).get_linesize()
        head = 24 * len(wrap(fonts.get(17, True), v.headline, cw - 48))
        reasons = (fonts.get(15).get_linesize() + 3) * sum(len(wrap(fonts.get(15), r, cw - 64)) for r in v.reasons)
        return 28 + big + 44 + head + 10 + reasons + 28

    def _card(self, surface: pygame.Surface, r: pygame.Rect, v: Verdict) -> None:
        self.card_rects[v.nation] = r
        fonts = self.app.fonts
        nation = self.state.nations[v.nation]
        colour = RESULT_COLOURS[v.result]
        pygame.draw.rect(surface, mix(PANEL, colour, 0.12), r, border_radius=16)
        pygame.draw.rect(surface, hex_rgb(nation.colour), (r.x, r.y, r.w, 10), border_top_left_radius=16,
                         border_top_right_radius=16)
        pygame.draw.rect(surface, colour, r, 3, border_radius=16)
        big = fonts.render(RESULT_WORDS[v.result], 56, colour, True)
        surface.blit(big, (r.centerx - big.get_width() // 2, r.y + 28))
        name = fonts.render(nation.name, 22, TEXT, True)
        surface.blit(name, (r.centerx - name.get_width() // 2, r.y + 28 + big.get_height() + 4))
        y = r.y + 28 + big.get_height() + 44
        f = fonts.get(17, True)
        for line in wrap(f, v.headline, r.w - 48):
            img = f.render(line, True, TEXT)
            surface.blit(img, (r.centerx - img.get_width() // 2, y))
            y += 24
        y += 10
        for reason in v.reasons:
            pygame.draw.circle(surface, colour, (r.x + 28, y + 10), 4)
            y = self.painter.paragraph(surface, reason, pygame.Rect(r.x + 40, y, r.w - 64, r.bottom - 12 - y), 15,
                                       TEXT_DIM)

    def _table(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        self.table_rect = r
        fonts = self.app.fonts
        table = self.table
        mine = {v.nation for v in self.verdicts}
        surface.blit(fonts.render("Final scores (prosperity + security, weighted by each state's type)", 14, TEXT_DIM),
                     (r.x, r.y))
        y = r.y + 24
        for rank, s in enumerate(table, start=1):
            n = self.state.nations[s.nation]
            pygame.draw.rect(surface, hex_rgb(n.colour), (r.x, y + 4, 14, 14), border_radius=3)
            col = ACCENT if s.nation in mine else TEXT
            surface.blit(fonts.render(f"{rank}. {n.name}" + ("" if n.alive else " (fallen)"), 15, col, s.nation in mine),
                         (r.x + 24, y))
            total = fonts.render(f"{s.total:.0f}", 15, col, True)
            surface.blit(total, (r.right - total.get_width(), y))
            y += 26
