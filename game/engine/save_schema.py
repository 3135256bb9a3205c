"""The shape of a saved game, format version 1 (pydantic v2, strict, no unknown keys).

This checks types and ranges only; :mod:`game.engine.saves` then checks the contents against the
embedded scenario (nations, hexes, unit types, turn numbers, state hashes). The nested shapes
mirror ``GameState.to_plain``, ``orders_to_plain`` and ``turn_record_to_plain``; a test keeps them
in step. ``docs/saves.md`` describes the format for people.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .rules import Era

FORMAT_NAME = "security-dilemma-save"
FORMAT_VERSION = 1

NonNeg = Field(ge=0)
Short = Field(max_length=200)
Text = Field(max_length=20_000)


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioModel(_M):
    path: str = Field(max_length=4096)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str = Field(max_length=512 * 1024)


class OrdersModel(_M):
    nation: int = NonNeg
    stances: dict[str, Literal["C", "D"]]
    budget: tuple[float, float, float]
    builds: list[tuple[str, int, int]]
    attacks: list[tuple[int, list[int]]]
    proposals: list[tuple[str, int, list[int]]]
    accepts: list[str]
    statement: str = Text
    motives: list[tuple[str, int | None, str, str, dict[str, float]]]
    leave_alliance: bool = False


class EventModel(_M):
    turn: int = NonNeg
    kind: str = Short
    text: str = Text
    data: dict[str, Any]
    visible_to: list[int] | None


class TurnRecordModel(_M):
    turn: int = Field(ge=1)
    stances: dict[str, Literal["C", "D"]]
    outcomes: dict[str, str]
    balance: dict[str, float]
    perceived_balance: dict[str, float]
    world: dict[str, int]
    games: dict[str, str]
    attacks: int = NonNeg
    first_strikes: int = NonNeg
    wars: list[str]
    territory: list[int]
    treasury: list[float]
    income: list[float]
    arms_spent: list[float]
    econ_spent: list[float]
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    alliances: list[list[int]] = []
    calls: int = Field(default=0, ge=0)
    honoured: int = Field(default=0, ge=0)
    abandoned: int = Field(default=0, ge=0)


class InterventionModel(_M):
    kind: Literal["inject", "edit", "message"]
    args: dict[str, Any]


class PendingModel(_M):
    interventions: list[InterventionModel]
    events: list[EventModel]


class TurnModel(_M):
    turn: int = Field(ge=1)
    interventions: list[InterventionModel]
    orders: dict[str, OrdersModel]
    events: list[EventModel]
    record: TurnRecordModel


class NationModel(_M):
    id: int = NonNeg
    key: str = Field(min_length=1, max_length=1)
    name: str = Short
    colour: str = Short
    capital: int = NonNeg
    treasury: float
    productivity: float
    alive: bool
    controller: Literal["ai", "human"]
    ai_type: str = Short
    strategy: str = Short
    security_requirement: float
    war_cost_factor: float
    difficulty: str = Short
    queue: list[tuple[str, int, int, int]]
    greed_prior: float = 0.5


class RngModel(_M):
    bit_generator: Literal["PCG64"]
    state: dict[Literal["state", "inc"], int]
    has_uint32: int
    uinteger: int


class VictoryModel(_M):
    max_turns: int = Field(ge=1)
    territory_share: float
    capital_loss_eliminates: bool


class StateModel(_M):
    scenario: str = Short
    variant: str | None
    seed: int = NonNeg
    turn: int = Field(ge=1)
    map: str = Field(pattern=r"^[0-9a-f]{16}$")
    era: Era
    owner: list[int]
    fort: list[int]
    units: dict[str, dict[str, int]]
    nations: list[NationModel]
    victory: VictoryModel
    params: dict[str, float]
    start_territory: list[int]
    fired: list[tuple[str, int]]
    pending_attacks: list[tuple[int, int]]
    rng: RngModel
    treaties: list[tuple[str, tuple[int, int], int, list[int]]]
    proposals: list[tuple[str, str, int, int, int, list[int]]]
    last_stances: dict[str, Literal["C", "D"]]
    warned: list[tuple[int, int]]
    finished: bool
    winner: int | None
    end_reason: str = Text
    # alliances (rules.md §8a): written only when not empty, so saves from before them load unchanged
    alliances: list[tuple[str, list[int], int]] = []
    calls: list[tuple[str, int, int, int, int]] = []
    abandoned: list[tuple[int, int]] = []


class MessageModel(_M):
    turn: int = Field(ge=1)
    sender: int | None = Field(default=None, ge=0)
    to: list[int] | None = None
    text: str = Field(min_length=1, max_length=4000)


class SaveModel(_M):
    format: Literal["security-dilemma-save"]
    format_version: Literal[1]
    app_version: str = Short
    saved_at: str = Short
    scenario: ScenarioModel
    variant: str | None
    sets: list[str]
    seed: int = NonNeg
    controllers: dict[str, Literal["ai", "human"]]
    players: dict[str, str]
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    state: StateModel
    pending: PendingModel
    turns: list[TurnModel]
    messages: list[MessageModel] = []
    checksum: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")   # checked before the schema
