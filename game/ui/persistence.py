"""The hook between a :class:`GameSession` and the saves API (``game.engine.saves``).

A session holds a ``GameRecord``, which is exactly what saves write and load. Saving and loading
from the window (the Load game button, Ctrl+S / Ctrl+L) arrive with the hotseat issue; ``play
--load FILE`` already works through :func:`load_session`.
"""
from __future__ import annotations

from pathlib import Path

from game.engine import saves

from .session import GameSession


def load_session(path: str | Path, threaded: bool = True) -> GameSession:
    """Load a saved game; raises FileError (file, place, message) for anything wrong with it."""
    loaded = saves.load_game(path)
    return GameSession(loaded.record, threaded=threaded, label=str(path))


def save_session(session: GameSession, path: str | Path) -> Path:
    """Write the session's record atomically; raises FileError/OSError."""
    return saves.save_game(session.record, path)


def open_load_dialog(app) -> None:
    from .scenes.dialogs import MessageDialog
    app.push(MessageDialog(app, "Load game: coming in the next version",
                           "Loading from this screen arrives with hotseat play. For now a saved game opens from the "
                           "command line:\n\npython main.py play --load FILE"))
