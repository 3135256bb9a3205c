"""The orders phase of one human seat: map, orders panel, log. Built only from that seat's
PlayerView (through a SeatPort); the draft orders go to the engine only at End turn."""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.orders import Budget, Orders
from game.engine.views import PlayerView

from .. import persistence
from ..dialogs import ConfirmDialog, Dialog
from ..draft import Draft, DraftHistory
from ..flow import SeatUi
from ..mapdata import layers_from_view, tooltip_lines
from ..maprender import MODE_TITLES, MODES
from ..odds_preview import attack_preview, preview_lines, preview_sources
from ..orders_actions import OrdersActions
from ..orders_panel import OrdersPanel
from ..paint import frame
from ..palette import ACCENT, MOVE, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene
from game.session.local import SeatPort
from ..walkthrough import Walkthrough

TOP_H = 48
PANEL_RING = 4      # px: pygame_gui's panel shadow and border (2 px in the theme) are not fully opaque
MODES_MIN_X = 300          # the top bar's left part: colour, state name, turn and treasury
PANEL_W = 460
LOG_H = 170
MODE_SHORT = {"political": "Political", "terrain": "Terrain", "balance": "Balance", "world": "Worlds",
              "fort": "Forts", "alliance": "Alliances"}
MOVE_BANNER = "Move mode: click a stack, then one of your hexes within reach (Esc stops)"
MODE_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3, pygame.K_5: 4, pygame.K_6: 5}


