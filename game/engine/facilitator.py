"""Facilitator interventions as pure functions (issue 6): edit a state value (logged), send an
ad-hoc message. Rollback and forking are session operations over the saved order log."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from .bounds import MAX_MESSAGE, check_real, check_text
from .rules import Era
from .save_schema import NationModel, ParamsModel
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
    raises ValueError with a readable message when the path or value is not allowed.

    The new value is checked by the same model a save is loaded with (finite, in range), so an
    edit can never make a state that play cannot survive or a save that cannot be loaded.
    """
    head, _, field = path.partition(".")
    if head == "era" and field in ERA_FIELDS:
        value = _value(path, raw, float)
        era = _checked(path, Era, {**state.era.model_dump(), field: value})
        old = getattr(state.era, field)
        new = replace(state, era=era.model_copy(update={"key": state.era.key}))
    elif head == "params" and field in PARAM_FIELDS:
        value = _value(path, raw, float)
        _checked(path, ParamsModel, {**vars(state.params), field: value})
        old = getattr(state.params, field)
        new = replace(state, params=replace(state.params, **{field: value}))
    else:
        nation = next((n for n in state.nations if n.key == head), None)
        if nation is None or field not in NATION_FIELDS:
            raise ValueError(f"cannot edit {path!r}; editable: {', '.join(editable_paths(state))}")
        value = _value(path, raw, NATION_FIELDS[field])
        if isinstance(value, float) and value < 0:      # a save tolerates rounding below 0; a person may not
            raise ValueError(f"{path}: must be >= 0")
        plain = {**vars(nation), "queue": [[b.unit, b.hex, b.count, b.turns_left] for b in nation.queue]}
        _checked(path, NationModel, {**plain, field: value})
        old = getattr(nation, field)
        nations = list(state.nations)
        nations[nation.id] = replace(nation, **{field: value})
        new = replace(state, nations=tuple(nations))
    event = Event(state.turn, "facilitator_edit", f"Facilitator set {path} from {old} to {value}.",
                  {"path": path, "old": old, "new": value}, FACILITATOR_ONLY)
    return new, event


def _value(path: str, raw: Any, kind: type) -> Any:
    if kind is float:
        return check_real(raw, -1e300, 1e300, path)       # the model below checks the field's range
    if not isinstance(raw, str):
        raise ValueError(f"{path}: expected a text, not {type(raw).__name__}")
    return raw


def _checked(path: str, model: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data, strict=False)
    except ValidationError as exc:   # pydantic's message, without the input repr
        raise ValueError(f"{path}: {_short(exc)}") from None


def message(state: GameState, text: str, to: tuple[int, ...] | None = None) -> Event:
    """An ad-hoc facilitator message to everyone (None) or to some states; raises ValueError for an
    empty or over-long text or an unknown state."""
    if not text.strip():
        raise ValueError("an empty message")
    check_text(text, MAX_MESSAGE, "a message")
    if to is not None and not all(0 <= i < len(state.nations) for i in to):
        raise ValueError(f"a message to a state that does not exist: {list(to)}")
    return Event(state.turn, "facilitator_message", text, {"to": None if to is None else list(to)}, to)


def _short(exc: ValidationError) -> str:
    return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors(include_input=False))
