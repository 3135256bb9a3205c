"""How an event reads in a log: its line (turn, a bracketed mark, the text) and its colour.

Shared by the orders screen's log, the resolution, the replay viewer and the seminar flow; also how
one pair's result of a turn reads (:func:`pair_line`: the resolution, and each hotseat seat's own
results after its curtain).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.state import Event

from .palette import ACCENT, BAD, BUILD, GOOD, OUTCOME_COLOURS, TEXT, Colour

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.results import PairResult


def event_colour(e: Event) -> Colour:
    if e.kind == "attack":
        return BAD if e.data.get("success") else (200, 200, 200)
    if e.kind == "stance":
        return OUTCOME_COLOURS.get(str(e.data.get("outcome", "")), TEXT)
    if e.kind in ("treaty_signed", "built", "alliance_formed", "alliance_joined", "alliance_honoured"):
        return GOOD
    if e.kind in ("treaty_broken", "treaty_failed", "treaty_violation", "eliminated", "war", "alliance_abandoned",
                  "alliance_dissolved", "alliance_expelled"):
        return BAD
    if e.kind in ("warning", "order_rejected", "disbanded", "build_lost"):
        return (236, 170, 70)
    if e.kind == "build":
        return BUILD
    if e.kind == "game_over":
        return ACCENT
    return TEXT


def event_line(e: Event) -> str:
    mark = {"attack": "[attack]", "stance": "[stances]", "build": "[build]", "built": "[ready]", "war": "[war]",
            "warning": "[intelligence]", "treaty_signed": "[treaty]", "treaty_proposed": "[treaty]",
            "treaty_broken": "[treaty]", "treaty_failed": "[treaty]", "treaty_violation": "[treaty]",
            "eliminated": "[fall]", "game_over": "[end]", "order_rejected": "[rejected]"}.get(
        e.kind, "[alliance]" if e.kind.startswith("alliance_") else f"[{e.kind}]")
    return f"T{e.turn} {mark} {e.text}"


def pair_line(p: PairResult, other: str) -> str:
    """'Borduria: CC, received +3.2 (trade +3.2); the card predicted +4.0'."""
    parts = [f"{name} {v:+.1f}" for name, v in (("trade", p.trade), ("land", p.land), ("war", -p.war)) if v]
    detail = f" ({', '.join(parts)})" if parts else ""
    card = "" if p.predicted is None else f"; the card predicted {p.predicted:+.1f}"
    saving = f" + {p.arms_saving:.1f} not spent on an arms race" if p.arms_saving else ""
    return f"{other}: {p.outcome}, received {p.received:+.1f}{detail}{saving}{card}"