def play_layout(w: int, h: int) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
    """(panel, map, log) rectangles of a w x h window below the top bar. The orders and the
    resolution screens share them, so the map does not move between the two."""
    pw = min(PANEL_W, max(380, w // 3))
    return (pygame.Rect(w - pw, TOP_H, pw, h - TOP_H), pygame.Rect(0, TOP_H, w - pw, h - TOP_H - LOG_H),
            pygame.Rect(0, h - LOG_H, w - pw, LOG_H))


def initial_draft(view: PlayerView, last: Orders | None) -> Draft:
    """Last turn's stances and budget carried over; builds and attacks start empty."""
    stances = {j: (last.stance_toward(j) if last else "C") for j in view.neighbours}
    return Draft(stances=stances, budget=last.budget if last else Budget(0.5, 0.0, 0.2))


MAP_KEYS = {pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_PLUS, pygame.K_EQUALS,
            pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS}


def map_only(events: list[pygame.event.Event], map_rect: pygame.Rect, mouse_pos: tuple[int, int],
             was_inside: bool) -> bool:
    """True when these events can only have changed the map (pan, zoom, hover, drag inside it)."""
    inside = was_inside
    for e in events:
        if e.type == pygame.MOUSEMOTION:
            now = map_rect.collidepoint(e.pos)
            if not (now and inside):
                return False
            inside = now
        elif e.type == pygame.MOUSEWHEEL:
            if not map_rect.collidepoint(mouse_pos):
                return False
        elif e.type == pygame.KEYDOWN:
            if e.key not in MAP_KEYS:
                return False
        elif e.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            if not map_rect.collidepoint(e.pos):
                return False
        elif e.type != pygame.KEYUP:
            return False
    return True


class GameScene(OrdersActions, Scene):
    screen_name = "game"
    title = "Orders"
    opaque = True

    def __init__(self, app, port: SeatPort, seat_ui: SeatUi, on_done: Callable[[], None],
                 first_game: bool = False) -> None:
        super().__init__(app)
        self.port = port
        self.view = port.view                  # the only game data this scene reads
        self.scenario_name = port.scenario_name
        self.max_turns = port.max_turns
        self.mapview = seat_ui.mapview
        self.log = seat_ui.log
        self._seat_ui = seat_ui
        self.on_done = on_done
        kept = getattr(port, "open_draft", None)     # a joined seat: the draft the host kept for this turn
        self.history = DraftHistory(Draft.from_orders(kept) if kept is not None else initial_draft(self.view, port.last_orders))
        self._draft_kept = self.history.current       # what the host last got of this draft (a joined seat)
        self.draft_lines: list[tuple[int, str]] = []
        self.tab = "diplomacy"
        self.neighbour: int | None = self.view.neighbours[0] if self.view.neighbours else None
        self.placing: str | None = None
        self.moving = False                    # move mode (the Move button, M)
        self.status = "Set a stance for each neighbour, your budget and builds, then End turn."
        self.layers = layers_from_view(self.view)
        self.mapview.set_layers(self.layers)
        self.mapview.on_click = self.on_map_click
        self.panel = OrdersPanel(self)
        self.walkthrough: Walkthrough | None = Walkthrough(self) if first_game else None
        self.mode_buttons: dict[str, object] = {}
        self.talk_button = None
        self.score = port.score                # running score, shown in the top bar
        self.ended = False
        self._tip: tuple[tuple[int, tuple[int, ...]], list[str]] | None = None
        self.tooltip_rect: pygame.Rect | None = None
        self._mouse_in_map = False
        self._text_cache: dict[tuple[str, int, bool], pygame.Surface] = {}
        self._top_bar: tuple[tuple, tuple[str, tuple[int, int, int], int, str]] | None = None
        self._host_seen: int | None = None      # a joined seat's port: the host's messages taken in (wait_for_host)
        self.layout()
        if seat_ui.fresh:
            self._position_map()
            seat_ui.fresh = False

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        self.panel_rect, self.map_rect, self.log_rect = play_layout(w, h)
        # one tab per map mode, 100 px each, narrower on a small window so that the row fits
        tabs_w = 150 + (72 if self.can_talk else 0)      # Help, Menu (and Talk: a seat joined to a seminar)
        self.mode_w = max(60, min(100, (w - MODES_MIN_X - 8 - tabs_w) // len(MODES)))
        modes_w = len(MODES) * self.mode_w + tabs_w
        # over the map's right edge; on a narrow window, at the window's right edge (over the panel's
        # top) so that the state's name and the turn line keep their room at the left
        modes_x = self.map_rect.right - modes_w
        if modes_x < MODES_MIN_X:
            modes_x = max(MODES_MIN_X, w - modes_w - 8)
        self.modes_rect = pygame.Rect(modes_x, 6, modes_w, 36)
        self.end_turn_rect = pygame.Rect(self.panel_rect.x, h - 74, self.panel_rect.w, 74)
        self.mapview.set_rect(self.map_rect)
        self.log.set_rect(self.log_rect)

    def on_resize(self) -> None:
        self.layout()

    def _position_map(self) -> None:
        mv = self.mapview
        mv.fit()
        if mv.hex_size < 17 and self.view.my_nation is not None:
            mv.zoom_index = max(k for k, s in enumerate(mv.zooms) if s <= 22)
            mv.centre_on(self.view.my_nation.capital)

    def build(self) -> None:
        self.layout()
        self.mode_buttons = {}
        x = self.modes_rect.x
        for k, mode in enumerate(MODES):
            b = self.button((x + k * self.mode_w, 6, self.mode_w - 4, 36), f"{k + 1} {MODE_SHORT[mode]}",
                            lambda m=mode: self.set_mode(m), cls="tab", obj=f"mode_{mode}",
                            tooltip=f"Map mode: {MODE_TITLES[mode]} (key {k + 1})")
            if mode == self.mapview.mode:
                b.select()
            self.mode_buttons[mode] = b
        self.button((self.modes_rect.right - 142, 6, 66, 36), "Help", self.open_help, cls="tab", obj="help",
                    tooltip="Keyboard shortcuts and the glossary (F1)")
        self.button((self.modes_rect.right - 70, 6, 66, 36), "Menu", self.open_menu, cls="tab", obj="menu")
        if self.can_talk:
            self.talk_button = self.button((self.modes_rect.right - 214, 6, 66, 36), "Talk", self.open_talk, cls="tab",
                                           obj="talk", tooltip="Your desk: messages to everyone or in private")
        self.panel.build()
        if self.walkthrough is not None:
            self.walkthrough.build()

    # --- reading the view --------------------------------------------------------------------
    @property
    def draft(self) -> Draft:
        return self.history.current

    @property
    def me(self) -> int:
        assert self.view.me is not None
        return self.view.me

    def hexes_of(self, j: int | None) -> set[int]:
        return {h for h, o in enumerate(self.view.owner) if o == j} if j is not None else set()

    def name(self, j: int) -> str:
        return self.view.nations[j].name

    def planned_cost(self, pool: str) -> float:
        units = self.view.era.units
        return sum(units[b.unit].cost * b.count for b in self.draft.builds
                   if b.unit in units and (units[b.unit].offensive == (pool == "offence")))

    def border_hexes(self, j: int) -> tuple[int, ...]:
        g, owner = self.view.gmap, self.view.owner
        me = self.me
        return tuple(h for h in range(g.size) if owner[h] in (me, j)
                     and any(owner[n] == (j if owner[h] == me else me) for n in g.neighbours(h)))

    # --- actions -----------------------------------------------------------------------------
    def open_help(self, key: str | None = None) -> None:
        self.app.push(self.app.build_screen("help", key))

    def open_glossary(self, key: str) -> None:
        self.open_help(key)

    def open_menu(self) -> None:

        class MenuDialog(Dialog):
            width = 1000

        self.app.push(MenuDialog(self.app, "Menu", "The game is paused. Your draft orders are kept.<br>"
                                 "Save game (Ctrl+S) writes the game as it stood at the start of this turn.",
                                 (("Resume", None), ("Save game", lambda: persistence.save_current(self.app)),
                                  ("Load game", lambda: persistence.open_load_dialog(self.app)),
                                  ("Help", self.open_help), ("Settings", self._settings), ("Quit to title", self._quit))))

    def _settings(self) -> None:
        self.app.push(self.app.build_screen("settings"))

    def _quit(self) -> None:
        self.app.push(ConfirmDialog(self.app, "Quit to the title screen?", "This turn's orders will be lost; every "
                                    "resolved turn is in the autosaves (Load game), and Save game keeps a copy.",
                                    lambda: self.app.reset(self.app.build_screen("title")), yes="Quit"))

    # --- events ------------------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        import pygame_gui
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            for key, s in self.panel.sliders.items():
                if event.ui_element is s:
                    self.on_budget(key, float(event.value))

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.log.handle_event(event, self.app.mouse_pos):
            return
        if self.mapview.handle_event(event, self.app.mouse_pos):
            return
        if event.type != pygame.KEYDOWN:
            return
        k, mod = event.key, getattr(event, "mod", 0)
        if k == pygame.K_z and mod & pygame.KMOD_CTRL:
            self.undo()
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.end_turn()
        elif k in MODE_KEYS:
            self.set_mode(MODES[MODE_KEYS[k]])
        elif k == pygame.K_F1:
            self.open_help()
        elif k == pygame.K_g:
            self.open_help("security_dilemma")
        elif k == pygame.K_l:
            self.mapview.show_legend = not self.mapview.show_legend
        elif k == pygame.K_TAB and self.view.neighbours:
            ns = list(self.view.neighbours)
            self.set_neighbour(ns[(ns.index(self.neighbour) + 1) % len(ns)] if self.neighbour in ns else ns[0])
        elif k == pygame.K_HOME and self.view.my_nation is not None:
            self.mapview.centre_on(self.view.my_nation.capital)
        elif k == pygame.K_m and not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            self.toggle_move_mode()
        elif k == pygame.K_ESCAPE:
            if self.moving:
                self.set_move_mode(False)
            elif self.placing or self.mapview.selected is not None:
                self.placing = None
                self.mapview.selected = None
                self.changed("")
            else:
                self.open_menu()

    # --- a seat joined over the network to a seminar (game.session.remote.RemoteSeat) ---------------
    @property
    def can_talk(self) -> bool:
        return bool(getattr(self.port, "seminar", False))      # a RemoteSeat joined to a seminar host

    def open_talk(self) -> None:
        """The seminar's desk screen on this seat's messages (the draft orders stay here); it closes when
        its negotiation ends, or with Leave the desk."""
        self.app.push(self.app.build_screen("negotiation", self.port.desk(), self.app.pop,
                                            on_leave=self.app.pop))

    def phase_text(self) -> str | None:
        """The seminar's phase and countdown when the port has one (a joined seat), else None."""
        text = getattr(self.port, "phase_text", None)
        return text() if text is not None else None

    def wait_for_host(self, timeout: float) -> bool:
        """A joined seat's orders screen on top that has taken in everything the host sent: block until the
        host's next message is in (at most ``timeout`` s; True if one came). For a driver that steps frames
        (see NetworkJoinScene.wait_for_host); a local seat's port has nothing to wait for."""
        wait_change = getattr(self.port, "wait_change", None)
        seen = self._host_seen
        if wait_change is None or seen is None or self.app.top is not self or self.port.version != seen:
            return False
        return wait_change(seen, timeout)

    def update(self, dt: float) -> None:
        self._host_seen = getattr(self.port, "version", None)     # (read first: a message in after this is news)
        take = getattr(self.port, "take_notices", None)
        for text in (take() if take is not None else ()):    # the host's "Time is up", into the log
            self.log.add(f"Host: {text}", ACCENT, True)
            self.changed(text)
        rolled_back = getattr(self.port, "rolled_back", None)
        if rolled_back is not None and rolled_back(self.view.turn):
            self.app.pop()          # the facilitator's rollback: the join screen opens the rewound turn's orders

    # --- drawing -----------------------------------------------------------------------------
    def wants_redraw(self) -> bool:
        return self.mapview.changed or (self._top_bar is not None and self._top_bar[0][-1] != self.phase_text())

    def widget_free(self, pos: tuple[int, int]) -> bool:
        return self.walkthrough is None and (self.map_rect.collidepoint(pos) or self.log_rect.collidepoint(pos))

    def partial_rect(self, events: list[pygame.event.Event]) -> pygame.Rect | None:
        was = self._mouse_in_map
        self._mouse_in_map = self.map_rect.collidepoint(self.app.mouse_pos)
        if self.walkthrough is not None or not map_only(events, self.map_rect, self.app.mouse_pos, was):
            return None
        return self.map_rect

    def draw_region(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        self.mapview.draw(surface)

    def _text(self, text: str, size: int, colour: tuple[int, int, int], bold: bool = False) -> pygame.Surface:
        key = (text, size, bold)
        img = self._text_cache.get(key)
        if img is None:
            if len(self._text_cache) > 32:
                self._text_cache.clear()
            img = self._text_cache[key] = self.app.fonts.render(text, size, colour, bold)
        return img

    def static_rects(self) -> list[pygame.Rect]:
        """The top bar, the orders panel and the log: all but the map (cached as one image, game/ui/static_cache.py)."""
        return [pygame.Rect(0, 0, self.size[0], TOP_H), pygame.Rect(self.panel_rect), pygame.Rect(self.log_rect)]

    def static_key(self) -> object:
        return self.size, self.top_bar(), tuple(self.panel_rect), self.log.look()

    def top_bar(self) -> tuple[str, tuple[int, int, int], int, str]:
        """(state name, its colour, x of the status line, the status line) as the top bar shows them;
        computed again only when what they are made of changes (every full frame asks, static_key)."""
        me = self.view.nations[self.me]
        treasury = self.view.my_nation.treasury if self.view.my_nation is not None else 0.0
        made_of = (me.name, me.colour, treasury, self.view.turn, self.view.my_income, self.score, self.max_turns,
                   self.scenario_name, self.modes_rect.x, self.phase_text())
        if self._top_bar is None or self._top_bar[0] != made_of:
            x = 44 + self._text(me.name, 18, TEXT, True).get_width() + 16
            self._top_bar = (made_of, (me.name, hex_rgb(me.colour), x,
                                       self.top_bar_text(treasury, self.modes_rect.x - x - 8)))
        return self._top_bar[1]

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_static(surface)
        self.draw_dynamic(surface)

    def draw_static(self, surface: pygame.Surface) -> None:
        w, _ = self.size
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        name, colour, x, text = self.top_bar()
        pygame.draw.rect(surface, colour, (12, 12, 24, 24), border_radius=4)
        surface.blit(self._text(name, 18, TEXT, True), (44, 11))
        surface.blit(self._text(text, 14, TEXT_DIM), (x, 16))
        # under the orders panel's edge, which is not opaque (its shadow): no stale pixels there; the rest
        # of the panel is opaque and covers itself, so filling all of it was ~0.3 ms a full frame for nothing
        frame(surface, PANEL, self.panel_rect, PANEL_RING)
        self.log.draw(surface)

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        self.mapview.draw(surface)

    def background(self, until: float) -> None:
        self.mapview.render_ahead(until)

    def top_bar_text(self, treasury: float, width: int) -> str:
        """The turn, score and treasury line, in the font it is drawn with: the scenario's name goes
        first when room is short, then the rest is shortened - never under the map-mode buttons."""
        font = self.app.fonts.get(14)
        phase = self.phase_text()
        parts = ([phase] if phase else []) + [
            f"Turn {self.view.turn}/{self.max_turns}", f"score {self.score:.0f}",
            f"treasury {treasury:.0f} (+{self.view.my_income:.0f} a turn)", self.scenario_name]
        while len(parts) > 1 and font.size("  -  ".join(parts))[0] > width:
            if parts[-1] == self.scenario_name and "a turn" in parts[-2]:
                parts.pop()
            elif len(parts) > 2 and "a turn" in parts[-1]:
                parts[-1] = f"treasury {treasury:.0f} (+{self.view.my_income:.0f})"
            else:
                parts.pop()
        text = "  -  ".join(parts)
        while text and font.size(text)[0] > width:
            text = text[:-1]
        return text

    def tooltip_for(self, hx: int) -> list[str]:
        """The hex's tooltip; over a hex I could attack from the selected hex, or plan to attack,
        the attack's odds and expected losses first (from the engine's combat rule)."""
        sel = self.mapview.selected
        sources = preview_sources(self.view, self.draft.attacks, sel, hx)
        key = (hx, sources, sel, self.moving, self.draft.moves)
        if self._tip is None or self._tip[0] != key:
            preview = attack_preview(self.view, hx, sources)
            odds = preview_lines(preview) if preview is not None else []
            self._tip = (key, odds + self.move_lines(hx) + tooltip_lines(self.view, self.layers, hx)
                         + ["F1: help and glossary"])
        return self._tip[1]

    def move_lines(self, hx: int) -> list[str]:
        """Over one of my hexes the selected stack can reach: what the move costs, and how to order it."""
        sel = self.mapview.selected
        if sel is None or sel == hx or self.view.owner[sel] != self.me:
            return []
        cost = self.reach_of(sel).get(hx)
        if cost is None:
            return []
        how = "click" if self.moving else "right-click"
        return [f"Move here: {cost:g} movement points ({how} to order it)"]

    def draw_overlay(self, surface: pygame.Surface) -> None:
        hv = self.mapview.hover
        self.tooltip_rect = None
        if (hv is not None and self.app.settings.map_tooltips and self.map_rect.collidepoint(self.app.mouse_pos)
                and self.walkthrough is None):
            self.tooltip_rect = self.mapview.draw_tooltip(surface, self.tooltip_for(hv), self.app.mouse_pos,
                                                          self.map_rect)
        if self.moving:
            self.draw_move_banner(surface)
        if self.walkthrough is not None:
            self.walkthrough.draw_overlay(surface)

    def move_banner_rect(self) -> pygame.Rect:
        img = self._text(MOVE_BANNER, 14, (20, 20, 20), True)
        return pygame.Rect(self.map_rect.centerx - img.get_width() // 2 - 12, self.map_rect.y + 8,
                           img.get_width() + 24, img.get_height() + 10)

    def draw_move_banner(self, surface: pygame.Surface) -> None:
        """While move mode is on, a banner at the top of the map says so (and how to leave it)."""
        r = self.move_banner_rect()
        pygame.draw.rect(surface, MOVE, r, border_radius=6)
        pygame.draw.rect(surface, (20, 20, 20), r, 1, border_radius=6)
        surface.blit(self._text(MOVE_BANNER, 14, (20, 20, 20), True), (r.x + 12, r.y + 5))
