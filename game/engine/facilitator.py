"""Facilitator interventions as pure functions (issue 6): edit a state value (logged), send an
ad-hoc message. Rollback and forking are session operations over the saved order log."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .state import Event, GameState

NATION_FIELDS = {"treasury": float, "productivity": float, "war_cost_factor": float,
                 "security_requirement": float, "ai_type": str, "strategy": str}
ERA_FIELDS = {"distinguishability": float, "defence_tech": float, "perceived_defence_tech": float,
              "first_strike_bonus": float, "war_cost": float, "warning": float}
PARAM_FIELDS = {"cumulativity": float, "misperception": float, "continuation": float, "trade_factor": float}
FACILITATOR_ONLY: tuple[int, ...] = ()   # an event no state sees; the facilitator's omniscient log does


def editable_paths(state: GameState) -> list[str]:
    out = [f"{n.key}.{f}" for n in state.nations for f in NATION_FIELDS]
    return out + [f"era.{f}" for f in ERA_FIELDS] + [f"params.{f}" for f in PARAM_FIELDS]


def edit_state(state: GameState, path: str, raw: Any) -> tuple[GameState, Event]:
    """Set one value by path (``A.treasury``, ``era.distinguishability``, ``params.cumulativity``);
    raises ValueError with a readable message when the path or value is not allowed."""
    head, _, field = path.partition(".")
    if head == "era" and field in ERA_FIELDS:
        value = ERA_FIELDS[field](raw)
        try:
            era = type(state.era).model_validate({**state.era.model_dump(), field: value})
        except Exception as exc:  # pydantic's message, without the input repr
            raise ValueError(f"{path}: {_short(exc)}") from None
        old = getattr(state.era, field)
        new = replace(state, era=era.model_copy(update={"key": state.era.key}))
    elif head == "params" and field in PARAM_FIELDS:
        value = PARAM_FIELDS[field](raw)
        if value < 0:
            raise ValueError(f"{path}: must be >= 0")
        old = getattr(state.params, field)
        new = replace(state, params=replace(state.params, **{field: value}))
    else:
        nation = next((n for n in state.nations if n.key == head), None)
        if nation is None or field not in NATION_FIELDS:
            raise ValueError(f"cannot edit {path!r}; editable: {', '.join(editable_paths(state))}")
        value = NATION_FIELDS[field](raw)
        if isinstance(value, float) and value < 0:
            raise ValueError(f"{path}: must be >= 0")
        old = getattr(nation, field)
        nations = list(state.nations)
        nations[nation.id] = replace(nation, **{field: value})
        new = replace(state, nations=tuple(nations))
    event = Event(state.turn, "facilitator_edit", f"Facilitator set {path} from {old} to {value}.",
                  {"path": path, "old": old, "new": value}, FACILITATOR_ONLY)
    return new, event


def message(state: GameState, text: str, to: tuple[int, ...] | None = None) -> Event:
    """An ad-hoc facilitator message to everyone (None) or to some states."""
    return Event(state.turn, "facilitator_message", text, {"to": None if to is None else list(to)}, to)


def _short(exc: Exception) -> str:
    errs = getattr(exc, "errors", None)
    if callable(errs):
        return "; ".join(e["msg"] for e in errs(include_input=False))
    return str(exc)
