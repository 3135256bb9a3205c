"""The Edit tab: change a scenario value mid-game (era, parameters, a state's numbers), logged."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextEntryLine

from game.engine.facilitator import editable_paths

from ..scene import oid
from .base import ConsoleTab

EDIT_VALUE_LIMIT = 64     # a number or a strategy key (at most 40 characters)


def path_label(path: str, names: dict[str, str]) -> str:
    """An editable path as a list shows it: a state's with the state's name (``A.treasury  (Atlantis)``)."""
    head = path.split(".")[0]
    return f"{path}  ({names[head]})" if head in names else path


class EditTab(ConsoleTab):
    key, label = "edit", "Edit"

    def __init__(self, console) -> None:
        super().__init__(console)
        self.path = ""
        self.list: UISelectionList | None = None
        self.entry: UITextEntryLine | None = None
        self._paths: dict[str, str] = {}          # list label -> editable path

    def build(self, r: pygame.Rect) -> None:
        c = self.console
        names = {n.key: n.name for n in self.run.record.state.nations}
        self._paths = {path_label(p, names): p for p in editable_paths(self.run.record.state)}
        current = next((label for label, p in self._paths.items() if p == self.path), None)
        self.list = UISelectionList(pygame.Rect(r.x, r.y + 4, r.w, r.h - 150), list(self._paths), c.app.ui,
                                    container=c.root, default_selection=current,
                                    object_id=oid(None, "console_edit_list"))
        y = r.bottom - 136
        c.label((r.x, y, r.w, 24), f"{self.path or 'Choose a value above'}: now {self.current_value()}",
                obj="console_edit_current")
        self.entry = UITextEntryLine(pygame.Rect(r.x, y + 32, r.w - 170, 40), c.app.ui, container=c.root,
                                     object_id=oid(None, "console_edit_value"))
        self.entry.set_text_length_limit(EDIT_VALUE_LIMIT)
        c.buttons["apply"] = c.button((r.right - 160, y + 32, 160, 40), "Set (logged)", self.apply_edit,
                                      cls="primary", obj="console_apply", enabled=bool(self.path))

    def current_value(self) -> str:
        if not self.path:
            return "-"
        st = self.run.record.state
        head, _, field = self.path.partition(".")
        if head == "era":
            return str(getattr(st.era, field, "?"))
        if head == "params":
            return str(getattr(st.params, field, "?"))
        n = next((n for n in st.nations if n.key == head), None)
        return str(getattr(n, field, "?")) if n is not None else "?"

    def apply_edit(self) -> None:
        c = self.console
        raw = self.entry.get_text() if self.entry is not None else ""
        try:
            event = self.run.edit(self.path, raw)
        except ValueError as exc:
            c.status, c.status_bad = str(exc), True
            c.dirty = True
            return
        c.changed = True
        c.did(event.text)

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            self.path = self._paths.get(event.text, "")
            self.console.rebuild()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.apply_edit()
            return True
        return False
