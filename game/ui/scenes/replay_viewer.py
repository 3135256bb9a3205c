"""The replay viewer: open a save and step through it turn by turn (buttons, arrow keys), from any
state's point of view, the public view, or the full view for a facilitator (every force and hidden
type). An unfinished game with human players shows only the public view and the viewer's own seat
(single player: the human's seat; hotseat: no seat, since anyone at the machine may be looking):
the full view opens when the game has ended, or for a seminar opened with the facilitator's
passphrase (:func:`allowed_views`). An encrypted save asks for its password first.

The right panel shows the diplomacy timeline - every dyad's stances per turn as a grid - and
the event log of the chosen turn, filtered by the point of view.

The states are recomputed from the save's order log (``game.engine.replay.replay_states``), lazily
and a few turns per frame, and each is checked against the hash saved for that turn.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pygame

from game.engine.errors import FileError
from game.engine.hidden_types import type_name
from game.engine.pairkey import PairKey, dyad_key
from game.engine.record import GameRecord, record_initial_state
from game.engine.replay import replay_states
from game.engine.saves import LoadedSave, LockedSave, load_game
from game.engine.state import Event, GameState
from game.engine.views import PlayerView, player_view

from .. import persistence
from ..dialogs import ErrorDialog
from ..events import event_colour, event_line
from ..log import LogWidget
from ..mapdata import layers_from_view
from ..mapview import MapView
from ..omniscient import omniscient_layers
from ..palette import ACCENT, BAD, BG, GOOD, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb, mix
from ..scene import Scene

if TYPE_CHECKING:  # pragma: no cover
    from ..app import App

TOP_H = 96
PANEL_W = 520
FULL = "full"          # the facilitator's point of view
PUBLIC = "public"


class ReplayModel:
    """The states of a recorded game: index 0 is the start, index t the state after turn t (with
    turn t's events). Computed on demand from the order log; ``mismatch`` is the first turn whose
    recomputed hash differs from the saved one (None while all agree)."""

    def __init__(self, record: GameRecord) -> None:
        self.record = record
        self.states: list[GameState] = [record_initial_state(record)]
        self.events: list[tuple[Event, ...]] = [()]
        self._it: Iterator[tuple[GameState, tuple[Event, ...]]] | None = replay_states(record)
        self.mismatch: int | None = None
        self.error = ""

    @property
    def turns(self) -> int:
        return self.record.turns_played

    @property
    def computed(self) -> int:
        return len(self.states) - 1

    def compute_next(self) -> bool:
        """Replay one more turn; False when all are done (or the log cannot be replayed)."""
        if self._it is None:
            return False
        try:
            state, events = next(self._it)
        except StopIteration:
            self._it = None
            return False
        except (ValueError, FileError) as exc:
            self._it = None
            self.error = f"turn {self.computed + 1} cannot be replayed: {exc}"
            return False
        t = len(self.states)
        saved = self.record.state.history[t - 1].state_hash if t - 1 < len(self.record.state.history) else ""
        if self.mismatch is None and saved and state.history and state.history[-1].state_hash != saved:
            self.mismatch = t
        self.states.append(state)
        self.events.append(events)
        return True

    def ensure(self, index: int) -> int:
        """Compute up to ``index``; returns the index actually available."""
        while self.computed < index and self.compute_next():
            pass
        return min(index, self.computed)


def open_replay(app: "App", path: str | Path) -> bool:
    """Load ``path`` into the viewer; a bad file shows the error dialog instead; an encrypted one
    asks for its password first (then returns False: the viewer opens once it is given)."""
    try:
        loaded = load_game(path)
    except LockedSave:
        persistence.open_locked(app, path, "Replay", lambda loaded: _show(app, loaded))
        return False
    except FileError as exc:
        app.push(ErrorDialog(app, "This save cannot be replayed", exc.issues))
        return False
    return _show(app, loaded)


def _show(app: "App", loaded: LoadedSave) -> bool:
    try:
        model = ReplayModel(loaded.record)
    except FileError as exc:
        app.push(ErrorDialog(app, "This save cannot be replayed", exc.issues))
        return False
    facilitator = loaded.key is not None and loaded.mode == "seminar"    # opened with the facilitator passphrase
    app.push(ReplayViewerScene(app, model, loaded.path.name, facilitator=facilitator))
    return True


def allowed_views(record: GameRecord, facilitator: bool = False) -> tuple[int | str, ...]:
    """The points of view a replay may offer. A game with no human player, a finished game, or a
    seminar opened by its facilitator: every seat, the public and the full view. An unfinished
    game with one human: that seat and the public view (not the AI's types or forces). An
    unfinished hotseat game: the public view only (who is looking cannot be known)."""
    seats = tuple(range(len(record.state.nations)))
    humans = [i for i, c in sorted(record.controllers.items()) if c == "human"]
    if facilitator or record.state.finished or not humans:
        return (*seats, PUBLIC, FULL)
    if len(humans) == 1:
        return (humans[0], PUBLIC)
    return (PUBLIC,)


def sealed(record: GameRecord) -> bool:
    """An unfinished game with human players: no full view in its replay."""
    return FULL not in allowed_views(record)


class ReplayViewerScene(Scene):
    screen_name = "replay_viewer"
    title = "Replay"
    opaque = True

    def __init__(self, app: "App", model: ReplayModel, name: str = "", facilitator: bool = False) -> None:
        super().__init__(app)
        self.model = model
        self.name = name
        self.views = allowed_views(model.record, facilitator)
        self.sealed = FULL not in self.views
        st = model.states[0]
        self.nations = [(n.name, hex_rgb(n.colour)) for n in st.nations]
        self.index = 0
        self.pov: int | str = PUBLIC
        self.view: PlayerView | None = None
        self.mapview = MapView(st.gmap, app.fonts, pygame.Rect(0, 0, 800, 600))
        self.log = LogWidget(app.fonts, pygame.Rect(0, 0, 400, 300), "Events of this turn", size=13)
        self.step_buttons: dict[str, object] = {}
        self.pov_buttons: dict[object, object] = {}
        self._fitted = False
        self.layout()
        self.show(0)

    # --- model -> screen ---------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        return self.model.states[self.index]

    @property
    def events(self) -> tuple[Event, ...]:
        return self.model.events[self.index]

    def visible_events(self) -> list[Event]:
        """The chosen turn's events as the point of view saw them (all of them for the full view)."""
        if self.pov == FULL:
            return list(self.events)
        me = None if self.pov == PUBLIC else int(self.pov)
        return [e for e in self.events if e.visible(me) and (me is not None or e.visible_to is None)]

    def show(self, index: int) -> None:
        self.index = self.model.ensure(max(0, min(index, self.model.turns)))
        state, events = self.state, self.events
        if self.pov == FULL:
            self.view = None
            layers = omniscient_layers(state, events)
        else:
            me = None if self.pov == PUBLIC else int(self.pov)
            self.view = player_view(state, me, events)
            layers = layers_from_view(self.view)
        self.mapview.set_layers(layers)
        if not self._fitted:
            self.mapview.fit()
            self._fitted = True
        self.log.clear()
        shown = self.visible_events()
        for e in shown:
            self.log.add(event_line(e), event_colour(e))
        if not shown:
            self.log.add("(the start of the game)" if self.index == 0 else "(no events seen from this point of view)",
                         TEXT_DIM)
        self.log.scroll = self.log.max_scroll
        self._sync_buttons()
        self.dirty = True

    def step(self, delta: int) -> None:
        self.show(self.index + delta)

    def set_pov(self, pov: int | str) -> None:
        if pov not in self.views:
            return
        self.pov = pov
        self.show(self.index)

    def _sync_buttons(self) -> None:
        for key, b in self.pov_buttons.items():
            b.select() if key == self.pov else b.unselect()
        for key, b in self.step_buttons.items():
            back = key in ("first", "prev")
            enabled = self.index > 0 if back else self.index < self.model.turns
            b.enable() if enabled else b.disable()

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        pw = min(PANEL_W, max(400, w // 3))
        self.panel_rect = pygame.Rect(w - pw, TOP_H, pw, h - TOP_H)
        self.map_rect = pygame.Rect(0, TOP_H, w - pw, h - TOP_H)
        pairs = len(self.dyads())
        self.grid_rect = pygame.Rect(self.panel_rect.x + 14, self.panel_rect.y + 40, pw - 28,
                                     min(18 * pairs + 22, int(self.panel_rect.h * 0.45)))
        top = self.grid_rect.bottom + 40 + 24 + 18 * len(self.nations) + 10
        self.log.set_rect(pygame.Rect(self.panel_rect.x + 12, top, pw - 24, self.panel_rect.bottom - top - 12))
        self.mapview.set_rect(self.map_rect)

    def on_resize(self) -> None:
        self.layout()

    def build(self) -> None:
        self.layout()
        w, _ = self.size
        self.step_buttons = {}
        x = 16
        for key, text, delta, tip in (("first", "|<", -10**6, "First (Home)"), ("prev", "< Prev", -1, "Previous turn (Left)"),
                                      ("next", "Next >", 1, "Next turn (Right)"), ("last", ">|", 10**6, "Last (End)")):
            bw = 56 if len(text) <= 2 else 92
            self.step_buttons[key] = self.button((x, 50, bw, 36), text, lambda d=delta: self.step(d),
                                                 obj=f"replay_{key}", tooltip=tip)
            x += bw + 6
        x += 18
        self.label((x, 56, 60, 24), "View:", cls="dim")
        x += 52
        self.pov_buttons = {}
        options: list[tuple[object, str, str]] = [
            (i, name, f"What {name} saw: its own forces exactly, others estimated")
            for i, (name, _) in enumerate(self.nations) if i in self.views]
        options.append((PUBLIC, "Public", "What everyone could see"))
        if self.sealed:
            text = ("Game in progress between several players: the other views open once it is over."
                    if len(options) == 1 else "Game in progress: your own view and the public one; the full view "
                    "opens once it is over.")
            self.sealed_label = self.label((x + 160 * len(options), 56, max(200, w - x - 160 * len(options) - 140), 24),
                                           text, cls="dim", obj="replay_sealed")
        else:
            options.append((FULL, "Full view", "Facilitator: every force exactly, hidden types, all events"))
        room = w - x - 16
        bw = max(70, min(150, (room - 6 * (len(options) - 1)) // len(options)))
        for k, (key, text, tip) in enumerate(options):
            self.pov_buttons[key] = self.button((x + k * (bw + 6), 50, bw, 36), self.fit_text(text, bw, "tab"),
                                                lambda p=key: self.set_pov(p), cls="tab", obj=f"pov_{key}",
                                                tooltip=tip)
        self.button((w - 110, 8, 96, 34), "Back", self.back, obj="replay_back", tooltip="Back (Esc)")
        self._sync_buttons()

    def back(self) -> None:
        if self.app.top is self:
            self.app.pop()

    # --- events ------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_LEFT: -1, pygame.K_RIGHT: 1, pygame.K_HOME: -10**6, pygame.K_END: 10**6,
                    pygame.K_PAGEUP: -5, pygame.K_PAGEDOWN: 5}
            if event.key in keys:
                self.step(keys[event.key])
                return
            if event.key == pygame.K_ESCAPE:
                self.back()
                return
        if self.log.handle_event(event, self.app.mouse_pos):
            self.dirty = True
            return
        if self.mapview.handle_event(event, self.app.mouse_pos):
            self.dirty = True

    def update(self, dt: float) -> None:
        for _ in range(2):                      # fill in the rest of the game in the background
            if not self.model.compute_next():
                break
            self.dirty = True

    def wants_redraw(self) -> bool:
        return self.mapview.changed

    # --- drawing -----------------------------------------------------------------------------
    def dyads(self) -> list[tuple[int, int]]:
        """Every pair with a stance outcome in any turn of the game (from the last computed state)."""
        seen: set[tuple[int, int]] = set()
        for rec in self.model.record.state.history:
            for key in rec.outcomes:
                seen.add(PairKey.parse(key).pair)
        return sorted(seen)

    def short_name(self, i: int) -> str:
        """A state's name, or its initials when the name is long (the grid's row labels)."""
        name = self.nations[i][0]
        if self.app.fonts.get(11).size(name)[0] <= 52:
            return name
        words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
        return "".join(w[0].upper() for w in words) if len(words) > 1 else name[:6]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BG)
        self.mapview.draw(surface)
        w, _ = self.size
        fonts = self.app.fonts
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        rec = self.model.record
        head = f"Replay: {self.state.scenario}" + (f" ({rec.variant})" if rec.variant else "") + f", seed {rec.seed}"
        surface.blit(fonts.render(head, 18, TEXT, True), (16, 12))
        where = "Start of the game" if self.index == 0 else f"After turn {self.index} of {self.model.turns}"
        surface.blit(fonts.render(where, 18, ACCENT, True), (420, 12))
        note = self.model.error or (f"differs from the saved game from turn {self.model.mismatch} (rules changed?)"
                                    if self.model.mismatch else "")
        if note:
            surface.blit(fonts.render(note, 14, BAD), (700, 16))
        elif self.name:
            surface.blit(fonts.render(self.fit_text(self.name, w - 820, "dim"), 14, TEXT_DIM), (700, 16))
        self._draw_panel(surface)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        r = self.panel_rect
        fonts = self.app.fonts
        pygame.draw.rect(surface, PANEL, r)
        pygame.draw.line(surface, PANEL_EDGE, r.topleft, r.bottomleft)
        surface.blit(fonts.render("Diplomacy timeline: stances per pair and turn", 16, ACCENT, True),
                     (r.x + 14, r.y + 10))
        self._draw_grid(surface)
        y = self.grid_rect.bottom + 8
        x = r.x + 14
        for label, left, right in (("CC", GOOD, GOOD), ("CD", GOOD, BAD), ("DC", BAD, GOOD), ("DD", BAD, BAD)):
            pygame.draw.rect(surface, left, (x, y + 3, 7, 14))
            pygame.draw.rect(surface, right, (x + 7, y + 3, 7, 14))
            surface.blit(fonts.render(label, 13, TEXT), (x + 18, y + 1))
            x += 56
        hint = self.fit_text("left half: first state of the pair", r.right - x - 8, "dim")
        surface.blit(fonts.render(hint, 12, TEXT_DIM), (x + 4, y + 2))
        self._draw_states(surface, y + 30)
        self.log.draw(surface)

    def state_rows(self) -> list[str]:
        """One line per state for the chosen point of view (hidden facts only in the full view)."""
        st, view = self.state, self.view
        territory = st.territory()
        rows = []
        for n in st.nations:
            line = f"{n.name}: {territory[n.id]} hexes" + ("" if n.alive else ", fallen")
            if self.pov == FULL:
                line += f", {type_name(n.ai_type)}, treasury {n.treasury:.0f}"
            elif view is not None and view.my_nation is not None and view.my_nation.id == n.id:
                line += f", treasury {view.my_nation.treasury:.0f} (you)"
            rows.append(line)
        return rows

    def _draw_states(self, surface: pygame.Surface, y: int) -> None:
        r = self.panel_rect
        f = self.app.fonts.get(13)
        who = {FULL: "full view (facilitator)", PUBLIC: "public view"}.get(self.pov) or \
            f"as {self.nations[int(self.pov)][0]} saw it"
        surface.blit(self.app.fonts.render(f"States - {who}", 13, TEXT_DIM, True), (r.x + 14, y))
        for k, line in enumerate(self.state_rows()):
            yy = y + 20 + 18 * k
            pygame.draw.rect(surface, self.nations[k][1], (r.x + 16, yy + 3, 11, 11))
            surface.blit(f.render(self.fit_text(line, r.w - 40, "small"), True, TEXT), (r.x + 34, yy))

    def grid_geometry(self) -> tuple[int, float, int]:
        """(label width, cell width, row height) of the timeline grid."""
        g = self.grid_rect
        n = max(1, len(self.model.record.state.history))
        rows = max(1, len(self.dyads()))
        label_w = min(int(g.w * 0.45), max(60, max((self.row_label_width(a, b) for a, b in self.dyads()), default=0) + 6))
        row_h = 18 if 18 * rows + 22 <= g.h else max(6, (g.h - 22) // rows)
        return label_w, max(3.0, (g.w - label_w) / n), row_h

    def row_label_width(self, a: int, b: int) -> int:
        """The width of a grid row's label: two colour squares, the short names and the dash."""
        f = self.app.fonts.get(11)
        return 4 + 2 * (11 + 3) + 8 + f.size(self.short_name(a))[0] + f.size(self.short_name(b))[0]

    def cell_rect(self, row: int, turn: int) -> pygame.Rect:
        """The grid cell of dyad ``row`` (index into :meth:`dyads`) in ``turn`` (1-based)."""
        label_w, cell, row_h = self.grid_geometry()
        g = self.grid_rect
        return pygame.Rect(int(g.x + label_w + (turn - 1) * cell), g.y + 20 + row * row_h + 1, max(2, int(cell) - 1),
                           row_h - 2)

    def _draw_grid(self, surface: pygame.Surface) -> None:
        g = self.grid_rect
        fonts = self.app.fonts
        history = self.model.record.state.history
        dyads = self.dyads()
        label_w, cell, row_h = self.grid_geometry()
        n = max(1, len(history))
        pygame.draw.rect(surface, mix(PANEL, BG, 0.5), g)
        f = fonts.get(11)
        for t in range(n):                                     # turn ticks
            if n <= 20 or t % 5 == 4 or t == 0:
                img = f.render(str(t + 1), True, TEXT_DIM)
                surface.blit(img, (g.x + label_w + t * cell + (cell - img.get_width()) / 2, g.y + 2))
        clip = surface.get_clip()
        for k, (a, b) in enumerate(dyads):
            y = g.y + 20 + k * row_h
            if y + row_h > g.bottom:
                break
            # the label never runs into the cells (a long pair is cut at the label column)
            surface.set_clip(pygame.Rect(g.x, y, label_w - 3, row_h).clip(clip) if clip else
                             pygame.Rect(g.x, y, label_w - 3, row_h))
            xx = g.x + 4
            for j, who in ((0, a), (1, b)):
                if j:
                    surface.blit(f.render("-", True, TEXT_DIM), (xx, y + (row_h - 14) // 2))
                    xx += 8
                pygame.draw.rect(surface, self.nations[who][1], (xx, y + row_h // 2 - 4, 8, 8))
                img = f.render(self.short_name(who), True, TEXT)
                surface.blit(img, (xx + 11, y + (row_h - 14) // 2))
                xx += 11 + img.get_width() + 3
            surface.set_clip(clip)
            for t, rec in enumerate(history):
                out = rec.outcomes.get(dyad_key(a, b))
                if out is None:
                    continue
                c = self.cell_rect(k, t + 1)
                half = max(1, c.w // 2)
                pygame.draw.rect(surface, GOOD if out[0] == "C" else BAD, (c.x, c.y, half, c.h))
                pygame.draw.rect(surface, GOOD if out[1] == "C" else BAD, (c.x + half, c.y, max(1, c.w - half), c.h))
        if self.index > 0:                                      # the turn on show
            x0 = g.x + label_w + (self.index - 1) * cell
            pygame.draw.rect(surface, ACCENT, (int(x0) - 1, g.y + 18, int(cell) + 1, g.h - 18), 2)
