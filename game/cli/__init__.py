"""The command line: one argparse program with subcommands (run, batch, merge, validate, ipd, replay, report, play, host, join).

Each subcommand lives in its own module ``game/cli/cmd_*.py`` exposing ``register(subparsers)``,
which adds its parser and sets ``func(args) -> int``. Modules that are not there yet are skipped,
so the program always starts. Exit codes: 0 ok, 2 bad input (flags, files), 1 failure.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

COMMANDS = ("play", "run", "batch", "merge", "validate", "ipd", "replay", "report", "host", "join")


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The program's parser with the subcommands ``commands`` (all by default)."""
    p = argparse.ArgumentParser(prog="python main.py", description="Security Dilemma: a wargame of Jervis's "
                                "'Cooperation under the Security Dilemma'. With no command, the game window opens.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        try:
            mod = importlib.import_module(f"game.cli.cmd_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"game.cli.cmd_{name}":
                raise
            continue
        mod.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # ``play`` (the default) is parsed by a parser holding it alone: the other commands' modules import
    # the engine, which the title screen does not wait for (issue 14, first frame). Its options,
    # help and errors are the same as in the full parser.
    parser = build_parser(("play",) if not argv or argv[0] == "play" else COMMANDS)
    if not argv:
        argv = ["play"] if "play" in parser._subparsers._group_actions[0].choices else ["--help"]  # type: ignore[union-attr]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
