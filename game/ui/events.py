"""How an event reads in a log: its line (turn, a bracketed mark, the text) and its colour.

Shared by the orders screen's log, the resolution, the replay viewer and the seminar flow.
"""
from __future__ import annotations

from game.engine.state import Event

from .palette import ACCENT, BAD, BUILD, GOOD, OUTCOME_COLOURS, TEXT, Colour


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
