"""Argument types of the subcommands (whole numbers, seeds, probabilities): argparse ``type=``
callables that reject bad input with a one-line message. No engine import, so that building the
``play`` parser does not load the engine before the title screen (issue 14, first frame)."""
from __future__ import annotations

import argparse

from game.engine.limits import MAX_SEED


def _whole_number(text: str, what: str) -> int:
    """``int(text)``, or the argparse error ``expected <what>, got '<text>'``."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None


def positive_int(text: str) -> int:
    """An integer >= 1."""
    v = _whole_number(text, "a whole number")
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def seed_int(text: str) -> int:
    """A non-negative integer seed."""
    v = _whole_number(text, "a whole-number seed")
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
