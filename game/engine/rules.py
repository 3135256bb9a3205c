"""Rules data: terrain, edge features, fortification, eras with unit types, constants.

The numbers of the rules live in ``game/data/*.yaml`` (docs/rules.md says which file holds what);
this module only declares the data's shape and checks it on load (pydantic v2, strict YAML). ``load_rules()`` returns one immutable :class:`Rules`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .bounds import MAX_FACTOR, positive, real
from .errors import FileError, FileIssue
from .safe_yaml import load_yaml, pydantic_issues

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Terrain(_Frozen):
    key: str = ""
    symbol: str = Field(min_length=1, max_length=1)
    name: str
    defence: positive(100)
    offence: positive(100)
    value: real(0, 1000)
    move_cost: positive(100, lo=0.1) = 1.0   # movement points to enter (docs/rules.md §11)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    passable: bool = True
    description: str = ""


class EdgeTable(_Frozen):
    minor_river: real(1, 100)
    major_river: real(1, 100)
    strait: real(1, 100)
    amphibious: real(1, 100)
    buffer: real(1, 100)


class MoveEdgeTable(_Frozen):
    """Extra movement points to cross a river edge on a move (docs/rules.md §11)."""

    minor_river: real(0, 100) = 1.0
    major_river: real(0, 100) = 2.0


class UnitType(_Frozen):
    key: str = ""
    name: str
    cost: positive(MAX_FACTOR, lo=0.01)
    upkeep: real(0, MAX_FACTOR)
    attack: real(0, MAX_FACTOR)
    defence: real(0, MAX_FACTOR)
    build_time: int = Field(ge=0, le=10)
    mobility: int = Field(ge=0, le=100)
    offensive_signature: real(0, 1)
    terrain_sensitivity: real(0, 1)
    fort: bool = False

    @property
    def offensive(self) -> bool:
        """Bought from the offence budget and counted as offensive force (``combat.offensive_signature``)."""
        return self.offensive_signature >= rule_constants().combat.offensive_signature


class Era(_Frozen):
    key: str = ""
    name: str
    description: str = ""
    distinguishability: real(0, 1)
    perceived_distinguishability: real(0, 1) | None = None
    defence_tech: positive(100)
    perceived_defence_tech: positive(100) | None = None
    first_strike_bonus: real(1, 100)
    damage_limitation: real(0, 1) = 0.0   # share of its own war cost a surprise striker avoids
    war_cost: real(0, 100)
    combat_law: Literal["ratio", "square"] = "ratio"
    warning: real(0, 1)
    strategic_mobility: real(0, 100) = 1.0   # multiplier on every unit's mobility (railways, lorries)
    units: Mapping[str, UnitType]

    @field_validator("units")
    @classmethod
    def _units_nonempty(cls, v: Mapping[str, UnitType]) -> Mapping[str, UnitType]:
        if not v:
            raise ValueError("an era needs at least one unit type")
        armies = [u for u in v.values() if not u.fort]     # balances divide by the best of them
        if not any(u.defence > 0 for u in armies) or not any(u.attack > 0 for u in armies):
            raise ValueError("an era needs at least one unit (not a fortification) with attack > 0 and one with defence > 0")
        return v

    def perceived_tech(self) -> float:
        return self.perceived_defence_tech if self.perceived_defence_tech is not None else self.defence_tech

    def perceived_d(self) -> float:
        return self.perceived_distinguishability if self.perceived_distinguishability is not None else self.distinguishability


class CombatConstants(_Frozen):
    success_curve: tuple[tuple[real(0, 1000), real(0, 1)], ...] = Field(max_length=100)
    attacker_loss: real(0, 1)
    defender_loss: real(0, 1)
    retreat_loss: real(0, 1)
    advance_share: real(0, 1)
    militia: positive(MAX_FACTOR)
    assault_signature: real(0, 1)
    offensive_signature: real(0, 1)

    @field_validator("success_curve")
    @classmethod
    def _monotone(cls, v: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        xs = [p[0] for p in v]
        ys = [p[1] for p in v]
        if len(v) < 2 or xs != sorted(xs) or ys != sorted(ys) or not all(0 <= y <= 1 for y in ys):
            raise ValueError("success_curve must be >= 2 points, increasing in ratio and probability, probabilities in [0, 1]")
        return v


class EconomyConstants(_Frozen):
    horizon: positive(1000)
    capital_weight: real(0, 1000)
    econ_return: real(0, 100)
    trade_rate: real(0, 10)
    trade_treaty_multiplier: real(1, 100)
    arms_race_cost: real(0, 10)
    warning_range: int = Field(ge=0, le=10)


class BalanceConstants(_Frozen):
    distinguishable: real(0, 1)
    no_axis_odb: real(1, 1e6)
    mobility_weight: real(0, 4) = 0.0   # exponent of the mobility term of the balance (0 = off)


class ViewConstants(_Frozen):
    strength_noise: real(0, 1)
    share_noise: real(0, 1)
    share_bias: real(0, 1)


class StageConstants(_Frozen):
    war_exponent: positive(10, lo=0.01)
    warning_relief: real(0, 1)
    exploit_war_share: real(0, 1)
    campaign_cap: positive(10, lo=1.0) = 1.0


class ScoringConstants(_Frozen):
    treasury_per_point: positive(1e6, lo=0.01)
    full_security: real(0, 1e6)
    capital_bonus: real(0, 1e6)
    conquest_per_hex: real(0, 1e6)


class Constants(_Frozen):
    combat: CombatConstants
    economy: EconomyConstants
    balance: BalanceConstants
    views: ViewConstants
    scoring: ScoringConstants
    stage: StageConstants


class _TerrainFile(_Frozen):
    terrain: Mapping[str, Terrain]
    edges: EdgeTable
    fortification: tuple[real(1, 100), real(1, 100), real(1, 100), real(1, 100)]
    movement: MoveEdgeTable = MoveEdgeTable()


class _ErasFile(_Frozen):
    eras: Mapping[str, Era]


class Rules(_Frozen):
    """Everything the engine needs that is not the map or the state."""

    terrain: Mapping[str, Terrain]
    edges: EdgeTable
    fortification: tuple[real(1, 100), real(1, 100), real(1, 100), real(1, 100)]
    eras: Mapping[str, Era]
    constants: Constants
    movement: MoveEdgeTable = MoveEdgeTable()

    def terrain_by_symbol(self) -> dict[str, str]:
        return {t.symbol: k for k, t in self.terrain.items()}


def _validated(path: Path, model: type[_Frozen]) -> _Frozen:
    loaded = load_yaml(path)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise FileError(pydantic_issues(loaded, exc)) from None


def _with_keys(mapping: Mapping[str, _Frozen]) -> dict[str, _Frozen]:
    return {k: v.model_copy(update={"key": k}) for k, v in mapping.items()}


@lru_cache(maxsize=4)
def load_rules(data_dir: Path = DATA_DIR) -> Rules:
    """Load and validate the rules data (cached: the result is immutable)."""
    tf = _validated(data_dir / "terrain.yaml", _TerrainFile)
    ef = _validated(data_dir / "eras.yaml", _ErasFile)
    cf = _validated(data_dir / "constants.yaml", Constants)
    eras = {}
    for k, era in ef.eras.items():
        eras[k] = era.model_copy(update={"key": k, "units": _with_keys(era.units)})
    symbols = [t.symbol for t in tf.terrain.values()]
    if len(set(symbols)) != len(symbols):
        raise FileError([FileIssue(str(data_dir / "terrain.yaml"), None, None, "terrain",
                                   "two terrain types share a map symbol")])
    return Rules(terrain=_with_keys(tf.terrain), edges=tf.edges, fortification=tf.fortification,
                 eras=eras, constants=cf, movement=tf.movement)


def rule_constants() -> Constants:
    """The shipped constants (``game/data/constants.yaml``; cached). For the few rules that are
    properties of a unit or a number rather than of a game (whether a unit is offensive or joins an
    assault, the distinguishability threshold, the no-axis balance)."""
    return load_rules().constants


def max_fort_level(rules: Rules) -> int:
    """The highest fortification level: the last entry of the terrain file's fortification table."""
    return len(rules.fortification) - 1


def era_with_overrides(rules: Rules, base: str, overrides: Mapping[str, object]) -> Era:
    """An era from the table with scenario overrides applied (validated again)."""
    era = rules.eras[base]
    data = era.model_dump()
    data.update(overrides)
    return Era.model_validate(data)
