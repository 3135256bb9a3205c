"""The orders phase of one human seat: map, orders panel, log. Built only from that seat's
PlayerView (through a SeatPort); the draft orders go to the engine only at End turn."""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.orders import Budget

from ..draft import Draft, DraftHistory
from ..flow import SeatUi
from ..mapdata import layers_from_view, tooltip_lines
from ..maprender import MODE_TITLES, MODES
from ..orders_panel import OrdersPanel
from ..palette import ACCENT, ATTACK, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, hex_rgb
from ..scene import Scene
from ..session import SeatPort
from ..walkthrough import Walkthrough

TOP_H = 48
PANEL_W = 460
LOG_H = 170
MODE_SHORT = {"political": "Political", "terrain": "Terrain", "balance": "Balance", "world": "Worlds",
              "fort": "Forts"}
MODE_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3, pygame.K_5: 4}


def initial_draft(port: SeatPort) -> Draft:
    """Last turn's stances and budget carried over; builds and attacks start empty."""
    view = port.view
    last = port.last_orders
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


class GameScene(Scene):
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
        self.history = DraftHistory(initial_draft(port))
        self.tab = "diplomacy"
        self.neighbour: int | None = self.view.neighbours[0] if self.view.neighbours else None
        self.placing: str | None = None
        self.status = "Set a stance for each neighbour, your budget and builds, then End turn."
        self.layers = layers_from_view(self.view)
        self.mapview.set_layers(self.layers)
        self.mapview.on_click = self.on_map_click
        self.panel = OrdersPanel(self)
        self.walkthrough: Walkthrough | None = Walkthrough(self) if first_game else None
        self.mode_buttons: dict[str, object] = {}
        self.ended = False
        self._tip: tuple[int, list[str]] | None = None
        self.tooltip_rect: pygame.Rect | None = None
        self._mouse_in_map = False
        self._text_cache: dict[tuple[str, int, bool], pygame.Surface] = {}
        self.layout()
        if seat_ui.fresh:
            self._position_map()
            seat_ui.fresh = False

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        w, h = self.size
        pw = min(PANEL_W, max(380, w // 3))
        self.panel_rect = pygame.Rect(w - pw, TOP_H, pw, h - TOP_H)
        self.map_rect = pygame.Rect(0, TOP_H, w - pw, h - TOP_H - LOG_H)
        self.log_rect = pygame.Rect(0, h - LOG_H, w - pw, LOG_H)
        self.modes_rect = pygame.Rect(self.map_rect.right - 5 * 100 - 150, 6, 5 * 100 + 150, 36)
        self.end_turn_rect = pygame.Rect(self.panel_rect.x, h - 74, pw, 74)
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
            b = self.button((x + k * 100, 6, 96, 36), f"{k + 1} {MODE_SHORT[mode]}",
                            lambda m=mode: self.set_mode(m), cls="tab", obj=f"mode_{mode}",
                            tooltip=f"Map mode: {MODE_TITLES[mode]} (key {k + 1})")
            if mode == self.mapview.mode:
                b.select()
            self.mode_buttons[mode] = b
        self.button((self.modes_rect.right - 142, 6, 66, 36), "Help", self.open_help, cls="tab", obj="help",
                    tooltip="Keyboard shortcuts and the glossary (F1)")
        self.button((self.modes_rect.right - 70, 6, 66, 36), "Menu", self.open_menu, cls="tab", obj="menu")
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
    def changed(self, status: str | None = None) -> None:
        if status is not None:
            self.status = status
        self.update_highlights()
        self.panel.refresh()
        self.dirty = True

    def set_tab(self, tab: str) -> None:
        self.tab = tab
        self.changed()

    def set_neighbour(self, j: int) -> None:
        self.neighbour = j
        self.tab = "diplomacy"
        self.changed()

    def set_mode(self, mode: str) -> None:
        self.mapview.set_mode(mode)
        for m, b in self.mode_buttons.items():
            b.select() if m == mode else b.unselect()
        self.dirty = True

    def request_stance(self, j: int, stance: str) -> None:
        from .dialogs import ConfirmDialog
        if stance == self.draft.stance(j):
            return

        def apply() -> None:
            if stance == "D":
                self.port.confirm(f"defect:{j}")
            self.history.set_stance(j, stance, self.name(j), frozenset(self.hexes_of(j)))
            self.log.add(f"Draft: you will {'defect against' if stance == 'D' else 'cooperate with'} {self.name(j)}.",
                         TEXT_DIM)
            self.changed("Stance set. Undo is free until End turn.")

        if stance == "D" and not self.port.confirmed(f"defect:{j}"):
            g = self.view.games.get(j)
            detail = (f"Your game with them this turn is {g.kind}: defecting while they cooperate gives you {g.dc:+.1f}, "
                      f"mutual defection {g.dd:+.1f}, mutual cooperation {g.cc:+.1f}.\n") if g else ""
            self.app.push(ConfirmDialog(
                self.app, f"Defect against {self.name(j)}?",
                f"Defecting stops trade with {self.name(j)}, ends your treaties with them and allows attacks. "
                f"They will see your stance after this turn and may answer in kind.\n{detail}", apply, yes="Defect"))
            return
        apply()

    def request_attack(self, src: int, dst: int) -> None:
        from .dialogs import ConfirmDialog
        j = self.view.owner[dst]
        if not self.view.my_units.get(src):
            self.changed("That hex has no units to attack with.")
            return

        def apply() -> None:
            self.port.confirm(f"attack:{j}")
            if self.draft.stance(j) != "D":
                self.port.confirm(f"defect:{j}")
                self.history.set_stance(j, "D", self.name(j))
            self.history.add_attack(dst, src)
            self.log.add(f"Draft: attack {self.name(j)} at {self.view.gmap.label(dst)} from {self.view.gmap.label(src)}.",
                         TEXT_DIM)
            self.mapview.selected = None
            self.changed("Attack planned. Undo is free until End turn.")

        if self.draft.stance(j) != "D":
            self.app.push(ConfirmDialog(
                self.app, f"Attack {self.name(j)}?",
                f"You cooperate with {self.name(j)} this turn. Attacking means defecting against them: trade stops, "
                "treaties with them end, and they will remember. Defect and attack?", apply, yes="Defect and attack"))
        elif not self.port.confirmed(f"attack:{j}"):
            self.app.push(ConfirmDialog(
                self.app, f"First attack on {self.name(j)}",
                f"This is your first attack on {self.name(j)}. War costs both sides part of their income every turn "
                "it lasts. Attack?", apply, yes="Attack"))
        else:
            apply()

    def cancel_attacks_on(self, j: int) -> None:
        self.history.drop_attacks_on(self.hexes_of(j))
        self.changed("Attacks cancelled.")

    def choose_unit(self, key: str) -> None:
        self.placing = None if self.placing == key else key
        if self.placing:
            self.mapview.selected = None
            self.changed(f"Click one of your hexes to build {self.view.era.units[key].name} (Esc or right click stops).")
        else:
            self.changed("")

    def place_build(self, hx: int) -> None:
        assert self.placing is not None
        u = self.view.era.units[self.placing]
        self.history.add_build(self.placing, hx, u.name)
        self.changed(f"{u.name} planned at {self.view.gmap.label(hx)}. Click more hexes, or Esc to stop.")

    def remove_build(self, index: int) -> None:
        self.history.remove_build(index)
        self.changed("Build removed.")

    def toggle_proposal(self, kind: str, j: int) -> None:
        hexes = self.border_hexes(j) if kind in ("offensive_ban", "buffer") else ()
        self.history.toggle_proposal(kind, j, hexes)
        self.changed()

    def toggle_accept(self, pid: str) -> None:
        self.history.toggle_accept(pid)
        self.changed()

    def on_budget(self, key: str, value: float) -> None:
        b = self.draft.budget
        parts = {"economy": b.economy, "offence": b.offence, "defence": b.defence}
        others = sum(v for k, v in parts.items() if k != key)
        parts[key] = max(0.0, min(value / 100.0, 1.0 - others))
        self.history.set_budget(Budget(parts["economy"], parts["offence"], parts["defence"]))
        slider = self.panel.sliders.get(key)
        if slider is not None and abs(slider.get_current_value() - parts[key] * 100) > 0.5:
            slider.set_current_value(int(round(parts[key] * 100)), warn=False)
        self.panel.update_budget_labels()
        if self.panel.undo_button is not None:
            self.panel.undo_button.enable()

    def undo(self) -> None:
        what = self.history.undo()
        self.changed(f"Undone: {what}." if what else "Nothing to undo.")

    def end_turn(self) -> None:
        if self.ended:
            return
        self.ended = True
        orders = self.draft.to_orders(self.me)
        self.port.submit(orders)
        stances = ", ".join(f"{'D' if s == 'D' else 'C'} {self.name(j)}" for j, s in sorted(orders.stances.items()))
        self.log.add(f"Turn {self.view.turn}: orders sealed ({stances or 'no neighbours'}; {len(orders.builds)} build(s), "
                     f"{len(orders.attacks)} attack(s)).", ACCENT)
        self.on_done()

    def open_help(self, key: str | None = None) -> None:
        from .help import HelpScene
        self.app.push(HelpScene(self.app, key))

    def open_glossary(self, key: str) -> None:
        self.open_help(key)

    def open_menu(self) -> None:
        from .dialogs import Dialog
        self.app.push(Dialog(self.app, "Menu", "The game is paused. Your draft orders are kept.",
                             (("Resume", None), ("Help", self.open_help), ("Settings", self._settings),
                              ("Quit to title", self._quit))))

    def _settings(self) -> None:
        from .settings_scene import SettingsScene
        self.app.push(SettingsScene(self.app))

    def _quit(self) -> None:
        from .dialogs import ConfirmDialog
        from .title import TitleScene
        self.app.push(ConfirmDialog(self.app, "Quit to the title screen?", "This game will be lost (saving arrives "
                                    "with the next version).", lambda: self.app.reset(TitleScene(self.app)), yes="Quit"))

    # --- map ---------------------------------------------------------------------------------
    def on_map_click(self, hx: int, button: int) -> None:
        v = self.view
        if button == 3:
            self.placing = None
            self.mapview.selected = None
            self.changed("")
            return
        if self.placing:
            if v.owner[hx] == self.me:
                self.place_build(hx)
            else:
                self.changed("Builds go on your own hexes.")
            return
        sel = self.mapview.selected
        if (sel is not None and v.owner[sel] == self.me and v.owner[hx] >= 0 and v.owner[hx] != self.me
                and v.gmap.link(sel, hx) is not None):
            self.request_attack(sel, hx)
            return
        self.mapview.selected = hx
        o = v.owner[hx]
        if o in v.neighbours and o != self.neighbour:
            self.neighbour = o
        if o == self.me and v.my_units.get(hx):
            status = "Your forces selected: click an adjacent hex of a neighbour to attack it."
        else:
            status = v.gmap.label(hx) + " selected."
        self.changed(status)

    def update_highlights(self) -> None:
        mv, d, v = self.mapview, self.draft, self.view
        hl: dict[int, str] = {}
        sel = mv.selected
        if sel is not None and v.owner[sel] == self.me and v.my_units.get(sel):
            for lk in v.gmap.links[sel]:
                if v.owner[lk.dst] >= 0 and v.owner[lk.dst] != self.me:
                    hl[lk.dst] = "option"
        for b in d.builds:
            hl[b.hex] = "build"
        arrows = []
        for a in d.attacks:
            hl[a.target] = "target"
            for s in a.sources:
                hl.setdefault(s, "source")
                arrows.append((s, a.target, ATTACK))
        mv.highlights = hl
        mv.arrows = arrows
        mv.changed = True

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
        elif k == pygame.K_ESCAPE:
            if self.placing or self.mapview.selected is not None:
                self.placing = None
                self.mapview.selected = None
                self.changed("")
            else:
                self.open_menu()

    # --- drawing -----------------------------------------------------------------------------
    def wants_redraw(self) -> bool:
        return self.mapview.changed

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

    def draw(self, surface: pygame.Surface) -> None:
        w, _ = self.size
        pygame.draw.rect(surface, PANEL, (0, 0, w, TOP_H))
        pygame.draw.line(surface, PANEL_EDGE, (0, TOP_H - 1), (w, TOP_H - 1))
        me = self.view.nations[self.me]
        pygame.draw.rect(surface, hex_rgb(me.colour), (12, 12, 24, 24), border_radius=4)
        title = self._text(me.name, 18, TEXT, True)
        surface.blit(title, (44, 11))
        treasury = self.view.my_nation.treasury if self.view.my_nation is not None else 0.0
        x = 44 + title.get_width() + 16
        text = self.fit_text(f"Turn {self.view.turn} of {self.max_turns}  -  treasury {treasury:.0f} "
                             f"(+{self.view.my_income:.0f} a turn)  -  {self.scenario_name}",
                             self.modes_rect.x - x - 8, "dim")
        surface.blit(self._text(text, 14, TEXT_DIM), (x, 16))
        self.mapview.draw(surface)
        self.log.draw(surface)

    def tooltip_for(self, hx: int) -> list[str]:
        if self._tip is None or self._tip[0] != hx:
            self._tip = (hx, tooltip_lines(self.view, self.layers, hx) + ["F1: help and glossary"])
        return self._tip[1]

    def draw_overlay(self, surface: pygame.Surface) -> None:
        hv = self.mapview.hover
        self.tooltip_rect = None
        if (hv is not None and self.app.settings.map_tooltips and self.map_rect.collidepoint(self.app.mouse_pos)
                and self.walkthrough is None):
            self.tooltip_rect = self.mapview.draw_tooltip(surface, self.tooltip_for(hv), self.app.mouse_pos,
                                                          self.map_rect)
        if self.walkthrough is not None:
            self.walkthrough.draw_overlay(surface)
