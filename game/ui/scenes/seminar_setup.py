"""Seminar setup: the scenario (those with a seminar section first; any scenario works), its
variant, the facilitator's note, a delegation (name) or the AI for each state's role, the length of
the negotiation, the seed, and the facilitator's passphrase (twice). Resume continues a saved
seminar with its original passphrase (the file is encrypted with it)."""
from __future__ import annotations

import html
import re
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextBox, UITextEntryLine

from game.engine.bounds import MAX_SEED
from game.engine.errors import FileError
from game.engine.scenario import load_scenario
from game.engine.scenario_schema import ScenarioSpec
from game.session.seminar import (
    SeminarRun,
    check_new_passphrase,
    new_seminar_path,
    start_seminar_session,
)

from ..dialogs import ErrorDialog
from ..palette import TEXT, TEXT_DIM, hex_rgb
from ..scene import oid
from ..seminar_flow import SeminarMatch
from ..seminar_widgets import Painter
from .setup import SetupScene, _unique_labels, duplicate_names

NAME_MAX = 24
MAX_MINUTES = 120


def has_seminar(path) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return re.search(r"^seminar:", fh.read(), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def delegation_problem(kinds: list[str], names: list[str]) -> str:
    humans = [names[k].strip() for k, kind in enumerate(kinds) if kind == "human"]
    if not humans:
        return "A seminar needs at least one delegation: switch a state from AI to Delegation."
    dup = duplicate_names(humans)
    if dup:
        return f"Each delegation needs a different name ({', '.join(dup)} is used twice)."
    return ""


class SeminarSetupScene(SetupScene):
    screen_name = "seminar_setup"
    title = "Seminar"
    LEFT_W = ((1500, 340), (1300, 260), (0, 200))
    RIGHT_W = ((1500, 560), (0, 460))     # roles: colour, state, Delegation/AI, delegation name

    def __init__(self, app) -> None:
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.minutes = ""
        self.problem = ""
        self._spec: tuple[tuple, ScenarioSpec | None] | None = None
        self.kind_buttons: list = []
        self.resume_button = None
        self.name_entries: dict[int, UITextEntryLine] = {}
        self.pass_entries: list[UITextEntryLine] = []
        self.minutes_entry: UITextEntryLine | None = None
        self._passphrase = ["", ""]
        self.roles_rect = pygame.Rect(0, 0, 0, 0)
        super().__init__(app)
        self.painter = Painter(app.fonts)
        self.has_random = False
        seminar = {str(e.path): has_seminar(e.path) for e in self.entries}
        self.entries.sort(key=lambda e: (not e.ok, not seminar[str(e.path)], e.name.lower()))
        self._select(next((k for k, e in enumerate(self.entries) if e.ok), 0))

    # --- the chosen scenario ------------------------------------------------------------------
    def spec(self) -> ScenarioSpec | None:
        e = self.entry
        if e is None or not e.ok:
            return None
        key = (str(e.path), self.variant)
        if self._spec is None or self._spec[0] != key:
            try:
                spec = load_scenario(e.path).resolve(self.variant)
            except FileError:
                spec = None
            self._spec = (key, spec)
        return self._spec[1]

    def _select(self, index: int, keep_choices: bool = False) -> None:
        super()._select(index, keep_choices)
        spec = self.spec()
        states = spec.states if spec is not None else []
        self.kinds = ["human" if (st.briefing or st.role or len(states) <= 4) else "ai" for st in states]
        self.names = [""] * len(states)
        seconds = spec.seminar.phases.negotiation_seconds if spec is not None and spec.seminar else 300
        self.minutes = f"{seconds / 60:g}"

    def _sync(self) -> None:
        for k, entry in self.name_entries.items():
            if k < len(self.names) and entry.alive():
                self.names[k] = entry.get_text()
        if self.minutes_entry is not None and self.minutes_entry.alive():
            self.minutes = self.minutes_entry.get_text()
        if self.seed_entry is not None and self.seed_entry.alive() and self.seed_entry.get_text().isdigit():
            self.seed = min(int(self.seed_entry.get_text()), MAX_SEED)
        if len(self.pass_entries) == 2 and all(e.alive() for e in self.pass_entries):
            self._passphrase = [e.get_text() for e in self.pass_entries]

    def rebuild(self) -> None:
        self._sync()
        super().rebuild()

    def delegation_names(self) -> dict[int, str]:
        spec = self.spec()
        states = spec.states if spec is not None else []
        return {k: (self.names[k].strip()[:NAME_MAX] or f"{states[k].name} delegation")
                for k, kind in enumerate(self.kinds) if kind == "human"}

    def toggle_seat(self, k: int) -> None:
        self._sync()
        if 0 <= k < len(self.kinds):
            self.kinds[k] = "ai" if self.kinds[k] == "human" else "human"
            self.rebuild()

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        left_w, mid_x, mid_w, rx, right_w = self.columns()
        self.label((40, 24, 900, 36), "Seminar: prepare a facilitated class game", cls="heading")
        self.label((40, 70, left_w, 24), "Scenario (with a seminar section first)", cls="dim")
        self._labels = _unique_labels([e.label for e in self.entries])
        sel = self._labels[self.index] if self._labels else None
        self.scenario_list = UISelectionList(pygame.Rect(40, 96, left_w, h - 96 - 150), self._labels, self.app.ui,
                                             container=self.root, default_selection=sel,
                                             object_id=oid(None, "scenario_list"))
        self.resume_button = self.button((40, h - 134, left_w, 44), "Resume a saved seminar", self.open_resume,
                                         obj="resume_seminar",
                    tooltip="Continue a seminar saved in an earlier session (with its original passphrase)")
        self.button((40, h - 84, left_w, 40), "Back", self.app.pop, obj="back")
        self.label((mid_x, 70, mid_w, 24), "About, and the facilitator's note (only for you)", cls="dim")
        about_h = max(200, min(330, h - 96 - 330))
        UITextBox(self._about_html(), pygame.Rect(mid_x, 96, mid_w, about_h), self.app.ui, container=self.root,
                  object_id=oid(None, "scenario_about"))
        y = 96 + about_h + 14
        y = self._build_variant_list(mid_x, y, mid_w, max_h=120)
        self.label((mid_x, y, mid_w, 24), "Map", cls="dim")
        self.preview_rect = pygame.Rect(mid_x, y + 26, mid_w, max(100, h - y - 26 - 40))
        self._build_delegations(rx, right_w, h)

    def _build_delegations(self, rx: int, right_w: int, h: int) -> None:
        spec = self.spec()
        states = spec.states if spec is not None else []
        self.label((rx, 70, right_w, 24), "Roles: a delegation (its name) or the AI for each state", cls="dim")
        self.kind_buttons, self.name_entries = [], {}
        row_h = 44 if len(states) <= 6 else max(32, (h - 470) // max(1, len(states)))
        yy = 96
        name_w = 170
        kind_x = rx + 24 + name_w
        entry_x = kind_x + 128
        for k, st in enumerate(states):
            self.label((rx + 24, yy + 2, name_w - 6, row_h - 8), st.name)
            human = self.kinds[k] == "human"
            b = self.button((kind_x, yy, 120, row_h - 6), "Delegation" if human else "AI", lambda k=k: self.toggle_seat(k),
                            obj=f"seat_kind_{k}", cls="small",
                            tooltip=(st.role or st.name) + " - switch between a delegation of students and the AI")
            if human:
                b.select()
                self.name_entries[k] = self._seat_name_entry(
                    k, pygame.Rect(entry_x, yy, rx + right_w - entry_x, row_h - 6), f"{st.name} delegation", NAME_MAX)
            else:
                self.label((entry_x + 6, yy + 2, rx + right_w - entry_x - 6, row_h - 8), "played by the computer",
                           cls="dim")
            self.kind_buttons.append(b)
            yy += row_h
        yy += 8
        half = (right_w - 12) // 2
        self.label((rx, yy, half, 24), "Negotiation (minutes, 0 = none)", cls="dim")
        self.label((rx + half + 12, yy, half, 24), "Seed (same seed, same game)", cls="dim")
        yy += 26
        self.minutes_entry = UITextEntryLine(pygame.Rect(rx, yy, half, 36), self.app.ui, container=self.root,
                                             object_id=oid(None, "minutes_entry"))
        self.minutes_entry.set_allowed_characters(list("0123456789."))
        self.minutes_entry.set_text_length_limit(6)
        self.minutes_entry.set_text(self.minutes)
        self.seed_entry = UITextEntryLine(pygame.Rect(rx + half + 12, yy, half - 100, 36), self.app.ui,
                                          container=self.root, object_id=oid(None, "seed_entry"))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(len(str(MAX_SEED)))
        self.seed_entry.set_text(str(self.seed))
        self.button((rx + right_w - 92, yy, 92, 36), "New", self.new_seed, obj="new_seed", cls="small")
        yy += 48
        self.label((rx, yy, right_w, 24), "Facilitator passphrase (twice): opens the console with Ctrl+F", cls="dim")
        yy += 26
        self.pass_entries = self._hidden_pair(rx, yy, half, 12, 36, "passphrase", "Passphrase", self._passphrase)
        yy += 44
        if self.problem:
            self.text_lines((rx, yy, right_w, 40), self.problem, cls="small", obj="setup_problem")
            yy += 44
        self.roles_rect = pygame.Rect(rx, yy + 6, right_w, h - 84 - 16 - yy - 6)
        e = self.entry
        self.start_button = self.button((rx, h - 84, right_w - 200, 56), "Start the seminar", self.start, cls="primary",
                                        obj="start_seminar", enabled=e is not None)
        self.host_button = self.button((rx + right_w - 190, h - 84, 190, 56), "Host on network", self.host,
                                       obj="host_network", enabled=e is not None,
                                       tooltip="Run the seminar across laptops: each delegation joins from its own "
                                               "(Join a game); the facilitator's console opens on this one")

    def _about_html(self) -> str:
        spec = self.spec()
        if spec is None:
            return super()._about_html()
        text = (f"<b>{html.escape(spec.name)}</b> - {spec.map.width}x{spec.map.height} hexes, {len(spec.states)} "
                f"states, {spec.victory.max_turns} turns<br>{html.escape(' '.join(spec.description.split()))}")
        sem = spec.seminar
        if sem is None:
            text += ("<br><br><i>This scenario has no seminar section: no briefings or injects, a 5-minute "
                     "negotiation. It still works.</i>")
            return text
        if sem.facilitator_note:
            text += f"<br><br><b>Facilitator's note.</b> {html.escape(' '.join(sem.facilitator_note.split()))}"
        auto = [i.name for i in sem.injects if i.when is not None]
        manual = [i.name for i in sem.injects if i.when is None]
        if sem.injects:
            text += (f"<br><br><b>Injects:</b> {len(auto)} on conditions ({html.escape(', '.join(auto)) or '-'}), "
                     f"{len(manual)} by hand ({html.escape(', '.join(manual)) or '-'}).")
        text += (f"<br><b>Phases:</b> negotiation {sem.phases.negotiation_seconds / 60:g} min"
                 + (f", orders {sem.phases.orders_seconds / 60:g} min" if sem.phases.orders_seconds else "") + ".")
        if sem.discussion_questions:
            text += f"<br><b>Discussion questions:</b> {len(sem.discussion_questions)} (in the debrief and the report)."
        return text

    # --- start / resume -----------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.variant_list:
            self._sync()
        super().on_ui_event(event)
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.variant_list:
            self.rebuild()

    def _checked(self) -> tuple[Any, float] | None:
        """The chosen scenario and the negotiation's minutes, or None with the problem shown (delegations,
        minutes, passphrase: the same checks for a seminar here and one hosted on the network)."""
        self._sync()
        e = self.usable_entry()
        if e is None:
            return None
        try:
            minutes = float(self.minutes or "0")
        except ValueError:
            minutes = -1
        problem = delegation_problem(self.kinds, [self.delegation_names().get(k, "") for k in range(len(self.kinds))])
        if not problem and not 0 <= minutes <= MAX_MINUTES:
            problem = f"The negotiation lasts 0 to {MAX_MINUTES} minutes."
        problem = problem or check_new_passphrase(*self._passphrase)
        if problem:
            self.problem = problem
            self.rebuild()
            return None
        return e, minutes

    def host(self) -> None:
        """Host the seminar on the network: the delegations join from their laptops, the AI plays the rest on
        this one; the host screen opens, with the facilitator's console a button away."""
        checked = self._checked()
        if checked is None:
            return
        e, minutes = checked
        humans = tuple(sorted(self.delegation_names()))
        passphrase = self._passphrase[0]
        self._passphrase = ["", ""]
        self.app.push(self.app.build_screen("network_host", e.path, self.variant, self.seed, humans=humans,
                                            negotiation_seconds=minutes * 60, facilitator_passphrase=passphrase))

    def start(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        e, minutes = checked
        try:
            session = start_seminar_session(e.path, self.variant, self.seed, self.delegation_names(),
                                            self.app.default_sets)
        except FileError as exc:
            self.app.push(ErrorDialog(self.app, f"{e.path.name} cannot be started", exc.issues))
            return
        run = SeminarRun(session, negotiation_seconds=minutes * 60, save_path=new_seminar_path(session.record))
        run.set_passphrase(*self._passphrase)
        self._passphrase = ["", ""]
        run.save()
        SeminarMatch(self.app, run).begin()

    def open_resume(self) -> None:
        self.app.push(self.app.build_screen("seminar_resume"))

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self._draw_roles(surface)
        self._draw_preview(surface, empty="")
        spec = self.spec()
        if spec is not None:
            _, _, _, rx, _ = self.columns()
            row_h = 44 if len(spec.states) <= 6 else max(32, (self.size[1] - 470) // max(1, len(spec.states)))
            for k, st in enumerate(spec.states):
                r = pygame.Rect(rx, 96 + row_h * k + 8, 18, 18)
                pygame.draw.rect(surface, hex_rgb(st.colour), r, border_radius=3)

    def _draw_roles(self, surface: pygame.Surface) -> None:
        """The public roles (what every delegation may know of the others), under the passphrase."""
        spec = self.spec()
        r = self.roles_rect
        if spec is None or r.h < 60 or not any(st.role for st in spec.states):
            return
        p = self.painter
        p.begin()
        p.text(surface, "Public roles (the briefings stay private)", (r.x, r.y), 13, TEXT_DIM, True)
        y = r.y + 24
        for st in spec.states:
            if y > r.bottom - 20:
                break
            pygame.draw.rect(surface, hex_rgb(st.colour), (r.x, y + 5, 8, 10))
            y = p.paragraph(surface, f"{st.name}: {st.role or '-'}", pygame.Rect(r.x + 16, y, r.w - 16, r.bottom - y),
                            13, TEXT) + 2
