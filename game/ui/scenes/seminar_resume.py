"""Resume a seminar saved in an earlier session: the seminar saves (newest first; sandboxes marked),
then a new facilitator passphrase (a save keeps none), then the game goes on at its current turn."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.engine.errors import FileError
from game.engine.saves import SaveInfo, list_saves, load_game

from ..dialogs import ErrorDialog
from ..palette import BG
from ..scene import Scene, oid
from ..seminar import resumed_run, seminar_dir
from ..seminar_flow import SeminarMatch


def save_label(info: SaveInfo) -> str:
    if not info.ok:
        return f"(!) {info.path.name}: cannot be read"
    sandbox = "[SANDBOX] " if "sandbox" in info.path.stem else ""
    state = "finished" if info.finished else f"turn {info.turn}"
    who = f" - {', '.join(info.players)}" if info.players else ""
    return f"{sandbox}{info.scenario}{' ' + info.variant if info.variant else ''}, {state}{who}  ({info.path.name})"


class ResumeSeminarScene(Scene):
    screen_name = "seminar_resume"
    opaque = True
    title = "Resume a seminar"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.saves = list_saves(seminar_dir())
        self.labels = [save_label(i) for i in self.saves]
        self.selected = 0
        self.list: UISelectionList | None = None
        self.resume_button = None

    def build(self) -> None:
        w, h = self.size
        self.label((40, 24, 900, 36), "Resume a saved seminar", cls="heading")
        self.label((40, 66, w - 80, 24), f"Seminar saves in {seminar_dir()} (every turn and every facilitator action "
                                         "is saved there)", cls="dim")
        if not self.saves:
            self.label((40, 110, w - 80, 30), "No seminar has been saved yet.")
        else:
            self.list = UISelectionList(pygame.Rect(40, 100, w - 80, h - 100 - 100), self.labels, self.app.ui,
                                        container=self.root, default_selection=self.labels[self.selected],
                                        object_id=oid(None, "seminar_saves"))
        self.resume_button = self.button((w - 40 - 300, h - 80, 300, 52), "Resume this seminar", self.resume_selected,
                                         cls="primary", obj="resume_selected", enabled=bool(self.saves))
        self.button((40, h - 76, 180, 44), "Back", self.app.pop, obj="back")

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list \
                and event.text in self.labels:
            self.selected = self.labels.index(event.text)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def resume_selected(self) -> None:
        if not self.saves:
            return
        info = self.saves[self.selected]
        try:
            loaded = load_game(info.path)
        except FileError as exc:
            self.app.push(ErrorDialog(self.app, f"{info.path.name} cannot be resumed", exc.issues))
            return
        try:
            run = resumed_run(loaded.record, info.path)
        except FileError as exc:
            self.app.push(ErrorDialog(self.app, f"{info.path.name} cannot be resumed", exc.issues))
            return

        def go(passphrase: str) -> None:
            run.set_passphrase(passphrase)
            SeminarMatch(self.app, run).begin()

        self.app.push(self.app.build_screen("new_passphrase", go))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BG)
