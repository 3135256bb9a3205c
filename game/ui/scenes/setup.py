"""New game: scenario list (invalid files listed with their error), description, variant, a small
map preview, your state, difficulty and seed."""
from __future__ import annotations

import html
import random
from typing import Iterable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextBox, UITextEntryLine

from game.engine.bounds import MAX_SEED
from game.engine.errors import FileError
from game.engine.rules import load_rules
from game.engine.scenario import build_map, load_scenario

from ..dialogs import ErrorDialog
from ..flow import Match
from ..library import ScenarioEntry, discover
from ..mapdata import MapLayers
from ..maprender import Geometry, render_level
from ..palette import PANEL_EDGE, TEXT_DIM, hex_rgb
from ..scene import Scene, oid
from game.session.local import GameSession
from . import setup_random

DIFFICULTIES = ("easy", "normal", "hard")


def duplicate_names(names: Iterable[str]) -> list[str]:
    """The names used more than once, ignoring case (seat and delegation names must differ)."""
    names = list(names)
    lower = [n.lower() for n in names]
    return sorted({n for n in names if lower.count(n.lower()) > 1})

DIFFICULTY_TIPS = {"easy": "AI looks less far ahead and errs more.", "normal": "The standard AI.",
                   "hard": "AI plans further ahead; never cheats on what it sees."}


def by_width(table: Sequence[tuple[int, int]], width: int) -> int:
    """The value of the first (minimum width, value) row the window is at least as wide as."""
    return next((v for min_w, v in table if width >= min_w), table[-1][1])


