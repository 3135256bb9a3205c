"""Helpers shared by subcommands: argument types and friendly error reporting."""
from __future__ import annotations

import argparse
import sys

from game.engine.bounds import MAX_SEED
from game.engine.errors import FileError


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
