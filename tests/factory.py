"""Small hand-built scenarios for engine tests (imported as ``factory`` from the tests folder)."""
from __future__ import annotations

import copy
from typing import Any

from game.engine.rules import load_rules
from game.engine.scenario import apply_set, build_state, cross_check
from game.engine.scenario_schema import ScenarioSpec
from game.engine.state import GameState


def two_state(era: str = "1940", terrain_row: str = "........", width: int = 8, height: int = 4,
              forces_a: dict[str, int] | None = None, forces_b: dict[str, int] | None = None,
              **extra: Any) -> dict[str, Any]:
    """A width x height map split in two halves: A (west) and B (east), capitals at the far edges."""
    half = width // 2
    foot = "infantry" if "infantry" in load_rules().eras[era].units else "mech_infantry"
    data: dict[str, Any] = {
        "name": "test", "era": {"base": era},
        "map": {"width": width, "height": height, "terrain": [terrain_row[:width].ljust(width, ".")] * height,
                "owners": ["A" * half + "B" * (width - half)] * height},
        "victory": {"max_turns": 50},
        "states": [
            {"key": "A", "name": "Aland", "colour": "#aa0000", "capital": [0, 1], "treasury": 200,
             "forces": [{"hex": [half - 1, r], "units": dict(forces_a or {foot: 2})} for r in range(height)]},
            {"key": "B", "name": "Borduria", "colour": "#0000aa", "capital": [width - 1, 1], "treasury": 200,
             "forces": [{"hex": [half, r], "units": dict(forces_b or {foot: 2})} for r in range(height)]},
        ],
    }
    for k, v in extra.items():
        data[k] = v
    return data


def with_sets(data: dict[str, Any], *sets: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for s in sets:
        apply_set(data, s)
    return data


def make_state(data: dict[str, Any], seed: int = 1) -> GameState:
    spec = ScenarioSpec.model_validate(data)
    problems = cross_check(spec, load_rules())
    assert not problems, problems
    return build_state(spec, seed)


def hx(state: GameState, col: int, row: int) -> int:
    return state.gmap.hex_id(col, row)


def three_state(era: str = "1940", **extra: Any) -> dict[str, Any]:
    """A 9x6 map of three states that all border each other: A (north-west), B (north-east), C (south).

    A|B meet between columns 3 and 4 in rows 0-2; both meet C between rows 2 and 3."""
    foot = "infantry" if "infantry" in load_rules().eras[era].units else "mech_infantry"
    data: dict[str, Any] = {
        "name": "test3", "era": {"base": era},
        "map": {"width": 9, "height": 6, "terrain": ["." * 9] * 6,
                "owners": ["AAAABBBBB"] * 3 + ["CCCCCCCCC"] * 3},
        "victory": {"max_turns": 50},
        "states": [
            {"key": "A", "name": "Aland", "colour": "#aa0000", "capital": [0, 0], "treasury": 200,
             "forces": [{"hex": [3, 1], "units": {foot: 2}}, {"hex": [1, 2], "units": {foot: 2}}]},
            {"key": "B", "name": "Borduria", "colour": "#0000aa", "capital": [8, 0], "treasury": 200,
             "forces": [{"hex": [4, 1], "units": {foot: 2}}, {"hex": [6, 2], "units": {foot: 2}}]},
            {"key": "C", "name": "Carpania", "colour": "#00aa00", "capital": [4, 5], "treasury": 200,
             "forces": [{"hex": [2, 3], "units": {foot: 6}}, {"hex": [6, 3], "units": {foot: 2}}]},
        ],
    }
    data.update(extra)
    return data
