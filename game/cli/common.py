"""Helpers shared by subcommands: argument types and friendly error reporting."""
from __future__ import annotations

import argparse
import sys

from game.engine.errors import FileError


def positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def seed_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole-number seed, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError("the seed must be >= 0")
    return v


def report_file_error(exc: FileError) -> int:
    """Print every issue of a FileError (one per line) to stderr; return exit code 2."""
    for issue in exc.issues:
        print(str(issue), file=sys.stderr)
    return 2
