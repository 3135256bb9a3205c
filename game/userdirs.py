"""Where the game keeps the player's files: saved games (and autosaves) and settings.

Saves live in the platform's user data directory (``platformdirs``), e.g.
``~/.local/share/SecurityDilemma/saves`` on Linux, ``%LOCALAPPDATA%\\SecurityDilemma\\saves`` on
Windows, ``~/Library/Application Support/SecurityDilemma/saves`` on macOS; ``--saves DIR`` replaces
it. Settings live in the user config directory. Nothing here creates a directory until asked.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "SecurityDilemma"
AUTOSAVE_SUBDIR = "autosave"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def saves_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory of saved games: ``override`` (from ``--saves DIR``) or ``<user data>/saves``."""
    return Path(override).expanduser() if override else user_data_dir() / "saves"


def autosave_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where :func:`game.engine.saves.autosave` writes: ``<saves dir>/autosave``."""
    return saves_dir(override) / AUTOSAVE_SUBDIR


def config_dir() -> Path:
    """The directory for settings (``settings.yaml`` and the like)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing; return it. Raises ``OSError`` when it cannot."""
    path.mkdir(parents=True, exist_ok=True)
    return path
