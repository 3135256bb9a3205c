"""Resume a seminar saved in an earlier session: the seminar saves (newest first; sandboxes marked),
then the seminar's ORIGINAL facilitator passphrase (its file is encrypted with it: a wrong one is
refused and nothing is read), then the game goes on at its current turn. A seminar saved before
seminar files were encrypted asks for a new passphrase, which encrypts it from then on."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.engine.errors import FileError, FileIssue
from game.engine.saves import SaveInfo, list_saves

from ..dialogs import ErrorDialog
from ..palette import BG
from ..scene import Scene, oid
from game.session.seminar import SeminarRun, open_seminar, seminar_dir
from ..seminar_flow import SeminarMatch


def save_label(info: SaveInfo) -> str:
    if not info.ok:
        return f"(!) {info.path.name}: cannot be read"
    sandbox = ("[SANDBOX] " if "sandbox" in info.path.stem else "") + ("" if info.encrypted else "[not encrypted] ")
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
        self.replay_button = None

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
        self.replay_button = self.button((w - 40 - 300 - 20 - 260, h - 76, 260, 44), "Watch the replay",
                                         self.replay_selected, obj="replay_selected",
                                         enabled=bool(self.saves) and self.saves[self.selected].encrypted,
                                         tooltip="Facilitator: every view of the seminar so far, with the passphrase")
        self.button((40, h - 76, 180, 44), "Back", self.app.pop, obj="back")

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list \
                and event.text in self.labels:
            self.selected = self.labels.index(event.text)
            if self.replay_button is not None:
                self.replay_button.enable() if self.saves[self.selected].encrypted else self.replay_button.disable()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def resume_selected(self) -> None:
        """The original passphrase opens the file (a wrong one is refused and the prompt stays)."""
        if not self.saves:
            return
        info = self.saves[self.selected]
        if not info.ok:
            self._refuse(info, None)
            return
        if info.encrypted:
            self.app.build_screen("ask_password", f"Resume {info.path.name}", "Enter this seminar's facilitator "
                                  "passphrase (the one it was started with).", lambda text: open_seminar(info.path, text),
                                  self._go, f"{info.path.name} cannot be resumed",
                                  "Wrong passphrase: this seminar stays locked.")
            return

        def new_passphrase(text: str) -> None:
            try:
                run = open_seminar(info.path, text)
            except FileError as exc:
                self._refuse(info, exc)
                return
            self._go(run)

        self.app.push(self.app.build_screen("new_passphrase", new_passphrase, note=(
            "This seminar was saved before seminar files were encrypted: choose a passphrase; "
            "the file is encrypted with it from now on.")))

    def replay_selected(self) -> None:
        """The seminar's replay; its facilitator passphrase opens every view, the full one included."""
        if self.saves and self.saves[self.selected].encrypted:
            self.app.build_screen("replay", self.saves[self.selected].path)

    def _go(self, run: SeminarRun) -> None:
        SeminarMatch(self.app, run).begin()

    def _refuse(self, info: SaveInfo, exc: FileError | None) -> None:

        issues = exc.issues if exc is not None else (FileIssue(str(info.path), None, None, "", info.problem),)
        self.app.push(ErrorDialog(self.app, f"{info.path.name} cannot be resumed", issues))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BG)
