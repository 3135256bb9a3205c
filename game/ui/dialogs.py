"""Modal dialogs: a message, a yes/no confirmation, a pick from a list, and the error dialog (file, line,
message)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UIPanel, UISelectionList, UITextBox

from game.engine.errors import FileError, FileIssue

from .scene import Scene, oid

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


class Dialog(Scene):
    """A centred panel over the dimmed scene below. Enter = first button, Esc = last button."""

    modal = True
    width = 640

    def __init__(self, app: "App", title: str, body_html: str,
                 buttons: Sequence[tuple[str, Callable[[], None] | None]] = (("OK", None),)) -> None:
        super().__init__(app)
        self.title = title
        self.body_html = body_html
        self.buttons_spec = list(buttons)
        self.buttons: list = []
        self.panel: UIPanel | None = None

    def body_height(self) -> int:
        lines = self.body_html.count("<br>") + len(self.body_html) // 70 + 2
        return max(90, min(420, lines * 22))

    def build(self) -> None:
        w, h = self.size
        pw, ph = min(self.width, w - 40), self.body_height() + 130
        rect = pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)
        self.panel = UIPanel(rect, starting_height=5, manager=self.app.ui, container=self.root, object_id=oid("dialog"))
        self.label((16, 10, pw - 32, 30), self.title, container=self.panel, cls="heading", obj="dialog_title")
        UITextBox(self.body_html, pygame.Rect(16, 46, pw - 32, ph - 46 - 64), self.app.ui, container=self.panel,
                  object_id=oid(None, "dialog_body"))
        self.buttons = []
        bw = 150
        x = pw - 16 - bw * len(self.buttons_spec) - 10 * (len(self.buttons_spec) - 1)
        for k, (text, _) in enumerate(self.buttons_spec):
            b = self.button((x + k * (bw + 10), ph - 56, bw, 40), text, lambda k=k: self.choose(k),
                            container=self.panel, cls="primary" if k == 0 else None, obj=f"dialog_button_{k}")
            self.buttons.append(b)

    def choose(self, k: int) -> None:
        if self.app.top is self:
            self.app.pop()
        action = self.buttons_spec[k][1]
        if action is not None:
            action()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.choose(0)
            elif event.key == pygame.K_ESCAPE:
                self.choose(len(self.buttons_spec) - 1)

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((8, 10, 14, 170))
        surface.blit(shade, (0, 0))


class MessageDialog(Dialog):
    def __init__(self, app: "App", title: str, text: str, on_close: Callable[[], None] | None = None) -> None:
        super().__init__(app, title, html.escape(text).replace("\n", "<br>"), (("OK", on_close),))


class ConfirmDialog(Dialog):
    """Yes / No; ``on_yes`` runs after the dialog closes."""

    def __init__(self, app: "App", title: str, text: str, on_yes: Callable[[], None],
                 yes: str = "Yes", no: str = "Cancel", on_no: Callable[[], None] | None = None) -> None:
        super().__init__(app, title, html.escape(text).replace("\n", "<br>"), ((yes, on_yes), (no, on_no)))


def issue_html(issue: FileIssue, with_file: bool = True) -> str:
    where = []
    if issue.line is not None:
        where.append(f"line {issue.line}" + (f", column {issue.col}" if issue.col is not None else ""))
    if issue.path:
        where.append(f"at <b>{html.escape(issue.path)}</b>")
    head = f"<b>File:</b> {html.escape(issue.file)}<br>" if with_file else ""
    return (f"{head}<b>Where:</b> {' '.join(where) or 'the whole file'}<br>"
            f"<b>Problem:</b> {html.escape(issue.message)}")


def issues_html(issues: Sequence[FileIssue], limit: int = 8) -> list[str]:
    """One block per issue; the file is named once for consecutive issues of the same file."""
    parts, last = [], None
    for issue in issues[:limit]:
        parts.append(issue_html(issue, with_file=issue.file != last))
        last = issue.file
    if len(issues) > limit:
        parts.append(f"... and {len(issues) - limit} more problems.")
    return parts


class PickDialog(Dialog):
    """A list to pick one value from: a click on an item picks it (``on_pick(value)``) and closes;
    Cancel or Esc closes without a pick. ``items``: (what the list shows, the value it stands for)."""

    def __init__(self, app: "App", title: str, text: str, items: Sequence[tuple[str, str]],
                 on_pick: Callable[[str], None]) -> None:
        super().__init__(app, title, html.escape(text), (("Cancel", None),))
        self.items = dict(items)
        self.on_pick = on_pick
        self.list: UISelectionList | None = None

    def body_height(self) -> int:
        return 380

    def build(self) -> None:
        super().build()
        pw = self.panel.relative_rect.width
        self.list = UISelectionList(pygame.Rect(16, 86, pw - 32, self.body_height() - 50), list(self.items),
                                    self.app.ui, container=self.panel, object_id=oid(None, "pick_list"))

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            value = self.items.get(event.text)
            if value is not None:
                if self.app.top is self:
                    self.app.pop()
                self.on_pick(value)


class ErrorDialog(Dialog):
    """What went wrong, where (file, line) and what to do; the game keeps running underneath."""

    width = 760

    def __init__(self, app: "App", title: str, issues: Sequence[FileIssue] = (), message: str = "",
                 on_close: Callable[[], None] | None = None) -> None:
        self.issues = tuple(issues)
        self.message = message
        parts = issues_html(self.issues)
        if message:
            parts.append(html.escape(message).replace("\n", "<br>"))
        super().__init__(app, title, "<br><br>".join(parts), (("Close", on_close),))

    def body_height(self) -> int:
        return max(120, min(440, 80 * max(1, min(len(self.issues), 8)) + (40 if self.message else 0)))

    @classmethod
    def from_exception(cls, app: "App", exc: BaseException, title: str = "Something went wrong") -> "ErrorDialog":
        if isinstance(exc, FileError):
            return cls(app, title, exc.issues)
        if isinstance(exc, OSError) and getattr(exc, "filename", None):
            return cls(app, title, [FileIssue(str(exc.filename), None, None, "", exc.strerror or str(exc))])
        tb = exc.__traceback__
        where = ""
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        text = f"{type(exc).__name__}: {exc}"
        if where:
            text += f"\n(in {where})"
        text += "\nThe game is still running. If this keeps happening, please report it with the steps that led here."
        return cls(app, title, (), text)
