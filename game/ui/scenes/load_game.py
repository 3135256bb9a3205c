"""Load game (title screen, Ctrl+L, the in-game menu): the saves and autosaves, newest first, each
with its scenario, turn and players (an unreadable file is listed with its problem); Load, Watch
replay, Delete. Loading a bad file shows the error dialog (file, place, message) and changes nothing.

The list reads only each file's header (a few KB; ``saves.list_saves``), so a huge or hostile file
cannot stall it. A save protected by a password is listed as locked with only its public summary;
Load and Watch the replay ask for the password first."""
from __future__ import annotations

import html
import time
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextBox, UITextEntryLine

from game.engine.saves import SaveInfo, list_saves
from game.session.host import side_path

from .. import persistence
from ..dialogs import ConfirmDialog, ErrorDialog
from ..flow import resume
from ..palette import BG, PANEL_EDGE
from ..scene import Scene, oid


def entry_label(info: SaveInfo, auto: bool) -> str:
    """One line of the list (unique: it ends with the file name)."""
    tag = ("[auto] " if auto else "") + ("[locked] " if info.encrypted else "")
    if not info.ok:
        return f"(!) {tag}{info.path.name}: cannot be read"
    variant = f" {info.variant}" if info.variant else ""
    state = "finished" if info.finished else f"turn {info.turn}"
    players = f" - {', '.join(info.players)}" if info.players else ""
    return f"{tag}{info.scenario}{variant}, {state}{players}  ({info.path.name})"


def details_html(info: SaveInfo) -> str:
    rows = [("File", str(info.path)), ("Size", f"{info.size / 1024:.0f} KB"),
            ("Modified", time.strftime("%Y-%m-%d %H:%M", time.localtime(info.modified)))]
    if info.ok and info.encrypted:
        rows += [("Scenario", info.scenario), ("Variant", info.variant or "(base)"), ("Game", info.mode or "-"),
                 ("Turn", "game over" if info.finished else f"{info.turn} (the next to play)"),
                 ("Saved at", info.saved_at or "-"),
                 ("Locked", "protected by a password: Load or Watch the replay asks for it")]
    elif info.ok:
        rows += [("Scenario", info.scenario), ("Variant", info.variant or "(base)"), ("Seed", str(info.seed)),
                 ("Turn", "game over" if info.finished else f"{info.turn} (the next to play)"),
                 ("Players", ", ".join(info.players) or "(single player)"), ("Saved at", info.saved_at or "-")]
    else:
        rows.append(("Problem", info.problem))
    body = "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows)
    if not info.ok:
        body += "<br><br><i>Load shows the full error; the file is never changed.</i>"
    return body


def hosted_save(info: SaveInfo) -> bool:
    """A readable, unfinished, unlocked save of a game hosted on the network: its seat file is beside it."""
    return info.ok and not info.finished and not info.encrypted and side_path(info.path).is_file()