class SetupScene(Scene):
    screen_name = "setup"
    title = "New game"
    # column widths by window width (the middle column, about the scenario and its map, takes the rest)
    LEFT_W: Sequence[tuple[int, int]] = ((1500, 380), (1300, 280), (0, 220))
    RIGHT_W: Sequence[tuple[int, int]] = ((0, 360),)

    def __init__(self, app) -> None:
        super().__init__(app)
        self.entries: list[ScenarioEntry] = discover(app.maps_dirs)
        st = app.settings
        self.index = next((k for k, e in enumerate(self.entries) if str(e.path) == st.last_scenario and e.ok),
                          next((k for k, e in enumerate(self.entries) if e.ok), 0))
        self.variant: str | None = None
        self.nation = 0
        self.difficulty = st.difficulty
        self.seed = random.SystemRandom().randrange(1, 100000)
        self._preview: tuple[tuple, pygame.Surface] | None = None
        self.preview_rect = pygame.Rect(0, 0, 0, 0)
        self.scenario_list: UISelectionList | None = None
        self.variant_list: UISelectionList | None = None
        self.nation_buttons: list = []
        self.difficulty_buttons: dict[str, object] = {}
        self.seed_entry: UITextEntryLine | None = None
        self.start_button = None
        self._labels: list[str] = []
        self._variant_labels: list[str] = []
        self.has_random = True            # the seminar setup turns it off
        self.random = setup_random.RandomChoice()
        self._random_cache: tuple[tuple, object, object] | None = None
        self.random_buttons: dict[str, object] = {}
        self._select(self.index, keep_choices=True)

    @property
    def is_random(self) -> bool:
        return self.has_random and self.index == len(self.entries)

    @property
    def entry(self) -> ScenarioEntry | None:
        return self.entries[self.index] if self.index < len(self.entries) else None

    def random_map(self):
        """(source, spec) of the random map for the current options and seed (cached)."""
        key = (self.random.states, self.random.size, self.random.era, self.seed)
        if self._random_cache is None or self._random_cache[0] != key:
            source, spec = setup_random.generate(self.random, self.seed)
            self._random_cache = (key, source, spec)
        return self._random_cache[1], self._random_cache[2]

    def state_names(self) -> list[tuple[str, str]]:
        if self.is_random:
            try:
                return [(st.name, st.colour) for st in self.random_map()[1].states]
            except (ValueError, FileError):
                return []
        e = self.entry
        return list(e.states) if e is not None and e.ok else []

    # --- layout ------------------------------------------------------------------------------
    def columns(self) -> tuple[int, int, int, int, int]:
        """left width, middle x, middle width, right x, right width."""
        w, _ = self.size
        left_w, right_w = by_width(self.LEFT_W, w), by_width(self.RIGHT_W, w)
        mid_x = 40 + left_w + 24
        rx = w - right_w - 40
        return left_w, mid_x, rx - 24 - mid_x, rx, right_w

    def build(self) -> None:
        w, h = self.size
        self.label((40, 24, 600, 36), "New game: against AI states", cls="heading")
        left_w, mid_x, mid_w, rx, right_w = self.columns()
        self._build_scenario_list(left_w, h)
        self._build_middle(mid_x, mid_w, h)
        e = self.entry
        self.label((rx, 70, right_w, 24), "Your state", cls="dim")
        self.nation_buttons = []
        yy = 96
        if self.is_random or (e is not None and e.ok):
            for k, (name, _colour) in enumerate(self.state_names()):
                b = self.button((rx + 28, yy, right_w - 28, 36), name, lambda k=k: self.choose_nation(k),
                                obj=f"nation_{k}")
                if k == self.nation:
                    b.select()
                self.nation_buttons.append(b)
                yy += 42
        yy += 12
        yy = self._build_difficulty_row(rx, yy, right_w, "Difficulty of the AI") + 16
        self._build_seed_row(rx, yy, right_w)
        ok = self.is_random or e is None or e.ok
        self.start_button = self.button((rx, h - 150, right_w, 56), "Start game" if ok else "Show the problems",
                                        self.start, cls="primary", obj="start_game",
                                        enabled=self.is_random or e is not None)
        self.button((rx, h - 84, right_w, 40), "Back", self.app.pop, obj="back")

    def _build_scenario_list(self, left_w: int, h: int) -> None:
        """The left column: every scenario found (invalid ones with their error), plus the random map."""
        self.label((40, 70, left_w, 24), "Scenario", cls="dim")
        self._labels = _unique_labels([e.label for e in self.entries]) + ([setup_random.LABEL] if self.has_random else [])
        sel = self._labels[self.index] if self._labels else None
        self.scenario_list = UISelectionList(pygame.Rect(40, 96, left_w, h - 96 - 90), self._labels, self.app.ui,
                                             container=self.root, default_selection=sel,
                                             object_id=oid(None, "scenario_list"))

    def _build_variant_list(self, x: int, y: int, w: int, max_h: int = 150) -> int:
        """The selected scenario's variant chooser at (x, y), if it has variants; returns the y below it."""
        self.variant_list = None
        e = self.entry
        if e is None or not e.ok or not e.variants:
            return y
        self.label((x, y, w, 24), "Variant", cls="dim")
        self._variant_labels = ["(base scenario)"] + [f"{k}: {d}" if d else k for k, d in e.variants]
        keys = [None] + [k for k, _ in e.variants]
        cur = self._variant_labels[keys.index(self.variant)] if self.variant in keys else self._variant_labels[0]
        vh = min(28 * len(self._variant_labels) + 6, max_h)
        self.variant_list = UISelectionList(pygame.Rect(x, y + 26, w, vh), self._variant_labels, self.app.ui,
                                            container=self.root, default_selection=cur,
                                            object_id=oid(None, "variant_list"))
        return y + 26 + vh + 14

    def _build_middle(self, mid_x: int, mid_w: int, h: int) -> None:
        """The middle column: about the scenario, its variant (or the random map's options), the preview."""
        self.label((mid_x, 70, mid_w, 24), "About", cls="dim")
        UITextBox(self._about_html(), pygame.Rect(mid_x, 96, mid_w, 170), self.app.ui, container=self.root,
                  object_id=oid(None, "scenario_about"))
        y = 280
        if self.is_random:
            self.variant_list = None
            y = self._random_options(mid_x, y, mid_w)
        else:
            y = self._build_variant_list(mid_x, y, mid_w)
        self.label((mid_x, y, mid_w, 24), "Map preview", cls="dim")
        self.preview_rect = pygame.Rect(mid_x, y + 26, mid_w, max(120, h - y - 26 - 90))

    def usable_entry(self) -> ScenarioEntry | None:
        """The chosen scenario when it loaded; a bad one shows its problems in the error dialog
        (file, place, message) and gives None, as does no choice at all."""
        e = self.entry
        if e is not None and not e.ok:
            assert e.error is not None
            self.app.push(ErrorDialog(self.app, f"{e.path.name} cannot be used", e.error.issues))
            return None
        return e

    def _build_difficulty_row(self, rx: int, yy: int, right_w: int, title: str) -> int:
        """``title`` and one button per difficulty at (rx, yy); returns the y just below the buttons."""
        self.label((rx, yy, right_w, 24), title, cls="dim")
        yy += 26
        self.difficulty_buttons = {}
        bw = (right_w - 16) // 3
        for k, d in enumerate(DIFFICULTIES):
            b = self.button((rx + k * (bw + 8), yy, bw, 36), d.capitalize(), lambda d=d: self.choose_difficulty(d),
                            obj=f"difficulty_{d}", tooltip=DIFFICULTY_TIPS[d])
            if d == self.difficulty:
                b.select()
            self.difficulty_buttons[d] = b
        return yy + 36

    def _build_seed_row(self, rx: int, yy: int, right_w: int) -> int:
        """"Seed (same seed, same game)": the seed entry and a New seed button at (rx, yy); returns the
        y just below the entry."""
        self.label((rx, yy, right_w, 24), "Seed (same seed, same game)", cls="dim")
        yy += 26
        self.seed_entry = UITextEntryLine(pygame.Rect(rx, yy, right_w - 130, 36), self.app.ui, container=self.root,
                                          object_id=oid(None, "seed_entry"))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(len(str(MAX_SEED)))
        self.seed_entry.set_text(str(self.seed))
        self.button((rx + right_w - 120, yy, 120, 36), "New seed", self.new_seed, obj="new_seed")
        return yy + 36

    def _seat_name_entry(self, k: int, rect: pygame.Rect, placeholder: str, limit: int) -> UITextEntryLine:
        """The name field of seat k (hotseat player, seminar delegation), filled with its current name."""
        entry = UITextEntryLine(rect, self.app.ui, container=self.root, object_id=oid(None, f"seat_name_{k}"),
                                placeholder_text=placeholder)
        entry.set_text_length_limit(limit)
        entry.set_text(self.names[k])
        return entry

    def _hidden_pair(self, x: int, y: int, w: int, gap: int, h: int, obj_prefix: str, first: str,
                     texts: list[str]) -> list[UITextEntryLine]:
        """A secret asked twice (hotseat game password, seminar passphrase): two hidden entries side
        by side, ``w`` wide each, placeholders ``first`` and "Again", filled with ``texts``."""
        entries = []
        for k in range(2):
            e = UITextEntryLine(pygame.Rect(x + k * (w + gap), y, w, h), self.app.ui, container=self.root,
                                object_id=oid(None, f"{obj_prefix}_{k}"), placeholder_text=(first, "Again")[k])
            e.set_text_hidden(True)
            e.set_text(texts[k])
            entries.append(e)
        return entries

    def _draw_preview(self, surface: pygame.Surface, empty: str = "no preview") -> None:
        """The map preview in its frame, or ``empty`` in its place when there is none."""
        img = self._preview_surface()
        pygame.draw.rect(surface, PANEL_EDGE, self.preview_rect, 1)
        if img is not None:
            surface.blit(img, img.get_rect(center=self.preview_rect.center))
        elif empty:
            t = self.app.fonts.render(empty, 14, TEXT_DIM)
            surface.blit(t, t.get_rect(center=self.preview_rect.center))

    def _about_html(self) -> str:
        if self.is_random:
            return setup_random.about_html(self.random, self.seed)
        e = self.entry
        if e is None:
            return "No scenario files were found in the maps folder."
        if not e.ok:
            assert e.error is not None
            probs = "<br>".join(html.escape(str(i)) for i in e.error.issues[:6])
            return (f"<font color='#ff8a7a'><b>{html.escape(e.path.name)} cannot be used:</b></font><br>{probs}"
                    "<br><i>Fix the file and reopen this screen; Start shows the full error.</i>")
        text = f"<b>{html.escape(e.name)}</b> - {e.size[0]}x{e.size[1]} hexes, {len(e.states)} states, {e.max_turns} turns<br>"
        text += html.escape(e.description)
        if e.teaching_note:
            text += f"<br><br><i>{html.escape(e.teaching_note)}</i>"
        return text

    def _random_options(self, x: int, y: int, w: int) -> int:
        self.random_buttons = {}
        rows = (("States", [(str(n), n) for n in range(2, 9)], "states"),
                ("Size", [(f"{name} {a}x{b}", k) for k, (name, a, b) in enumerate(setup_random.SIZES)], "size"),
                ("Era", [(e, e) for e in setup_random.eras()], "era"))
        for title, options, field in rows:
            self.label((x, y, w, 24), title, cls="dim")
            y += 26
            bw = (w - 6 * (len(options) - 1)) // len(options)
            for k, (text, value) in enumerate(options):
                b = self.button((x + k * (bw + 6), y, bw, 32), text, lambda f=field, v=value: self.set_random(f, v),
                                cls="small", obj=f"random_{field}_{value}")
                if getattr(self.random, field) == value:
                    b.select()
                self.random_buttons[f"{field}:{value}"] = b
            y += 42
        return y + 4

    def set_random(self, field: str, value) -> None:
        setattr(self.random, field, value)
        self.nation = min(self.nation, self.random.states - 1)
        self._preview = None
        self.rebuild()

    # --- choices -----------------------------------------------------------------------------
    def _select(self, index: int, keep_choices: bool = False) -> None:
        last = len(self.entries) - (0 if getattr(self, "has_random", False) else 1)
        self.index = max(0, min(index, last))
        e = self.entry
        st = self.app.settings
        if keep_choices and e is not None and str(e.path) == st.last_scenario:
            self.variant = st.last_variant or None
            self.nation = st.last_nation if e.ok and st.last_nation < len(e.states) else 0
        else:
            self.variant = None
            self.nation = 0
        if e is not None and e.ok and self.variant not in [None] + [k for k, _ in e.variants]:
            self.variant = None
        self._preview = None

    def select_scenario(self, index: int) -> None:
        self._select(index)
        self.rebuild()

    def choose_nation(self, k: int) -> None:
        self.nation = k
        for i, b in enumerate(self.nation_buttons):
            b.select() if i == k else b.unselect()
        self.dirty = True

    def choose_difficulty(self, d: str) -> None:
        self.difficulty = d
        for key, b in self.difficulty_buttons.items():
            b.select() if key == d else b.unselect()

    def new_seed(self) -> None:
        self.seed = random.SystemRandom().randrange(1, 100000)
        if self.seed_entry is not None:
            self.seed_entry.set_text(str(self.seed))
        self._preview = None
        if self.is_random:
            self.rebuild()

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            if event.ui_element is self.scenario_list and event.text in self._labels:
                self.select_scenario(self._labels.index(event.text))
            elif event.ui_element is self.variant_list and event.text in self._variant_labels:
                k = self._variant_labels.index(event.text)
                e = self.entry
                self.variant = None if k == 0 or e is None else e.variants[k - 1][0]
                self._preview = None
                self.dirty = True
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_entry:
            txt = self.seed_entry.get_text()
            if txt.isdigit():
                self.seed = min(int(txt), MAX_SEED)
                self._preview = None
                self.dirty = True

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def start(self) -> None:
        e = self.entry
        if self.is_random:
            try:
                source, _ = self.random_map()
                session = GameSession.start(source, None, self.seed, self.app.default_sets, humans=(self.nation,),
                                            difficulty=self.difficulty, label=self.random.label(self.seed))
            except FileError as exc:
                self.app.push(ErrorDialog(self.app, "The random map cannot be started", exc.issues))
                return
            except ValueError as exc:
                self.app.push(ErrorDialog(self.app, "The random map cannot be made", message=str(exc)))
                return
            Match(self.app, session).begin()
            return
        e = self.usable_entry()
        if e is None:
            return
        try:
            session = GameSession.start(e.path, self.variant, self.seed, self.app.default_sets, humans=(self.nation,),
                                        difficulty=self.difficulty)
        except FileError as exc:
            self.app.push(ErrorDialog(self.app, f"{e.path.name} cannot be started", exc.issues))
            return
        self.app.settings = self.app.settings.with_changes(last_scenario=str(e.path), last_variant=self.variant or "",
                                                           last_nation=self.nation, difficulty=self.difficulty)
        Match(self.app, session).begin()

    # --- preview -----------------------------------------------------------------------------
    def _preview_surface(self) -> pygame.Surface | None:
        e = self.entry
        if self.preview_rect.w < 20 or (not self.is_random and (e is None or not e.ok)):
            return None
        key = ("random", self.random.states, self.random.size, self.random.era, self.seed, self.preview_rect.size) \
            if self.is_random else (str(e.path), self.variant, self.preview_rect.size)
        if self._preview is not None and self._preview[0] == key:
            return self._preview[1]
        try:
            spec = self.random_map()[1] if self.is_random else load_scenario(e.path).resolve(self.variant)
        except (FileError, ValueError):
            return None
        gmap = build_map(spec, load_rules())
        geom = Geometry(gmap)
        box = self.preview_rect.inflate(-4, -4)
        s = 5.0
        for cand in (5, 6, 8, 10, 13, 17, 22, 28, 36):
            pw, ph = geom.size_px(cand)
            if pw <= box.w and ph <= box.h:
                s = cand
        keys = {st.key: i for i, st in enumerate(spec.states)}
        owner = []
        for hx in range(gmap.size):
            ch = spec.map.owners[hx // gmap.width][hx % gmap.width]
            owner.append(keys.get(ch, -2 if not gmap.passable[hx] else -1))
        layers = MapLayers(owner=tuple(owner), fort=(0,) * gmap.size,
                           colours=tuple(hex_rgb(st.colour) for st in spec.states),
                           names=tuple(st.name for st in spec.states),
                           capitals=tuple(gmap.hex_id(*st.capital) for st in spec.states),
                           counters={}, axis_balance={}, dyad_world={})
        surf = render_level(geom, layers, s, "political", self.app.fonts)
        if surf.get_width() > box.w or surf.get_height() > box.h:     # a large map: scaled down to the box
            k = min(box.w / surf.get_width(), box.h / surf.get_height())
            surf = pygame.transform.smoothscale(surf, (max(1, int(surf.get_width() * k)), max(1, int(surf.get_height() * k))))
        self._preview = (key, surf)
        return surf

    def draw(self, surface: pygame.Surface) -> None:
        self._draw_preview(surface)
        names = self.state_names()
        if names:
            w, _ = self.size
            rx = w - 360 - 40
            for k, (_name, colour) in enumerate(names):
                r = pygame.Rect(rx, 96 + 42 * k + 8, 20, 20)
                pygame.draw.rect(surface, hex_rgb(colour), r, border_radius=3)
                pygame.draw.rect(surface, (20, 20, 20), r, 1, border_radius=3)


def _unique_labels(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        n = seen.get(lab, 0)
        seen[lab] = n + 1
        out.append(lab if n == 0 else f"{lab} ({n + 1})")
    return out
