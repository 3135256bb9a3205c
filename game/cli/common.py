"""Helpers shared by subcommands: argument types, friendly error reporting, the per-turn line and
finding a save by name. Commands import this module, never each other."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from game.engine.errors import FileError, FileIssue
from game.engine.pairkey import PairKey
from game.engine.saves import LoadedSave, LockedSave, load_game
from game.engine.state import GameState, TurnRecord
from game.userdirs import autosave_dir, saves_dir

from game.cli.argtypes import positive_int, probability, seed_int  # noqa: F401  (the commands' argument types, kept here too)

PASSWORD_FILE_MAX = 4096


def report_file_error(exc: FileError) -> int:
    """Print every issue of a FileError (one per line) to stderr; return exit code 2."""
    for issue in exc.issues:
        print(str(issue), file=sys.stderr)
    return 2


def turn_line(state: GameState, rec: TurnRecord) -> str:
    names = [n.key for n in state.nations]
    dy = " ".join(f"{names[a]}{names[b]}:{o}" for k, o in rec.outcomes.items() for a, b, _ in [PairKey.parse(k)])
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
def add_password_file(p: argparse.ArgumentParser) -> None:
    """``--password-file F`` for commands that open saves (never a password on the command line,
    where other users can read it in the process list and it stays in the shell history)."""
    p.add_argument("--password-file", metavar="F", default=None,
                   help="for an encrypted save: read its password from the first line of F "
                        "(without it, the password is asked at the terminal)")
    p.add_argument("--password", nargs="?", action=_NoPassword, help=argparse.SUPPRESS)   # not an abbreviation


class _NoPassword(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        parser.error("passwords are not taken on the command line (other users can see it in the process "
                     "list): use --password-file F, or leave it out to be asked")


def read_password_file(path: str) -> str:
    """The first line of ``path`` (without its line end); FileError naming the file otherwise."""
    try:
        with open(path, "rb") as f:
            raw = f.read(PASSWORD_FILE_MAX + 1)
    except OSError as exc:
        raise FileError([FileIssue(path, None, None, "", f"cannot read the password file: {exc.strerror or exc}")]) from None
    try:
        line = raw[:PASSWORD_FILE_MAX].decode("utf-8").splitlines()[0] if raw.strip() else ""
    except UnicodeDecodeError:
        line = ""
    if not line:
        raise FileError([FileIssue(path, 1, None, "", "no password on the first line (UTF-8 text expected)")])
    return line


def load_save(path: str | os.PathLike[str], password_file: str | None = None) -> LoadedSave:
    """Load a save for a command: an encrypted one takes its password from ``password_file`` or,
    at a terminal, from a hidden prompt. Raises FileError (LockedSave: no way to ask; WrongPassword)."""
    if password_file is not None:
        return load_game(path, password=read_password_file(password_file))
    try:
        return load_game(path)
    except LockedSave as exc:
        if not sys.stdin.isatty():
            issue = exc.issues[0]
            raise LockedSave([FileIssue(issue.file, None, None, "", issue.message + " (give it with --password-file F)")]) from None
        password = getpass.getpass(f"Password for {Path(path).name}: ")
    return load_game(path, password=password)
