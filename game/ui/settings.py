"""User settings: a small JSON file in the platform's user config dir, written atomically.

A missing or damaged file never stops the game: the defaults are used and ``problem`` says why.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "SecurityDilemma"
MAX_SETTINGS_BYTES = 64 * 1024


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass(frozen=True)
class Settings:
    fullscreen: bool = False
    window_width: int = 1600
    window_height: int = 900
    walkthrough_done: bool = False
    reveal_speed: float = 1.0        # event reveal speed in the resolution screen (0 = show all at once)
    map_tooltips: bool = True
    difficulty: str = "normal"
    last_scenario: str = ""
    last_variant: str = ""
    last_nation: int = 0
    chart_dir: str = ""              # where charts are saved ("" = <user data dir>/charts)
    volume: float = 0.6              # sound effects, 0 (off) .. 1

    def with_changes(self, **changes: Any) -> "Settings":
        return replace(self, **changes)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    path: Path
    problem: str = ""                # why the defaults were used, if they were


def _coerce(raw: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        v, d = raw[f.name], getattr(defaults, f.name)
        if isinstance(d, bool):
            ok = isinstance(v, bool)
        elif isinstance(d, int):
            ok = isinstance(v, int) and not isinstance(v, bool)
        elif isinstance(d, float):
            ok = isinstance(v, (int, float)) and not isinstance(v, bool)
            v = float(v) if ok else v
        else:
            ok = isinstance(v, str)
        if ok:
            values[f.name] = v
    s = replace(defaults, **values)
    return replace(s, window_width=max(800, min(s.window_width, 7680)),
                   window_height=max(600, min(s.window_height, 4320)),
                   reveal_speed=max(0.0, min(s.reveal_speed, 10.0)), volume=max(0.0, min(s.volume, 1.0)),
                   difficulty=s.difficulty if s.difficulty in ("easy", "normal", "hard") else "normal")


def load_settings(path: Path | None = None) -> LoadedSettings:
    path = path or settings_path()
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return LoadedSettings(Settings(), path, f"{path}: file too large; using defaults")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return LoadedSettings(Settings(), path, f"{path}: {exc}; using defaults")
    if not isinstance(raw, dict):
        return LoadedSettings(Settings(), path, f"{path}: not a JSON object; using defaults")
    return LoadedSettings(_coerce(raw), path)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically (temp file in the same folder, then rename); raises OSError on failure."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(settings), fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