class LoadGameScene(Scene):
    screen_name = "load_game"
    title = "Load game"
    opaque = True

    def __init__(self, app) -> None:
        super().__init__(app)
        self.entries: list[tuple[SaveInfo, bool]] = []
        self.labels: list[str] = []
        self.selected = 0
        self.list: UISelectionList | None = None
        self.details: UITextBox | None = None
        self.path_entry: UITextEntryLine | None = None
        self.load_button = self.replay_button = self.delete_button = self.host_again_button = None
        self.refresh()

    # --- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read both folders (after a delete, or on opening)."""
        manual = [(i, False) for i in list_saves(persistence.saves_folder(self.app))]
        auto = [(i, True) for i in list_saves(persistence.autosave_folder(self.app))]
        self.entries = manual + auto
        self.labels = [entry_label(i, a) for i, a in self.entries]
        self.selected = min(self.selected, max(0, len(self.entries) - 1))

    @property
    def current(self) -> SaveInfo | None:
        return self.entries[self.selected][0] if self.entries else None

    def replay_allowed(self) -> bool:
        """Not while a hotseat game is being played: the full view would show the other players' forces."""
        game = self.app.game
        return not (game is not None and game.curtain and not game.session.state.finished)

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        self.label((40, 24, 800, 36), "Load a saved game", cls="heading")
        self.label((40, 60, w - 80, 22), f"Saves: {persistence.saves_folder(self.app)}   "
                   f"(autosaves of the last 10 turns in its 'autosave' folder)", cls="dim")
        list_w = int((w - 120) * 0.58)
        self.list = UISelectionList(pygame.Rect(40, 92, list_w, h - 92 - 150),
                                    self.labels or ["(no saved games yet: Ctrl+S saves the game in progress)"],
                                    self.app.ui, container=self.root, object_id=oid(None, "save_list"),
                                    default_selection=self.labels[self.selected] if self.labels else None)
        dx = 40 + list_w + 40
        dw = w - dx - 40
        info = self.current
        self.details = UITextBox(details_html(info) if info else "Nothing selected.",
                                 pygame.Rect(dx, 92, dw, 260), self.app.ui, container=self.root,
                                 object_id=oid(None, "save_details"))
        y = 92 + 276
        has = info is not None
        self.load_button = self.button((dx, y, dw, 52), "Load and continue (Enter)", self.load_selected, cls="primary",
                                       obj="load_selected", enabled=has)
        half = (dw - 10) // 2
        self.replay_button = self.button((dx, y + 62, half, 44), "Watch the replay", self.replay_selected,
                                         obj="replay_selected", enabled=has and self.replay_allowed(),
                                         tooltip="Step through the game turn by turn, from any point of view")
        self.host_again_button = self.button((dx + dw - half, y + 62, half, 44), "Host again", self.host_again,
                                             obj="host_again", enabled=has and hosted_save(info),
                                             tooltip="A game hosted on the network: serve it again from this save, "
                                                     "with the same room code and seats (the laptops reconnect)")
        self.delete_button = self.button((dx, y + 116, dw, 44), "Delete (Del)", self.delete_selected,
                                         obj="delete_selected", enabled=has)
        self.label((40, h - 132, list_w, 22), "Or open a file by its path:", cls="dim")
        self.path_entry = UITextEntryLine(pygame.Rect(40, h - 106, list_w - 130, 38), self.app.ui, container=self.root,
                                          object_id=oid(None, "load_path"))
        self.path_entry.set_text_length_limit(4096)
        self.button((40 + list_w - 120, h - 106, 120, 38), "Open", self.load_path, obj="load_path_button")
        self.button((dx, h - 106, dw, 46), "Back (Esc)", self.back, obj="back")

    # --- actions -----------------------------------------------------------------------------
    def back(self) -> None:
        if self.app.top is self:
            self.app.pop()

    def load_selected(self) -> None:
        info = self.current
        if info is not None:
            resume(self.app, info.path)

    def load_path(self) -> None:
        text = self.path_entry.get_text().strip() if self.path_entry is not None else ""
        if text:
            resume(self.app, Path(text).expanduser())

    def host_again(self) -> None:
        """Serve a hosted game again from its autosave and seat file (``host --resume``); a seminar asks for
        the facilitator's passphrase first (the seat file keeps none)."""
        info = self.current
        if info is None or not hosted_save(info):
            return
        if info.mode == "seminar":
            self.app.push(self.app.build_screen(
                "new_passphrase", lambda secret: self.app.push(self.app.build_screen(
                    "network_host", None, resume=info.path, facilitator_passphrase=secret)),
                note="The facilitator joins the resumed seminar with this passphrase (a new one is fine).",
                heading="Facilitator passphrase"))
            return
        self.app.push(self.app.build_screen("network_host", None, resume=info.path))

    def replay_selected(self) -> None:
        info = self.current
        if info is None or not self.replay_allowed():
            return
        self.app.build_screen("replay", info.path)

    def delete_selected(self) -> None:
        info = self.current
        if info is None:
            return
        self.app.push(ConfirmDialog(self.app, f"Delete {info.path.name}?", f"{info.path}\n\nThis cannot be undone.",
                                    lambda: self._delete(info.path), yes="Delete"))

    def _delete(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            self.app.push(ErrorDialog.from_exception(self.app, exc, "The save could not be deleted"))
        self.refresh()
        if self.app.top is self:
            self.rebuild()

    def select(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self.selected = index
            self.rebuild()

    # --- events ------------------------------------------------------------------------------
    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            if event.text in self.labels:
                self.select(self.labels.index(event.text))
        elif event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            if event.text in self.labels:
                self.selected = self.labels.index(event.text)
                self.load_selected()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.path_entry:
            self.load_path()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.back()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.load_selected()
        elif event.key == pygame.K_DELETE:
            self.delete_selected()
        elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.entries:
            self.select(max(0, min(len(self.entries) - 1, self.selected + (1 if event.key == pygame.K_DOWN else -1))))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BG)
        w, _ = self.size
        pygame.draw.line(surface, PANEL_EDGE, (40, 86), (w - 40, 86))
