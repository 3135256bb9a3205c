"""The lock on the facilitator console: the passphrase prompt (Ctrl+F; also the prompt for the
password of an encrypted save), the pause cover and the prompt for a new passphrase.

A wrong passphrase is refused and the prompt stays; nothing behind it changes. The pause cover
hides the whole screen (a delegation's private screen too) until the facilitator resumes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

import pygame
import pygame_gui
from pygame_gui.elements import UIPanel, UITextEntryLine

from game.engine.errors import FileError
from game.engine.saves import WrongPassword

from ..dialogs import ErrorDialog
from ..palette import ACCENT, BAD, BG, TEXT, TEXT_DIM
from ..scene import Scene, oid
from game.session.seminar import check_new_passphrase
from ..seminar_widgets import Painter, badge

if TYPE_CHECKING:  # pragma: no cover
    from ..seminar_flow import SeminarMatch

T = TypeVar("T")


def open_console(app, match: "SeminarMatch") -> None:
    """Ctrl+F: ask for the passphrase unless the console or its prompt is already open."""
    if any(s.screen_name == "facilitator" or isinstance(s, (PassphraseDialog, NewPassphraseDialog)) for s in app.scenes):
        return
    app.push(PassphraseDialog(app, match.run.unlock, lambda: app.push(app.build_screen("facilitator", match))))


def ask_password(app, heading: str, prompt: str, attempt: Callable[[str], T], on_open: Callable[[T], None],
                 error_title: str, refusal: str = "Wrong password: the save stays locked.") -> None:
    """Prompt for the password of an encrypted save. ``attempt(text)`` opens it (raising WrongPassword
    for a wrong one: refused, the prompt stays; any other FileError: the error dialog); then
    ``on_open(result)``."""
    result: dict[str, object] = {}

    def check(text: str) -> bool:
        try:
            result["ok"] = attempt(text)
        except WrongPassword:
            return False
        except FileError as exc:
            result["error"] = exc
        return True

    def done() -> None:
        exc = result.get("error")
        if isinstance(exc, FileError):
            app.push(ErrorDialog(app, error_title, exc.issues))
        else:
            on_open(result["ok"])  # type: ignore[arg-type]

    app.push(PassphraseDialog(app, check, done, heading=heading, prompt=prompt, refusal=refusal))


class _HiddenEntryDialog(Scene):
    """What the two passphrase prompts share: a centred dialog panel over a dimmed screen, a
    heading, and the confirm / Cancel pair in its lower right corner."""

    modal = True

    def dialog_panel(self, r: pygame.Rect, heading: str, heading_obj: str | None = None) -> UIPanel:
        p = UIPanel(r, starting_height=5, manager=self.app.ui, container=self.root, object_id=oid("dialog"))
        self.label((16, 12, r.w - 32, 30), heading, container=p, cls="heading", obj=heading_obj)
        return p

    def confirm_buttons(self, r: pygame.Rect, p: UIPanel, text: str, ok_obj: str, cancel_obj: str) -> tuple:
        """The confirm button (calls ``submit``) and Cancel (calls ``cancel``), as a pair."""
        ok = self.button((r.w - 16 - 310, r.h - 64, 150, 44), text, self.submit, container=p, cls="primary",
                         obj=ok_obj)
        cancel = self.button((r.w - 16 - 150, r.h - 64, 150, 44), "Cancel", self.cancel, container=p, obj=cancel_obj)
        return ok, cancel

    def submit(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((8, 10, 14, 200))
        surface.blit(shade, (0, 0))


class PassphraseDialog(_HiddenEntryDialog):
    """A modal prompt with a hidden entry. ``check`` says whether the text is right."""
    title = "Facilitator"

    def __init__(self, app, check: Callable[[str], bool], on_ok: Callable[[], None],
                 heading: str = "Facilitator console", prompt: str = "Enter the facilitator's passphrase.",
                 refusal: str = "Wrong passphrase: the console stays closed.") -> None:
        super().__init__(app)
        self._check = check
        self._on_ok = on_ok
        self.heading = heading
        self.refusal = refusal
        self.entry: UITextEntryLine | None = None
        self.open_button = None
        self.cancel_button = None
        self.refused = 0
        self.message = prompt

    def rect(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect((w - 520) // 2, (h - 250) // 2, 520, 250)

    def build(self) -> None:
        r = self.rect()
        p = self.dialog_panel(r, self.heading, "passphrase_title")
        self.label((16, 50, r.w - 32, 24), self.message, container=p, cls="small", obj="passphrase_message")
        self.entry = UITextEntryLine(pygame.Rect(16, 84, r.w - 32, 40), self.app.ui, container=p,
                                     object_id=oid(None, "passphrase_entry"))
        self.entry.set_text_hidden(True)
        self.entry.focus()
        self.open_button, self.cancel_button = self.confirm_buttons(r, p, "Open", "passphrase_open", "passphrase_cancel")

    def submit(self) -> None:
        if self.app.top is not self or self.entry is None:
            return
        text = self.entry.get_text()
        if self._check(text):
            self.app.pop()
            self._on_ok()
            return
        self.refused += 1
        self.message = self.refusal + (f" ({self.refused} refused)" if self.refused > 1 else "")
        self.rebuild()

    def cancel(self) -> None:
        if self.app.top is self:
            self.app.pop()

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.submit()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.cancel()


class NewPassphraseDialog(_HiddenEntryDialog):
    """Set a passphrase or password (twice): a seminar saved before files were encrypted, a game password."""
    screen_name = "new_passphrase"

    title = "New passphrase"

    def __init__(self, app, on_set: Callable[[str], None], on_cancel: Callable[[], None] | None = None,
                 note: str = "Choose a passphrase.", heading: str = "Facilitator passphrase") -> None:
        super().__init__(app)
        self._on_set = on_set
        self._on_cancel = on_cancel
        self.note = note
        self.heading = heading
        self.problem = ""
        self.entries: list[UITextEntryLine] = []
        self.ok_button = None

    def build(self) -> None:
        w, h = self.size
        r = pygame.Rect((w - 560) // 2, (h - 330) // 2, 560, 330)
        p = self.dialog_panel(r, self.heading)
        self.text_lines((16, 48, r.w - 32, 40), self.note, container=p)
        self.entries = []
        for k, y in enumerate((96, 146)):
            e = UITextEntryLine(pygame.Rect(16, y, r.w - 32, 40), self.app.ui, container=p,
                                object_id=oid(None, f"new_passphrase_{k}"), placeholder_text=("Passphrase", "Again")[k])
            e.set_text_hidden(True)
            self.entries.append(e)
        self.label((16, 194, r.w - 32, 24), self.problem, container=p, cls="small", obj="new_passphrase_problem")
        self.ok_button, _ = self.confirm_buttons(r, p, "Set", "new_passphrase_ok", "new_passphrase_cancel")

    def submit(self) -> None:
        if self.app.top is not self:
            return
        a, b = (e.get_text() for e in self.entries)
        self.problem = check_new_passphrase(a, b)
        if self.problem:
            self.rebuild()
            return
        self.app.pop()
        self._on_set(a)

    def cancel(self) -> None:
        if self.app.top is self:
            self.app.pop()
            if self._on_cancel is not None:
                self._on_cancel()


class PauseScene(Scene):
    """Covers everything while the facilitator has paused the seminar; gone once it resumes."""
    screen_name = "pause"

    opaque = True
    title = "Paused"

    def __init__(self, app, match: "SeminarMatch") -> None:
        super().__init__(app)
        self._match = match
        self.painter = Painter(app.fonts)

    @property
    def paused(self) -> bool:
        return self._match.run.paused

    def update(self, dt: float) -> None:
        if not self.paused and self.app.top is self:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        p = self.painter
        p.begin()
        surface.fill(BG)
        w, h = self.size
        p.text(surface, "Paused", (w // 2, h // 2 - 70), 64, ACCENT, True, anchor="center")
        p.text(surface, "The facilitator has paused the seminar.", (w // 2, h // 2 + 4), 22, TEXT, anchor="center")
        p.text(surface, "Facilitator: Ctrl+F and the passphrase to resume.", (w // 2, h // 2 + 44), 16, TEXT_DIM,
               anchor="center")
        if self._match.run.sandbox:
            badge(surface, p, "SANDBOX", (w - 20, 16))
        if self._match.run.save_problem:
            p.text(surface, "Saving failed: " + self._match.run.save_problem, (w // 2, h - 40), 14, BAD, anchor="center")
