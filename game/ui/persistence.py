"""The hook between a :class:`GameSession` and the saves API (``game.engine.saves``).

A session holds a ``GameRecord``, which is exactly what saves write and load. From the window:
Ctrl+S / the menu's Save game (:func:`save_current`), Ctrl+L / Load game (:func:`open_load_dialog`),
an autosave after every resolved turn (:func:`autosave_session`, the newest 10 kept); ``play --load
FILE`` goes through :func:`load_session`. Saves live in ``userdirs.saves_dir(app.saves_override)``.
Every problem becomes a dialog naming the file, the place and the message; nothing is overwritten.

A game with a password (``session.save_key``, set on the hotseat setup screen or by opening an
encrypted save) writes every save and autosave encrypted with it; opening an encrypted save asks
for its password (:func:`open_locked`; continuing a loaded game: :func:`game.ui.flow.resume`).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from game.engine import saves
from game.engine.errors import FileError
from game.userdirs import autosave_dir, saves_dir

from .dialogs import ErrorDialog, MessageDialog
from game.session.local import GameSession

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


def load_session(path: str | Path, threaded: bool = True, password: str | None = None) -> GameSession:
    """Load a saved game; raises FileError (file, place, message) for anything wrong with it
    (LockedSave: encrypted and no ``password``; WrongPassword)."""
    return session_from(saves.load_game(path, password=password), threaded)


def session_from(loaded: saves.LoadedSave, threaded: bool = True) -> GameSession:
    """The session of a loaded save; an encrypted one keeps its key, so its saves stay encrypted."""
    session = GameSession(loaded.record, threaded=threaded, label=str(loaded.path))
    session.save_key = loaded.key
    session.save_mode = "seminar" if loaded.mode == "seminar" and loaded.key is not None else None
    return session


def save_session(session: GameSession, path: str | Path) -> Path:
    """Write the session's record atomically (encrypted with its key, if any); raises FileError/OSError."""
    return saves.save_game(session.record, path, session.save_key, mode=session.save_mode)


def saves_folder(app: "App") -> Path:
    return saves_dir(getattr(app, "saves_override", None))


def autosave_folder(app: "App") -> Path:
    return autosave_dir(getattr(app, "saves_override", None))


def save_current(app: "App") -> Path | None:
    """Save the game in progress under a new name in the saves folder and say where (Ctrl+S)."""
    match = getattr(app, "game", None)
    if match is None:
        app.push(MessageDialog(app, "Nothing to save", "Ctrl+S saves a game in progress: start or load one first."))
        return None
    session = match.session
    try:
        path = save_session(session, saves.new_save_path(saves_folder(app), session.record))
    except FileError as exc:
        app.push(ErrorDialog(app, "The game could not be saved", exc.issues))
        return None
    text = f"Saved as\n{path}"
    if session.submitted:
        text += ("\n\nOrders already sealed this turn are not part of the save: after loading, this turn starts "
                 "again from the first player.")
    app.push(MessageDialog(app, "Game saved", text))
    return path


def autosave_session(app: "App", session: GameSession) -> Path | None:
    """After a resolved turn: write an autosave (the newest 10 are kept). A failure is shown, never fatal."""
    try:
        return saves.autosave(session.record, autosave_folder(app), key=session.save_key, mode=session.save_mode)
    except FileError as exc:
        issues = exc.issues
        app.defer(lambda: app.push(ErrorDialog(app, "Autosave failed (the game goes on)", issues)))
        return None


def open_load_dialog(app: "App") -> None:
    """Ctrl+L / Load game: the list of saves (a second Ctrl+L does nothing)."""
    if app.scenes and app.top.screen_name == "load_game":
        return
    app.push(app.build_screen("load_game"))


def open_locked(app: "App", path: str | Path, verb: str, then: Callable[[saves.LoadedSave], None]) -> None:
    """Ask for the password of the encrypted save at ``path``; ``then(loaded)`` once it opens."""
    name = Path(path).name
    app.build_screen("ask_password", f"{verb} {name}", "This save is protected by a password. Enter it to open the game.",
                     lambda text: saves.load_game(path, password=text), then, f"{name} cannot be opened")
