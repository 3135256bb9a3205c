"""Finite ranges for every number a file, a ``--set``, a save or the facilitator can give the engine.

A float that validates must also be playable: no infinities or NaN, nothing so large that a sum or
a power overflows (``1e308``), nothing so close to zero that dividing by it does (a subnormal such
as ``5e-324``). :func:`real` is the one constrained float type the schemas use (scenario files,
rules data, saves, facilitator edits); :func:`count` the one bounded int. The engine clamps what
it computes (treasuries, productivity) to the same ranges, so whatever play produces a save can hold.
"""
from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from .limits import MAX_SEED

__all__ = ["MAX_NAME", "MAX_SHORT", "MAX_TEXT", "MAX_MESSAGE", "MAX_SET_CHARS", "MAX_SETS", "MAX_SEED", "MAX_AMOUNT", "MAX_PRODUCTIVITY", "MAX_FACTOR", "MAX_UNITS", "MIN_POSITIVE",
           "real", "positive", "count", "text", "check_real", "check_text", "clamp_amount", "clamp_productivity"]

MAX_AMOUNT = 1e12          # treasuries, incomes, spending: money
MAX_PRODUCTIVITY = 1e6     # income per unit of land value, as investment can raise it
MAX_FACTOR = 1e6           # unit strengths, costs and other multipliers of the rules
MAX_UNITS = 10**15         # units in one stack (exact in a float, far from int64's end)
MIN_POSITIVE = 1e-6        # the least value of a field that must be > 0 (it may be divided by): no 5e-324
# Length limits of texts a save holds. The schema that loads a save, the engine values that store
# them (GameRecord, the order log, messages) and the text entries people type them in all use these,
# so that whatever the game saves it can load.
MAX_NAME = 40              # a strategy's key, a state's name in a scenario
MAX_SHORT = 200            # a player's name, an event kind, an id
MAX_TEXT = 20_000          # a statement of reasons, an event's text, an AI's explanation
MAX_MESSAGE = 4000         # a negotiation or facilitator message
MAX_SET_CHARS = 4096       # one --set override
MAX_SETS = 1000            # --set overrides of one game


def real(lo: float, hi: float) -> Any:
    """A finite float in ``[lo, hi]``. A subnormal such as 5e-324 is harmless where it multiplies;
    every field the engine divides by has a positive ``lo`` (:func:`positive`)."""
    return Annotated[float, Field(ge=lo, le=hi, allow_inf_nan=False)]


def positive(hi: float, lo: float = MIN_POSITIVE) -> Any:
    """A finite float in ``[lo, hi]`` with ``lo > 0``: safe to divide by."""
    return real(lo, hi)


def count(lo: int = 0, hi: int = MAX_UNITS) -> Any:
    """A whole number in ``[lo, hi]``."""
    return Annotated[int, Field(ge=lo, le=hi)]


def _encodable(v: str) -> str:
    if not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"character {exc.object[exc.start]!r} at {exc.start} cannot be stored (a lone surrogate)") from None
    return v


def text(max_length: int, min_length: int = 0) -> Any:
    """A text of at most ``max_length`` characters that UTF-8 can store (no lone surrogates)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_encodable)]


def check_text(value: Any, limit: int, what: str) -> str:
    """``value`` if it is a text a save can hold (at most ``limit`` characters, valid Unicode), else
    ValueError naming ``what``: for texts typed by people (names, messages)."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a text, not {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{what} is limited to {limit} characters")
    try:
        return _encodable(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def check_real(value: Any, lo: float, hi: float, what: str) -> float:
    """``value`` as a float in ``[lo, hi]`` (finite), else ValueError naming ``what``:
    for values typed by people outside a schema (a facilitator's edit)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{what}: expected a number, not {type(value).__name__}")
    try:
        v = float(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what}: {str(value)[:40]!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{what}: must be a finite number, not {v}")
    if not lo <= v <= hi:
        raise ValueError(f"{what}: must be between {lo:g} and {hi:g}, not {v:g}")
    return v


def clamp_amount(v: float) -> float:
    """A computed amount of money kept within what a save accepts."""
    return min(max(v, -MAX_AMOUNT), MAX_AMOUNT)


def clamp_productivity(v: float) -> float:
    return min(v, MAX_PRODUCTIVITY)
