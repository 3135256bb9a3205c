"""The shape of a scenario file (pydantic v2). Cross-field checks live in ``scenario.py``."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .bounds import MAX_AMOUNT, positive, real
from .hidden_types import DEFAULT_TYPE, TYPE_KEYS

# Every number has a finite range that play survives (bounds.py): no inf/NaN, 1e308 or 5e-324.
Share = real(0, 1)
MAX_SCENARIO_UNITS = 10**6

Hex = tuple[int, int]   # [col, row] in the file
TypeKey = Literal[TYPE_KEYS]   # type: ignore[valid-type]  # the hidden types' keys, from their registry


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RiverSpec(_M):
    kind: Literal["minor_river", "major_river", "strait"]
    edges: list[tuple[int, int, int, int]] = Field(min_length=1)   # col1, row1, col2, row2


class PatchSpec(_M):
    hex: Hex
    terrain: str


class PlaceName(_M):
    hex: Hex
    name: str = Field(min_length=1, max_length=40)


class MapSpec(_M):
    width: int = Field(ge=4, le=200)
    height: int = Field(ge=4, le=120)
    terrain: list[str] = Field(min_length=1)
    owners: list[str] = Field(min_length=1)
    rivers: list[RiverSpec] = []
    patches: list[PatchSpec] = []
    names: list[PlaceName] = []
    generator: dict[str, Any] | None = None   # set when the map came from the random generator


class EraSpec(_M):
    base: str
    name: str | None = None
    distinguishability: Share | None = None
    perceived_distinguishability: Share | None = None
    defence_tech: positive(100) | None = None
    perceived_defence_tech: positive(100) | None = None
    first_strike_bonus: real(1, 100) | None = None
    damage_limitation: Share | None = None
    war_cost: real(0, 100) | None = None
    combat_law: Literal["ratio", "square"] | None = None
    warning: Share | None = None

    def overrides(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if k != "base" and v is not None}


class ForceSpec(_M):
    hex: Hex
    units: dict[str, Annotated[int, Field(le=MAX_SCENARIO_UNITS)]]   # < 0: cross_check says so


class FortSpec(_M):
    hex: Hex
    level: int = Field(ge=0, le=3)


class StateSpec(_M):
    key: str = Field(min_length=1, max_length=1)
    name: str = Field(min_length=1, max_length=40)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    capital: Hex
    treasury: real(0, MAX_AMOUNT) = 100.0
    productivity: positive(10, lo=0.01) = 1.0   # income per unit of land value (development)
    controller: Literal["ai", "human"] = "ai"
    ai_type: TypeKey = DEFAULT_TYPE
    strategy: str = Field(default="bayes", min_length=1, max_length=40)
    security_requirement: real(0, 10) = 1.0
    war_cost_factor: real(0, 100) = 1.0
    difficulty: Literal["easy", "normal", "hard"] = "normal"
    greed_prior: real(0.01, 0.99) = 0.5   # its AI's prior that a neighbour is greedy
    forces: list[ForceSpec] = []
    forts: list[FortSpec] = []
    # Seminar fields (issue 6): public role, private briefing and objectives.
    role: str = ""
    briefing: str = ""
    objectives: list[str] = []


class ParamsSpec(_M):
    cumulativity: real(0, 5) = 1.0
    misperception: real(0, 0.5) = 0.0
    continuation: real(0, 0.999) = 0.9


class AllianceSpec(_M):
    """An alliance in force at turn 1 (rules.md §8a): a historical bloc."""

    name: str = Field(min_length=1, max_length=60, pattern=r"^[^:]+$")
    members: list[Annotated[str, Field(min_length=1, max_length=1)]] = Field(min_length=2, max_length=8)  # state keys


class VictorySpec(_M):
    max_turns: int = Field(default=30, ge=1, le=1000)
    territory_share: positive(1, lo=0.01) = 0.75
    capital_loss_eliminates: bool = True


class ScenarioSpec(_M):
    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    teaching_note: str = ""
    sources: list[str] = []
    map: MapSpec
    era: EraSpec
    params: ParamsSpec = ParamsSpec()
    victory: VictorySpec = VictorySpec()
    states: list[StateSpec] = Field(min_length=2, max_length=8)
    alliances: list[AllianceSpec] = []
    variants: dict[str, dict[str, Any]] = {}
    seminar: "SeminarSpec | None" = None


# --- seminar mode (issue 6): phases, injects, discussion questions --------------------------------

class PhaseSpec(_M):
    negotiation_seconds: int = Field(default=300, ge=0, le=7200)   # 0 = no negotiation phase
    orders_seconds: int = Field(default=0, ge=0, le=7200)          # 0 = untimed


class TreatyCondition(_M):
    between: tuple[str, str]
    kind: Literal["non_aggression", "offensive_ban", "buffer", "trade"] | None = None


class TerritoryCondition(_M):
    state: str
    share: positive(1)     # of its starting territory


class ConditionSpec(_M):
    """All given conditions must hold, checked after each resolved turn (on the new state)."""

    turn: int | None = Field(default=None, ge=2)            # the turn about to start
    war: tuple[str, str] | None = None                      # these two fought in the turn just resolved
    treaty: TreatyCondition | None = None                   # a treaty in force between them
    territory_below: TerritoryCondition | None = None


class AttackAction(_M):
    by: str
    target: Hex


class WarCostAction(_M):
    state: str
    factor: real(0, 100)


class ActionSpec(_M):
    """Exactly one effect per action."""

    era: str | None = None
    distinguishability: Share | None = None
    message: str | None = Field(default=None, max_length=2000)
    to: list[str] | None = None            # state keys receiving the message; None = everyone
    trade_shock: real(0, 10) | None = None   # multiplies trade gains from now on
    attack: AttackAction | None = None     # a third party's attack, resolved next turn
    war_cost: WarCostAction | None = None


class InjectSpec(_M):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")
    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    when: ConditionSpec | None = None      # None: fired by the facilitator only
    actions: list[ActionSpec] = Field(min_length=1)


class SeminarSpec(_M):
    facilitator_note: str = ""
    phases: PhaseSpec = PhaseSpec()
    injects: list[InjectSpec] = []
    discussion_questions: list[str] = []


ScenarioSpec.model_rebuild()
