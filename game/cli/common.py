"""Helpers shared by subcommands: argument types, friendly error reporting, the per-turn line and
finding a save by name. Commands import this module, never each other."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.engine.bounds import MAX_SEED
from game.engine.errors import FileError
from game.engine.state import GameState, TurnRecord
from game.userdirs import autosave_dir, saves_dir


def positive_int(text: str) -> int:
    """An integer >= 1."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def seed_int(text: str) -> int:
    """A non-negative integer seed."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole-number seed, got {text!r}") from None
    if not 0 <= v <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"the seed must be from 0 to {MAX_SEED}")
    return v


def probability(text: str) -> float:
    """A number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def report_file_error(exc: FileError) -> int:
    """Print every issue of a FileError (one per line) to stderr; return exit code 2."""
    for issue in exc.issues:
        print(str(issue), file=sys.stderr)
    return 2


def turn_line(state: GameState, rec: TurnRecord) -> str:
    names = [n.key for n in state.nations]
    dy = " ".join(f"{names[int(a)]}{names[int(b)]}:{o}" for k, o in rec.outcomes.items() for a, b in [k.split("-")])
    terr = "/".join(str(t) for t in rec.territory)
    tre = "/".join(f"{t:.0f}" for t in rec.treasury)
    extra = f" attacks={rec.attacks}" if rec.attacks else ""
    return f"turn {rec.turn:3d}  {dy or '-'}  territory {terr}  treasury {tre}{extra}"


def find_save(name: str, saves: str | None) -> Path:
    """``name`` itself if it exists or has a folder part; else the same name in the saves or autosave dir."""
    path = Path(name)
    if path.exists() or path.parent != Path("."):
        return path
    for folder in (saves_dir(saves), autosave_dir(saves)):
        for candidate in (folder / name, folder / f"{name}.json"):
            if candidate.is_file():
                return candidate
    return path
