"""Explainable motives: every AI decision records why, with the numbers it used.

Motives ride in :attr:`Orders.motives` (sealed: never shown to other players during play, saved in
the order log, shown in the debrief). Numbers are kept finite and rounded so that the order log
stays plain JSON.
"""
from __future__ import annotations

import math
from typing import Mapping

from game.engine.orders import Motive

AI_MOTIVES = frozenset({"fear", "greed", "reciprocity", "reassurance", "trust", "security", "opportunity",
                        "rule", "chance", "alliance", "buck-passing", "deterrence"})


def clean(numbers: Mapping[str, float]) -> dict[str, float]:
    """Finite numbers only (an infinite threshold means 'no belief is enough': it is dropped)."""
    out: dict[str, float] = {}
    for k, v in numbers.items():
        x = float(v)
        if math.isfinite(x):
            out[str(k)] = x
    return out


def motive(subject: str, target: int | None, why: str, text: str, numbers: Mapping[str, float]) -> Motive:
    if why not in AI_MOTIVES:
        raise ValueError(f"unknown motive {why!r}")
    return Motive(subject, target, why, text, clean(numbers))


def pct(x: float) -> str:
    return f"{x:.0%}"


def num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if math.isfinite(x) else "inf"
