"""Hotseat setup: scenario (or a seeded random map), variant and seed as for a single-player game,
then one row per state - Human (with the player's name) or AI. Two to eight human seats; the AI
seats share one difficulty. An optional game password (twice) encrypts every save and autosave of
the game (see docs/saves.md); without one the screen says plainly that the saves are readable by
anyone at the computer. Start opens the curtain of the first human seat."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.engine.errors import FileError
from game.engine.save_container import SaveKey

from ..dialogs import ErrorDialog, MessageDialog
from ..flow import Match
from ..palette import hex_rgb
from game.session.seminar_lock import check_new_passphrase
from game.session.local import GameSession
from .setup import SetupScene, duplicate_names

MIN_HUMANS, MAX_HUMANS = 2, 8
NAME_MAX = 20
ROW_H = 40
OPEN_SAVES = ("No game password: this game's saves (every player's orders and stated reasons, the AI's "
              "hidden types) are readable by anyone at this computer.")
LOCKED_SAVES = "The saves are encrypted with the game password; it is asked when the game is loaded."


def player_names(kinds: list[str], names: list[str]) -> dict[int, str]:
    """Seat index -> player name for the human seats ('Player n' where left empty)."""
    humans = [k for k, kind in enumerate(kinds) if kind == "human"]
    return {k: (names[k].strip()[:NAME_MAX] if k < len(names) and names[k].strip() else f"Player {n + 1}")
            for n, k in enumerate(humans)}


def seat_problem(kinds: list[str], names: list[str]) -> str:
    """Why these seats cannot start a hotseat game ('' when they can)."""
    players = player_names(kinds, names)
    if len(players) < MIN_HUMANS:
        return f"A hotseat game needs at least {MIN_HUMANS} human players: switch a state from AI to Human."
    if len(players) > MAX_HUMANS:
        return f"At most {MAX_HUMANS} human players: switch some states to AI."
    dup = duplicate_names(players.values())
    if dup:
        return f"Each player needs a different name ({', '.join(dup)} is used twice)."
    return ""


class HotseatSetupScene(SetupScene):
    screen_name = "hotseat_setup"
    title = "Hotseat"
    LEFT_W = ((1500, 380), (1300, 280), (0, 200))
    RIGHT_W = ((1300, 470), (0, 400))     # seat rows: colour, name, Human/AI, player name

    def __init__(self, app) -> None:
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.kind_buttons: list = []
        self.name_entries: dict[int, UITextEntryLine] = {}
        self.seat_rows: list[pygame.Rect] = []
        self.password = ["", ""]
        self.password_entries: list[UITextEntryLine] = []
        self.saves_notes: dict[bool, list] = {}
        super().__init__(app)

    # --- seats -------------------------------------------------------------------------------
    def _sync_seats(self) -> None:
        """One seat per state of the chosen map; the first two human by default."""
        n = len(self.state_names())
        if len(self.kinds) != n:
            self.kinds = ["human" if k < MIN_HUMANS else "ai" for k in range(n)]
            self.names = [""] * n

    def toggle_seat(self, k: int) -> None:
        self._sync_seats()
        if 0 <= k < len(self.kinds):
            self.kinds[k] = "ai" if self.kinds[k] == "human" else "human"
            self.rebuild()

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        self._sync_seats()
        w, h = self.size
        left_w, mid_x, mid_w, rx, right_w = self.columns()
        self.label((40, 24, 900, 36), "Hotseat: several players at one computer", cls="heading")
        self._build_scenario_list(left_w, h)
        self._build_middle(mid_x, mid_w, h)
        self._build_seats(rx, right_w, h)

    def _build_seats(self, rx: int, right_w: int, h: int) -> None:
        self.label((rx, 70, right_w, 24), f"Seats: {MIN_HUMANS}-{MAX_HUMANS} human players, the rest AI", cls="dim")
        self.kind_buttons, self.name_entries, self.seat_rows, self.nation_buttons = [], {}, [], []
        names = self.state_names()
        row_h = max(28, min(ROW_H, (h - 460) // max(1, len(names))))     # room for the password below
        yy = 96
        name_x = rx + 28
        kind_x = rx + 28 + 150
        entry_x = kind_x + 96
        for k, (state, _colour) in enumerate(names):
            self.seat_rows.append(pygame.Rect(rx, yy, right_w, row_h - 6))
            self.label((name_x, yy + 2, 146, row_h - 8), state)
            human = self.kinds[k] == "human"
            b = self.button((kind_x, yy, 88, row_h - 6), "Human" if human else "AI", lambda k=k: self.toggle_seat(k),
                            obj=f"seat_kind_{k}", tooltip="Switch this state between a human player and the AI")
            if human:
                b.select()
                placeholder = f"Player {sum(1 for x in self.kinds[:k + 1] if x == 'human')}"
                self.name_entries[k] = self._seat_name_entry(
                    k, pygame.Rect(entry_x, yy, rx + right_w - entry_x, row_h - 6), placeholder, NAME_MAX)
            else:
                self.label((entry_x + 6, yy + 2, rx + right_w - entry_x - 6, row_h - 8), "the computer plays",
                           cls="dim")
            self.kind_buttons.append(b)
            yy += row_h
        yy += 10
        yy = self._build_difficulty_row(rx, yy, right_w, "Difficulty of the AI seats") + 14
        yy = self._build_seed_row(rx, yy, right_w)
        yy = self._build_password_row(rx, yy + 10, right_w)
        hint = ("How it works: each human player gives orders in turn; a curtain between players hides the "
                "previous player's screen, so pass the computer on when it asks. Undo is free until you seal "
                "with End turn. Everyone watches the resolution together; every turn is autosaved.")
        lines = self.wrap_text(hint, right_w, "dim")
        if yy + 20 + 18 * len(lines) < h - 86:
            self.text_lines((rx, yy + 20, right_w, 18 * len(lines)), hint, cls="dim")
        e = self.entry
        ok = self.is_random or e is None or e.ok
        self.start_button = self.button((rx, h - 76, right_w - 300, 52), "Start hotseat game" if ok else
                                        "Show the problems", self.start, cls="primary", obj="start_game",
                                        enabled=self.is_random or e is not None)
        self.host_button = self.button((rx + right_w - 290, h - 76, 140, 52), "Host on network", self.host,
                                       obj="host_network", enabled=not self.is_random and e is not None and e.ok,
                                       tooltip="Serve this game on the local network: each human seat plays "
                                               "from its own laptop (Join a game, or python main.py join)")
        self.button((rx + right_w - 140, h - 76, 140, 52), "Back", self.app.pop, obj="back")

    def _build_password_row(self, rx: int, yy: int, right_w: int) -> int:
        """The optional game password (twice, hidden) and what it means for the saves."""
        self.label((rx, yy, right_w, 22), "Game password (optional: protects the saves)", cls="dim")
        yy += 24
        half = (right_w - 10) // 2
        self.password_entries = self._hidden_pair(rx, yy, half, 10, 34, "game_password", "Password", self.password)
        yy += 38
        self.saves_notes = {locked: self.text_lines((rx, yy, right_w, 36), text, cls="small",
                                                    obj="saves_note_locked" if locked else "saves_note_open")
                            for locked, text in ((False, OPEN_SAVES), (True, LOCKED_SAVES))}
        self._show_saves_note()
        return yy + 18 * max(len(v) for v in self.saves_notes.values())

    def _show_saves_note(self) -> None:
        locked = bool(self.password[0] or self.password[1])
        for key, labels in self.saves_notes.items():
            for lab in labels:
                lab.show() if key == locked else lab.hide()

    @property
    def saves_note(self) -> str:
        """The note on the saves as shown (tests)."""
        return " ".join(lab.text for labels in self.saves_notes.values() for lab in labels if lab.visible)

    # --- events ------------------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            for k, entry in self.name_entries.items():
                if event.ui_element is entry and k < len(self.names):
                    self.names[k] = entry.get_text()
                    return
            for k, entry in enumerate(self.password_entries):
                if event.ui_element is entry:
                    self.password[k] = entry.get_text()
                    self._show_saves_note()
                    return
        super().on_ui_event(event)

    def _select(self, index: int, keep_choices: bool = False) -> None:
        super()._select(index, keep_choices)
        self.kinds, self.names = [], []

    def set_random(self, field: str, value) -> None:
        self.kinds, self.names = [], []
        super().set_random(field, value)

    def start(self) -> None:
        self._sync_seats()
        e = self.entry
        if not self.is_random and self.usable_entry() is None:
            return
        problem = seat_problem(self.kinds, self.names)
        if problem:
            self.app.push(MessageDialog(self.app, "Check the seats", problem))
            return
        if self.password[0] or self.password[1]:
            problem = check_new_passphrase(*self.password).replace("passphrase", "password")
            if problem:
                self.app.push(MessageDialog(self.app, "Check the game password", problem))
                return
        players = player_names(self.kinds, self.names)
        humans = tuple(sorted(players))
        try:
            if self.is_random:
                source, _ = self.random_map()
                session = GameSession.start(source, None, self.seed, self.app.default_sets, humans=humans,
                                            difficulty=self.difficulty, label=self.random.label(self.seed),
                                            players=players)
            else:
                assert e is not None
                session = GameSession.start(e.path, self.variant, self.seed, self.app.default_sets, humans=humans,
                                            difficulty=self.difficulty, players=players)
        except FileError as exc:
            self.app.push(ErrorDialog(self.app, "The game cannot be started", exc.issues))
            return
        except ValueError as exc:
            self.app.push(ErrorDialog(self.app, "The random map cannot be made", message=str(exc)))
            return
        if self.password[0]:
            session.save_key = SaveKey.derive(self.password[0])
            self.password = ["", ""]
        Match(self.app, session, curtain=True).begin()

    def host(self) -> None:
        """Host the chosen scenario on the network, the human seats played from other laptops."""
        self._sync_seats()
        e = self.usable_entry()
        if self.is_random or e is None:
            return
        humans = tuple(sorted(player_names(self.kinds, self.names)))
        self.app.push(self.app.build_screen("network_host", e.path, self.variant, self.seed, humans=humans))

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self._draw_preview(surface)   # the preview is made to fit inside its frame
        for (_name, colour), row in zip(self.state_names(), self.seat_rows):
            r = pygame.Rect(row.x, row.centery - 10, 20, 20)
            pygame.draw.rect(surface, hex_rgb(colour), r, border_radius=3)
            pygame.draw.rect(surface, (20, 20, 20), r, 1, border_radius=3)
