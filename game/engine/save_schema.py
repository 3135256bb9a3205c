"""The shape of a saved game, format version 1 (pydantic v2, strict, no unknown keys).

This checks types and ranges only; :mod:`game.engine.saves` then checks the contents against the
embedded scenario (nations, hexes, unit types, turn numbers, state hashes). The nested shapes
mirror ``GameState.to_plain``, ``orders_to_plain`` and ``turn_record_to_plain``; a test keeps them
in step. ``docs/saves.md`` describes the format for people.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, with_config
from typing_extensions import TypedDict

from .bounds import (MAX_MESSAGE, MAX_NAME, MAX_SET_CHARS, MAX_SETS, MAX_SHORT, MAX_TEXT,  # noqa: F401 (re-exported)
                     MAX_SEED, MAX_AMOUNT, MAX_PRODUCTIVITY, MAX_UNITS, count, positive, real)
from .bounds import text as text_type
from .hidden_types import TYPE_KEYS
from .rules import Era

FORMAT_NAME = "security-dilemma-save"
FORMAT_VERSION = 2

MAX_HEX = 10**6                 # more hexes than any map may have (200 x 120); checked against the map
MAX_TURN = 100_000
MAX_TRADE_FACTOR = 10.0           # as a scenario's trade_shock

NonNeg = Field(ge=0)
ShortStr = text_type(MAX_SHORT)
TextStr = text_type(MAX_TEXT)
Hex = count(0, MAX_HEX)
Id = count(0, 64)               # a nation id (a scenario has at most 8 nations; checked against it)
Turn = count(0, MAX_TURN)
Amount = real(-1.0, MAX_AMOUNT)    # money as play computes it (rounding may leave -1e-14)
AnyFinite = real(-1e300, 1e300)    # a number play computed and only charts read
MAX_CALLS = 64 * 64               # alliance calls in one turn: at most one per (ally, attacker) pair


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioModel(_M):
    path: str = Field(max_length=4096)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str = Field(max_length=512 * 1024)


class OrdersModel(_M):
    nation: Id
    stances: dict[str, Literal["C", "D"]]
    budget: tuple[real(-1e6, 1e6), real(-1e6, 1e6), real(-1e6, 1e6)]
    builds: list[tuple[ShortStr, Annotated[int, Field(ge=-MAX_UNITS, le=MAX_UNITS)], Annotated[int, Field(ge=-MAX_UNITS, le=MAX_UNITS)]]]
    attacks: list[tuple[Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)], list[Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)]]]]
    proposals: list[tuple[ShortStr, Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)], list[Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)]]]]
    accepts: list[ShortStr]
    statement: TextStr
    # an AI's figures for the debrief: text only, never played with (they may be inf)
    motives: list[tuple[ShortStr, int | None, ShortStr, TextStr, dict[str, float]]]
    leave_alliance: bool = False
    # written only when non-empty (older saves have none)
    moves: list[tuple[Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)], Annotated[int, Field(ge=-MAX_HEX, le=MAX_HEX)],
                      dict[ShortStr, Annotated[int, Field(ge=-MAX_UNITS, le=MAX_UNITS)]]]] = Field(default=[], max_length=10_000)


@with_config(ConfigDict(extra="forbid", strict=True))
class EventModel(TypedDict):
    """An event (a dict once validated, not a model: a long game has tens of thousands of them, and
    validating into dicts is ~30% faster; the load builds each Event from it). Events are only ever
    read from a save's JSON, whose parser refuses a ``\\u`` escape that makes a lone surrogate, so
    their texts are limited in length alone (no Python check of each of ~35,000 strings)."""

    turn: Turn
    kind: Annotated[str, Field(max_length=MAX_SHORT)]
    text: Annotated[str, Field(max_length=MAX_TEXT)]
    data: dict[str, Any]
    visible_to: list[Id] | None


class TurnRecordModel(_M):
    turn: int = Field(ge=1, le=MAX_TURN)
    stances: dict[str, Literal["C", "D"]]
    outcomes: dict[str, str]
    balance: dict[str, AnyFinite]
    perceived_balance: dict[str, AnyFinite]
    world: dict[str, int]
    games: dict[str, str]
    attacks: int = NonNeg
    first_strikes: int = NonNeg
    wars: list[str]
    territory: list[int]
    treasury: list[AnyFinite]
    income: list[AnyFinite]
    arms_spent: list[AnyFinite]
    econ_spent: list[AnyFinite]
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    alliances: list[Annotated[list[Id], Field(min_length=2, max_length=64)]] = []
    calls: count(0, MAX_CALLS) = 0
    honoured: count(0, MAX_CALLS) = 0
    abandoned: count(0, MAX_CALLS) = 0


class InterventionModel(_M):
    kind: Literal["inject", "edit", "message"]
    args: dict[str, Any]


class PendingModel(_M):
    interventions: list[InterventionModel]
    events: list[EventModel]


class TurnModel(_M):
    turn: int = Field(ge=1, le=MAX_TURN)
    interventions: list[InterventionModel]
    orders: dict[str, OrdersModel]
    events: list[EventModel]
    record: TurnRecordModel


class NationModel(_M):
    id: int = NonNeg
    key: str = Field(min_length=1, max_length=1)
    name: ShortStr
    colour: ShortStr
    capital: Hex
    treasury: Amount
    productivity: positive(MAX_PRODUCTIVITY)
    alive: bool
    controller: Literal["ai", "human"]
    ai_type: Literal[TYPE_KEYS]   # type: ignore[valid-type]  # the hidden types' registry
    strategy: text_type(MAX_NAME, min_length=1)
    security_requirement: real(0, 10)
    war_cost_factor: real(0, 100)
    difficulty: ShortStr
    queue: list[tuple[ShortStr, Hex, count(1, MAX_UNITS), count(0, 100)]]
    greed_prior: real(0, 1) = 0.5


class RngModel(_M):
    bit_generator: Literal["PCG64"]
    state: dict[Literal["state", "inc"], Annotated[int, Field(ge=0, lt=2**128)]]
    has_uint32: count(0, 1)
    uinteger: count(0, 2**32 - 1)


class ParamsModel(_M):
    """Mirrors :class:`game.engine.state.Params` with the ranges of ``ParamsSpec`` (trade_factor:
    the last trade shock, as ``ActionSpec.trade_shock``)."""

    cumulativity: real(0, 5)
    misperception: real(0, 0.5)
    continuation: real(0, 0.999)
    trade_factor: real(0, MAX_TRADE_FACTOR)


class VictoryModel(_M):
    max_turns: int = Field(ge=1, le=1000)
    territory_share: positive(1, lo=0.01)
    capital_loss_eliminates: bool


class StateModel(_M):
    scenario: ShortStr
    variant: str | None
    seed: int = Field(ge=0, le=MAX_SEED)
    turn: int = Field(ge=1, le=MAX_TURN)
    map: str = Field(pattern=r"^[0-9a-f]{16}$")
    era: Era
    owner: list[Annotated[int, Field(ge=-2, le=64)]]
    fort: list[count(0, 3)]
    units: dict[str, dict[ShortStr, count(0, MAX_UNITS)]]
    nations: list[NationModel]
    victory: VictoryModel
    params: ParamsModel
    start_territory: list[count(0, MAX_HEX)]
    fired: list[tuple[ShortStr, Turn]]
    pending_attacks: list[tuple[Id, Hex]]
    rng: RngModel
    treaties: list[tuple[Literal["non_aggression", "offensive_ban", "buffer", "trade"], tuple[Id, Id], Turn, list[Hex]]]
    proposals: list[tuple[ShortStr, Literal["non_aggression", "offensive_ban", "buffer", "trade", "alliance"], Id, Id, Turn, list[Hex]]]
    last_stances: dict[str, Literal["C", "D"]]
    warned: list[tuple[Id, Id]]
    finished: bool
    winner: Id | None
    end_reason: TextStr
    # alliances (rules.md §8a): written only when not empty, so saves from before them load unchanged
    alliances: list[tuple[ShortStr, Annotated[list[Id], Field(min_length=2, max_length=64)], Turn]] = []
    calls: list[tuple[ShortStr, Id, Id, Id, Turn]] = []
    abandoned: list[tuple[Id, Turn]] = []


class MessageModel(_M):
    turn: int = Field(ge=1, le=MAX_TURN)
    sender: Id | None = None
    to: list[Id] | None = None
    text: text_type(MAX_MESSAGE, min_length=1)


class SaveModel(_M):
    format: Literal["security-dilemma-save"]
    format_version: Literal[2]
    app_version: ShortStr
    saved_at: ShortStr
    scenario: ScenarioModel
    variant: str | None
    sets: list[Annotated[str, Field(max_length=MAX_SET_CHARS)]] = Field(max_length=MAX_SETS)
    seed: int = Field(ge=0, le=MAX_SEED)
    controllers: dict[str, Literal["ai", "human"]]
    players: dict[str, ShortStr]
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    state: StateModel
    pending: PendingModel
    turns: list[TurnModel]
    messages: list[MessageModel] = []
    checksum: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")   # checked before the schema (migrated saves: none)
